package io.protection.orders.store;

import java.time.Duration;
import java.util.UUID;

/** The store an authenticated API key acts for, with the store settings that requests need. */
public record Tenant(UUID storeId, UUID keyId, Duration refundWindow, Duration waitPeriod,
        int shippingRateBasisPoints, long shippingMinimumPremium) {

    /** The actor recorded for changes made with this key. */
    public String actor() {
        return "api_key:" + keyId;
    }
}
