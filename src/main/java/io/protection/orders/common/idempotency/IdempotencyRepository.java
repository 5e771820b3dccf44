package io.protection.orders.common.idempotency;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Stored answers to requests sent with an {@code Idempotency-Key}. */
@ApplicationScoped
public class IdempotencyRepository implements PanacheRepositoryBase<IdempotencyRecord, String> {

    /**
     * Takes the key's lock for this transaction without waiting: false when another request with the
     * key holds it.
     */
    public Uni<Boolean> tryLock(String id) {
        return getSession().chain(session -> session.createNativeQuery(
                "select pg_try_advisory_xact_lock(hashtextextended(:id, 0))", Boolean.class)
                .setParameter("id", id).getSingleResult());
    }

    /** Deletes up to {@code batch} expired records; answers how many. */
    public Uni<Integer> deleteExpired(Instant now, int batch) {
        return getSession().chain(session -> session.createNativeQuery("""
                delete from idempotency_key where id in (
                    select id from idempotency_key where expires_at < :now limit :batch)""")
                .setParameter("now", now).setParameter("batch", batch).executeUpdate());
    }
}
