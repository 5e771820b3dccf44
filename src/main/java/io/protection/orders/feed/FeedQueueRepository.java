package io.protection.orders.feed;

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
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The order-feed work queue in the database: which items are due next (each store's in turn), what
 * became of an item that failed (written without reading the item back, so that an item that can't be
 * read can still be set aside), and the purge of processed items. Each statement is a transaction of
 * its own.
 */
@ApplicationScoped
public class FeedQueueRepository {

    /**
     * Up to {@code $2} due items: the first due item of every store that has one, then every store's
     * second, and so on; within a store in the order they came. The stores are found by a skip scan of
     * the pending index, so the cost grows with the stores and the batch, not with the backlog.
     */
    private static final String NEXT_BATCH = """
            with recursive stores(store_id) as (
                (select store_id from feed_item where status = 'PENDING' order by store_id limit 1)
                union all
                select (select f.store_id from feed_item f where f.status = 'PENDING' and f.store_id > s.store_id
                        order by f.store_id limit 1)
                from stores s where s.store_id is not null
            )
            select i.id from stores s cross join lateral (
                select f.id, f.available_at, f.position,
                       row_number() over (order by f.available_at, f.position) as turn
                from feed_item f where f.store_id = s.store_id and f.status = 'PENDING' and f.available_at <= $1
                order by f.available_at, f.position limit $2
            ) i
            where s.store_id is not null
            order by i.turn, i.available_at, i.position limit $2""";

    /**
     * A failed try: a temporary failure is tried again after 2, 4, 8, ... seconds until the last try; a
     * failure of the record itself, or the last try, fails the item for good.
     */
    private static final String FAILURE = """
            update feed_item set attempts = attempts + 1, errors = cast($2 as jsonb),
                available_at = case when $3 and attempts + 1 < $4
                                    then $5 + make_interval(secs => power(2, least(attempts + 1, 20))) else available_at end,
                status = case when $3 and attempts + 1 < $4 then 'PENDING' else 'FAILED' end,
                processed_at = case when $3 and attempts + 1 < $4 then null else $5 end
            where id = $1 and status = 'PENDING'
            returning status""";

    @Inject
    Pool pool;

    /** The ids of up to {@code limit} due items, each store's in turn. */
    public Uni<List<UUID>> nextBatch(Instant now, int limit) {
        return pool.preparedQuery(NEXT_BATCH).execute(Tuple.of(utc(now), limit)).map(FeedQueueRepository::ids);
    }

    /**
     * Records a failed try of a pending item, with its errors as JSON.
     *
     * @return the item's status now: {@code PENDING} (tried again later) or {@code FAILED}; null when the
     *         item was no longer pending
     */
    public Uni<String> recordFailure(UUID itemId, String errorsJson, boolean temporary, int maxAttempts, Instant now) {
        return pool.preparedQuery(FAILURE).execute(Tuple.of(itemId, errorsJson, temporary, maxAttempts, utc(now)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    /** Deletes up to {@code limit} items processed before {@code cutoff}; returns how many. */
    public Uni<Integer> purgeItems(Instant cutoff, int limit) {
        return pool.preparedQuery("""
                delete from feed_item where id in (
                    select id from feed_item where status <> 'PENDING' and processed_at < $1 limit $2)""")
                .execute(Tuple.of(utc(cutoff), limit)).map(RowSet::rowCount);
    }

    /** Deletes up to {@code limit} feeds and events received before {@code cutoff} that have no item left. */
    public Uni<Integer> purgeRequests(Instant cutoff, int limit) {
        return pool.preparedQuery("""
                delete from feed_request where id in (
                    select r.id from feed_request r where r.received_at < $1
                    and not exists (select 1 from feed_item i where i.request_id = r.id) limit $2)""")
                .execute(Tuple.of(utc(cutoff), limit)).map(RowSet::rowCount);
    }

    private static List<UUID> ids(RowSet<Row> rows) {
        List<UUID> ids = new ArrayList<>(rows.size());
        for (Row row : rows) {
            ids.add(row.getUUID(0));
        }
        return ids;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
