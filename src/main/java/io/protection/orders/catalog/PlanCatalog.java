package io.protection.orders.catalog;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.protection.orders.common.db.Invalidations;
import io.protection.orders.common.db.Invalidations.Invalidation;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Every plan, kept in memory: orders and offers read the catalog on each call, and it changes only
 * when an operator puts a plan. A change committed on any replica is announced through
 * {@link Invalidations} and every replica reloads; while the listener is down the catalog is read
 * from the database on each call. The plans held are read-only copies, never changed or persisted.
 */
@ApplicationScoped
public class PlanCatalog {

    static final String CACHE = "plan";

    @Inject
    PlanRepository plans;

    @Inject
    Invalidations invalidations;

    private volatile List<Plan> all;
    // Bumped by every change: a load that started before one must not keep what it read.
    private final AtomicLong changes = new AtomicLong();

    /**
     * Every plan, active or not, of every store. Reads in the caller's session when it must, or in one
     * of its own when the caller has none (a change on a connection of the pool).
     */
    public Uni<List<Plan>> all() {
        List<Plan> held = invalidations.listening() ? all : null;
        if (held != null) {
            return Uni.createFrom().item(held);
        }
        long seen = changes.get();
        return Panache.withSession(plans::listAll).map(found -> {
            List<Plan> copy = List.copyOf(found);
            if (invalidations.listening() && changes.get() == seen) {
                all = copy;
            }
            return copy;
        });
    }

    /** The terms (months) of the plans with these ids. */
    public Uni<Map<String, Integer>> termsOf(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return all().map(found -> {
            Map<String, Integer> terms = new HashMap<>();
            found.stream().filter(p -> ids.contains(p.id)).forEach(p -> terms.put(p.id, p.termMonths));
            return terms;
        });
    }

    /** The term (months) of one plan; null when the line has no plan or the plan is gone. */
    public Uni<Integer> termOf(String planId) {
        return planId == null ? Uni.createFrom().nullItem()
                : all().map(found -> found.stream().filter(p -> p.id.equals(planId)).map(p -> p.termMonths)
                        .findFirst().orElse(null));
    }

    /** Forgets the plans here at once; the other replicas forget them when the change's notice arrives. */
    public void forget() {
        changes.incrementAndGet();
        all = null;
    }

    void invalidated(@Observes Invalidation notice) {
        if (notice.concerns(CACHE)) {
            forget();
        }
    }
}
