package io.protection.orders.feed;

import io.protection.orders.catalog.PlanCatalog;
import io.protection.orders.order.OrderRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.common.outbox.Outbox;
import io.protection.orders.contract.Contract;
import io.protection.orders.contract.ContractIssuer;
import io.protection.orders.contract.RefundPlan;
import io.protection.orders.order.service.RefundService;
import io.protection.orders.order.Fulfillment;
import io.protection.orders.order.LineItem;
import io.protection.orders.order.Order;
import io.protection.orders.order.OrderEvent;
import io.protection.orders.order.OrderInput;
import io.protection.orders.order.service.OrderLifecycle;
import io.protection.orders.order.service.OrderNotices;
import io.protection.orders.order.service.OrderService;
import io.protection.orders.order.OrderStatus;
import io.protection.orders.order.StatedDates;
import io.protection.orders.store.Tenant;
import io.smallrye.mutiny.Uni;

/**
 * Applies one Hakuna order record, in the caller's transaction. Records may come in any order and
 * more than once, so everything only moves forward: the order is created if it is new, lines it
 * lacks are added, and fulfillments and refunds are applied up to the counts the record shows, each
 * at its own date; a record that shows fewer changes nothing. {@code cancelled} cancels the order.
 * Fulfillment dates are recorded as stated; refund and cancellation dates are judged as the
 * {@link Receipt} says (domain rule 10).
 */
@ApplicationScoped
public class FeedProcessor {

    @Inject
    Outbox outbox;

    @Inject
    OrderService orders;

    @Inject
    OrderLifecycle lifecycle;

    @Inject
    RefundService refunds;

    @Inject
    ProtectionConfig config;

    @Inject
    FeedRepository feeds;

    @Inject
    OrderRepository orderRepository;

    @Inject
    PlanCatalog plans;

    public Uni<Void> apply(Tenant tenant, HakunaOrder record, Receipt receipt, Instant now) {
        OrderInput.Order input = FeedMapping.toOrder(record, now);
        return feeds.lockOrderRef(tenant, record.id())
                .chain(() -> orderRepository.findIdByTransactionId(tenant.storeId(), record.id()))
                .chain(existing -> existing != null ? Uni.createFrom().item(existing)
                        : orders.insert(tenant, input, input.currency().toUpperCase(Locale.ROOT), now,
                                receipt.historical()).map(view -> view.id()))
                .chain(orderId -> lifecycle.lock(tenant.storeId(), orderId, null))
                .chain(locked -> addMissingLines(tenant, locked, input, receipt, now)
                        .chain(() -> applyUnits(tenant, locked, record, receipt, now)));
    }

    private Uni<Void> addMissingLines(Tenant tenant, OrderLifecycle.Locked locked, OrderInput.Order input,
            Receipt receipt, Instant now) {
        Order order = locked.order();
        List<OrderInput.LineItem> missing = input.lineItems().stream().filter(l -> order.lineItems.stream()
                .noneMatch(e -> e.lineItemTransactionId.equals(l.lineItemTransactionId()))).toList();
        if (missing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return orders.addLines(tenant, order, missing, OrderInput.categoryProductIds(input.lineItems()),
                order.status == OrderStatus.PENDING, now)
                .chain(added -> {
                    OrderStatus before = order.status;
                    locked.contracts().addAll(added.contracts());
                    order.updatedAt = now;
                    List<Object> entities = new ArrayList<>(added.entities());
                    entities.add(OrderEvent.of(order, "updated", tenant.actor(), "order feed",
                            Map.of("changes", List.of("added " + missing.size() + " line(s)")), now));
                    return save(tenant, locked, before, entities, receipt, now);
                });
    }

    private Uni<Void> applyUnits(Tenant tenant, OrderLifecycle.Locked locked, HakunaOrder record, Receipt receipt,
            Instant now) {
        Order order = locked.order();
        OrderStatus before = order.status;
        List<UUID> lineIds = order.lineItems.stream().map(l -> l.id).toList();
        return orderRepository.fulfillmentsOf(lineIds)
                .chain(found -> plans.termsOf(order.planIds()).chain(terms -> {
                    List<Fulfillment> fulfillments = new ArrayList<>(found);
                    List<Object> entities = new ArrayList<>();
                    List<String> changes = new ArrayList<>();
                    for (HakunaOrder.Line in : record.lineItems()) {
                        LineItem line = order.lineItems.stream().filter(l -> l.lineItemTransactionId.equals(in.id()))
                                .findFirst().orElse(null);
                        if (line == null) {
                            continue;
                        }
                        for (FeedMapping.Step step : FeedMapping.fulfillments(in)) {
                            int units = step.units() - line.fulfilledQuantity;
                            if (units > 0) {
                                Instant at = StatedDates.fulfillment(step.at(), order.statedPlacement(), now,
                                        "line_items." + in.id() + ".fulfillments.fulfilled_at");
                                fulfill(order, line, units, at, locked.contracts(), fulfillments, terms, entities, now);
                                changes.add("line " + line.lineItemTransactionId + ": fulfilled " + units);
                            }
                        }
                        for (FeedMapping.Step step : FeedMapping.refunds(in)) {
                            int units = step.units() - line.refundedQuantity;
                            if (units > 0) {
                                List<Fulfillment> ofLine = fulfillments.stream()
                                        .filter(f -> f.lineItemId.equals(line.id)).toList();
                                RefundPlan plan = RefundPlan.of(order, line, ofLine, locked.contracts(), null, units,
                                        tenant.refundWindow(), receipt.judged(step.at()));
                                RefundService.Applied applied = refunds.apply(tenant, order, plan, "order feed", now);
                                entities.add(applied.refund());
                                entities.add(applied.event());
                                changes.add("line " + line.lineItemTransactionId + ": refunded " + units);
                            }
                        }
                    }
                    if (record.cancelled() && order.status != OrderStatus.CANCELED) {
                        order.cancel(receipt.judged(record.cancelledAt()));
                        changes.add("canceled");
                    }
                    if (changes.isEmpty() && entities.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    order.updatedAt = now;
                    entities.add(OrderEvent.of(order, "updated", tenant.actor(), "order feed", Map.of("changes", changes),
                            now));
                    return save(tenant, locked, before, entities, receipt, now);
                }));
    }

    /** Persists a change of the feed and the messages it sends. */
    private Uni<Void> save(Tenant tenant, OrderLifecycle.Locked locked, OrderStatus before, List<Object> entities,
            Receipt receipt, Instant now) {
        OrderNotices notices = OrderNotices.of(locked.order(), before, locked.contracts(), entities, !receipt.historical());
        return orderRepository.save(entities)
                .chain(() -> notices.write(outbox, tenant.actor(), now));
    }

    private void fulfill(Order order, LineItem line, int units, Instant at, List<Contract> contracts,
            List<Fulfillment> fulfillments, Map<String, Integer> terms, List<Object> entities, Instant now) {
        order.fulfill(line, units);
        Fulfillment fulfillment = Fulfillment.of(line, units, at, now);
        fulfillments.add(fulfillment);
        entities.add(fulfillment);
        if (order.status != OrderStatus.PENDING) {
            boolean hasOne = contracts.stream().anyMatch(c -> c.lineItemId.equals(line.id));
            List<Contract> issued = ContractIssuer.issue(order, line, fulfillment, hasOne, terms.get(line.planId),
                    config.shippingProtectionTerm(), now);
            contracts.addAll(issued);
            entities.addAll(issued);
        }
    }

}
