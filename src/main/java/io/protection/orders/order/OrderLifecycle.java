package io.protection.orders.order;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import org.hibernate.reactive.mutiny.Mutiny;

import io.protection.orders.catalog.Plan;
import io.protection.orders.common.ProblemException;
import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.common.outbox.Outbox;
import io.protection.orders.common.Violations;
import io.protection.orders.contract.Contract;
import io.protection.orders.contract.ContractIssuer;
import io.protection.orders.order.OrderViews.OrderView;
import io.protection.orders.store.Tenant;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Changes to existing orders: fulfill, cancel, void, and the release at the end of the wait period.
 * Each change locks the order row ({@code FOR UPDATE}) for its transaction, so that racing requests
 * on one order run one after the other and each sees what the previous one did.
 */
@ApplicationScoped
public class OrderLifecycle {

    @Inject
    Clock clock;

    @Inject
    ProtectionConfig config;

    @Inject
    Mutiny.SessionFactory sessionFactory;

    @Inject
    Outbox outbox;

    /** An order locked for a change, with its lines, its contracts, and its status when it was locked. */
    public record Locked(Order order, List<Contract> contracts, OrderStatus before) {
    }

    /** Body of {@code POST /line-items/fulfill}: the line by id, or by its and its order's transaction ids. */
    public record FulfillRequest(String lineItemId, String transactionId, String lineItemTransactionId,
            Integer quantity, Instant fulfilledAt) {
    }

    public Uni<OrderView> fulfill(Tenant tenant, FulfillRequest request, boolean fulfillAll, String ifMatch) {
        Instant now = clock.instant();
        if (request == null) {
            throw ProblemException.badRequest("A JSON body is required");
        }
        Violations v = new Violations();
        v.check(request.lineItemId() != null || request.lineItemTransactionId() != null,
                "lineItemId", "is required (or send lineItemTransactionId, with or without transactionId)");
        v.check(request.quantity() == null || request.quantity() >= 1, "quantity", "must be at least 1");
        v.check(!StatedDates.inFuture(request.fulfilledAt(), now), "fulfilledAt", "must not be in the future");
        v.throwIfAny();
        return Panache.withTransaction(() -> findLine(tenant.storeId(), request.lineItemId(), request.transactionId(),
                request.lineItemTransactionId())
                .chain(ref -> lock(tenant.storeId(), ref.orderId(), ifMatch).chain(locked -> {
                    Order order = locked.order();
                    Instant fulfilledAt = StatedDates.fulfillment(request.fulfilledAt(), order.statedPlacement(), now,
                            "fulfilledAt");
                    LineItem line = order.line(ref.lineId());
                    int units = fulfillAll ? line.unfulfilledUnits() : Objects.requireNonNullElse(request.quantity(), 1);
                    OrderStatus before = order.status;
                    order.fulfill(line, units);
                    Fulfillment fulfillment = Fulfillment.of(line, units, fulfilledAt, now);
                    return issue(order, line, List.of(fulfillment), locked.contracts(), now).chain(contracts -> {
                        Map<String, Object> data = new HashMap<>();
                        data.put("lineItemId", line.id);
                        data.put("quantity", units);
                        data.put("fulfilledAt", fulfilledAt.toString());
                        data.put("contractIds", contracts.stream().map(c -> c.id.toString()).toList());
                        OrderEvent event = OrderEvent.of(order, "fulfilled", tenant.actor(), null, data, now);
                        List<Contract> all = new ArrayList<>(locked.contracts());
                        all.addAll(contracts);
                        return save(new OrderNotices(order, before, all, contracts, List.of(), List.of(), List.of(), true),
                                tenant, now, fulfillment, event, contracts);
                    });
                })));
    }

