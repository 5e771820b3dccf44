package io.protection.orders.contract;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.reactive.mutiny.Mutiny;

import io.protection.orders.common.DatabaseJsonFormat;
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
     * Inserts contracts in one statement, in a stateless session (the release job): a row per array
     * element, where a batch of single-row inserts costs the database an execution per contract.
     */
    public static Uni<Void> insertAll(Mutiny.StatelessSession session, List<Contract> contracts) {
        if (contracts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Instants go as text: the driver refuses Hibernate's Instant[] for a timestamptz[] parameter.
        return session.createNativeQuery("""
                insert into contract (id, store_id, order_id, line_item_id, fulfillment_id, type, plan_id, products,
                    purchase_price, currency, customer, term_start, term_end, status, created_at, updated_at)
                select c.id, c.store_id, c.order_id, c.line_item_id, c.fulfillment_id, c.type, c.plan_id,
                    cast(c.products as jsonb), c.purchase_price, c.currency, cast(c.customer as jsonb),
                    cast(c.term_start as timestamptz), cast(c.term_end as timestamptz), c.status,
                    cast(c.created_at as timestamptz), cast(c.updated_at as timestamptz)
                from unnest(cast(:ids as uuid[]), cast(:stores as uuid[]), cast(:orders as uuid[]),
                    cast(:lines as uuid[]), cast(:fulfillments as uuid[]), cast(:types as text[]), cast(:plans as text[]),
                    cast(:products as text[]), cast(:prices as bigint[]), cast(:currencies as text[]),
                    cast(:customers as text[]), cast(:starts as text[]), cast(:ends as text[]),
                    cast(:statuses as text[]), cast(:created as text[]), cast(:updated as text[]))
                    as c(id, store_id, order_id, line_item_id, fulfillment_id, type, plan_id, products, purchase_price,
                    currency, customer, term_start, term_end, status, created_at, updated_at)""")
                .setParameter("ids", column(contracts, c -> c.id, UUID[]::new))
                .setParameter("stores", column(contracts, c -> c.storeId, UUID[]::new))
                .setParameter("orders", column(contracts, c -> c.orderId, UUID[]::new))
                .setParameter("lines", column(contracts, c -> c.lineItemId, UUID[]::new))
                .setParameter("fulfillments", column(contracts, c -> c.fulfillmentId, UUID[]::new))
                .setParameter("types", column(contracts, c -> c.type.name(), String[]::new))
                .setParameter("plans", column(contracts, c -> c.planId, String[]::new))
                .setParameter("products", column(contracts, c -> DatabaseJsonFormat.write(c.products), String[]::new))
                .setParameter("prices", column(contracts, c -> c.purchasePrice, Long[]::new))
                .setParameter("currencies", column(contracts, c -> c.currency, String[]::new))
                .setParameter("customers", column(contracts, c -> DatabaseJsonFormat.write(c.customer), String[]::new))
                .setParameter("starts", column(contracts, c -> c.termStart.toString(), String[]::new))
                .setParameter("ends", column(contracts, c -> c.termEnd.toString(), String[]::new))
                .setParameter("statuses", column(contracts, c -> c.status.name(), String[]::new))
                .setParameter("created", column(contracts, c -> c.createdAt.toString(), String[]::new))
                .setParameter("updated", column(contracts, c -> c.updatedAt.toString(), String[]::new))
                .executeUpdate().replaceWithVoid();
    }

    private static <T> T[] column(List<Contract> contracts, Function<Contract, ? extends T> value, IntFunction<T[]> array) {
        return contracts.stream().map(value).toArray(array);
    }
}
