package io.protection.orders.feed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.protection.orders.common.FieldError;
import io.protection.orders.common.ProblemException;
import io.protection.orders.order.OrderInput;

/**
 * Turns a Hakuna order record into this service's order: each product line becomes a line (with the
 * plan of its protection line, if it has one); protection lines themselves are folded into the
 * product they protect. Pure.
 */
public final class FeedMapping {

    static final String PROTECTION_BRAND = "hakuna";

    private FeedMapping() {
    }

    /** The order's lines as this service takes them (without fulfillments: those are applied one by one). */
    public static OrderInput.Order toOrder(HakunaOrder record) {
        List<FieldError> errors = new ArrayList<>();
        if (record.id() == null || record.id().isBlank()) {
            errors.add(new FieldError("id", "is required"));
        }
        if (record.lineItems() == null || record.lineItems().isEmpty()) {
            errors.add(new FieldError("line_items", "must not be empty"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        Map<String, HakunaOrder.Line> protections = new HashMap<>();
        List<HakunaOrder.Line> products = new ArrayList<>();
        for (HakunaOrder.Line line : record.lineItems()) {
            boolean protection = line.productData() != null && PROTECTION_BRAND.equalsIgnoreCase(line.productData().brand());
            if (protection) {
                protections.put(line.id(), line);
            } else {
                products.add(line);
            }
        }
        Set<String> used = new HashSet<>();
        List<OrderInput.LineItem> lines = new ArrayList<>();
        String currency = null;
        for (int i = 0; i < record.lineItems().size(); i++) {
            HakunaOrder.Line line = record.lineItems().get(i);
            if (line.productData() == null || line.productData().price() == null) {
                errors.add(new FieldError("line_items[" + i + "].product_data.price", "is required"));
                continue;
            }
            if (currency == null) {
                currency = line.productData().price().currency();
            }
        }
        for (HakunaOrder.Line line : products) {
            if (line.productData() == null || line.productData().price() == null) {
                continue;
            }
            HakunaOrder.ProductData data = line.productData();
            OrderInput.PlanRef plan = null;
            String protectionId = line.protectionLineItemId();
            if (protectionId != null) {
                HakunaOrder.Line protection = protections.get(protectionId);
                if (protection == null) {
                    errors.add(new FieldError("line_items." + line.id() + ".custom_properties.protection_line_item_id",
                            "names no protection line of this order"));
                    continue;
                }
                used.add(protectionId);
                plan = new OrderInput.PlanRef(protection.productData().id(), protection.productData().price().amount());
            }
            OrderInput.Product product = new OrderInput.Product(data.id(), data.title(), null, data.category(),
                    data.price().amount(), data.price().amount(), null, null, null, null, null);
            lines.add(new OrderInput.LineItem(line.id(), line.units(), null, null, null, product, plan, null, null, null,
                    null, null, null, null));
        }
        for (String id : protections.keySet()) {
            if (!used.contains(id)) {
                errors.add(new FieldError("line_items." + id, "is a protection line that protects no product"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        HakunaOrder.Customer c = record.customer();
        OrderInput.Customer customer = c == null ? null : new OrderInput.Customer(name(c), c.email(), c.phone(), null,
                address(record.customerBillingAddress()), null);
        return new OrderInput.Order(record.id(), null, null, currency, record.placedAt(), null, null, customer, null, null,
                null, null, null, null, null, null, lines);
    }

    /** A line's fulfillments, oldest first, with the cumulative count of units each brings the line to. */
    public static List<Step> fulfillments(HakunaOrder.Line line) {
        List<Step> steps = new ArrayList<>();
        if (line.fulfillments() == null) {
            return steps;
        }
        int total = 0;
        for (HakunaOrder.Fulfillment f : line.fulfillments().stream()
                .sorted(Comparator.comparing(HakunaOrder.Fulfillment::fulfilledAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList()) {
            total += f.quantity() == null ? line.units() : f.quantity();
            steps.add(new Step(Math.min(total, line.units()), f.fulfilledAt()));
        }
        return steps;
    }

    /** A line's refunds, oldest first, with the cumulative count of units refunded after each. */
    public static List<Step> refunds(HakunaOrder.Line line) {
        List<Step> steps = new ArrayList<>();
        if (line.refunds() == null) {
            return steps;
        }
        int total = 0;
        for (HakunaOrder.Refund r : line.refunds().stream()
                .sorted(Comparator.comparing(HakunaOrder.Refund::refundedAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList()) {
            total += r.quantity() == null ? line.units() : r.quantity();
            steps.add(new Step(Math.min(total, line.units()), r.refundedAt()));
        }
        return steps;
    }

    /** After this step the line has {@code units} units (fulfilled or refunded), as of {@code at}. */
    public record Step(int units, Instant at) {
    }

    private static String name(HakunaOrder.Customer c) {
        String name = ((c.firstName() == null ? "" : c.firstName()) + " " + (c.lastName() == null ? "" : c.lastName())).trim();
        return name.isEmpty() ? null : name;
    }

    private static OrderInput.Address address(Map<String, Object> a) {
        if (a == null) {
            return null;
        }
        return new OrderInput.Address(text(a, "street", "address1", "address_line_1"), text(a, "address2", "address_line_2"),
                text(a, "city"), text(a, "country", "country_code"), text(a, "zip", "postal_code"),
                text(a, "state", "province"));
    }

    private static String text(Map<String, Object> map, String... keys) {
        for (String key : keys) {
            Object value = map.get(key);
            if (value != null) {
                return value.toString();
            }
        }
        return null;
    }
}
