package io.protection.orders.store;

import java.time.Duration;
import java.util.UUID;

import io.protection.orders.common.ProblemException;

/** The store an authenticated API key acts for, with the store settings that requests need. */
public record Tenant(UUID storeId, UUID keyId, Duration refundWindow, Duration waitPeriod,
        int shippingRateBasisPoints, long shippingMinimumPremium, String currency) {

    /** The tenant of a loaded store, acting with one of its keys. */
    public static Tenant of(Store store, UUID keyId) {
        return new Tenant(store.id, keyId, Duration.ofSeconds(store.refundWindowSeconds),
                Duration.ofSeconds(store.waitPeriodSeconds), store.shippingRateBasisPoints, store.shippingMinimumPremium,
                store.currency);
    }

    /** Checks a {@code storeId} named in a body or query against this key's store: another store's is 403. */
    public Tenant checkStore(String storeId) {
        if (storeId != null && !storeId.equalsIgnoreCase(storeId().toString())) {
            throw ProblemException.forbidden("storeId " + storeId + " is not the store of this API key");
        }
        return this;
    }

    /** The actor recorded for changes made with this key. */
    public String actor() {
        return "api_key:" + keyId;
    }
}
