package io.protection.orders.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.protection.orders.common.db.Invalidations;
import io.protection.orders.common.db.Invalidations.Invalidation;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** API keys and the access tokens issued for them: what a presented credential stands for. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    /** The cache a revocation is announced to ({@link Invalidations}). */
    public static final String CACHE = "api_key";

    private static final String RESOLVE = """
            with credential as (
                select id as key_id, null::timestamptz as expires_at from api_key where key_hash = $1
                union all
                select key_id, expires_at from access_token where token_hash = $1 and expires_at > $2)
            select k.id, k.store_id, s.refund_window_seconds, s.wait_period_seconds,
                   s.shipping_rate_bp, s.shipping_minimum_premium, s.currency, c.expires_at
            from credential c join api_key k on k.id = c.key_id join store s on s.id = k.store_id
            where k.revoked_at is null
            limit 1""";

    @Inject
    Pool pool;

    /** What a live key or unexpired token resolves to; {@code expiresAt} is null for a key. */
    public record Credential(Tenant tenant, Instant expiresAt) {
    }

    /** The credential whose hash this is, or null: one statement on the pool, no session. */
    public Uni<Credential> resolve(String hash, Instant now) {
        return pool.preparedQuery(RESOLVE).execute(Tuple.of(hash, now.atOffset(ZoneOffset.UTC))).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            OffsetDateTime expires = row.getOffsetDateTime(7);
            return new Credential(new Tenant(row.getUUID(1), row.getUUID(0), Duration.ofSeconds(row.getLong(2)),
                    Duration.ofSeconds(row.getLong(3)), row.getInteger(4), row.getLong(5), row.getString(6)),
                    expires == null ? null : expires.toInstant());
        });
    }

    public Uni<List<ApiKey>> listByStore(UUID storeId) {
        return list("storeId = ?1 order by createdAt", storeId);
    }

    public Uni<ApiKey> findInStore(UUID storeId, UUID keyId) {
        return find("id = ?1 and storeId = ?2", keyId, storeId).firstResult();
    }

    /** Tells every replica, once this transaction commits, that the key and its tokens are dead. */
    public Uni<Void> announceRevocation(UUID keyId) {
        return getSession().chain(s -> s.createNativeQuery("select pg_notify(:channel, :payload)")
                .setParameter("channel", Invalidations.CHANNEL)
                .setParameter("payload", new Invalidation(CACHE, keyId.toString()).payload()).getSingleResult())
                .replaceWithVoid();
    }

    /**
     * Stores a new access token for a live key, in one statement: the key is checked, its expired
     * tokens are deleted, and the token's hash is inserted. Answers how many were inserted (0: no
     * such live key).
     */
    public Uni<Integer> issueToken(UUID keyId, String secretHash, String tokenHash, Instant now, Instant expires) {
        return getSession().chain(session -> session.createNativeQuery("""
                with live_key as (
                    select id, store_id from api_key where id = :key and key_hash = :secret and revoked_at is null),
                expired as (
                    delete from access_token where key_id = (select id from live_key) and expires_at <= :now)
                insert into access_token (token_hash, key_id, store_id, created_at, expires_at)
                select :token, id, store_id, :now, :expires from live_key""")
                .setParameter("key", keyId).setParameter("secret", secretHash).setParameter("token", tokenHash)
                .setParameter("now", now).setParameter("expires", expires).executeUpdate());
    }
}
