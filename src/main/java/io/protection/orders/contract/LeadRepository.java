package io.protection.orders.contract;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

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
}
