package io.protection.orders.order;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.protection.orders.common.ProblemException;
import io.protection.orders.common.Violations;
import io.protection.orders.order.OrderInput.Customer;
import io.protection.orders.order.OrderInput.LineItem;
import io.protection.orders.order.OrderInput.PlanRef;
import io.protection.orders.order.OrderInput.Product;
import io.protection.orders.order.OrderInput.Shipment;

/**
 * Decides whether an order request is well-formed. A malformed request is rejected whole with every
 * bad field listed; whether its protection can be honoured is the line classifier's business.
 */
public final class OrderValidator {

    public static final int MAX_LINE_ITEMS = 500;
    static final int MAX_QUANTITY = 10_000;
    /** Units of a whole order (each may become a contract). */
    static final int MAX_UNITS = 10_000;
    static final int MAX_SHIPMENTS = 50;
    static final int MAX_CATEGORY_PRODUCTS = 500;
    static final int MAX_ID = 255;
    /** How far in the future a merchant's {@code createdAt} may lie: clocks drift. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    static final Duration MAX_WAIT_PERIOD = Duration.ofDays(365);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Set<String> DELIVERY_STATUSES = Set.of("awaiting_shipment", "shipped");

    private OrderValidator() {
    }

    /** Every bad field of an order as {@link #validate} would list them (after the clients' habits are applied). */
    static List<io.protection.orders.common.FieldError> violations(OrderInput.Order order, Instant now) {
        try {
            validate(ClientHabits.normalize(order), now);
            return List.of();
        } catch (ProblemException e) {
            return e.toProblem().errors();
        }
    }

    /** Throws a {@code validation_failed} problem listing every bad field; returns the upper-case currency. */
    public static String validate(OrderInput.Order order, Instant now) {
        if (order == null) {
            throw ProblemException.badRequest("A JSON body is required");
        }
        Violations v = new Violations();
        if (v.required(order.transactionId(), "transactionId")) {
            v.text(order.transactionId(), "transactionId", MAX_ID);
        }
        String currency = v.currency(order.currency(), "currency");
        v.check(order.createdAt() == null || !order.createdAt().isAfter(now.plus(CLOCK_SKEW)), "createdAt",
                "must not be in the future");
        v.check(order.waitPeriod() == null || order.waitPeriod().compareTo(MAX_WAIT_PERIOD) <= 0, "waitPeriod",
                "must be at most 365 days");
        customer(order.customer(), v);
        v.nonNegative(order.total(), "total");
        v.nonNegative(order.taxCostTotal(), "taxCostTotal");
        v.nonNegative(order.productCostTotal(), "productCostTotal");
        v.nonNegative(order.discountAmountTotal(), "discountAmountTotal");
        v.nonNegative(order.shippingCostTotal(), "shippingCostTotal");
        v.nonNegative(order.shippingTaxCostTotal(), "shippingTaxCostTotal");
        v.text(order.poNumber(), "poNumber", MAX_ID);
        lineItems(order.lineItems(), now, v);
        v.throwIfAny();
        return currency;
    }

    private static void customer(Customer customer, Violations v) {
        if (!v.required(customer, "customer")) {
            return;
        }
        if (v.required(customer.email(), "customer.email")) {
            v.check(customer.email().length() <= 320 && EMAIL.matcher(customer.email().trim()).matches(),
                    "customer.email", "is not an email address");
        }
        v.text(customer.name(), "customer.name", MAX_ID);
        v.text(customer.phone(), "customer.phone", 50);
    }

    private static void lineItems(List<LineItem> lines, Instant now, Violations v) {
        if (!v.required(lines, "lineItems")) {
            return;
        }
        if (!v.check(!lines.isEmpty() && lines.size() <= MAX_LINE_ITEMS, "lineItems",
                "must have 1 to " + MAX_LINE_ITEMS + " line items")) {
            return;
        }
        long units = lines.stream().filter(l -> l != null && l.quantity() != null && l.quantity() > 0)
                .mapToLong(LineItem::quantity).sum();
        v.check(units <= MAX_UNITS, "lineItems", "must have at most " + MAX_UNITS + " units in all (contracts are per unit)");
        Set<String> seen = new HashSet<>();
        Set<String> categoryProducts = OrderInput.categoryProductIds(lines);
        for (int i = 0; i < lines.size(); i++) {
            String at = "lineItems[" + i + "]";
            LineItem line = lines.get(i);
            if (!v.check(line != null, at, "must be an object")) {
                continue;
            }
            if (v.required(line.lineItemTransactionId(), at + ".lineItemTransactionId")) {
                v.text(line.lineItemTransactionId(), at + ".lineItemTransactionId", MAX_ID);
                v.check(seen.add(line.lineItemTransactionId()), at + ".lineItemTransactionId",
                        "is used by another line of this order with different content");
            }
            lineItem(line, at, now, v);
            declaredType(line, at, categoryProducts, v);
        }
    }

