package io.protection.orders.feed;

import io.protection.orders.order.OrderRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.protection.orders.common.ProblemException;
import io.protection.orders.common.outbox.Outbox;
import io.protection.orders.contract.RefundPlan;
import io.protection.orders.order.service.RefundService;
import io.protection.orders.order.Fulfillment;
import io.protection.orders.order.LineItem;
import io.protection.orders.order.Order;
import io.protection.orders.order.OrderEvent;
import io.protection.orders.order.service.OrderLifecycle;
import io.protection.orders.order.service.OrderNotices;
import io.protection.orders.order.OrderStatus;
import io.protection.orders.order.StatedDates;
import io.protection.orders.store.Tenant;
import io.smallrye.mutiny.Uni;

/**
 * Applies one Hakuna event, in the caller's transaction: {@code order_placed} (Hakuna's documented
 * payload, or an order record as in the feed), {@code line_item_fulfilled}, {@code line_item_refunded},
 * {@code line_item_cancelled} and {@code order_cancelled}. An event about an order or line not known
 * yet (it arrived before {@code order_placed}) is tried again later.
 * <p>
 * A protection line is folded into the product line it protects, so an event about a protected
 * product applies to its protection too, and an event about a protection line applies to the units
 * of its product line that are left to take it: its product's event may already have done it.
 */
@ApplicationScoped
public class EventProcessor {

    public static final List<String> TYPES = HakunaEvent.TYPES;

    @Inject
    FeedProcessor feedProcessor;

    @Inject
    FeedRepository feeds;

    @Inject
    OrderRepository orderRepository;

    @Inject
    Outbox outbox;

    @Inject
    OrderLifecycle lifecycle;

    @Inject
    RefundService refunds;

    @Inject
    ObjectMapper mapper;

    /** Not applicable yet: the event came before what it is about. */
    static final class NotYet extends ProblemException {
        NotYet(String detail) {
            super(409, "not_yet_applicable", "Not yet applicable", detail, List.of(), null);
        }
    }

    /** A line of the order an event changes; {@code follows} when the event named its protection line. */
    private record Target(LineItem line, Integer quantity, boolean follows) {
    }

    public Uni<Void> apply(Tenant tenant, Map<String, Object> event, Receipt receipt, Instant now) {
        String type = String.valueOf(event.get("type"));
        Object payload = event.get("payload");
        if (type.equals(HakunaEvent.ORDER_PLACED)) {
            return feedProcessor.apply(tenant, placedRecord(mapper, payload), receipt, now);
        }
        HakunaEvent.LineEvent e = mapper.convertValue(payload, HakunaEvent.LineEvent.class);
        return feeds.lockOrderRef(tenant, e.orderId())
                .chain(() -> orderRepository.findIdByTransactionId(tenant.storeId(), e.orderId()))
                .chain(orderId -> {
                    if (orderId == null) {
                        throw new NotYet("Order " + e.orderId() + " is not known yet");
                    }
                    return lifecycle.lock(tenant.storeId(), orderId, null);
                })
                .chain(locked -> {
                    if (type.equals(HakunaEvent.ORDER_CANCELLED)) {
                        return cancelOrder(tenant, locked, e, receipt, now);
                    }
                    return targets(tenant, locked.order(), e).chain(targets -> orderRepository.fulfillmentsOf(
                            locked.order().lineItems.stream().map(l -> l.id).toList())
                            .chain(found -> applyToLines(tenant, type, e, targets, locked, new ArrayList<>(found),
                                    receipt, now)));
                });
    }

    /** The order record an {@code order_placed} payload describes: Hakuna's documented shape, or a feed record. */
    static HakunaOrder placedRecord(ObjectMapper mapper, Object payload) {
        if (payload instanceof Map<?, ?> map && map.containsKey("order_id")) {
            return mapper.convertValue(payload, HakunaEvent.OrderPlaced.class).toRecord();
        }
        return mapper.convertValue(payload, HakunaOrder.class);
    }

    private Uni<Void> cancelOrder(Tenant tenant, OrderLifecycle.Locked locked, HakunaEvent.LineEvent e, Receipt receipt,
            Instant now) {
        Order order = locked.order();
        if (order.status == OrderStatus.CANCELED) {
            return Uni.createFrom().voidItem();
        }
        order.cancel(receipt.judged(e.cancelledAt()));
        return save(tenant, locked, HakunaEvent.ORDER_CANCELLED, new ArrayList<>(), receipt, now);
    }

