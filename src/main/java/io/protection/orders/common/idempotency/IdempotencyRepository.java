package io.protection.orders.common.idempotency;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.protection.orders.common.db.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

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

    // --- the same on a connection of the caller's, in its transaction

    public static Uni<Boolean> tryLock(SqlClient tx, String id) {
        return tx.preparedQuery("select pg_try_advisory_xact_lock(hashtextextended($1, 0))").execute(Tuple.of(id))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** The record of this key, or null. */
    public static Uni<IdempotencyRecord> find(SqlClient tx, String id) {
        return tx.preparedQuery("""
                select request_hash, status, body, location, etag, created_at, expires_at from idempotency_key
                where id = $1""").execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            IdempotencyRecord record = new IdempotencyRecord();
            record.id = id;
            record.requestHash = row.getString("request_hash");
            record.status = row.getInteger("status");
            record.body = row.getString("body");
            record.location = row.getString("location");
            record.etag = row.getString("etag");
            record.createdAt = Rows.instant(row, "created_at");
            record.expiresAt = Rows.instant(row, "expires_at");
            return record;
        });
    }

    /** Stores the record, in place of an expired one of the same key. */
    public static Uni<Void> save(SqlClient tx, IdempotencyRecord record) {
        return tx.preparedQuery("""
                insert into idempotency_key (id, request_hash, status, body, location, etag, created_at, expires_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8)
                on conflict (id) do update set request_hash = excluded.request_hash, status = excluded.status,
                    body = excluded.body, location = excluded.location, etag = excluded.etag,
                    created_at = excluded.created_at, expires_at = excluded.expires_at""")
                .execute(Tuple.from(new Object[] { record.id, record.requestHash, record.status, record.body,
                        record.location, record.etag, Rows.utc(record.createdAt), Rows.utc(record.expiresAt) }))
                .replaceWithVoid();
    }
}
