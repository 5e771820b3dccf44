package io.protection.orders.notification;

import static io.protection.orders.common.db.Rows.instant;
import static io.protection.orders.common.db.Rows.utc;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** The SQL of webhook subscriptions and their deliveries; every statement is scoped by store. */
@ApplicationScoped
public class WebhookRepository {

    @Inject
    Pool pool;

    /** A subscription as stored. */
    public record Subscription(String id, String url, List<String> events, String secret, Instant createdAt,
            Instant updatedAt) {
    }

    /** A delivery as the merchant sees it. */
    public record Delivery(UUID id, UUID eventId, String event, String status, int attempts, Integer lastStatusCode,
            String lastError, Instant nextAttemptAt, Instant deliveredAt, Instant createdAt) {
    }

    /**
     * Creates a subscription with {@code newSecret}, or replaces one, keeping its secret unless
     * {@code replacingSecret} is given. Answers it and whether it is new.
     */
    public Uni<Upserted> upsert(UUID storeId, String id, String url, List<String> events, String newSecret,
            String replacingSecret, Instant now) {
        return pool.preparedQuery("""
                insert into webhook_subscription (store_id, id, url, events, secret, created_at, updated_at)
                values ($1, $2, $3, $4, $5, $6, $6)
                on conflict (store_id, id) do update set url = excluded.url, events = excluded.events,
                    secret = coalesce($7, webhook_subscription.secret), updated_at = excluded.updated_at
                returning id, url, events, secret, created_at, updated_at, (xmax = 0) as created""")
                .execute(Tuple.of(storeId, id, url, events.toArray(String[]::new), newSecret, utc(now))
                        .addValue(replacingSecret))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Upserted(subscription(row), row.getBoolean("created"));
                });
    }

    public record Upserted(Subscription subscription, boolean created) {
    }

    public Uni<List<Subscription>> list(UUID storeId) {
        return pool.preparedQuery("""
                select id, url, events, secret, created_at, updated_at from webhook_subscription
                where store_id = $1 order by id""").execute(Tuple.of(storeId))
                .map(rows -> stream(rows).map(WebhookRepository::subscription).toList());
    }

    public Uni<Boolean> exists(UUID storeId, String id) {
        return pool.preparedQuery("select 1 from webhook_subscription where store_id = $1 and id = $2")
                .execute(Tuple.of(storeId, id)).map(rows -> rows.size() > 0);
    }

    public Uni<Boolean> delete(UUID storeId, String id) {
        return pool.preparedQuery("delete from webhook_subscription where store_id = $1 and id = $2")
                .execute(Tuple.of(storeId, id)).map(rows -> rows.rowCount() > 0);
    }

    /** A subscription's deliveries, newest first, after the cursor's delivery. */
    public Uni<List<Delivery>> deliveries(UUID storeId, String subscriptionId, UUID after, int limit) {
        return pool.preparedQuery("""
                select d.id, d.message_id, m.type, d.status, d.attempts, d.last_status_code, d.last_error,
                       d.next_attempt_at, d.delivered_at, d.created_at
                from outbox_delivery d join outbox_message m on m.id = d.message_id
                where d.store_id = $1 and d.channel = 'webhook' and d.subscription_id = $2
                  and ($3::uuid is null or d.id < $3)
                order by d.id desc limit $4""").execute(Tuple.of(storeId, subscriptionId, after, limit))
                .map(rows -> stream(rows).map(WebhookRepository::delivery).toList());
    }

    /** Queues a webhook delivery of the store again, now, with a new retry period; null when there is none. */
    public Uni<Delivery> replay(UUID storeId, UUID deliveryId, Instant now, Instant retryUntil) {
        return pool.preparedQuery("""
                with replayed as (
                    update outbox_delivery set status = 'pending', next_attempt_at = $3, retry_until = $4
                    where store_id = $1 and id = $2 and channel = 'webhook'
                    returning id, message_id, status, attempts, last_status_code, last_error, next_attempt_at,
                              delivered_at, created_at)
                select r.id, r.message_id, m.type, r.status, r.attempts, r.last_status_code, r.last_error,
                       r.next_attempt_at, r.delivered_at, r.created_at
                from replayed r join outbox_message m on m.id = r.message_id""")
                .execute(Tuple.of(storeId, deliveryId, utc(now), utc(retryUntil)))
                .map(rows -> rows.size() == 0 ? null : delivery(rows.iterator().next()));
    }



    static Stream<Row> stream(RowSet<Row> rows) {
        return StreamSupport.stream(rows.spliterator(), false);
    }

    private static Subscription subscription(Row row) {
        return new Subscription(row.getString("id"), row.getString("url"), Arrays.asList(row.getArrayOfStrings("events")),
                row.getString("secret"), instant(row, "created_at"), instant(row, "updated_at"));
    }

    private static Delivery delivery(Row row) {
        return new Delivery(row.getUUID("id"), row.getUUID("message_id"), row.getString("type"), row.getString("status"),
                row.getInteger("attempts"), row.getInteger("last_status_code"), row.getString("last_error"),
                "delivered".equals(row.getString("status")) || "dead".equals(row.getString("status")) ? null
                        : instant(row, "next_attempt_at"),
                instant(row, "delivered_at"), instant(row, "created_at"));
    }
}
