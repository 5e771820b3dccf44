package io.protection.orders.common;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Token buckets (Bucket4j), per replica: one per API key for its requests
 * ({@code PROTECTION_RATE_LIMIT_PER_SECOND}, burst {@code PROTECTION_RATE_LIMIT_BURST}), as many per
 * contract for the requests of the customer's page of it, and one per
 * client address for failed authentications, so that guessing keys costs the guesser, not the
 * database. With n replicas behind a balancer a key gets up to n times the rate; the README says how
 * to share the limit.
 */
@ApplicationScoped
public class RateLimits {

    /** Addresses remembered at most; past it the failure buckets start afresh (an attacker with many addresses gains little). */
    private static final int MAX_ADDRESSES = 100_000;
    /** Customer pages remembered at most (there is one per contract); past it their buckets start afresh. */
    private static final int MAX_PAGES = 100_000;

    @Inject
    ProtectionConfig config;

    private final Map<UUID, Bucket> keys = new ConcurrentHashMap<>();
    private final Map<String, Bucket> failures = new ConcurrentHashMap<>();
    private final Map<UUID, Bucket> pages = new ConcurrentHashMap<>();

    /** Takes one request of a key's budget; throws 429 {@code rate_limited} when it has none left. */
    public void request(UUID keyId) {
        Bucket bucket = keys.computeIfAbsent(keyId, k -> bucket(config.rateLimitBurst(), config.rateLimitPerSecond(),
                Duration.ofSeconds(1)));
        refuseIfSpent(bucket.tryConsumeAndReturnRemaining(1), "This API key is over its request rate");
    }

    /** Takes one request of a customer page's budget (per contract, at an API key's rate); 429 when it has none left. */
    public void page(UUID contractId) {
        if (pages.size() > MAX_PAGES) {
            pages.clear();
        }
        Bucket bucket = pages.computeIfAbsent(contractId, k -> bucket(config.rateLimitBurst(), config.rateLimitPerSecond(),
                Duration.ofSeconds(1)));
        refuseIfSpent(bucket.tryConsumeAndReturnRemaining(1), "Too many requests for this contract's page");
    }

    /** Throws 429 when an address has spent its failed authentications. */
    public void checkFailures(String address) {
        Bucket bucket = failures.get(address);
        if (bucket != null) {
            refuseIfSpent(bucket.estimateAbilityToConsume(1).canBeConsumed() ? null
                    : bucket.tryConsumeAndReturnRemaining(1), "Too many failed authentications from this address");
        }
    }

    /** Counts a failed authentication of an address. */
    public void failed(String address) {
        if (failures.size() > MAX_ADDRESSES) {
            failures.clear();
        }
        failures.computeIfAbsent(address, a -> bucket(config.authFailureBurst(), config.authFailuresPerMinute(),
                Duration.ofMinutes(1))).tryConsume(1);
    }

    private static Bucket bucket(int burst, int rate, Duration per) {
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(burst).refillGreedy(rate, per).build()).build();
    }

    private static void refuseIfSpent(ConsumptionProbe probe, String detail) {
        if (probe != null && !probe.isConsumed()) {
            long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds()
                    + (probe.getNanosToWaitForRefill() % 1_000_000_000 > 0 ? 1 : 0));
            throw ProblemException.rateLimited(detail, seconds);
        }
    }
}
