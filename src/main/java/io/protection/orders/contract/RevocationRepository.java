package io.protection.orders.contract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.protection.orders.common.Ids;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/** Customers' revocations of their contracts. */
@ApplicationScoped
public class RevocationRepository implements PanacheRepositoryBase<Revocation, UUID> {

    /** The contract's open revocation, or null. */
    public Uni<Revocation> findOpen(UUID contractId) {
        return find("contractId = ?1 and status = ?2", contractId, Revocation.Status.OPEN.wire()).firstResult();
    }

    /** A page of revocations, newest first; {@code storeId} and {@code status} null for all. */
    public Uni<List<Revocation>> search(UUID storeId, Revocation.Status status, UUID after, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (storeId != null) {
            query.append(" and storeId = :store");
            params.and("store", storeId);
        }
        if (status != null) {
            query.append(" and status = :status");
            params.and("status", status.wire());
        }
        if (after != null) {
            query.append(" and id < :after");
            params.and("after", after);
        }
        return find(query + " order by id desc", params).page(Page.ofSize(size)).list();
    }

    /**
     * Closes the open revocations of refunded contracts (the merchant's refund answers them), each with a
     * history entry, in one statement.
     */
    public static Uni<Void> closeRefunded(Mutiny.QueryProducer session, UUID storeId, List<UUID> contractIds,
            String actor, Instant now) {
        return session.createNativeQuery("""
                with closed as (
                    update revocation set status = 'closed', closed_at = :now
                    where store_id = :store and contract_id = any(cast(:contracts as uuid[])) and status = 'open'
                    returning id, contract_id, order_id)
                insert into order_event (id, store_id, order_id, type, at, actor, reason, data)
                select v.event_id, :store, c.order_id, 'revocation_closed', :now, :actor, 'contract refunded',
                       jsonb_build_object('revocationId', c.id, 'contractId', c.contract_id)
                from closed c join unnest(cast(:contracts as uuid[]), cast(:events as uuid[])) as v(contract_id, event_id)
                     on v.contract_id = c.contract_id""")
                .setParameter("now", now).setParameter("store", storeId)
                .setParameter("contracts", contractIds.toArray(UUID[]::new))
                .setParameter("events", contractIds.stream().map(c -> Ids.next()).toArray(UUID[]::new))
                .setParameter("actor", actor).executeUpdate().replaceWithVoid();
    }
}
