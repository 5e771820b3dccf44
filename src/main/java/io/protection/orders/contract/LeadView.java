package io.protection.orders.contract;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A lead; {@code expirationDate} is {@code expiresAt} in epoch milliseconds, as Extend answers and
 * Magento reads it (it divides by 1000 before comparing with the time).
 */
@RegisterForReflection
public record LeadView(String leadToken, String productId, int quantity, int quantityConsumed, String status,
        Instant expiresAt, long expirationDate) {

    public static LeadView of(Lead lead, Instant now) {
        return new LeadView(lead.token, lead.productId, lead.quantity, lead.quantityConsumed,
                lead.status(now).wire(), lead.expiresAt, lead.expiresAt.toEpochMilli());
    }
}
