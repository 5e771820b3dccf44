package io.protection.orders.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Request and response bodies of the admin store API. */
public final class StoreDtos {

    private StoreDtos() {
    }

    /**
     * A new store. {@code currency} (default {@code PROTECTION_DEFAULT_CURRENCY}) is what offers are in
     * when a request names none. Durations are ISO-8601 or whole seconds; the shipping-protection premium is
     * {@code shippingProtectionRate} basis points of the covered value, at least
     * {@code shippingProtectionMinimumPremium} minor units. {@code reportingTolerance}: how far before
     * the service receives it a reported refund or cancellation may be dated and still be judged at that
     * date (default {@code PT72H}). {@code revocationPeriod}: how long after its start the customer may
     * revoke a contract on their contract page, in whole days (default {@code PROTECTION_DEFAULT_REVOCATION_PERIOD}, 14 days).
     */
    public record CreateStore(String name, Duration refundWindow, Duration waitPeriod, Integer shippingProtectionRate,
            Long shippingProtectionMinimumPremium, Duration reportingTolerance, String currency,
            Duration revocationPeriod) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StoreView(UUID id, String name, String currency, String refundWindow, String waitPeriod,
            String reportingTolerance, String revocationPeriod, int shippingProtectionRate, long shippingProtectionMinimumPremium,
            Instant createdAt, String apiKey, UUID apiKeyId, List<KeyView> apiKeys) {
    }

    /**
     * An API key; {@code apiKey} (the secret) is only present in the response that created it. For
     * {@code POST /auth/oauth/token}, {@code id} is the {@code client_id} and the key the {@code client_secret}.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyView(UUID id, String apiKey, String prefix, Instant createdAt, Instant revokedAt) {
    }
}
