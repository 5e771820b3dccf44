package io.protection.orders.order;

import static io.protection.orders.common.db.Rows.instant;
import static io.protection.orders.common.db.Rows.utc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import io.protection.orders.common.DatabaseJsonFormat;
import io.protection.orders.common.Ids;
import io.protection.orders.common.ProblemException;
import io.protection.orders.common.db.SqlArrays;
import io.protection.orders.common.db.Writes;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The order aggregate's tables: orders, their lines, fulfillments and history. Every lookup by a
 * merchant-supplied id is scoped by store in the statement itself.
 */
@ApplicationScoped
public class OrderRepository implements PanacheRepositoryBase<Order, UUID> {

    @Inject
    Pool pool;

    /** An order with its lines, and each line's contract ids, oldest first (no entry: no contracts). */
    public record OrderSnapshot(Order order, Map<UUID, List<UUID>> contractIds) {
    }

    /** Where a line lives: its id and its order's. */
    public record LineRef(UUID orderId, UUID lineId) {
    }

    public Uni<UUID> findIdByTransactionId(UUID storeId, String transactionId) {
        return getSession().chain(session -> session
                .createSelectionQuery("select o.id from Order o where o.storeId = ?1 and o.transactionId = ?2", UUID.class)
                .setParameter(1, storeId).setParameter(2, transactionId).getSingleResultOrNull());
    }

