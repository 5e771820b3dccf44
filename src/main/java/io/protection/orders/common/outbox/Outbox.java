package io.protection.orders.common.outbox;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.protection.orders.common.Ids;

/**
 * The transactional outbox: messages written in the transaction of the change that causes them, so
 * that nothing is sent for a change that rolled back and nothing is lost when the process dies after
 * the commit ({@link MessageRepository} writes them). The dispatcher ({@code notification.OutboxDispatcher}) delivers them at least once.
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
}
