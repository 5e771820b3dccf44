package io.protection.orders.order.service;

import io.protection.orders.catalog.PlanCatalog;
import io.protection.orders.contract.ContractRepository;
import io.protection.orders.order.OrderRepository;
import io.protection.orders.order.LineItemType;
import io.protection.orders.order.StatedDates;
import io.protection.orders.order.OrderInput;
import io.protection.orders.order.ClientHabits;
import io.protection.orders.order.Fulfillment;
import io.protection.orders.order.LineItem;
import io.protection.orders.order.Order;
import io.protection.orders.order.OrderEvent;
import io.protection.orders.order.OrderStatus;
import io.protection.orders.order.OrderValidator;
import io.protection.orders.order.TransitionException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.common.outbox.Outbox;
import io.protection.orders.contract.Contract;
import io.protection.orders.contract.ContractIssuer;
import io.protection.orders.contract.RefundPlan;
import io.protection.orders.order.service.RefundService.Applied;
import io.protection.orders.order.OrderInput.Shipment;
import io.protection.orders.order.service.OrderViews.OrderView;
import io.protection.orders.store.Tenant;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * {@code PUT /orders}: the merchant sends the full current snapshot of a transaction and the
 * difference is applied in one transaction. New lines are added; a higher {@code fulfilledQuantity}
 * fulfills; a lower quantity, or a missing line, cancels unfulfilled units first and then refunds
 * fulfilled ones (within the refund window); a dropped {@code plan} refunds only the protection;
 * shipments are matched on {@code trackingId}. The same snapshot again changes nothing: no new
 * version, no history entry.
 */
@ApplicationScoped
public class OrderUpsert {

    @Inject
    Clock clock;

    @Inject
    ProtectionConfig config;

    @Inject
    OrderService orders;

    @Inject
    RefundService refunds;

    @Inject
    Outbox outbox;

    @Inject
    OrderRepository orderRepository;

    @Inject
    ContractRepository contracts;

    @Inject
    PlanCatalog plans;

    public record Result(boolean created, OrderView order) {
    }

    /**
     * @param historical an import of past orders: new orders don't wait, fulfillments keep their dates
     */
    public Uni<Result> upsert(Tenant tenant, OrderInput.Order sent, boolean historical) {
        Instant now = clock.instant();
        OrderInput.Order input = ClientHabits.normalize(sent);
        String currency = OrderValidator.validate(input, now);
        return attempt(tenant, input, currency, now, historical);
    }

    /**
     * Runs an upsert, and once more if it lost the race for a new transactionId: two first snapshots
     * racing both find no order, the loser's insert hits the unique key, and its second run updates.
     * {@code upsert} must be the whole transaction (an idempotency record's included): PostgreSQL has
     * aborted it by then, so the retry needs a new one.
     */
    public static <T> Uni<T> retryingRace(Supplier<Uni<T>> upsert) {
        return Uni.createFrom().deferred(upsert::get).onFailure(OrderService::violatesUniqueTransaction).retry().atMost(1);
    }

    private Uni<Result> attempt(Tenant tenant, OrderInput.Order input, String currency, Instant now, boolean historical) {
        return Panache.withTransaction(() -> orderRepository.lockByTransactionId(tenant.storeId(), input.transactionId())
                .chain(existing -> existing == null
                        ? orders.insert(tenant, input, currency, now, historical).map(view -> new Result(true, view))
                        : load(existing).chain(state -> update(tenant, state, input, currency, now, historical))
                                .map(view -> new Result(false, view))));
    }

    /** The order with what a difference may touch: lines, contracts, fulfillments and plan terms. */
    private record State(Order order, List<Contract> contracts, List<Fulfillment> fulfillments,
            Map<String, Integer> terms) {
    }

    private Uni<State> load(Order order) {
        return contracts.listByOrder(order.id)
                .chain(found -> orderRepository.fulfillmentsOf(order.lineItems.stream().map(l -> l.id).toList())
                        .chain(fulfillments -> plans.termsOf(order.planIds()).map(terms -> new State(order,
                                new ArrayList<>(found), new ArrayList<>(fulfillments), terms))));
    }

    private Uni<OrderView> update(Tenant tenant, State state, OrderInput.Order input, String currency, Instant now,
            boolean historical) {
        Order order = state.order();
        if (!order.currency.equals(currency)) {
            throw new TransitionException.InvalidTransition("An order's currency can't change: it is " + order.currency);
        }
        OrderStatus before = order.status;
        List<String> changes = new ArrayList<>();
        List<Object> entities = new ArrayList<>();
        if (order.applyDetails(input)) {
            changes.add("details");
        }
        Map<String, OrderInput.LineItem> snapshot = new LinkedHashMap<>();
        input.lineItems().forEach(l -> snapshot.put(l.lineItemTransactionId(), l));
        for (LineItem line : List.copyOf(order.lineItems)) {
            updateLine(tenant, state, line, snapshot.get(line.lineItemTransactionId), changes, entities, now);
        }
        List<OrderInput.LineItem> added = input.lineItems().stream()
                .filter(l -> order.lineItems.stream().noneMatch(e -> e.lineItemTransactionId.equals(l.lineItemTransactionId())))
                .toList();
        if ((!changes.isEmpty() || !added.isEmpty()) && (before == OrderStatus.VOIDED || before == OrderStatus.CANCELED)) {
            throw new TransitionException.InvalidTransition("Order " + order.id + " is " + before.wire()
                    + " and can't change");
        }
        Uni<OrderService.Added> adding = added.isEmpty() ? Uni.createFrom().item(OrderService.Added.NOTHING)
                : orders.addLines(tenant, order, added, OrderInput.categoryProductIds(input.lineItems()),
                        order.status == OrderStatus.PENDING, now);
        return adding.chain(newLines -> {
            if (!added.isEmpty()) {
                changes.add("added " + added.size() + " line(s)");
                entities.addAll(newLines.entities());
                state.contracts().addAll(newLines.contracts());
            }
            if (changes.isEmpty()) {
                return Uni.createFrom().item(OrderView.of(order, state.contracts()));
            }
            order.refreshStatus();
            order.updatedAt = now;
            entities.add(OrderEvent.of(order, "updated", tenant.actor(), null, Map.of("changes", changes), now));
            OrderNotices notices = OrderNotices.of(order, before, state.contracts(), entities, !historical);
            return orderRepository.save(entities)
                    .chain(() -> notices.write(outbox, tenant.actor(), now))
                    .map(ignored -> OrderView.of(order, state.contracts()));
        });
    }