    /** {@link #findIdByTransactionId(UUID, String)} on the caller's connection. */
    public Uni<UUID> findIdByTransactionId(SqlClient tx, UUID storeId, String transactionId) {
        return tx.preparedQuery("select id from orders where store_id = $1 and transaction_id = $2")
                .execute(Tuple.of(storeId, transactionId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID(0));
    }

    /**
     * Adds the writes of a new order: the order, its lines, the fulfillments of units that arrived
     * fulfilled and its history entry.
     */
    public void insertNew(Writes writes, Order order, List<Fulfillment> fulfillments, OrderEvent event) {
        List<LineItem> lines = order.lineItems;
        writes.add(INSERT_ORDER, order.id, order.storeId, order.transactionId, order.status.name(), order.currency,
                utc(order.createdAt), order.createdAtStated, utc(order.openAt), order.waitPeriodSeconds,
                DatabaseJsonFormat.write(order.customer), order.customerEmail, order.customerPhone, order.total,
                order.taxCostTotal, order.productCostTotal, order.discountAmountTotal, order.shippingCostTotal,
                order.shippingTaxCostTotal, DatabaseJsonFormat.write(order.saleOrigin), order.poNumber, order.isTest,
                order.version, utc(order.insertedAt), utc(order.updatedAt));
        if (!lines.isEmpty()) {
            writes.add(INSERT_LINES, Stream.<Function<LineItem, Object>> of(
                    l -> l.id, l -> l.storeId, l -> order.id, l -> l.position, l -> l.lineItemTransactionId,
                    l -> l.type.name(), l -> l.status.name(), l -> l.failureReason, l -> l.quantity,
                    l -> l.fulfilledQuantity, l -> l.canceledQuantity, l -> l.refundedQuantity,
                    l -> DatabaseJsonFormat.write(l.product), l -> l.productId, l -> l.planId, l -> l.planPurchasePrice,
                    l -> l.leadToken, l -> l.quoteId, l -> l.premium, l -> DatabaseJsonFormat.write(l.details),
                    l -> l.discountAmount, l -> l.taxCost)
                    .map(column -> SqlArrays.literal(lines.stream().map(column))).toArray());
        }
        if (!fulfillments.isEmpty()) {
            writes.add(INSERT_FULFILLMENTS, Stream.<Function<Fulfillment, Object>> of(
                    f -> f.id, f -> f.storeId, f -> f.lineItemId, f -> f.quantity, f -> f.refundedQuantity,
                    f -> f.fulfilledAt, f -> f.recordedAt)
                    .map(column -> SqlArrays.literal(fulfillments.stream().map(column))).toArray());
        }
        insertEvent(writes, event);
    }

    private static final String INSERT_ORDER = """
            insert into orders (id, store_id, transaction_id, status, currency, created_at, created_at_stated, open_at,
                wait_period_seconds, customer, customer_email, customer_phone, total, tax_cost_total, product_cost_total,
                discount_amount_total, shipping_cost_total, shipping_tax_cost_total, sale_origin, po_number, is_test,
                version, inserted_at, updated_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, cast(cast($10 as text) as jsonb), $11, $12, $13, $14, $15, $16,
                $17, $18, cast(cast($19 as text) as jsonb), $20, $21, $22, $23, $24)""";
    // Each column as one array literal (SqlArrays).
    private static final String INSERT_LINES = """
            insert into line_item (id, store_id, order_id, position, line_item_transaction_id, type, status,
                failure_reason, quantity, fulfilled_quantity, canceled_quantity, refunded_quantity, product, product_id,
                plan_id, plan_purchase_price, lead_token, quote_id, premium, details, discount_amount, tax_cost)
            select * from unnest(cast(cast($1 as text) as uuid[]), cast(cast($2 as text) as uuid[]),
                cast(cast($3 as text) as uuid[]), cast(cast($4 as text) as integer[]), cast(cast($5 as text) as text[]),
                cast(cast($6 as text) as text[]), cast(cast($7 as text) as text[]), cast(cast($8 as text) as text[]),
                cast(cast($9 as text) as integer[]), cast(cast($10 as text) as integer[]),
                cast(cast($11 as text) as integer[]), cast(cast($12 as text) as integer[]),
                cast(cast($13 as text) as jsonb[]), cast(cast($14 as text) as text[]), cast(cast($15 as text) as text[]),
                cast(cast($16 as text) as bigint[]), cast(cast($17 as text) as text[]), cast(cast($18 as text) as text[]),
                cast(cast($19 as text) as bigint[]), cast(cast($20 as text) as jsonb[]),
                cast(cast($21 as text) as bigint[]), cast(cast($22 as text) as bigint[]))""";
    private static final String INSERT_FULFILLMENTS = """
            insert into fulfillment (id, store_id, line_item_id, quantity, refunded_quantity, fulfilled_at, recorded_at)
            select * from unnest(cast(cast($1 as text) as uuid[]), cast(cast($2 as text) as uuid[]),
                cast(cast($3 as text) as uuid[]), cast(cast($4 as text) as integer[]), cast(cast($5 as text) as integer[]),
                cast(cast($6 as text) as timestamptz[]), cast(cast($7 as text) as timestamptz[]))""";

    /**
     * What {@code GET /orders/{id}} shows, read in one statement on the pool, without a session: see
     * {@link #findSnapshots}. Null when the store has no such order.
     */
    public Uni<OrderSnapshot> findSnapshot(UUID storeId, UUID orderId) {
        return findSnapshot(pool, storeId, orderId);
    }

    /** {@link #findSnapshot(UUID, UUID)} on a connection of the caller's: in its transaction. */
    public Uni<OrderSnapshot> findSnapshot(SqlClient client, UUID storeId, UUID orderId) {
        // Its own statement rather than a one-element any(): the array parameter made a get cost twice
        // the CPU, in the service and in the database.
        return client.preparedQuery(SNAPSHOT)
                .execute(Tuple.of(orderId, storeId))
                .map(rows -> {
                    List<OrderSnapshot> found = snapshots(rows);
                    return found.isEmpty() ? null : found.get(0);
                });
    }

    /**
     * The store's orders among {@code orderIds}, newest first, each with its lines (in position order) and
     * each line's contract ids (oldest first), read in one statement on the pool, without a session. The
     * entities are detached snapshots: nothing written to them is saved.
     */
    public Uni<List<OrderSnapshot>> findSnapshots(UUID storeId, Collection<UUID> orderIds) {
        return pool.preparedQuery(SNAPSHOTS)
                .execute(Tuple.of(orderIds.toArray(UUID[]::new), storeId))
                .map(OrderRepository::snapshots);
    }

    private static final String SNAPSHOT_SELECT = """
            select o.id, o.store_id, o.transaction_id, o.status, o.currency, o.created_at, o.created_at_stated,
                   o.open_at, o.wait_period_seconds, o.customer::text as customer, o.customer_email, o.customer_phone,
                   o.total, o.tax_cost_total, o.product_cost_total, o.discount_amount_total, o.shipping_cost_total,
                   o.shipping_tax_cost_total, o.sale_origin::text as sale_origin, o.po_number, o.is_test, o.version,
                   o.inserted_at, o.updated_at,
                   l.id as line_id, l.position, l.line_item_transaction_id, l.type, l.status as line_status,
                   l.failure_reason, l.quantity, l.fulfilled_quantity, l.canceled_quantity, l.refunded_quantity,
                   l.product::text as product, l.product_id, l.plan_id, l.plan_purchase_price, l.lead_token,
                   l.quote_id, l.premium, l.details::text as details, l.discount_amount, l.tax_cost,
                   %s as contract_ids
            from orders o left join line_item l on l.order_id = o.id""";
    private static final String SNAPSHOT_COLUMNS = SNAPSHOT_SELECT.formatted(
            "array(select c.id from contract c where c.line_item_id = l.id and c.order_id = o.id order by c.id)");
    // Whole statements, built once: the pool looks its prepared statement up by the text on every call.
    private static final String SNAPSHOT = SNAPSHOT_COLUMNS + " where o.id = $1 and o.store_id = $2 order by l.position";
    private static final String SNAPSHOTS = SNAPSHOT_COLUMNS
            + " where o.id = any($1) and o.store_id = $2 order by o.id desc, l.position";

    private static List<OrderSnapshot> snapshots(RowSet<Row> rows) {
        List<OrderSnapshot> found = new ArrayList<>();
        OrderSnapshot current = null;
        for (Row row : rows) {
            if (current == null || !current.order().id.equals(row.getUUID("id"))) {
                current = new OrderSnapshot(order(row), new HashMap<>());
                found.add(current);
            }
            UUID lineId = row.getUUID("line_id");
            if (lineId != null) {
                current.order().lineItems.add(line(row, current.order()));
                current.contractIds().put(lineId, List.of(row.getArrayOfUUIDs("contract_ids")));
            }
        }
        return found;
    }

    private static Order order(Row row) {
        Order order = new Order();
        order.id = row.getUUID("id");
        order.storeId = row.getUUID("store_id");
        order.transactionId = row.getString("transaction_id");
        order.status = OrderStatus.valueOf(row.getString("status"));
        order.currency = row.getString("currency");
        order.createdAt = instant(row, "created_at");
        order.createdAtStated = row.getBoolean("created_at_stated");
        order.openAt = instant(row, "open_at");
        order.waitPeriodSeconds = row.getLong("wait_period_seconds");
        order.customer = DatabaseJsonFormat.read(row.getString("customer"), OrderInput.Customer.class);
        order.customerEmail = row.getString("customer_email");
        order.customerPhone = row.getString("customer_phone");
        order.total = row.getLong("total");
        order.taxCostTotal = row.getLong("tax_cost_total");
        order.productCostTotal = row.getLong("product_cost_total");
        order.discountAmountTotal = row.getLong("discount_amount_total");
        order.shippingCostTotal = row.getLong("shipping_cost_total");
        order.shippingTaxCostTotal = row.getLong("shipping_tax_cost_total");
        order.saleOrigin = DatabaseJsonFormat.read(row.getString("sale_origin"), OrderInput.SaleOrigin.class);
        order.poNumber = row.getString("po_number");
        order.isTest = row.getBoolean("is_test");
        order.version = row.getInteger("version");
        order.insertedAt = instant(row, "inserted_at");
        order.updatedAt = instant(row, "updated_at");
        return order;
    }

    private static LineItem line(Row row, Order order) {
        LineItem line = new LineItem();
        line.id = row.getUUID("line_id");
        line.storeId = order.storeId;
        line.order = order;
        line.position = row.getInteger("position");
        line.lineItemTransactionId = row.getString("line_item_transaction_id");
        line.type = LineItemType.valueOf(row.getString("type"));
        line.status = LineItemStatus.valueOf(row.getString("line_status"));
        line.failureReason = row.getString("failure_reason");
        line.quantity = row.getInteger("quantity");
        line.fulfilledQuantity = row.getInteger("fulfilled_quantity");
        line.canceledQuantity = row.getInteger("canceled_quantity");
        line.refundedQuantity = row.getInteger("refunded_quantity");
        line.product = DatabaseJsonFormat.read(row.getString("product"), OrderInput.Product.class);
        line.productId = row.getString("product_id");
        line.planId = row.getString("plan_id");
        line.planPurchasePrice = row.getLong("plan_purchase_price");
        line.leadToken = row.getString("lead_token");
        line.quoteId = row.getString("quote_id");
        line.premium = row.getLong("premium");
        line.details = DatabaseJsonFormat.read(row.getString("details"), LineItem.Details.class);
        line.discountAmount = row.getLong("discount_amount");
        line.taxCost = row.getLong("tax_cost");
        return line;
    }


    /** The store's order with its lines, or null. */
    public Uni<Order> findWithLines(UUID storeId, UUID orderId) {
        return list("from Order o left join fetch o.lineItems where o.id = ?1 and o.storeId = ?2", orderId, storeId)
                .map(found -> found.isEmpty() ? null : found.get(0));
    }

    public Uni<Boolean> exists(UUID storeId, UUID orderId) {
        return count("id = ?1 and storeId = ?2", orderId, storeId).map(n -> n > 0);
    }

    /**
     * Locks the store's order for this transaction ({@code FOR UPDATE}) and loads its lines, so racing
     * changes of one order run one after the other; null when the store has no such order.
     */
    public Uni<Order> lockForChange(UUID storeId, UUID orderId) {
        return find("id = ?1 and storeId = ?2", orderId, storeId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .call(this::fetchLines);
    }

    /** Locks the store's order with this transaction id and loads its lines; null when there is none. */
    public Uni<Order> lockByTransactionId(UUID storeId, String transactionId) {
        return find("storeId = ?1 and transactionId = ?2", storeId, transactionId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult().call(this::fetchLines);
    }

    private Uni<?> fetchLines(Order order) {
        return order == null ? Uni.createFrom().nullItem() : getSession().chain(s -> s.fetch(order.lineItems));
    }

    /** A page of the store's orders, newest first (ids only: {@link #withLines} loads them). */
    public Uni<List<UUID>> search(UUID storeId, String transactionId, String customerEmail, String customerPhone,
            OrderStatus status, UUID after, int size) {
        StringBuilder query = new StringBuilder("select o.id from Order o where o.storeId = :store");
        Parameters params = Parameters.with("store", storeId);
        if (transactionId != null) {
            query.append(" and o.transactionId = :transactionId");
            params.and("transactionId", transactionId);
        }
        if (customerEmail != null) {
            query.append(" and o.customerEmail = :email");
            params.and("email", customerEmail.trim().toLowerCase(Locale.ROOT));
        }
        if (customerPhone != null) {
            query.append(" and o.customerPhone = :phone");
            params.and("phone", customerPhone.trim());
        }
        if (status != null) {
            query.append(" and o.status = :status");
            params.and("status", status);
        }
        if (after != null) {
            query.append(" and o.id < :after");
            params.and("after", after);
        }
        query.append(" order by o.id desc");
        return select(query.toString(), UUID.class, params, size);
    }

    /** A page of the store's lines with their orders, newest first. */
    public Uni<List<LineItem>> searchLines(UUID storeId, String transactionId, String lineItemTransactionId,
            UUID after, int size) {
        StringBuilder query = new StringBuilder("from LineItem l join fetch l.order o where l.storeId = :store");
        Parameters params = Parameters.with("store", storeId);
        if (transactionId != null) {
            query.append(" and o.transactionId = :transactionId");
            params.and("transactionId", transactionId);
        }
        if (lineItemTransactionId != null) {
            query.append(" and l.lineItemTransactionId = :lineItemTransactionId");
            params.and("lineItemTransactionId", lineItemTransactionId);
        }
        if (after != null) {
            query.append(" and l.id < :after");
            params.and("after", after);
        }
        query.append(" order by l.id desc");
        return select(query.toString(), LineItem.class, params, size);
    }

    private <T> Uni<List<T>> select(String query, Class<T> type, Parameters params, int size) {
        return getSession().chain(session -> {
            var q = session.createSelectionQuery(query, type);
            params.map().forEach(q::setParameter);
            return q.setMaxResults(size).getResultList();
        });
    }

    /**
     * Finds a line of the store by id, or by its own transaction id, within its order's when
     * {@code transactionId} is given. A {@code lineItemTransactionId} alone that lines of several
     * orders have is 409 {@code ambiguous_line_item}.
     */
    public Uni<LineRef> findLine(UUID storeId, String lineItemId, String transactionId, String lineItemTransactionId) {
        String query = lineItemId != null
                ? "select l.order.id, l.id from LineItem l where l.id = :id and l.storeId = :store"
                : transactionId != null
                        ? "select l.order.id, l.id from LineItem l where l.storeId = :store"
                                + " and l.order.transactionId = :txn and l.lineItemTransactionId = :line"
                        : "select l.order.id, l.id from LineItem l where l.storeId = :store"
                                + " and l.lineItemTransactionId = :line";
        UUID id = lineItemId != null ? Ids.parseOrNull(lineItemId) : null;
        if (lineItemId != null && id == null) {
            return Uni.createFrom().failure(ProblemException.notFound("line item " + lineItemId));
        }
        return getSession().chain(session -> {
            var q = session.createSelectionQuery(query, Object[].class).setParameter("store", storeId);
            if (id != null) {
                q.setParameter("id", id);
            } else {
                q.setParameter("line", lineItemTransactionId);
                if (transactionId != null) {
                    q.setParameter("txn", transactionId);
                }
            }
            // Two rows are enough to tell an ambiguous id; a line id is unique within its order.
            return q.setMaxResults(2).getResultList();
        }).map(rows -> onlyLine(rows.stream().map(r -> new LineRef((UUID) r[0], (UUID) r[1])).toList(), lineItemId,
                transactionId, lineItemTransactionId));
    }

    /**
     * {@link #findLine}, on the caller's connection, with the line's order locked for its transaction
     * ({@code FOR NO KEY UPDATE}, as the session's changes lock it), in one statement.
     */
    public Uni<LineRef> lockLine(SqlClient tx, UUID storeId, String lineItemId, String transactionId,
            String lineItemTransactionId) {
        UUID id = lineItemId != null ? Ids.parseOrNull(lineItemId) : null;
        if (lineItemId != null && id == null) {
            return Uni.createFrom().failure(ProblemException.notFound("line item " + lineItemId));
        }
        Uni<RowSet<Row>> rows = id != null ? tx.preparedQuery(LOCK_LINE_BY_ID).execute(Tuple.of(id, storeId))
                : transactionId != null
                        ? tx.preparedQuery(LOCK_LINE_BY_TRANSACTION_IDS)
                                .execute(Tuple.of(storeId, lineItemTransactionId, transactionId))
                        : tx.preparedQuery(LOCK_LINE_BY_LINE_TRANSACTION_ID).execute(Tuple.of(storeId, lineItemTransactionId));
        return rows.map(found -> {
            List<LineRef> refs = new ArrayList<>();
            found.forEach(row -> refs.add(new LineRef(row.getUUID(0), row.getUUID(1))));
            return onlyLine(refs, lineItemId, transactionId, lineItemTransactionId);
        });
    }

    private static final String LOCK_LINE = "select l.order_id, l.id from line_item l join orders o on o.id = l.order_id ";
    // Two rows are enough to tell an ambiguous id; a line id is unique within its order.
    private static final String LOCK_LINE_BY_ID = LOCK_LINE
            + "where l.id = $1 and l.store_id = $2 limit 2 for no key update of o";
    private static final String LOCK_LINE_BY_TRANSACTION_IDS = LOCK_LINE
            + "where l.store_id = $1 and l.line_item_transaction_id = $2 and o.transaction_id = $3"
            + " limit 2 for no key update of o";
    private static final String LOCK_LINE_BY_LINE_TRANSACTION_ID = LOCK_LINE
            + "where l.store_id = $1 and l.line_item_transaction_id = $2 limit 2 for no key update of o";

    private static LineRef onlyLine(List<LineRef> found, String lineItemId, String transactionId,
            String lineItemTransactionId) {
        if (found.isEmpty()) {
            throw ProblemException.notFound("line item " + (lineItemId != null ? lineItemId
                    : transactionId != null ? transactionId + "/" + lineItemTransactionId : lineItemTransactionId));
        }
        if (found.size() > 1) {
            throw ProblemException.conflict("ambiguous_line_item", "lineItemTransactionId " + lineItemTransactionId
                    + " names lines of several orders; send transactionId or lineItemId too");
        }
        return found.get(0);
    }

    /**
     * Adds the writes of a fulfillment of a locked order: the fulfillment, the line's and the order's new
     * state and the history entry. The order comes with its version already one up (its row holds the
     * one before).
     */
    public void saveFulfilled(Writes writes, Order order, LineItem line, Fulfillment fulfillment, OrderEvent event) {
        writes.add(INSERT_FULFILLMENT, fulfillment.id, fulfillment.storeId, fulfillment.lineItemId, fulfillment.quantity,
                fulfillment.refundedQuantity, utc(fulfillment.fulfilledAt), utc(fulfillment.recordedAt));
        writes.add(UPDATE_LINE_UNITS, line.id, line.fulfilledQuantity, line.status.name());
        // The order is locked: only a change that skipped the lock could find another version.
        writes.addChangingOne(UPDATE_ORDER_STATE, order.id, order.status.name(), order.version, utc(order.updatedAt),
                order.version - 1);
        insertEvent(writes, event);
    }

    private static final String INSERT_FULFILLMENT = """
            insert into fulfillment (id, store_id, line_item_id, quantity, refunded_quantity, fulfilled_at, recorded_at)
            values ($1, $2, $3, $4, $5, $6, $7)""";
    private static final String UPDATE_LINE_UNITS = "update line_item set fulfilled_quantity = $2, status = $3 where id = $1";
    private static final String UPDATE_ORDER_STATE = """
            update orders set status = $2, version = $3, updated_at = $4 where id = $1 and version = $5 returning 1""";
    private static void insertEvent(Writes writes, OrderEvent event) {
        writes.add(INSERT_EVENT, event.id, event.storeId, event.orderId, event.type, utc(event.at), event.actor,
                event.reason, DatabaseJsonFormat.write(event.data));
    }

    // JSON goes through text: a string bound as jsonb would be stored as one JSON string.
    private static final String INSERT_EVENT = """
            insert into order_event (id, store_id, order_id, type, at, actor, reason, data)
            values ($1, $2, $3, $4, $5, $6, $7, cast(cast($8 as text) as jsonb))""";

    /** The fulfillments of these lines, oldest first. */
    public Uni<List<Fulfillment>> fulfillmentsOf(Collection<UUID> lineIds) {
        return lineIds.isEmpty() ? Uni.createFrom().item(List.of())
                : getSession().chain(s -> s.createSelectionQuery(
                        "from Fulfillment where lineItemId in ?1 order by fulfilledAt", Fulfillment.class)
                        .setParameter(1, lineIds).getResultList());
    }

    public Uni<List<OrderEvent>> history(UUID orderId) {
        return getSession().chain(s -> s.createSelectionQuery("from OrderEvent where orderId = ?1 order by id",
                OrderEvent.class).setParameter(1, orderId).getResultList());
    }

    /**
     * Persists what a change created (lines, fulfillments, contracts, refunds, history...) and flushes
     * it with the changes to loaded entities, so that the statements run, in order, before whatever
     * comes next in the transaction.
     */
    public Uni<Void> save(List<?> created) {
        return getSession().chain(s -> (created.isEmpty() ? Uni.createFrom().voidItem() : s.persistAll(created.toArray()))
                .chain(s::flush));
    }

    /** When the longest-waiting order that is due for release became due; null when none is. */
    public Uni<Instant> oldestDue(Instant now) {
        return getSession().chain(session -> session.createNativeQuery(
                "select min(open_at) from orders where status = 'PENDING' and open_at <= :now and release_set_aside_at is null",
                Instant.class)
                .setParameter("now", now).getSingleResultOrNull());
    }

    // --- the release job, on a connection of its own: no session, no persistence context over thousands of rows

    /** Claims up to {@code limit} orders whose wait period has ended; other replicas skip them. */
    public static Uni<List<UUID>> claimDueForRelease(SqlClient tx, Instant now, int limit) {
        return tx.preparedQuery("""
                select id from orders where status = 'PENDING' and open_at <= $1 and release_set_aside_at is null
                and (release_retry_at is null or release_retry_at <= $1)
                order by open_at limit $2 for update skip locked""")
                .execute(Tuple.of(utc(now), limit)).map(OrderRepository::ids);
    }

    /** Claims one order if it is still due and neither set aside nor claimed elsewhere. */
    public static Uni<List<UUID>> claimOneForRelease(SqlClient tx, UUID orderId, Instant now) {
        return tx.preparedQuery("""
                select id from orders where id = $1 and status = 'PENDING' and open_at <= $2
                and release_set_aside_at is null for update skip locked""")
                .execute(Tuple.of(orderId, utc(now))).map(OrderRepository::ids);
    }

    private static List<UUID> ids(RowSet<Row> rows) {
        List<UUID> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.getUUID(0)));
        return ids;
    }

    /** Orders with their lines, as {@link #findSnapshots} reads them, of any store: claimed ones. */
    public static Uni<List<Order>> withLines(SqlClient tx, List<UUID> ids) {
        return tx.preparedQuery(CLAIMED).execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> snapshots(rows).stream().map(OrderSnapshot::order).toList());
    }

