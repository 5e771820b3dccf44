package io.protection.orders.feed;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.protection.orders.common.ProblemException;
import io.protection.orders.contract.RefundPlan;
import io.protection.orders.contract.RefundService;
import io.protection.orders.order.Fulfillment;
import io.protection.orders.order.LineItem;
import io.protection.orders.order.Order;
import io.protection.orders.order.OrderEvent;
import io.protection.orders.order.OrderLifecycle;
import io.protection.orders.order.OrderService;
import io.protection.orders.order.OrderStatus;
import io.protection.orders.store.Tenant;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Applies one Hakuna event, in the caller's transaction: {@code order_placed} (its payload is an
 * order record), {@code line_item_fulfilled}, {@code line_item_refunded}, {@code line_item_cancelled}
 * and {@code order_cancelled}. An event about an order or line not known yet (it arrived before
 * {@code order_placed}) is tried again later.
 */
@ApplicationScoped
public class EventProcessor {

    public static final List<String> TYPES = List.of("order_placed", "line_item_fulfilled", "line_item_refunded",
            "line_item_cancelled", "order_cancelled");

    @Inject
    FeedProcessor feedProcessor;

    @Inject
    OrderLifecycle lifecycle;

    @Inject
    RefundService refunds;

    @Inject
    ObjectMapper mapper;

    /** The payload of every event type but {@code order_placed}. Quantities default to every unit that can take it. */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LineEvent(String orderId, String lineItemId, Integer quantity, Instant fulfilledAt, Instant refundedAt,
            Instant cancelledAt) {
    }

    /** Not applicable yet: the event came before what it is about. */
    static final class NotYet extends ProblemException {
        NotYet(String detail) {
            super(409, "not_yet_applicable", "Not yet applicable", detail, List.of(), null);
        }
    }

    public Uni<Void> apply(Tenant tenant, Map<String, Object> event, Instant now) {
        String type = String.valueOf(event.get("type"));
        Object payload = event.get("payload");
        if (type.equals("order_placed")) {
            return feedProcessor.apply(tenant, mapper.convertValue(payload, HakunaOrder.class), now);
        }
        LineEvent e = mapper.convertValue(payload, LineEvent.class);
        return FeedProcessor.lockOrderRef(tenant, e.orderId())
                .chain(() -> Order.<Order> find("storeId = ?1 and transactionId = ?2", tenant.storeId(), e.orderId())
                        .<Order> firstResult())
                .chain(order -> {
                    if (order == null) {
                        throw new NotYet("Order " + e.orderId() + " is not known yet");
                    }
                    return lifecycle.lock(tenant.storeId(), order.id, null);
                })
                .chain(locked -> Fulfillment.<Fulfillment> list("lineItemId in ?1",
                        locked.order().lineItems.stream().map(l -> l.id).toList())
                        .chain(fulfillments -> applyToLine(tenant, type, e, locked, new ArrayList<>(fulfillments), now)));
    }

    private Uni<Void> applyToLine(Tenant tenant, String type, LineEvent e, OrderLifecycle.Locked locked,
            List<Fulfillment> fulfillments, Instant now) {
        Order order = locked.order();
        List<Object> entities = new ArrayList<>();
        if (type.equals("order_cancelled")) {
            if (order.status == OrderStatus.CANCELED) {
                return Uni.createFrom().voidItem();
            }
            order.cancel(now);
            return save(tenant, order, type, entities, now);
        }
        LineItem line = order.lineItems.stream().filter(l -> l.lineItemTransactionId.equals(e.lineItemId())).findFirst()
                .orElseThrow(() -> new NotYet("Line " + e.lineItemId() + " of order " + e.orderId() + " is not known yet"));
        switch (type) {
            case "line_item_fulfilled" -> {
                int units = e.quantity() != null ? e.quantity() : line.unfulfilledUnits();
                Instant at = e.fulfilledAt() == null || e.fulfilledAt().isAfter(now) ? now
                        : e.fulfilledAt().truncatedTo(ChronoUnit.MICROS);
                order.fulfill(line, units);
                Fulfillment fulfillment = Fulfillment.of(line, units, at, now);
                entities.add(fulfillment);
                return lifecycle.issue(order, line, List.of(fulfillment), locked.contracts(), now).chain(contracts -> {
                    entities.addAll(contracts);
                    return save(tenant, order, type, entities, now);
                });
            }
            case "line_item_refunded" -> {
                Instant at = e.refundedAt() == null || e.refundedAt().isAfter(now) ? now : e.refundedAt();
                List<Fulfillment> ofLine = fulfillments.stream().filter(f -> f.lineItemId.equals(line.id)).toList();
                RefundPlan plan = RefundPlan.of(order, line, ofLine, locked.contracts(), null, e.quantity(),
                        tenant.refundWindow(), at);
                RefundService.Applied applied = refunds.apply(tenant, order, plan, "event " + type, now);
                entities.add(applied.refund());
                entities.add(applied.event());
            }
            case "line_item_cancelled" -> order.cancelLine(line,
                    e.quantity() != null ? e.quantity() : line.unfulfilledUnits(), now);
            default -> throw ProblemException.validation("type", "must be one of " + TYPES);
        }
        return save(tenant, order, type, entities, now);
    }

    private static Uni<Void> save(Tenant tenant, Order order, String type, List<Object> entities, Instant now) {
        order.updatedAt = now;
        entities.add(OrderEvent.of(order, "updated", tenant.actor(), "event " + type, Map.of("event", type), now));
        return OrderService.persistAll(entities);
    }
}