    private static void lineItem(LineItem line, String at, Instant now, Violations v) {
        int quantity = line.quantity() == null ? 1 : line.quantity();
        boolean quantityOk = v.check(quantity >= 1 && quantity <= MAX_QUANTITY, at + ".quantity",
                "must be between 1 and " + MAX_QUANTITY);
        if (line.fulfilledQuantity() != null) {
            v.check(line.fulfilledQuantity() >= 0 && (!quantityOk || line.fulfilledQuantity() <= quantity),
                    at + ".fulfilledQuantity", "must be between 0 and quantity");
        }
        v.check(line.fulfilledAt() == null || !line.fulfilledAt().isAfter(now.plus(CLOCK_SKEW)), at + ".fulfilledAt",
                "must not be in the future");
        v.nonNegative(line.discountAmount(), at + ".discountAmount");
        v.nonNegative(line.taxCost(), at + ".taxCost");
        v.nonNegative(line.premium(), at + ".premium");
        v.text(line.leadToken(), at + ".leadToken", MAX_ID);
        v.text(line.quoteId(), at + ".quoteId", MAX_ID);

        LineItemType declared = null;
        if (line.type() != null) {
            declared = LineItemType.fromWire(line.type());
            v.check(declared != null, at + ".type", "must be one of contract, category_contract, category_product, "
                    + "lead, shipments, non_warrantable");
        }
        if (line.product() != null) {
            product(line.product(), at + ".product", v);
        }
        if (line.plan() != null) {
            plan(line.plan(), at + ".plan", v);
        }
        if (line.shipmentInfo() != null && v.check(line.shipmentInfo().size() <= MAX_SHIPMENTS, at + ".shipmentInfo",
                "must list at most " + MAX_SHIPMENTS + " shipments")) {
            for (int s = 0; s < line.shipmentInfo().size(); s++) {
                shipment(line.shipmentInfo().get(s), at + ".shipmentInfo[" + s + "]", v);
            }
        }

        if (declared == LineItemType.CATEGORY_CONTRACT) {
            v.check(line.plan() != null, at + ".plan", "is required for a category_contract line");
            if (v.check(line.products() != null && !line.products().isEmpty(), at + ".products",
                    "must list the covered products of a category_contract line")
                    && v.check(line.products().size() <= MAX_CATEGORY_PRODUCTS, at + ".products",
                            "must list at most " + MAX_CATEGORY_PRODUCTS + " products")) {
                for (int p = 0; p < line.products().size(); p++) {
                    product(line.products().get(p), at + ".products[" + p + "]", v);
                }
                long combined = 0;
                for (Product product : line.products()) {
                    if (product != null && product.purchasePrice() != null && product.purchasePrice() > 0) {
                        try {
                            combined = Math.addExact(combined, product.purchasePrice());
                        } catch (ArithmeticException e) {
                            v.add(at + ".products", "purchase prices add up past the largest amount");
                            break;
                        }
                    }
                }
            }
            return;
        }
        v.check(line.products() == null, at + ".products", "is only allowed on a category_contract line");
        if (line.quoteId() != null) {
            // shipmentInfo is empty or absent until the goods ship; an upsert adds it then.
            v.check(line.plan() == null, at + ".plan", "is not allowed on a shipping-protection line");
            return;
        }
        if (line.plan() != null) {
            v.check(line.product() != null || line.leadToken() != null, at + ".product",
                    "is required with plan (or send leadToken)");
        } else {
            v.check(line.leadToken() == null, at + ".plan", "is required with leadToken");
            v.check(line.product() != null, at + ".product", "is required");
        }
    }

    /** A declared {@code type} must agree with the line's fields ({@code category_contract} is handled above). */
    private static void declaredType(LineItem line, String at, Set<String> categoryProducts, Violations v) {
        LineItemType declared = LineItemType.fromWire(line.type());
        if (declared == null || declared == LineItemType.CATEGORY_CONTRACT) {
            return;
        }
        boolean productOnly = line.quoteId() == null && line.plan() == null;
        boolean consistent = switch (declared) {
            case CONTRACT -> line.quoteId() == null && line.plan() != null;
            case SHIPMENTS -> line.quoteId() != null;
            case CATEGORY_PRODUCT -> productOnly && line.product() != null
                    && categoryProducts.contains(line.product().id());
            default -> productOnly;
        };
        v.check(consistent, at + ".type", "does not match the line's fields");
    }

    private static void product(Product product, String at, Violations v) {
        if (!v.check(product != null, at, "must be an object")) {
            return;
        }
        if (v.required(product.id(), at + ".id")) {
            v.text(product.id(), at + ".id", MAX_ID);
        }
        if (v.required(product.purchasePrice(), at + ".purchasePrice")) {
            v.nonNegative(product.purchasePrice(), at + ".purchasePrice");
        }
        v.nonNegative(product.listPrice(), at + ".listPrice");
        v.check(product.deliveryStatus() == null || DELIVERY_STATUSES.contains(product.deliveryStatus()),
                at + ".deliveryStatus", "must be awaiting_shipment or shipped");
    }

    private static void plan(PlanRef plan, String at, Violations v) {
        if (v.required(plan.id(), at + ".id")) {
            v.text(plan.id(), at + ".id", MAX_ID);
        }
        if (v.required(plan.purchasePrice(), at + ".purchasePrice")) {
            v.nonNegative(plan.purchasePrice(), at + ".purchasePrice");
        }
    }

    private static void shipment(Shipment shipment, String at, Violations v) {
        if (!v.check(shipment != null, at, "must be an object")) {
            return;
        }
        v.text(shipment.trackingId(), at + ".trackingId", MAX_ID);
        v.text(shipment.trackingUrl(), at + ".trackingUrl", 2048);
    }
}
