package io.protection.orders.catalog;

import jakarta.enterprise.context.ApplicationScoped;

import io.protection.orders.common.db.Invalidations;
import io.protection.orders.common.db.Invalidations.Invalidation;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** The plans: what a store may sell, and the terms contracts are issued for. */
@ApplicationScoped
public class PlanRepository implements PanacheRepositoryBase<Plan, String> {

    /** Tells every replica's {@link PlanCatalog}, once this transaction commits, that the plans changed. */
    public Uni<Void> announceChange(String planId) {
        return getSession().chain(s -> s.createNativeQuery("select pg_notify(:channel, :payload)")
                .setParameter("channel", Invalidations.CHANNEL)
                .setParameter("payload", new Invalidation(PlanCatalog.CACHE, planId).payload()).getSingleResult())
                .replaceWithVoid();
    }
}
