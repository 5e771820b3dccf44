package io.protection.orders.customer;

import static io.protection.orders.common.db.Rows.instant;
import static io.protection.orders.common.db.Rows.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;

/** The customer page's SQL: links by token hash, with what the page shows of their contract. */
@ApplicationScoped
public class CustomerLinkRepository {

    @Inject
    Pool pool;

    /** A link to store: the token's hash, never the token. */
    public record NewLink(String tokenHash, UUID storeId, UUID contractId, String customerEmail, Instant expiresAt) {
    }

    /**
     * A live link's contract as the page shows it. {@code contractStatus} is the stored name ({@code LIVE},
     * ...); {@code revocationStatus} that of the contract's latest revocation ({@code open}, {@code closed}) or null.
     */
    public record Linked(UUID contractId, UUID storeId, String contractType, String contractStatus, Instant termStart,
            Instant termEnd, long price, String currency, String products, String plan, String store,
            long revocationPeriodSeconds, String customer, String revocationStatus, Instant revocationRequestedAt) {
    }

    /** Stores links, in one statement. */
    public Uni<Void> insert(List<NewLink> links, Instant now) {
        return pool.preparedQuery("""
                insert into customer_link (token_hash, store_id, contract_id, customer_email, expires_at, created_at)
                select l.hash, l.store_id, l.contract_id, l.email, l.expires_at, $6
                from unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[])
                     as l(hash, store_id, contract_id, email, expires_at)""")
                .execute(Tuple.of(links.stream().map(NewLink::tokenHash).toArray(String[]::new),
                        links.stream().map(NewLink::storeId).toArray(UUID[]::new),
                        links.stream().map(NewLink::contractId).toArray(UUID[]::new),
                        links.stream().map(NewLink::customerEmail).toArray(String[]::new),
                        links.stream().map(l -> utc(l.expiresAt())).toArray(OffsetDateTime[]::new), utc(now)))
                .replaceWithVoid();
    }

    /**
     * The contract of a link that has not expired and whose order still has the customer email the link
     * was sent to; null otherwise (a wrong, expired or superseded token looks the same).
     */
    public Uni<Linked> find(String tokenHash, Instant now) {
        return pool.preparedQuery("""
                select c.id, c.store_id, c.type, c.status, c.term_start, c.term_end, c.purchase_price, c.currency,
                       c.products::text as products, p.title as plan, s.name as store, s.revocation_period_seconds,
                       o.customer::text as customer, r.status as revocation_status, r.requested_at
                from customer_link l
                join contract c on c.id = l.contract_id and c.store_id = l.store_id
                join orders o on o.id = c.order_id and o.store_id = c.store_id and o.customer_email = l.customer_email
                join store s on s.id = c.store_id
                left join plan p on p.id = c.plan_id
                left join lateral (select status, requested_at from revocation
                                   where contract_id = c.id and store_id = c.store_id
                                   order by created_at desc limit 1) r on true
                where l.token_hash = $1 and l.expires_at > $2""")
                .execute(Tuple.of(tokenHash, utc(now)))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row r = it.next();
                    return new Linked(r.getUUID("id"), r.getUUID("store_id"), r.getString("type"), r.getString("status"),
                            instant(r, "term_start"), instant(r, "term_end"), r.getLong("purchase_price"),
                            r.getString("currency"), r.getString("products"), r.getString("plan"), r.getString("store"),
                            r.getLong("revocation_period_seconds"), r.getString("customer"),
                            r.getString("revocation_status"), instant(r, "requested_at"));
                });
    }

    /** Deletes up to {@code limit} links that expired before {@code now}; answers how many. */
    public Uni<Integer> purgeExpired(Instant now, int limit) {
        return pool.preparedQuery("""
                delete from customer_link where token_hash in (
                    select token_hash from customer_link where expires_at <= $1 limit $2)""")
                .execute(Tuple.of(utc(now), limit)).map(rows -> rows.rowCount());
    }


}
