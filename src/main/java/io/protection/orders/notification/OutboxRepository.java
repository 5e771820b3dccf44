package io.protection.orders.notification;

import static io.protection.orders.common.db.Rows.instant;
import static io.protection.orders.common.db.Rows.utc;
import static io.protection.orders.notification.WebhookRepository.stream;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.protection.orders.common.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The dispatcher's SQL. Each step is one statement, claiming rows with {@code FOR UPDATE SKIP
 * LOCKED}, so that any number of dispatchers (replicas) take disjoint rows.
 */
@ApplicationScoped
public class OutboxRepository {

    @Inject
    Pool pool;

    /** A delivery claimed for one attempt, with what sending it needs. */
    public record Claimed(UUID id, String channel, int attempts, Instant retryUntil, UUID messageId, String type,
            String data, Instant messageCreatedAt, UUID storeId, String url, String secret) {
    }

    /** What an attempt came to. */
    public record Outcome(UUID id, String status, Integer statusCode, String error, Instant nextAttemptAt,
            Instant deliveredAt) {
    }

    /**
     * Turns up to {@code limit} new messages into deliveries: one per subscription of the message's
     * store that listens to its type, and one email for an email message. Answers how many messages.
     */
    public Uni<Integer> fanOut(int limit, Instant now, Instant retryUntil) {
        // The casts: under a union an untyped parameter resolves to text, which the timestamptz columns refuse.
        return pool.preparedQuery("""
                with claimed as (
                    select id, store_id, type from outbox_message where fanned_out_at is null
                    order by created_at limit $1 for update skip locked),
                marked as (
                    update outbox_message m set fanned_out_at = $2 from claimed c where m.id = c.id),
                deliveries as (
                    insert into outbox_delivery (id, message_id, store_id, channel, subscription_id, status, attempts,
                                                 next_attempt_at, retry_until, created_at)
                    select gen_random_uuid(), c.id, c.store_id, 'webhook', s.id, 'pending', 0, $2::timestamptz,
                           $3::timestamptz, $2::timestamptz
                    from claimed c join webhook_subscription s on s.store_id = c.store_id and c.type = any(s.events)
                    union all
                    select gen_random_uuid(), c.id, c.store_id, 'email', null, 'pending', 0, $2::timestamptz,
                           $3::timestamptz, $2::timestamptz
                    from claimed c where c.type like $4)
                select count(*) from claimed""")
                .execute(Tuple.of(limit, utc(now), utc(retryUntil), Outbox.EMAIL + "%"))
                .map(rows -> rows.iterator().next().getLong(0).intValue());
    }

    /**
     * Claims up to {@code limit} due deliveries for one attempt each: the attempt is counted now, and the
     * delivery is not due again until {@code leaseUntil}, so that a dispatcher that dies mid-attempt
     * leaves it to another one after that.
     */
    public Uni<List<Claimed>> claimDue(int limit, Instant now, Instant leaseUntil) {
        return pool.preparedQuery("""
                with due as (
                    select id from outbox_delivery where status in ('pending', 'failed') and next_attempt_at <= $1
                    order by next_attempt_at limit $2 for update skip locked),
                claimed as (
                    update outbox_delivery d set attempts = d.attempts + 1, next_attempt_at = $3
                    from due where d.id = due.id
                    returning d.id, d.channel, d.attempts, d.retry_until, d.message_id, d.store_id, d.subscription_id)
                select c.id, c.channel, c.attempts, c.retry_until, m.id as message_id, m.type, m.data::text as data,
                       m.created_at, c.store_id, s.url, s.secret
                from claimed c join outbox_message m on m.id = c.message_id
                left join webhook_subscription s on s.store_id = c.store_id and s.id = c.subscription_id""")
                .execute(Tuple.of(utc(now), limit, utc(leaseUntil)))
                .map(rows -> stream(rows).map(r -> new Claimed(r.getUUID("id"), r.getString("channel"),
                        r.getInteger("attempts"), instant(r, "retry_until"), r.getUUID("message_id"), r.getString("type"),
                        r.getString("data"), instant(r, "created_at"), r.getUUID("store_id"), r.getString("url"),
                        r.getString("secret"))).toList());
    }

    /** Records attempts' outcomes, in one statement. */
    public Uni<Void> record(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                update outbox_delivery d set status = v.status, last_status_code = v.code, last_error = v.error,
                       next_attempt_at = coalesce(v.next_at, d.next_attempt_at), delivered_at = v.delivered_at
                from unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::timestamptz[])
                     as v(id, status, code, error, next_at, delivered_at)
                where d.id = v.id""")
                .execute(Tuple.of(outcomes.stream().map(Outcome::id).toArray(UUID[]::new),
                        outcomes.stream().map(Outcome::status).toArray(String[]::new),
                        outcomes.stream().map(Outcome::statusCode).toArray(Integer[]::new),
                        outcomes.stream().map(Outcome::error).toArray(String[]::new),
                        outcomes.stream().map(o -> utc(o.nextAttemptAt())).toArray(OffsetDateTime[]::new),
                        outcomes.stream().map(o -> utc(o.deliveredAt())).toArray(OffsetDateTime[]::new)))
                .replaceWithVoid();
    }

    /** Seconds since the oldest message or delivery still waiting was written; 0 when none waits. */
    public Uni<Double> oldestPendingSeconds(Instant now) {
        return pool.preparedQuery("""
                select extract(epoch from ($1 - least(
                    (select min(created_at) from outbox_message where fanned_out_at is null),
                    (select min(created_at) from outbox_delivery where status in ('pending', 'failed')))))""")
                .execute(Tuple.of(utc(now)))
                .map(rows -> {
                    Object value = rows.iterator().next().getValue(0);
                    return value == null ? 0.0 : Math.max(0, ((Number) value).doubleValue());
                });
    }

    /**
     * Deletes up to {@code limit} delivered deliveries older than {@code before}, then the messages no
     * delivery refers to any more. Dead deliveries stay: the merchant may replay them.
     */
    public Uni<Integer> purge(Instant before, int limit) {
        return pool.preparedQuery("""
                delete from outbox_delivery where id in (
                    select id from outbox_delivery where status = 'delivered' and created_at < $1 limit $2)""")
                .execute(Tuple.of(utc(before), limit))
                .chain(deliveries -> pool.preparedQuery("""
                        delete from outbox_message where id in (
                            select m.id from outbox_message m
                            where m.fanned_out_at is not null and m.created_at < $1
                              and not exists (select 1 from outbox_delivery d where d.message_id = m.id)
                            limit $2)""")
                        .execute(Tuple.of(utc(before), limit))
                        .map(messages -> deliveries.rowCount() + messages.rowCount()));
    }

    /** The contracts an email names, with what the email says about them: plan, customer, store. */
    public Uni<List<Row>> contractsToEmail(UUID storeId, List<UUID> contractIds) {
        return pool.preparedQuery("""
                select c.id, p.title as plan, c.products::text as products, c.purchase_price, c.currency,
                       c.term_start, c.term_end, c.status, o.customer::text as customer, o.customer_email,
                       s.name as store, s.revocation_period_seconds
                from contract c join orders o on o.id = c.order_id join store s on s.id = c.store_id
                left join plan p on p.id = c.plan_id
                where c.store_id = $1 and c.id = any($2) order by c.id""")
                .execute(Tuple.of(storeId, contractIds.toArray(UUID[]::new))).map(rows -> stream(rows).toList());
    }
}
