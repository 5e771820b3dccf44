package io.protection.orders.release;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the release job knows of the orders it could not release: each failure is counted on the order
 * with its error, the order waits before it is tried again (the wait doubles), and after the last try it
 * is set aside ({@code release_set_aside_at}) and no longer claimed. Each statement is a transaction of
 * its own, outside the one that failed and rolled back.
 */
@ApplicationScoped
public class ReleaseFailureRepository {

    /** The longest error kept on an order. */
    static final int MAX_ERROR = 1_000;

    @Inject
    Pool pool;

    /** The ids of up to {@code limit} due orders, oldest first, without claiming them. */
    public Uni<List<UUID>> due(Instant now, int limit) {
        return pool.preparedQuery("""
                select id from orders where status = 'PENDING' and open_at <= $1 and release_set_aside_at is null
                and (release_retry_at is null or release_retry_at <= $1) order by open_at limit $2""")
                .execute(Tuple.of(utc(now), limit)).map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getUUID(0));
                    }
                    return ids;
                });
    }

    /**
     * Counts a failed release of a still pending order, and sets it aside when it has had
     * {@code maxAttempts} tries.
     *
     * @return whether the order is now set aside
     */
    public Uni<Boolean> record(UUID orderId, String error, Instant now, int maxAttempts, Duration firstDelay) {
        String kept = error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        return pool.preparedQuery("""
                update orders set release_attempts = release_attempts + 1, release_error = $2,
                    release_retry_at = $3 + make_interval(secs => $4 * power(2, least(release_attempts, 20))),
                    release_set_aside_at = case when release_attempts + 1 >= $5 then $3 end
                where id = $1 and status = 'PENDING'
                returning release_set_aside_at is not null""")
                .execute(Tuple.of(orderId, kept, utc(now), (double) firstDelay.toSeconds(), maxAttempts))
                .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean(0));
    }

    /** How many pending orders are set aside. */
    public Uni<Long> setAside() {
        return pool.query("select count(*) from orders where status = 'PENDING' and release_set_aside_at is not null")
                .execute().map(rows -> rows.iterator().next().getLong(0));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
