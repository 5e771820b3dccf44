package io.protection.orders.order.service;

import io.protection.orders.order.Fulfillment;
import io.protection.orders.order.LineItem;
import io.protection.orders.order.LineItemStatus;
import io.protection.orders.order.Order;
import io.protection.orders.order.OrderEvent;
import io.protection.orders.order.OrderStatus;
import io.protection.orders.order.StatedDates;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.protection.orders.catalog.PlanCatalog;
import io.protection.orders.common.ProblemException;
import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.common.db.Writes;
import io.protection.orders.common.outbox.MessageRepository;
import io.protection.orders.common.outbox.Outbox;
import io.protection.orders.common.Violations;
import io.protection.orders.contract.Contract;
import io.protection.orders.contract.ContractIssuer;
import io.protection.orders.contract.ContractRepository;
import io.protection.orders.order.OrderRepository;
import io.protection.orders.order.OrderRepository.LineRef;
import io.protection.orders.order.service.OrderViews.OrderView;
import io.protection.orders.store.Tenant;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

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
    Pool pool;

    @Inject
    Outbox outbox;

    @Inject
    OrderRepository orders;

    @Inject
    ContractRepository contracts;

    @Inject
    PlanCatalog plans;

    /** An order locked for a change, with its lines, its contracts, and its status when it was locked. */
    public record Locked(Order order, List<Contract> contracts, OrderStatus before) {
    }

    /** Body of {@code POST /line-items/fulfill}: the line by id, or by its and its order's transaction ids. */
    public record FulfillRequest(String lineItemId, String transactionId, String lineItemTransactionId,
            Integer quantity, Instant fulfilledAt) {
    }

    /**
     * Fulfills units of a line, on the connection of the caller's transaction ({@code
     * Idempotency.runOnConnection}): the line's order locked and read, then every write sent at once.
     */
    public Uni<OrderView> fulfill(SqlConnection tx, Tenant tenant, FulfillRequest request, boolean fulfillAll,
            String ifMatch) {
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
        UUID storeId = tenant.storeId();
        return orders.lockLine(tx, storeId, request.lineItemId(), request.transactionId(), request.lineItemTransactionId())
                .chain(ref -> orders.findSnapshot(tx, storeId, ref.orderId()).chain(snapshot -> {
                    Order order = snapshot.order();
                    checkIfMatch(order, ifMatch);
                    Instant fulfilledAt = StatedDates.fulfillment(request.fulfilledAt(), order.statedPlacement(), now,
                            "fulfilledAt");
                    LineItem line = order.line(ref.lineId());
                    int units = fulfillAll ? line.unfulfilledUnits() : Objects.requireNonNullElse(request.quantity(), 1);
                    OrderStatus before = order.status;
                    order.fulfill(line, units);
                    Fulfillment fulfillment = Fulfillment.of(line, units, fulfilledAt, now);
                    List<UUID> lineContracts = new ArrayList<>(snapshot.contractIds().getOrDefault(line.id, List.of()));
                    return issue(order, line, List.of(fulfillment), !lineContracts.isEmpty(), now).chain(contracts -> {
                        contracts.forEach(c -> lineContracts.add(c.id));
                        Map<UUID, List<UUID>> contractIds = new HashMap<>(snapshot.contractIds());
                        contractIds.put(line.id, lineContracts);
                        OrderEvent event = OrderEvent.of(order, "fulfilled", tenant.actor(), null, Map.of(
                                "lineItemId", line.id, "quantity", units, "fulfilledAt", fulfilledAt.toString(),
                                "contractIds", contracts.stream().map(c -> c.id.toString()).toList()), now);
                        order.updatedAt = now;
                        order.version++;
                        OrderNotices notices = new OrderNotices(order, before, contractIds, contracts, List.of(),
                                List.of(), List.of(), true);
                        Writes writes = new Writes();
                        orders.saveFulfilled(writes, order, line, fulfillment, event);
                        ContractRepository.insertAll(writes, contracts);
                        MessageRepository.write(writes, notices.messages(outbox), now);
                        return writes.execute(tx).map(ignored -> notices.view());
                    });
                }));
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
            return save(new OrderNotices(order, before, OrderViews.contractIds(order, locked.contracts()), List.of(),
                    List.of(), voided, List.of(), true),
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
        // On a pool connection, without a session: nothing to track, flush or cascade over thousands of rows.
        return pool.withTransaction(tx -> OrderRepository.claimDueForRelease(tx, now, limit)
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(0) : release(tx, ids, now)));
    }

    /**
     * Releases one order if it is still due and not claimed elsewhere, in a transaction of its own: the
     * release job's way round a batch that failed, so that one order can't hold back the others.
     *
     * @return 1 if the order was released, else 0
     */
    public Uni<Integer> releaseOne(UUID orderId) {
        Instant now = clock.instant();
        return pool.withTransaction(tx -> OrderRepository.claimOneForRelease(tx, orderId, now)
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(0) : release(tx, ids, now)));
    }

    private Uni<Integer> release(SqlConnection tx, List<UUID> ids, Instant now) {
        return OrderRepository.withLines(tx, ids).chain(loaded -> {
            List<UUID> lineIds = loaded.stream().flatMap(o -> o.lineItems.stream())
                    .filter(l -> l.protectedLine() && l.fulfilledQuantity > 0).map(l -> l.id).toList();
            Set<String> planIds = loaded.stream().flatMap(o -> o.planIds().stream()).collect(Collectors.toSet());
            return OrderRepository.fulfillmentsOf(tx, lineIds).chain(found -> plans.termsOf(planIds)
                    .chain(terms -> {
                        Map<UUID, List<Fulfillment>> byLine = found.stream().collect(Collectors.groupingBy(f -> f.lineItemId));
                        List<Contract> issued = new ArrayList<>();
                        List<OrderEvent> events = new ArrayList<>();
                        List<Outbox.Message> messages = new ArrayList<>();
                        for (Order order : loaded) {
                            OrderStatus pending = order.status;
                            order.release();
                            order.updatedAt = now;
                            int before = issued.size();
                            for (LineItem line : order.lineItems) {
                                for (Fulfillment f : byLine.getOrDefault(line.id, List.of())) {
                                    boolean hasOne = issued.size() > before
                                            && issued.get(issued.size() - 1).lineItemId.equals(line.id);
                                    issued.addAll(ContractIssuer.issue(order, line, f, hasOne,
                                            terms.get(line.planId), config.shippingProtectionTerm(), now));
                                }
                            }
                            events.add(OrderEvent.of(order, "released", OrderEvent.RELEASE_JOB, "wait period ended",
                                    Map.of("status", order.status.wire(), "contracts", issued.size() - before), now));
                            List<Contract> mine = issued.subList(before, issued.size());
                            messages.addAll(new OrderNotices(order, pending, OrderViews.contractIds(order, mine), mine,
                                    List.of(), List.of(), List.of(), true).messages(outbox));
                        }
                        Writes writes = new Writes();
                        ContractRepository.insertAll(writes, issued);
                        OrderRepository.saveReleased(writes, loaded, events, now);
                        MessageRepository.write(writes, messages, now);
                        return writes.execute(tx).replaceWith(loaded.size());
                    }));
        });
    }

    /**
     * Locks an order of the store for this transaction and loads its lines and contracts. A stale
     * {@code If-Match} is 412.
     */
    public Uni<Locked> lock(UUID storeId, UUID orderId, String ifMatch) {
        return orders.lockForChange(storeId, orderId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("order " + orderId))
                .invoke(order -> checkIfMatch(order, ifMatch))
                .chain(order -> contracts.listByOrder(order.id).map(found -> new Locked(order, found, order.status)));
    }

    /** See {@link OrderRepository#findLine}. */
    public Uni<LineRef> findLine(UUID storeId, String lineItemId, String transactionId, String lineItemTransactionId) {
        return orders.findLine(storeId, lineItemId, transactionId, lineItemTransactionId);
    }

    /** Contracts that fulfillments of a line create now; none while the order waits. */
    public Uni<List<Contract>> issue(Order order, LineItem line, List<Fulfillment> fulfillments,
            List<Contract> existing, Instant now) {
        return issue(order, line, fulfillments, existing.stream().anyMatch(c -> c.lineItemId.equals(line.id)), now);
    }

    private Uni<List<Contract>> issue(Order order, LineItem line, List<Fulfillment> fulfillments, boolean lineHasOne,
            Instant now) {
        if (order.status == OrderStatus.PENDING || !line.protectedLine()) {
            return Uni.createFrom().item(List.of());
        }
        return plans.termOf(line.planId).map(months -> {
            List<Contract> contracts = new ArrayList<>();
            for (Fulfillment f : fulfillments) {
                boolean hasOne = lineHasOne || !contracts.isEmpty();
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
        return orders.save(entities)
                .chain(() -> notices.write(outbox, tenant.actor(), now))
                .map(ignored -> notices.view());
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
