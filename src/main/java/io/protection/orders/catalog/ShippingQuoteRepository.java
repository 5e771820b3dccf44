package io.protection.orders.catalog;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Shipping-protection quotes, which orders consume. */
@ApplicationScoped
public class ShippingQuoteRepository implements PanacheRepositoryBase<ShippingQuote, UUID> {

    /** Locks the store's quotes with these ids for the order that uses them; another store's are never seen. */
    public Uni<List<ShippingQuote>> lockForOrder(UUID storeId, Collection<UUID> ids) {
        return find("id in ?1 and storeId = ?2", ids, storeId).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}
