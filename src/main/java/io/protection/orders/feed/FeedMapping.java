package io.protection.orders.feed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.protection.orders.common.FieldError;
import io.protection.orders.common.ProblemException;
import io.protection.orders.order.OrderInput;
import io.protection.orders.order.OrderValidator;

/**
 * Turns a Hakuna order record into this service's order: each product line becomes a line (with the
 * plan of its protection line, if it has one); protection lines themselves are folded into the
 * product they protect. Pure.
 */
public final class FeedMapping {

    static final String PROTECTION_BRAND = "hakuna";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /**
     * Stands in for the customer when the order rules check the rest of the order: they require an
     * email, while Hakuna's customer fields may all be empty but the country, which
     * {@link #customer} checks instead.
     */
    private static final OrderInput.Customer CHECKED_CUSTOMER = new OrderInput.Customer(null,
            "customer@hakuna-feed.invalid", null, null, null, null);

    private FeedMapping() {
    }

    /**
     * The order's lines as this service takes them (without fulfillments: those are applied one by
     * one), checked by Hakuna's rules for the customer and this service's for the rest.
     *
     * @throws io.protection.orders.common.ProblemException {@code validation_failed}, listing every bad field
     */
    public static OrderInput.Order toOrder(HakunaOrder record, Instant now) {
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
        String currency = null;
        for (int i = 0; i < record.lineItems().size(); i++) {
            HakunaOrder.Line line = record.lineItems().get(i);
            if (line == null || line.productData() == null || line.productData().price() == null) {
                errors.add(new FieldError("line_items[" + i + "].product_data.price", "is required"));
            } else if (currency == null) {
                currency = line.productData().price().currency();
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        Map<String, HakunaOrder.Line> protections = protections(record, errors);
        List<OrderInput.LineItem> lines = new ArrayList<>();
        for (HakunaOrder.Line line : record.lineItems()) {
            if (line.protection()) {
                continue;
            }
            HakunaOrder.ProductData data = line.productData();
            HakunaOrder.Line protection = protections.get(line.id());
            OrderInput.PlanRef plan = protection == null ? null
                    : new OrderInput.PlanRef(protection.planId(), protection.productData().price().amount());
            OrderInput.Product product = new OrderInput.Product(data.id(), data.title(), null, data.category(),
                    data.price().amount(), data.price().amount(), null, null, null, null, null);
            lines.add(new OrderInput.LineItem(line.id(), line.units(), null, null, null, product, plan, null, null, null,
                    null, null, null, null));
        }
        customer(record, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        OrderValidator.validate(order(record, currency, CHECKED_CUSTOMER, lines), now);
        return order(record, currency, customer(record), lines);
    }

    /**
     * The protection line of each protected product line, by the product line's id. A protection line
     * points at its product with {@code product_reference} (the product's line id, or else its product
     * id), or the product points at it with {@code protection_line_item_id}.
     */
    static Map<String, HakunaOrder.Line> protections(HakunaOrder record, List<FieldError> errors) {
        Map<String, HakunaOrder.Line> byId = new LinkedHashMap<>();
        for (HakunaOrder.Line line : record.lineItems()) {
            if (line != null && line.id() != null) {
                byId.putIfAbsent(line.id(), line);
            }
        }
        Map<String, HakunaOrder.Line> protections = new LinkedHashMap<>();
        for (HakunaOrder.Line line : record.lineItems()) {
            String protectionId = line.protection() ? null : line.protectionLineItemId();
            if (protectionId == null) {
                continue;
            }
            HakunaOrder.Line protection = byId.get(protectionId);
            if (protection == null || !protection.protection()) {
                errors.add(new FieldError("line_items." + line.id() + ".custom_properties.protection_line_item_id",
                        "names no protection line of this order"));
            } else {
                protections.put(line.id(), protection);
            }
        }
        for (HakunaOrder.Line protection : record.lineItems()) {
            if (!protection.protection() || protections.containsValue(protection)) {
                continue;
            }
            String reference = protection.productReference();
            HakunaOrder.Line product = reference == null ? null : productLine(record, byId, reference);
            if (product == null) {
                errors.add(reference == null
                        ? new FieldError("line_items." + protection.id(), "is a protection line that protects no product")
                        : new FieldError("line_items." + protection.id() + ".custom_properties.product_reference",
                                "names no product line of this order"));
            } else if (protections.containsKey(product.id())) {
                errors.add(new FieldError("line_items." + protection.id(),
                        "protects line " + product.id() + ", which another protection line already protects"));
            } else {
                protections.put(product.id(), protection);
            }
        }
        return protections;
    }

    /** Which product line each protection line protects, by the protection line's id (ignoring bad references). */
    public static Map<String, String> protectedLines(HakunaOrder record) {
        Map<String, String> protectedLines = new HashMap<>();
        if (record.lineItems() != null) {
            protections(record, new ArrayList<>()).forEach((product, protection) -> protectedLines.put(protection.id(), product));
        }
        return protectedLines;
    }

    private static HakunaOrder.Line productLine(HakunaOrder record, Map<String, HakunaOrder.Line> byId, String reference) {
        HakunaOrder.Line line = byId.get(reference);
        if (line != null) {
            return line.protection() ? null : line;
        }
        return record.lineItems().stream().filter(l -> !l.protection() && reference.equals(l.productData().id()))
                .findFirst().orElse(null);
    }

    /** Hakuna's rules: every customer field may be empty but the billing address's country. */
    private static void customer(HakunaOrder record, List<FieldError> errors) {
        HakunaOrder.Customer c = record.customer();
        if (c == null) {
            errors.add(new FieldError("customer", "is required"));
            return;
        }
        if (c.email() != null && !c.email().isBlank()
                && (c.email().length() > 320 || !EMAIL.matcher(c.email().trim()).matches())) {
            errors.add(new FieldError("customer.email", "is not an email address"));
        }
        for (String[] field : new String[][] { { "first_name", c.firstName() }, { "last_name", c.lastName() },
                { "phone", c.phone() } }) {
            if (field[1] != null && field[1].length() > 255) {
                errors.add(new FieldError("customer." + field[0], "must be at most 255 characters"));
            }
        }
        Map<String, Object> address = record.customerBillingAddress();
        String country = address == null ? null : text(address, "country", "country_code");
        if (address != null && (country == null || country.isBlank())) {
            errors.add(new FieldError("customer_billing_address.country", "is required"));
        }
    }

    /** The customer as the merchant sent it: empty fields stay empty. */
    private static OrderInput.Customer customer(HakunaOrder record) {
        HakunaOrder.Customer c = record.customer();
        return new OrderInput.Customer(name(c), c.email(), c.phone(), null, address(record.customerBillingAddress()),
                null);
    }

    private static OrderInput.Order order(HakunaOrder record, String currency, OrderInput.Customer customer,
            List<OrderInput.LineItem> lines) {
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
        if (c.firstName() == null && c.lastName() == null) {
            return null;
        }
        return ((c.firstName() == null ? "" : c.firstName().trim()) + " "
                + (c.lastName() == null ? "" : c.lastName().trim())).trim();
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
