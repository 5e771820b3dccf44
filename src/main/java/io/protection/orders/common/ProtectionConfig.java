package io.protection.orders.common;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Service settings, read from {@code protection.*} (environment: {@code PROTECTION_*}). */
@ConfigMapping(prefix = "protection")
public interface ProtectionConfig {

    /** Bearer token of the admin API; without one every admin call is refused. */
    Optional<String> adminToken();

    /** Refund window of a store created without one. */
    @WithDefault("P14D")
    Duration defaultRefundWindow();

    /** Wait period of a store created without one. */
    @WithDefault("PT0S")
    Duration defaultWaitPeriod();

    /** How long a lead stays live after its order was created. */
    @WithDefault("P90D")
    Duration leadTtl();

    /** How long a shipping-protection quote can be used in an order. */
    @WithDefault("PT24H")
    Duration shippingQuoteTtl();

    /** Shipping-protection premium of a store created without one, in basis points of the covered value. */
    @WithDefault("150")
    int defaultShippingRateBasisPoints();

    /** Smallest shipping-protection premium of a store created without one, in minor units. */
    @WithDefault("98")
    long defaultShippingMinimumPremium();
}