    public Uni<OrderView> cancel(Tenant tenant, UUID orderId, String reason, String ifMatch) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> lock(tenant.storeId(), orderId, ifMatch).chain(locked -> {
            Order order = locked.order();
            OrderStatus before = order.status;
            order.cancel(now);
            List<String> failed = order.lineItems.stream().filter(l -> l.status == LineItemStatus.CANCEL_FAILED)
                    .map(l -> l.id.toString()).toList();
            OrderEvent event = OrderEvent.of(order, "canceled", tenant.actor(), reason,
                    Map.of("cancelFailedLineItemIds", failed), now);
            return save(OrderNotices.statusOf(order, before, locked.contracts()), tenant, now, event);
        }));
    }

    public Uni<OrderView> cancelLine(Tenant tenant, UUID lineId, Integer quantity, String ifMatch) {
        Instant now = clock.instant();
        if (quantity != null && quantity < 1) {
            throw ProblemException.validation("quantity", "must be at least 1");
        }
        return Panache.withTransaction(() -> findLine(tenant.storeId(), lineId.toString(), null, null)
                .chain(ref -> lock(tenant.storeId(), ref.orderId(), ifMatch).chain(locked -> {
                    Order order = locked.order();
                    LineItem line = order.line(ref.lineId());
                    int units = quantity != null ? quantity : line.unfulfilledUnits();
                    OrderStatus before = order.status;
                    boolean canceled = order.cancelLine(line, units, now);
                    OrderEvent event = OrderEvent.of(order, canceled ? "line_canceled" : "line_cancel_failed",
                            tenant.actor(), canceled ? null : "the line has shipped",
                            Map.of("lineItemId", line.id.toString(), "quantity", units), now);
                    return save(OrderNotices.statusOf(order, before, locked.contracts()), tenant, now, event);
                })));
    }

    public Uni<OrderView> voidOrder(Tenant tenant, UUID orderId, String reason, String ifMatch) {
        Instant now = clock.instant();
        if (reason == null || reason.isBlank()) {
            throw ProblemException.validation("reason", "is required to void an order");
        }
        return Panache.withTransaction(() -> lock(tenant.storeId(), orderId, ifMatch).chain(locked -> {
            Order order = locked.order();
            OrderStatus before = order.status;
            order.voidOrder();
            List<Contract> voided = new ArrayList<>();
            for (Contract contract : locked.contracts()) {
                if (contract.status == Contract.Status.LIVE) {
                    contract.status = Contract.Status.VOIDED;
                    contract.updatedAt = now;
                    voided.add(contract);
                }
            }
            OrderEvent event = OrderEvent.of(order, "voided", tenant.actor(), reason.trim(),
                    Map.of("voidedContractIds", voided.stream().map(c -> c.id.toString()).toList()), now);
            return save(new OrderNotices(order, before, locked.contracts(), List.of(), List.of(), voided, List.of(), true),
                    tenant, now, event);
        }));
    }

    /**
     * Releases up to {@code limit} orders whose wait period has ended, in one transaction. Rows are
     * claimed with {@code FOR UPDATE SKIP LOCKED}: replicas running this at once take disjoint sets,
     * and a released order is no longer {@code PENDING}, so none is released twice.
     *
     * @return how many orders were released
     */
    public Uni<Integer> releaseDue(int limit) {
        Instant now = clock.instant();
        // A stateless session: no persistence context to track, flush or cascade over thousands of rows.
        return sessionFactory.withStatelessTransaction(session -> session.createNativeQuery("""
                select id from orders where status = 'PENDING' and open_at <= :now
                order by open_at limit :limit for update skip locked""", UUID.class)
                .setParameter("now", now).setParameter("limit", limit).getResultList()
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(0) : release(session, ids, now)));
    }

    private Uni<Integer> release(Mutiny.StatelessSession session, List<UUID> ids, Instant now) {
        return session.createSelectionQuery("select distinct o from Order o left join fetch o.lineItems where o.id in ?1",
                Order.class).setParameter(1, ids).getResultList()
                .chain(orders -> {
                    List<UUID> lineIds = orders.stream().flatMap(o -> o.lineItems.stream())
                            .filter(l -> l.protectedLine() && l.fulfilledQuantity > 0).map(l -> l.id).toList();
                    Uni<List<Fulfillment>> fulfillments = lineIds.isEmpty() ? Uni.createFrom().item(List.of())
                            : session.createSelectionQuery("from Fulfillment where lineItemId in ?1 order by fulfilledAt",
                                    Fulfillment.class).setParameter(1, lineIds).getResultList();
                    Set<String> planIds = orders.stream().flatMap(o -> o.planIds().stream()).collect(Collectors.toSet());
                    Uni<List<Plan>> plans = planIds.isEmpty() ? Uni.createFrom().item(List.of())
                            : session.createSelectionQuery("from Plan where id in ?1", Plan.class)
                                    .setParameter(1, planIds).getResultList();
                    return fulfillments.chain(found -> plans.chain(planList -> {
                        Map<String, Integer> terms = Plan.terms(planList);
                        Map<UUID, List<Fulfillment>> byLine = found.stream().collect(Collectors.groupingBy(f -> f.lineItemId));
                        List<Contract> contracts = new ArrayList<>();
                        List<OrderEvent> events = new ArrayList<>();
                        List<Outbox.Message> messages = new ArrayList<>();
                        for (Order order : orders) {
                            OrderStatus pending = order.status;
                            order.release();
                            order.updatedAt = now;
                            int before = contracts.size();
                            for (LineItem line : order.lineItems) {
                                for (Fulfillment f : byLine.getOrDefault(line.id, List.of())) {
                                    boolean hasOne = contracts.size() > before
                                            && contracts.get(contracts.size() - 1).lineItemId.equals(line.id);
                                    contracts.addAll(ContractIssuer.issue(order, line, f, hasOne,
                                            terms.get(line.planId), config.shippingProtectionTerm(), now));
                                }
                            }
                            events.add(OrderEvent.of(order, "released", OrderEvent.RELEASE_JOB, "wait period ended",
                                    Map.of("status", order.status.wire(), "contracts", contracts.size() - before), now));
                            List<Contract> issued = contracts.subList(before, contracts.size());
                            messages.addAll(new OrderNotices(order, pending, issued, issued, List.of(), List.of(),
                                    List.of(), true).messages(outbox));
                        }
                        return session.insertMultiple(contracts)
                                .chain(() -> session.insertMultiple(events))
                                .chain(() -> saveReleased(session, orders, now))
                                .chain(() -> Outbox.write(session, messages, now))
                                .replaceWith(orders.size());
                    }));
                });
    }

    /** The released orders' and lines' statuses, as two set-based updates. */
    private static Uni<Void> saveReleased(Mutiny.StatelessSession session, List<Order> orders, Instant now) {
        List<LineItem> lines = orders.stream().flatMap(o -> o.lineItems.stream()).toList();
        return setStatuses(session, "update orders t set status = v.status, updated_at = :now, version = t.version + 1",
                orders.stream().map(o -> o.id), orders.stream().map(o -> o.status.name()))
                .setParameter("now", now).executeUpdate()
                .chain(() -> setStatuses(session, "update line_item t set status = v.status",
                        lines.stream().map(l -> l.id), lines.stream().map(l -> l.status.name())).executeUpdate())
                .replaceWithVoid();
    }

    private static Mutiny.MutationQuery setStatuses(Mutiny.StatelessSession session, String update, Stream<UUID> ids,
            Stream<String> statuses) {
        return session.createNativeQuery(update
                + " from unnest(cast(:ids as uuid[]), cast(:statuses as text[])) v(id, status) where t.id = v.id")
                .setParameter("ids", ids.toArray(UUID[]::new))
                .setParameter("statuses", statuses.toArray(String[]::new));
    }

    /**
     * Locks an order of the store for this transaction and loads its lines and contracts. A stale
     * {@code If-Match} is 412.
     */
    public Uni<Locked> lock(UUID storeId, UUID orderId, String ifMatch) {
        return Order.<Order> find("id = ?1 and storeId = ?2", orderId, storeId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("order " + orderId))
                .invoke(order -> checkIfMatch(order, ifMatch))
                .chain(order -> Panache.getSession().chain(s -> s.fetch(order.lineItems))
                        .chain(lines -> Contract.<Contract> list("orderId", order.id))
                        .map(contracts -> new Locked(order, contracts, order.status)));
    }

    /** Where a line lives: its id and its order's. */
    public record LineRef(UUID orderId, UUID lineId) {
    }

    /**
     * Finds a line of the store by id, or by its own transaction id, within its order's when
     * {@code transactionId} is given. A {@code lineItemTransactionId} alone that lines of several
     * orders have is 409 {@code ambiguous_line_item}.
     */
    public Uni<LineRef> findLine(UUID storeId, String lineItemId, String transactionId, String lineItemTransactionId) {
        String query = lineItemId != null
                ? "select l.order.id, l.id from LineItem l where l.id = :id and l.storeId = :store"
                : transactionId != null
                        ? "select l.order.id, l.id from LineItem l where l.storeId = :store"
                                + " and l.order.transactionId = :txn and l.lineItemTransactionId = :line"
                        : "select l.order.id, l.id from LineItem l where l.storeId = :store"
                                + " and l.lineItemTransactionId = :line";
        UUID id = lineItemId != null ? io.protection.orders.common.Ids.parseOrNull(lineItemId) : null;
        if (lineItemId != null && id == null) {
            return Uni.createFrom().failure(ProblemException.notFound("line item " + lineItemId));
        }
        return Panache.getSession().chain(session -> {
            var q = session.createSelectionQuery(query, Object[].class).setParameter("store", storeId);
            if (id != null) {
                q.setParameter("id", id);
            } else {
                q.setParameter("line", lineItemTransactionId);
                if (transactionId != null) {
                    q.setParameter("txn", transactionId);
                }
            }
            // Two rows are enough to tell an ambiguous id; a line id is unique within its order.
            return q.setMaxResults(2).getResultList();
        }).map(rows -> {
            if (rows.isEmpty()) {
                throw ProblemException.notFound("line item " + (lineItemId != null ? lineItemId
                        : transactionId != null ? transactionId + "/" + lineItemTransactionId : lineItemTransactionId));
            }
            if (rows.size() > 1) {
                throw ProblemException.conflict("ambiguous_line_item", "lineItemTransactionId " + lineItemTransactionId
                        + " names lines of several orders; send transactionId or lineItemId too");
            }
            return new LineRef((UUID) rows.get(0)[0], (UUID) rows.get(0)[1]);
        });
    }

    /** Contracts that fulfillments of a line create now; none while the order waits. */
    public Uni<List<Contract>> issue(Order order, LineItem line, List<Fulfillment> fulfillments,
            List<Contract> existing, Instant now) {
        if (order.status == OrderStatus.PENDING || !line.protectedLine()) {
            return Uni.createFrom().item(List.of());
        }
        Uni<Integer> term = line.planId == null ? Uni.createFrom().nullItem()
                : Plan.<Plan> findById(line.planId).map(p -> p == null ? null : p.termMonths);
        return term.map(months -> {
            List<Contract> contracts = new ArrayList<>();
            for (Fulfillment f : fulfillments) {
                boolean hasOne = existing.stream().anyMatch(c -> c.lineItemId.equals(line.id)) || !contracts.isEmpty();
                contracts.addAll(ContractIssuer.issue(order, line, f, hasOne, months, config.shippingProtectionTerm(), now));
            }
            return contracts;
        });
    }


    /**
     * Persists what a change made and the messages it sends, bumps the order's version, and answers
     * with the order.
     */
    Uni<OrderView> save(OrderNotices notices, Tenant tenant, Instant now, Object... created) {
        Order order = notices.order();
        order.updatedAt = now;
        List<Object> entities = new ArrayList<>();
        for (Object o : created) {
            if (o instanceof List<?> list) {
                entities.addAll(list);
            } else {
                entities.add(o);
            }
        }
        return OrderService.persistAll(entities).chain(() -> Panache.flush())
                .chain(() -> notices.write(outbox, tenant.actor(), now))
                .map(ignored -> OrderView.of(order, notices.contracts()));
    }

    static void checkIfMatch(Order order, String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        String current = String.valueOf(order.version);
        for (String tag : ifMatch.split(",")) {
            String value = tag.trim();
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.replace("\"", "").equals(current)) {
                return;
            }
        }
        throw new ProblemException(412, "precondition_failed", "Precondition failed",
                "If-Match " + ifMatch + " doesn't match the order's current ETag \"" + current + "\"", List.of(), null);
    }
}
