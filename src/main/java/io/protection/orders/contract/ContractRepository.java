package io.protection.orders.contract;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.protection.orders.common.DatabaseJsonFormat;
import io.protection.orders.common.db.SqlArrays;
import io.protection.orders.common.db.Writes;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/** Contracts, oldest first wherever a list of them is answered. */
@ApplicationScoped
public class ContractRepository implements PanacheRepositoryBase<Contract, UUID> {

    public Uni<List<Contract>> listByOrder(UUID orderId) {
        return list("orderId = ?1 order by id", orderId);
    }

    public Uni<List<Contract>> listByOrders(Collection<UUID> orderIds) {
        return orderIds.isEmpty() ? Uni.createFrom().item(List.of()) : list("orderId in ?1 order by id", orderIds);
    }

    public Uni<List<Contract>> listByLines(Collection<UUID> lineIds) {
        return lineIds.isEmpty() ? Uni.createFrom().item(List.of()) : list("lineItemId in ?1 order by id", lineIds);
    }

    /** The store's contract, or null. */
    public Uni<Contract> findInStore(UUID storeId, UUID contractId) {
        return find("id = ?1 and storeId = ?2", contractId, storeId).firstResult();
    }

    /** Locks a contract for a change of its own (a revocation); null when there is none. */
    public Uni<Contract> lockForChange(UUID contractId) {
        return find("id", contractId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** A page of the store's contracts, newest first, by order id or order transaction id. */
    public Uni<List<Contract>> search(UUID storeId, UUID orderId, String transactionId, UUID after, int size) {
        StringBuilder query = new StringBuilder("storeId = :store");
        Parameters params = Parameters.with("store", storeId);
        if (orderId != null) {
            query.append(" and orderId = :order");
            params.and("order", orderId);
        }
        if (transactionId != null) {
            query.append(" and orderId in (select o.id from Order o where o.storeId = :store and o.transactionId = :txn)");
            params.and("txn", transactionId);
        }
        if (after != null) {
            query.append(" and id < :after");
            params.and("after", after);
        }
        query.append(" order by id desc");
        return find(query.toString(), params).page(Page.ofSize(size)).list();
    }

    /**
     * Adds the insert of contracts: one write for all of them, a row per array element, each column as
     * one array literal ({@link SqlArrays}).
     */
    public static void insertAll(Writes writes, List<Contract> contracts) {
        if (!contracts.isEmpty()) {
            writes.add(INSERT_ALL, columns(contracts).toArray());
        }
    }

    private static final String INSERT_ALL = """
            insert into contract (id, store_id, order_id, line_item_id, fulfillment_id, type, plan_id, products,
                purchase_price, currency, customer, term_start, term_end, status, created_at, updated_at)
            select * from unnest(cast(cast($1 as text) as uuid[]), cast(cast($2 as text) as uuid[]),
                cast(cast($3 as text) as uuid[]), cast(cast($4 as text) as uuid[]), cast(cast($5 as text) as uuid[]),
                cast(cast($6 as text) as text[]), cast(cast($7 as text) as text[]), cast(cast($8 as text) as jsonb[]),
                cast(cast($9 as text) as bigint[]), cast(cast($10 as text) as text[]), cast(cast($11 as text) as jsonb[]),
                cast(cast($12 as text) as timestamptz[]), cast(cast($13 as text) as timestamptz[]),
                cast(cast($14 as text) as text[]), cast(cast($15 as text) as timestamptz[]),
                cast(cast($16 as text) as timestamptz[]))""";

    /** The contracts' columns, in the insert's order, each as an array literal. */
    private static List<String> columns(List<Contract> contracts) {
        List<Function<Contract, Object>> columns = List.of(c -> c.id, c -> c.storeId, c -> c.orderId,
                c -> c.lineItemId, c -> c.fulfillmentId, c -> c.type.name(), c -> c.planId,
                c -> DatabaseJsonFormat.write(c.products), c -> c.purchasePrice, c -> c.currency,
                c -> DatabaseJsonFormat.write(c.customer), c -> c.termStart, c -> c.termEnd, c -> c.status.name(),
                c -> c.createdAt, c -> c.updatedAt);
        return columns.stream().map(column -> SqlArrays.literal(contracts.stream().map(column))).toList();
    }
}