    /** Applies one line's difference; {@code next} is null when the snapshot no longer has the line. */
    private void updateLine(Tenant tenant, State state, LineItem line, OrderInput.LineItem next, List<String> changes,
            List<Object> entities, Instant now) {
        Order order = state.order();
        String name = "line " + line.lineItemTransactionId;
        if (next != null && line.planId != null && next.plan() == null) {
            Applied refund = refunds.refundProtection(tenant, order, line, state.contracts(), "plan dropped", now);
            if (refund != null) {
                entities.add(refund.refund());
                entities.add(refund.event());
            }
            line.dropProtection(order.status == OrderStatus.PENDING);
            changes.add(name + ": plan dropped");
        } else if (next != null && line.planId == null && next.plan() != null) {
            throw new TransitionException.InvalidTransition(
                    "Line " + line.lineItemTransactionId + " was sold without a plan; send the protection as a new line");
        }
        Integer fulfilledQuantity = next == null ? null : next.fulfilledQuantity();
        // Shipments first: a shipping-protection contract issued below covers what they list.
        if (next != null && next.shipmentInfo() != null) {
            List<Shipment> before = line.details.shipmentInfo();
            List<Shipment> merged = mergeShipments(before, next.shipmentInfo());
            if (!merged.equals(before)) {
                line.details = new LineItem.Details(line.details.products(), merged);
                changes.add(name + ": shipments");
                // The first shipment of a shipping line that states no fulfillment is one: the goods left,
                // and WooCommerce and NetSuite report the shipment, never a fulfillment of that line.
                if (fulfilledQuantity == null && line.type == LineItemType.SHIPMENTS && (before == null || before.isEmpty())
                        && !merged.isEmpty()) {
                    fulfilledQuantity = line.quantity - line.canceledQuantity;
                }
            }
        }
        if (fulfilledQuantity != null && fulfilledQuantity > line.fulfilledQuantity) {
            int units = fulfilledQuantity - line.fulfilledQuantity;
            order.fulfill(line, units);
            Fulfillment fulfillment = Fulfillment.of(line, units, StatedDates.fulfillment(next.fulfilledAt(),
                    order.statedPlacement(), now, OrderService.fulfilledAtField(next)), now);
            state.fulfillments().add(fulfillment);
            entities.add(fulfillment);
            if (order.status != OrderStatus.PENDING) {
                boolean hasOne = state.contracts().stream().anyMatch(c -> c.lineItemId.equals(line.id));
                List<Contract> contracts = ContractIssuer.issue(order, line, fulfillment, hasOne,
                        state.terms().get(line.planId), config.shippingProtectionTerm(), now);
                state.contracts().addAll(contracts);
                entities.addAll(contracts);
            }
            changes.add(name + ": fulfilled " + units);
        }
        int wanted = next == null ? 0 : next.quantity() == null ? 1 : next.quantity();
        int effective = line.quantity - line.canceledQuantity;
        if (wanted > effective) {
            line.addUnits(wanted - effective);
            changes.add(name + ": quantity raised to " + wanted);
        } else if (wanted < effective) {
            reduce(tenant, state, line, effective - wanted, entities, now);
            changes.add(name + (next == null ? ": removed" : ": quantity lowered to " + wanted));
        }
    }

    /** Takes {@code units} off a line: unfulfilled ones are canceled first, then fulfilled ones refunded. */
    private void reduce(Tenant tenant, State state, LineItem line, int units, List<Object> entities, Instant now) {
        Order order = state.order();
        int cancel = Math.min(units, line.unfulfilledUnits());
        if (cancel > 0) {
            order.cancelLine(line, cancel, now);
        }
        int refund = Math.min(units - cancel, line.refundableUnits());
        if (refund > 0) {
            List<Fulfillment> ofLine = state.fulfillments().stream().filter(f -> f.lineItemId.equals(line.id)).toList();
            RefundPlan plan = RefundPlan.of(order, line, ofLine, state.contracts(), null, refund, tenant.refundWindow(),
                    now);
            Applied applied = refunds.apply(tenant, order, plan, "removed from the order", now);
            entities.add(applied.refund());
            entities.add(applied.event());
        }
    }

    /** Shipments are matched on {@code trackingId}: a known one is replaced, a new one added. */
    static List<Shipment> mergeShipments(List<Shipment> current, List<Shipment> sent) {
        Map<String, Shipment> byTracking = new LinkedHashMap<>();
        List<Shipment> untracked = new ArrayList<>();
        for (List<Shipment> list : List.of(current == null ? List.<Shipment> of() : current, sent)) {
            for (Shipment shipment : list) {
                if (shipment.trackingId() == null) {
                    if (!untracked.contains(shipment)) {
                        untracked.add(shipment);
                    }
                } else {
                    byTracking.put(shipment.trackingId(), shipment);
                }
            }
        }
        List<Shipment> merged = new ArrayList<>(byTracking.values());
        merged.addAll(untracked);
        return merged;
    }

}
