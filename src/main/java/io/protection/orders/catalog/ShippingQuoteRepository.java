package io.protection.orders.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.protection.orders.common.DatabaseJsonFormat;
import io.protection.orders.common.db.Rows;
import io.protection.orders.common.db.SqlArrays;
import io.protection.orders.common.db.Writes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Shipping-protection quotes, which orders consume. */
@ApplicationScoped
public class ShippingQuoteRepository implements PanacheRepositoryBase<ShippingQuote, UUID> {

    /** Locks the store's quotes with these ids for the order that uses them; another store's are never seen. */
    public Uni<List<ShippingQuote>> lockForOrder(UUID storeId, Collection<UUID> ids) {
        return find("id in ?1 and storeId = ?2", ids, storeId).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    // --- the same on a connection of the caller's, in its transaction

    /** {@link #lockForOrder(UUID, Collection)} on the caller's connection. */
    public static Uni<List<ShippingQuote>> lockForOrder(SqlClient tx, UUID storeId, Collection<UUID> ids) {
        return tx.preparedQuery("""
                select id, store_id, currency, covered_value, premium, items::text as items, expires_at, created_at,
                       order_id
                from shipping_quote where id = any($1) and store_id = $2 for no key update""")
                .execute(Tuple.of(ids.toArray(UUID[]::new), storeId)).map(rows -> {
                    List<ShippingQuote> found = new ArrayList<>();
                    for (Row row : rows) {
                        ShippingQuote quote = new ShippingQuote();
                        quote.id = row.getUUID("id");
                        quote.storeId = row.getUUID("store_id");
                        quote.currency = row.getString("currency");
                        quote.coveredValue = row.getLong("covered_value");
                        quote.premium = row.getLong("premium");
                        quote.items = DatabaseJsonFormat.read(row.getString("items"), ShippingQuote.Items.class);
                        quote.expiresAt = Rows.instant(row, "expires_at");
                        quote.createdAt = Rows.instant(row, "created_at");
                        quote.orderId = row.getUUID("order_id");
                        found.add(quote);
                    }
                    return found;
                });
    }

    /** Adds the write that records the orders that used these quotes (array literals). */
    public static void saveUsed(Writes writes, List<ShippingQuote> used) {
        if (!used.isEmpty()) {
            writes.add("""
                    update shipping_quote t set order_id = v.order_id
                    from unnest(cast(cast($1 as text) as uuid[]), cast(cast($2 as text) as uuid[])) v(id, order_id)
                    where t.id = v.id""",
                    SqlArrays.literal(used.stream().map(q -> q.id)), SqlArrays.literal(used.stream().map(q -> q.orderId)));
        }
    }
}
