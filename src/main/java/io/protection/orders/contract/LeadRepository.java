package io.protection.orders.contract;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.protection.orders.common.DatabaseJsonFormat;
import io.protection.orders.common.db.Rows;
import io.protection.orders.common.db.SqlArrays;
import io.protection.orders.common.db.Writes;
import io.protection.orders.order.OrderInput.Product;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Leads: protection offered after the sale, consumed by later orders. */
@ApplicationScoped
public class LeadRepository implements PanacheRepositoryBase<Lead, UUID> {

    /** The store's lead with this token, or null. */
    public Uni<Lead> findByToken(UUID storeId, String token) {
        return find("token = ?1 and storeId = ?2", token, storeId).firstResult();
    }

    /** Locks the store's leads with these tokens for the order that consumes them; another store's are never seen. */
    public Uni<List<Lead>> lockForOrder(UUID storeId, Collection<String> tokens) {
        return find("token in ?1 and storeId = ?2", tokens, storeId).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    // --- the same on a connection of the caller's, in its transaction

    /** {@link #lockForOrder(UUID, Collection)} on the caller's connection. */
    public static Uni<List<Lead>> lockForOrder(SqlClient tx, UUID storeId, Collection<String> tokens) {
        return tx.preparedQuery("""
                select token, store_id, order_id, line_item_id, product_id, product::text as product, currency, quantity,
                       quantity_consumed, expires_at, created_at
                from lead where token = any($1) and store_id = $2 for no key update""")
                .execute(Tuple.of(tokens.toArray(String[]::new), storeId)).map(rows -> {
                    List<Lead> found = new ArrayList<>();
                    for (Row row : rows) {
                        Lead lead = new Lead();
                        lead.token = row.getString("token");
                        lead.storeId = row.getUUID("store_id");
                        lead.orderId = row.getUUID("order_id");
                        lead.lineItemId = row.getUUID("line_item_id");
                        lead.productId = row.getString("product_id");
                        lead.product = DatabaseJsonFormat.read(row.getString("product"), Product.class);
                        lead.currency = row.getString("currency");
                        lead.quantity = row.getInteger("quantity");
                        lead.quantityConsumed = row.getInteger("quantity_consumed");
                        lead.expiresAt = Rows.instant(row, "expires_at");
                        lead.createdAt = Rows.instant(row, "created_at");
                        found.add(lead);
                    }
                    return found;
                });
    }

    /** Adds the insert of new leads and the consumption of locked ones, one write each (array literals). */
    public static void save(Writes writes, List<Lead> created, List<Lead> consumed) {
        if (!created.isEmpty()) {
            writes.add("""
                    insert into lead (token, store_id, order_id, line_item_id, product_id, product, currency, quantity,
                        quantity_consumed, expires_at, created_at)
                    select * from unnest(cast(cast($1 as text) as text[]), cast(cast($2 as text) as uuid[]),
                        cast(cast($3 as text) as uuid[]), cast(cast($4 as text) as uuid[]), cast(cast($5 as text) as text[]),
                        cast(cast($6 as text) as jsonb[]), cast(cast($7 as text) as text[]),
                        cast(cast($8 as text) as integer[]), cast(cast($9 as text) as integer[]),
                        cast(cast($10 as text) as timestamptz[]), cast(cast($11 as text) as timestamptz[]))""",
                    Stream.<Function<Lead, Object>> of(l -> l.token, l -> l.storeId, l -> l.orderId, l -> l.lineItemId,
                            l -> l.productId, l -> DatabaseJsonFormat.write(l.product), l -> l.currency, l -> l.quantity,
                            l -> l.quantityConsumed, l -> l.expiresAt, l -> l.createdAt)
                            .map(column -> SqlArrays.literal(created.stream().map(column))).toArray());
        }
        if (!consumed.isEmpty()) {
            writes.add("""
                    update lead t set quantity_consumed = v.consumed
                    from unnest(cast(cast($1 as text) as text[]), cast(cast($2 as text) as integer[])) v(token, consumed)
                    where t.token = v.token""",
                    SqlArrays.literal(consumed.stream().map(l -> l.token)),
                    SqlArrays.literal(consumed.stream().map(l -> l.quantityConsumed)));
        }
    }
}
