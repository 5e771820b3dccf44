package io.protection.orders.contract;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.reactive.mutiny.Mutiny;

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

    /** Inserts contracts in batches, in a stateless session (the release job). */
    public static Uni<Void> insertAll(Mutiny.StatelessSession session, List<Contract> contracts) {
        return session.insertMultiple(contracts);
    }
}
