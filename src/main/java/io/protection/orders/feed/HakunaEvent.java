package io.protection.orders.feed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The payloads of Hakuna's events ({@code POST /events}), in Hakuna's snake_case. */
public final class HakunaEvent {

    public static final String ORDER_PLACED = "order_placed";
    public static final String LINE_ITEM_FULFILLED = "line_item_fulfilled";
    public static final String LINE_ITEM_REFUNDED = "line_item_refunded";
    public static final String LINE_ITEM_CANCELLED = "line_item_cancelled";
    public static final String ORDER_CANCELLED = "order_cancelled";
    public static final List<String> TYPES = List.of(ORDER_PLACED, LINE_ITEM_FULFILLED, LINE_ITEM_REFUNDED,
            LINE_ITEM_CANCELLED, ORDER_CANCELLED);

    private HakunaEvent() {
    }

    /**
     * {@code order_placed} as Hakuna documents it. A protection line has brand {@code Hakuna} (any case)
     * and points at the product it protects with {@code custom_properties.product_reference}; its plan
     * is {@code custom_properties.plan_id}, else its {@code product_id}.
     */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record OrderPlaced(String orderId, Instant placedAt, String orderCurrency, HakunaOrder.Customer customer,
            Map<String, Object> customerBillingAddress, List<PlacedLine> lineItems) {

        /** The same order as a feed record. */
        public HakunaOrder toRecord() {
            List<HakunaOrder.Line> lines = new ArrayList<>();
            if (lineItems != null) {
                for (PlacedLine l : lineItems) {
                    lines.add(l == null ? null : new HakunaOrder.Line(l.id(), l.quantity(), new HakunaOrder.ProductData(
                            l.productId(), new HakunaOrder.Price(l.priceAmount(), orderCurrency), l.productBrand(),
                            l.productTitle(), l.productCategory()), l.customProperties(), null, null));
                }
            }
            return new HakunaOrder(orderId, "placed", placedAt, null, customer, customerBillingAddress,
                    lineItems == null ? null : lines);
        }
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PlacedLine(String id, Integer quantity, Long priceAmount, String productId, String productTitle,
            String productBrand, String productCategory, Map<String, Object> customProperties) {
    }

    /**
     * {@code line_item_fulfilled}, {@code line_item_refunded}, {@code line_item_cancelled} (the order id
     * and a list of line items, or a single {@code line_item_id} with {@code quantity}) and
     * {@code order_cancelled} (the order id). A missing quantity means every unit that can take it.
     */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LineEvent(String orderId, String lineItemId, Integer quantity, List<LineRef> lineItems,
            Instant fulfilledAt, Instant refundedAt, Instant cancelledAt) {

        /** The lines the event is about: its list, or its single line. */
        public List<LineRef> lines() {
            List<LineRef> lines = new ArrayList<>();
            if (lineItems != null) {
                lines.addAll(lineItems);
            }
            if (lineItemId != null) {
                lines.add(new LineRef(lineItemId, quantity));
            }
            return lines;
        }

        /** The date the event states for what it reports. */
        public Instant statedAt(String type) {
            return switch (type) {
                case LINE_ITEM_FULFILLED -> fulfilledAt;
                case LINE_ITEM_REFUNDED -> refundedAt;
                default -> cancelledAt;
            };
        }
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LineRef(String id, Integer quantity) {
    }

    /** The field an event states its date in. */
    public static String dateField(String type) {
        return switch (type) {
            case LINE_ITEM_FULFILLED -> "fulfilled_at";
            case LINE_ITEM_REFUNDED -> "refunded_at";
            case ORDER_PLACED -> "placed_at";
            default -> "cancelled_at";
        };
    }
}
