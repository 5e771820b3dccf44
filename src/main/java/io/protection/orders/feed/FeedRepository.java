package io.protection.orders.feed;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.protection.orders.store.Tenant;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Feed requests and events, and the items the worker applies one at a time. */
@ApplicationScoped
public class FeedRepository implements PanacheRepositoryBase<FeedRequest, UUID> {

    /** The store's request, or null. */
    public Uni<FeedRequest> findInStore(UUID storeId, UUID requestId) {
        return find("id = ?1 and storeId = ?2", requestId, storeId).firstResult();
    }

    /** The store's event with the same type and payload, or null. */
    public Uni<FeedRequest> findByDedupeKey(UUID storeId, String dedupeKey) {
        return find("storeId = ?1 and dedupeKey = ?2", storeId, dedupeKey).firstResult();
    }

    /** Persists a request with its items. */
    public Uni<Void> save(List<?> entities) {
        return getSession().chain(s -> s.persistAll(entities.toArray()));
    }

    public Uni<FeedItem> findItem(UUID itemId) {
        return getSession().chain(s -> s.find(FeedItem.class, itemId));
    }

    /** The store's applied items about one merchant order, in the order they were applied. */
    public Uni<List<FeedItem>> appliedItemsOf(UUID storeId, String orderRef) {
        return getSession().chain(s -> s.createSelectionQuery(
                "from FeedItem where storeId = ?1 and orderRef = ?2 and status = ?3 order by processedAt", FeedItem.class)
                .setParameter(1, storeId).setParameter(2, orderRef).setParameter(3, FeedItem.SUCCESSFUL).getResultList());
    }

    /** Claims the item for this transaction if it is still due and no other worker has it; null otherwise. */
    public Uni<UUID> claimIfDue(UUID itemId, Instant now) {
        return getSession().chain(session -> session.createNativeQuery("""
                select id from feed_item where id = :id and status = 'PENDING' and available_at <= :now
                for update skip locked""", UUID.class)
                .setParameter("id", itemId).setParameter("now", now).getSingleResultOrNull());
    }

    /** Each item's order id, status and errors, in the request's order: not the records, which may not read back. */
    public Uni<List<Object[]>> itemStatusesOf(UUID requestId) {
        return getSession().chain(session -> session.createSelectionQuery(
                "select i.orderRef, i.status, i.errors from FeedItem i where i.requestId = :request order by i.position",
                Object[].class).setParameter("request", requestId).getResultList());
    }

    /**
     * Serialises the records and events of one merchant order id for this transaction, so that two
     * workers never create or change the same order at once.
     */
    public Uni<Void> lockOrderRef(Tenant tenant, String orderRef) {
        return getSession().chain(session -> session
                .createNativeQuery("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", tenant.storeId() + ":order:" + orderRef).getSingleResult()).replaceWithVoid();
    }
}