    // A pending order has no contract yet (they are issued at its release): no line's contracts to look up.
    private static final String CLAIMED = SNAPSHOT_SELECT.formatted("cast('{}' as uuid[])")
            + " where o.id = any($1) order by o.id, l.position";

    /** The fulfillments of these lines, oldest first. */
    public static Uni<List<Fulfillment>> fulfillmentsOf(SqlClient tx, List<UUID> lineIds) {
        return lineIds.isEmpty() ? Uni.createFrom().item(List.of()) : tx.preparedQuery("""
                select id, store_id, line_item_id, quantity, refunded_quantity, fulfilled_at, recorded_at
                from fulfillment where line_item_id = any($1) order by fulfilled_at""")
                .execute(Tuple.of(lineIds.toArray(UUID[]::new))).map(rows -> {
                    List<Fulfillment> found = new ArrayList<>();
                    for (Row row : rows) {
                        Fulfillment f = new Fulfillment();
                        f.id = row.getUUID("id");
                        f.storeId = row.getUUID("store_id");
                        f.lineItemId = row.getUUID("line_item_id");
                        f.quantity = row.getInteger("quantity");
                        f.refundedQuantity = row.getInteger("refunded_quantity");
                        f.fulfilledAt = instant(row, "fulfilled_at");
                        f.recordedAt = instant(row, "recorded_at");
                        found.add(f);
                    }
                    return found;
                });
    }

