package io.protection.orders.common.outbox;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.protection.orders.common.db.SqlArrays;
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
        return session.createNativeQuery("""
                insert into outbox_message (id, store_id, type, data, created_at)
                select m.id, m.store_id, m.type, cast(m.data as json), :now
                from unnest(cast(cast(:ids as text) as uuid[]), cast(cast(:stores as text) as uuid[]),
                            cast(cast(:types as text) as text[]), cast(cast(:data as text) as text[]))
                     as m(id, store_id, type, data)""")
                .setParameter("now", now)
                .setParameter("ids", SqlArrays.literal(messages.stream().map(Message::id)))
                .setParameter("stores", SqlArrays.literal(messages.stream().map(Message::storeId)))
                .setParameter("types", SqlArrays.literal(messages.stream().map(Message::type)))
                .setParameter("data", SqlArrays.literal(messages.stream().map(Message::data)))
                .executeUpdate().replaceWithVoid();
    }
}
