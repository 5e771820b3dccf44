package io.protection.orders.store;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.common.db.Invalidations;
import io.protection.orders.common.db.Invalidations.Invalidation;
import io.protection.orders.store.ApiKeyRepository.Credential;
import io.smallrye.mutiny.Uni;

/**
 * Presented API keys and access tokens, resolved from memory when they were seen recently. A
 * revocation committed on any replica is announced through {@link Invalidations} (PostgreSQL
 * {@code LISTEN/NOTIFY}) and drops the key and its tokens from every replica's memory within the
 * notice's delivery time. While the listener is down nothing is served from memory, so a lost notice
 * can't keep a revoked key alive; entries also expire after {@code protection.credential-cache-ttl},
 * and a token's never outlives the token.
 */
@ApplicationScoped
public class Credentials {

    @Inject
    ApiKeyRepository keys;

    @Inject
    Clock clock;

    @Inject
    Invalidations invalidations;

    @Inject
    ProtectionConfig config;

    private Cache<String, Credential> cache;
    // Bumped by every revocation: a lookup that started before one must not cache what it read.
    private final AtomicLong revocations = new AtomicLong();

    @Inject
    MeterRegistry metrics;

    @PostConstruct
    void init() {
        cache = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(config.credentialCacheTtl()).build();
        Gauge.builder("protection.credentials.cached", cache, Cache::estimatedSize)
                .description("API keys and access tokens answered from memory").register(metrics);
    }

    /** The tenant a presented credential (its hash) stands for, or null when it is unknown, revoked or expired. */
    public Uni<Tenant> resolve(String hash) {
        Instant now = clock.instant();
        Credential cached = invalidations.listening() ? cache.getIfPresent(hash) : null;
        if (cached != null && (cached.expiresAt() == null || now.isBefore(cached.expiresAt()))) {
            return Uni.createFrom().item(cached.tenant());
        }
        long seen = revocations.get();
        return keys.resolve(hash, now).map(found -> {
            if (found == null) {
                cache.invalidate(hash);
                return null;
            }
            if (invalidations.listening() && revocations.get() == seen) {
                cache.put(hash, found);
            }
            return found.tenant();
        });
    }

    /** Drops a revoked key and its tokens; the replica that revoked it calls this at once, the others on notice. */
    public void forget(UUID keyId) {
        revocations.incrementAndGet();
        cache.asMap().values().removeIf(c -> c.tenant().keyId().equals(keyId));
    }

    void invalidated(@Observes Invalidation notice) {
        if (!notice.concerns(ApiKeyRepository.CACHE)) {
            return;
        }
        revocations.incrementAndGet();
        if (notice.id() == null) {
            cache.invalidateAll();
            return;
        }
        try {
            forget(UUID.fromString(notice.id()));
        } catch (IllegalArgumentException e) {
            cache.invalidateAll();
        }
    }
}
