package io.protection.orders.catalog;

import java.util.Collection;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

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

    /** The terms of these plans, read in a stateless session (the release job). */
    public static Uni<Map<String, Integer>> termsOf(Mutiny.StatelessSession session, Collection<String> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(Map.of())
                : session.createSelectionQuery("from Plan where id in ?1", Plan.class).setParameter(1, ids)
                        .getResultList().map(Plan::terms);
    }
}
