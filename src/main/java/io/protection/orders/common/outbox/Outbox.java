package io.protection.orders.common.outbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.protection.orders.common.Ids;
import io.smallrye.mutiny.Uni;

/**
 * The transactional outbox: messages written in the transaction of the change that causes them, so
 * that nothing is sent for a change that rolled back and nothing is lost when the process dies after
 * the commit. The dispatcher ({@code notification.OutboxDispatcher}) delivers them at least once.
 */
@ApplicationScoped
public class Outbox {

    /** Prefix of the messages that become a customer email rather than webhooks. */
    public static final String EMAIL = "email.";

    @Inject
    ObjectMapper mapper;

    /**
     * A message: {@code id} is stable across retries (the {@code Webhook-Id}); {@code data} is the
     * resource as its GET answers it, written as JSON now, when the change is made.
     */
    public record Message(UUID id, UUID storeId, String type, String data) {
    }

    public Message message(UUID storeId, String type, Object data) {
        try {
            return new Message(Ids.next(), storeId, type, mapper.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An outbox message could not be written as JSON", e);
        }
    }

    /**
     * Writes messages in the session's transaction, in one statement. Works in stateful and stateless
     * sessions; in a stateful one, call it after the entities it is about are persisted.
     */
    public static Uni<Void> write(Mutiny.QueryProducer session, List<Message> messages, Instant now) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery("""
                insert into outbox_message (id, store_id, type, data, created_at)
                select m.id, m.store_id, m.type, cast(m.data as json), :now
                from unnest(cast(:ids as uuid[]), cast(:stores as uuid[]), cast(:types as text[]), cast(:data as text[]))
                     as m(id, store_id, type, data)""")
                .setParameter("now", now)
                .setParameter("ids", messages.stream().map(Message::id).toArray(UUID[]::new))
                .setParameter("stores", messages.stream().map(Message::storeId).toArray(UUID[]::new))
                .setParameter("types", messages.stream().map(Message::type).toArray(String[]::new))
                .setParameter("data", messages.stream().map(Message::data).toArray(String[]::new))
                .executeUpdate().replaceWithVoid();
    }
}
