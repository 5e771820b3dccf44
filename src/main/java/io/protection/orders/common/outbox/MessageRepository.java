package io.protection.orders.common.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.protection.orders.common.db.Rows;
import io.protection.orders.common.db.SqlArrays;
import io.protection.orders.common.db.Writes;
import io.protection.orders.common.outbox.Outbox.Message;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Writes outbox messages in the transaction of the change they are about. */
@ApplicationScoped
public class MessageRepository {

    /** Writes messages in the current session's transaction, after the entities they are about are flushed. */
    public Uni<Void> write(List<Message> messages, Instant now) {
        return messages.isEmpty() ? Uni.createFrom().voidItem()
                : Panache.getSession().chain(session -> write(session, messages, now));
    }

    /** The current session, in whose transaction messages (and what goes with them) are written. */
    public static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    /** Writes messages in one statement, in a stateful or a stateless session. */
    public static Uni<Void> write(Mutiny.QueryProducer session, List<Message> messages, Instant now) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Mutiny.MutationQuery insert = session.createNativeQuery(INSERT_ORDINAL).setParameter(1, now);
        List<String> columns = columns(messages);
        for (int i = 0; i < columns.size(); i++) {
            insert.setParameter(i + 2, columns.get(i));
        }
        return insert.executeUpdate().replaceWithVoid();
    }

    /** Adds the insert of messages, one write for all of them, to a change's writes. */
    public static void write(Writes writes, List<Message> messages, Instant now) {
        if (!messages.isEmpty()) {
            List<Object> values = new ArrayList<>();
            values.add(Rows.utc(now));
            values.addAll(columns(messages));
            writes.add(INSERT, values.toArray());
        }
    }

    private static String insert(IntFunction<String> parameter) {
        return """
                insert into outbox_message (id, store_id, type, data, created_at)
                select m.id, m.store_id, m.type, cast(m.data as json), %1$s
                from unnest(cast(cast(%2$s as text) as uuid[]), cast(cast(%3$s as text) as uuid[]),
                            cast(cast(%4$s as text) as text[]), cast(cast(%5$s as text) as text[]))
                     as m(id, store_id, type, data)""".formatted(IntStream.rangeClosed(1, 5).mapToObj(parameter).toArray());
    }

    // Array literals (SqlArrays), and the same text through the session and the pool.
    private static final String INSERT_ORDINAL = insert(i -> "?" + i);
    private static final String INSERT = insert(i -> "$" + i);

    private static List<String> columns(List<Message> messages) {
        return List.of(SqlArrays.literal(messages.stream().map(Message::id)),
                SqlArrays.literal(messages.stream().map(Message::storeId)),
                SqlArrays.literal(messages.stream().map(Message::type)),
                SqlArrays.literal(messages.stream().map(Message::data)));
    }
}