    /** Adds the writes of released orders: their history and statuses, each set-based (array literals). */
    public static void saveReleased(Writes writes, List<Order> orders, List<OrderEvent> events, Instant now) {
        List<LineItem> lines = orders.stream().flatMap(o -> o.lineItems.stream()).toList();
        writes.add(INSERT_EVENTS, SqlArrays.literal(events.stream().map(e -> e.id)),
                SqlArrays.literal(events.stream().map(e -> e.storeId)),
                SqlArrays.literal(events.stream().map(e -> e.orderId)),
                SqlArrays.literal(events.stream().map(e -> e.type)),
                SqlArrays.literal(events.stream().map(e -> e.at)),
                SqlArrays.literal(events.stream().map(e -> e.actor)),
                SqlArrays.literal(events.stream().map(e -> e.reason)),
                SqlArrays.literal(events.stream().map(e -> DatabaseJsonFormat.write(e.data))));
        writes.add(SET_ORDER_STATUSES, SqlArrays.literal(orders.stream().map(o -> o.id)),
                SqlArrays.literal(orders.stream().map(o -> o.status.name())), utc(now));
        writes.add(SET_LINE_STATUSES, SqlArrays.literal(lines.stream().map(l -> l.id)),
                SqlArrays.literal(lines.stream().map(l -> l.status.name())));
    }

    private static final String INSERT_EVENTS = """
            insert into order_event (id, store_id, order_id, type, at, actor, reason, data)
            select * from unnest(cast(cast($1 as text) as uuid[]), cast(cast($2 as text) as uuid[]),
                cast(cast($3 as text) as uuid[]), cast(cast($4 as text) as text[]), cast(cast($5 as text) as timestamptz[]),
                cast(cast($6 as text) as text[]), cast(cast($7 as text) as text[]), cast(cast($8 as text) as jsonb[]))""";
    private static final String SET_ORDER_STATUSES = """
            update orders t set status = v.status, updated_at = $3, version = t.version + 1
            from unnest(cast(cast($1 as text) as uuid[]), cast(cast($2 as text) as text[])) v(id, status)
            where t.id = v.id""";
    private static final String SET_LINE_STATUSES = """
            update line_item t set status = v.status
            from unnest(cast(cast($1 as text) as uuid[]), cast(cast($2 as text) as text[])) v(id, status)
            where t.id = v.id""";
}