    /**
     * The order's lines the event names, each once: a line of the order by its id, or the product line
     * that a protection line (by the order's records) protects.
     */
    private Uni<List<Target>> targets(Tenant tenant, Order order, HakunaEvent.LineEvent e) {
        List<HakunaEvent.LineRef> refs = e.lines();
        boolean allKnown = refs.stream().allMatch(r -> lineOf(order, r.id()) != null);
        Uni<Map<String, String>> protectedLines = allKnown ? Uni.createFrom().item(Map.of())
                : protectedLines(tenant, order.transactionId);
        return protectedLines.map(byProtection -> {
            Map<LineItem, Target> targets = new LinkedHashMap<>();
            for (HakunaEvent.LineRef ref : refs) {
                LineItem line = lineOf(order, ref.id());
                if (line != null) {
                    targets.put(line, new Target(line, ref.quantity(), false));
                    continue;
                }
                LineItem product = byProtection.containsKey(ref.id()) ? lineOf(order, byProtection.get(ref.id())) : null;
                if (product == null) {
                    throw new NotYet("Line " + ref.id() + " of order " + e.orderId() + " is not known yet");
                }
                targets.putIfAbsent(product, new Target(product, ref.quantity(), true));
            }
            return new ArrayList<>(targets.values());
        });
    }

    private static LineItem lineOf(Order order, String lineItemTransactionId) {
        return order.lineItems.stream().filter(l -> l.lineItemTransactionId.equals(lineItemTransactionId)).findFirst()
                .orElse(null);
    }

    /** Which product line each protection line protects, by the order records and placements applied so far. */
    private Uni<Map<String, String>> protectedLines(Tenant tenant, String orderRef) {
        return feeds.appliedItemsOf(tenant.storeId(), orderRef).map(items -> {
                    Map<String, String> byProtection = new HashMap<>();
                    for (FeedItem item : items) {
                        HakunaOrder record = item.record != null ? item.record
                                : HakunaEvent.ORDER_PLACED.equals(item.event.get("type"))
                                        ? placedRecord(mapper, item.event.get("payload"))
                                        : null;
                        if (record != null) {
                            byProtection.putAll(FeedMapping.protectedLines(record));
                        }
                    }
                    return byProtection;
                });
    }

    private Uni<Void> applyToLines(Tenant tenant, String type, HakunaEvent.LineEvent e, List<Target> targets,
            OrderLifecycle.Locked locked, List<Fulfillment> fulfillments, Receipt receipt, Instant now) {
        Order order = locked.order();
        List<Object> entities = new ArrayList<>();
        Uni<Void> applied = Uni.createFrom().voidItem();
        for (Target target : targets) {
            LineItem line = target.line();
            applied = applied.chain(() -> switch (type) {
                case HakunaEvent.LINE_ITEM_FULFILLED -> {
                    int units = units(target, line.unfulfilledUnits());
                    if (units == 0) {
                        yield Uni.createFrom().voidItem();
                    }
                    Instant at = StatedDates.fulfillment(e.fulfilledAt(), order.statedPlacement(), now,
                            "payload.fulfilled_at");
                    order.fulfill(line, units);
                    Fulfillment fulfillment = Fulfillment.of(line, units, at, now);
                    entities.add(fulfillment);
                    fulfillments.add(fulfillment);
                    yield lifecycle.issue(order, line, List.of(fulfillment), locked.contracts(), now)
                            .invoke(contracts -> {
                                locked.contracts().addAll(contracts);
                                entities.addAll(contracts);
                            }).replaceWithVoid();
                }
                case HakunaEvent.LINE_ITEM_REFUNDED -> {
                    int units = units(target, line.refundableUnits());
                    if (units > 0) {
                        List<Fulfillment> ofLine = fulfillments.stream().filter(f -> f.lineItemId.equals(line.id))
                                .toList();
                        RefundPlan plan = RefundPlan.of(order, line, ofLine, locked.contracts(), null, units,
                                tenant.refundWindow(), receipt.judged(e.refundedAt()));
                        RefundService.Applied refund = refunds.apply(tenant, order, plan, "event " + type, now);
                        entities.add(refund.refund());
                        entities.add(refund.event());
                    }
                    yield Uni.createFrom().voidItem();
                }
                case HakunaEvent.LINE_ITEM_CANCELLED -> {
                    int units = units(target, line.unfulfilledUnits());
                    if (units > 0) {
                        order.cancelLine(line, units, receipt.judged(e.cancelledAt()));
                    }
                    yield Uni.createFrom().voidItem();
                }
                default -> throw ProblemException.validation("type", "must be one of " + TYPES);
            });
        }
        return applied.chain(() -> save(tenant, locked, type, entities, receipt, now));
    }

    /**
     * How many units an event changes: as it says, else every unit that can take it. A protection
     * line's event takes what its product's left.
     */
    private static int units(Target target, int left) {
        if (target.quantity() == null) {
            return left;
        }
        return target.follows() ? Math.min(target.quantity(), left) : target.quantity();
    }

    private Uni<Void> save(Tenant tenant, OrderLifecycle.Locked locked, String type, List<Object> entities,
            Receipt receipt, Instant now) {
        Order order = locked.order();
        order.updatedAt = now;
        entities.add(OrderEvent.of(order, "updated", tenant.actor(), "event " + type, Map.of("event", type), now));
        OrderNotices notices = OrderNotices.of(order, locked.before(), locked.contracts(), entities, !receipt.historical());
        return orderRepository.save(entities)
                .chain(() -> notices.write(outbox, tenant.actor(), now));
    }
}
