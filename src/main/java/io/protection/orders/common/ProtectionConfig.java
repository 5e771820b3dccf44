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

    /** Currency of a store created without one. */
    @WithDefault("USD")
    String defaultCurrency();

    /** The longest a resolved API key or access token is answered from memory; revocations clear it at once. */
    @WithDefault("PT5M")
    Duration credentialCacheTtl();

    /** How long an access token from {@code POST /auth/oauth/token} works. */
    @WithDefault("PT3H")
    Duration accessTokenTtl();

    /** Wait period of a store created without one. */
    @WithDefault("PT0S")
    Duration defaultWaitPeriod();

    /**
     * Reporting tolerance of a store created without one: a refund or cancellation date the merchant
     * states is judged no earlier than this long before the service received it (domain rule 10).
     */
    @WithDefault("PT72H")
    Duration defaultReportingTolerance();

    /** How long after its start a contract may be revoked on the customer's page, for a store created without one. */
    @WithDefault("P14D")
    Duration defaultRevocationPeriod();

    /**
     * The public base URL of the service ({@code https://protection.example.com}): the contract emails
     * link to the customer's page on it ({@code /my/contracts/{token}}). Without it they carry no link.
     */
    Optional<String> publicUrl();

    /** How long a lead stays live after its order was created. */
    @WithDefault("P90D")
    Duration leadTtl();

    /** How long a shipping-protection contract covers a shipment after its fulfillment. */
    @WithDefault("P60D")
    Duration shippingProtectionTerm();

    /** How often the release job looks for orders whose wait period has ended. */
    Duration releaseEvery();

    /** How many orders the release job releases in one transaction. */
    @WithDefault("500")
    int releaseBatchSize();

    /**
     * How many batches the release job runs at once, each in a transaction and on a connection of its
     * own: while one waits for the database, the next is built.
     */
    @WithDefault("2")
    int releaseLanes();

    /** How many batches one run of the release job takes at most; the next run goes on. */
    @WithDefault("40")
    int releaseMaxBatches();

    /**
     * How many times the release job tries an order whose release fails before it sets the order aside
     * (it is then no longer claimed; the failures are counted in {@code protection_release_failures_total}).
     */
    @WithDefault("5")
    int releaseMaxAttempts();

    /** How long after a failed release the order is tried again; the wait doubles with every try. */
    @WithDefault("PT1M")
    Duration releaseRetryDelay();

    /** How long an Idempotency-Key and its response are kept (at least 24 hours). */
    @WithDefault("PT24H")
    Duration idempotencyTtl();

    /** How often expired idempotency keys are deleted. */
    Duration idempotencyPurgeEvery();

    /** How often the order-feed worker looks for accepted records. */
    Duration feedEvery();

    /**
     * How many feed records the worker takes at a time: each store's due records in turn, so that one
     * store's backlog delays another store's first record by at most one batch.
     */
    @WithDefault("100")
    int feedBatchSize();

    /** How long applied and failed feed records (and their feeds' status) are kept before they are purged. */
    @WithDefault("P30D")
    Duration feedRetention();

    /** How often processed feed records older than {@link #feedRetention()} are purged. */
    Duration feedPurgeEvery();

    /** How long a shipping-protection quote can be used in an order. */
    @WithDefault("PT24H")
    Duration shippingQuoteTtl();

    /** Shipping-protection premium of a store created without one, in basis points of the covered value. */
    @WithDefault("150")
    int defaultShippingRateBasisPoints();

    /** Smallest shipping-protection premium of a store created without one, in minor units. */
    @WithDefault("98")
    long defaultShippingMinimumPremium();

    /** How often the outbox dispatcher fans out and delivers messages. */
    Duration outboxEvery();

    /** How many deliveries one dispatcher run takes at a time. */
    @WithDefault("200")
    int outboxBatchSize();

    /** How many deliveries one dispatcher run sends at once. */
    @WithDefault("32")
    int outboxConcurrency();

    /** How long a failing delivery is retried (5 s, 30 s, 2 min, 10 min, 30 min, 1 h, then hourly) before it is dead. */
    @WithDefault("P3D")
    Duration outboxRetryFor();

    /** How long delivered messages and deliveries are kept before they are purged. */
    @WithDefault("P7D")
    Duration outboxRetention();

    /** How long a webhook receiver has to answer; a delivery in progress is not taken again before 6 times this. */
    @WithDefault("10s")
    Duration webhookTimeout();

    /**
     * Whether webhook URLs may be {@code http} and point at loopback, private or link-local addresses
     * (for tests and local development only).
     */
    @WithDefault("false")
    boolean webhookAllowInsecure();

    /** Requests per second an API key may make (per replica), on average. */
    @WithDefault("100")
    int rateLimitPerSecond();

    /** Requests an API key may make at once above its rate (per replica). */
    @WithDefault("200")
    int rateLimitBurst();

    /** Failed authentications per minute one client address may make (per replica), on average. */
    @WithDefault("60")
    int authFailuresPerMinute();

    /** Failed authentications one client address may make at once. */
    @WithDefault("20")
    int authFailureBurst();
}
