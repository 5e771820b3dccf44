package io.protection.orders.order;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.protection.orders.order.OrderInput.LineItem;

/**
 * The line shapes that Extend's own integrations send, turned into the one shape the rules work on
 * (domain.md, "Real clients are the test of the wire format"). Pure; runs before validation, so
 * that what is still wrong afterwards is reported as the client sent it.
 * <ul>
 * <li>a lead line without {@code lineItemTransactionId} (SFCC's post-purchase line) gets
 * {@code lead-<leadToken>}, stable across snapshots;</li>
 * <li>{@code status: "fulfilled"} without {@code fulfilledQuantity} (Magento) is every unit fulfilled;</li>
 * <li>lines repeated with one {@code lineItemTransactionId} and the same content (SFCC sends a line
 * per unit) are one line with the summed quantities. Repeated lines that differ are left as sent,
 * and validation rejects them.</li>
 * </ul>
 */
public final class ClientHabits {

    static final String LEAD_LINE_PREFIX = "lead-";

    private ClientHabits() {
    }

    public static OrderInput.Order normalize(OrderInput.Order order) {
        if (order == null || order.lineItems() == null) {
            return order;
        }
        Map<Object, List<LineItem>> byId = new LinkedHashMap<>();
        for (LineItem sent : order.lineItems()) {
            LineItem line = sent == null ? null : shaped(sent);
            // Lines without an id (and nulls) are never merged: each is its own group.
            Object key = line == null || line.lineItemTransactionId() == null ? new Object() : line.lineItemTransactionId();
            byId.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
        }
        List<LineItem> lines = new ArrayList<>();
        for (List<LineItem> group : byId.values()) {
            LineItem merged = merged(group);
            if (merged != null || group.size() == 1) {
                lines.add(merged);
            } else {
                lines.addAll(group);
            }
        }
        return order.withLineItems(lines);
    }

    private static LineItem shaped(LineItem line) {
        String id = line.lineItemTransactionId();
        if (id == null && line.leadToken() != null && !line.leadToken().isBlank()) {
            id = LEAD_LINE_PREFIX + line.leadToken().trim();
        }
        Integer fulfilled = line.fulfilledQuantity();
        if (fulfilled == null && "fulfilled".equalsIgnoreCase(line.status())) {
            fulfilled = line.units();
        }
        return Objects.equals(id, line.lineItemTransactionId()) && Objects.equals(fulfilled, line.fulfilledQuantity())
                ? line : line.withIdAndQuantities(id, line.quantity(), fulfilled);
    }

    /**
     * One line for a group of identical ones, or null when they differ in more than their quantities
     * or a quantity is out of range (validation then reports each line as sent).
     */
    private static LineItem merged(List<LineItem> group) {
        LineItem first = group.get(0);
        if (group.size() == 1) {
            return first;
        }
        LineItem content = first.withIdAndQuantities(first.lineItemTransactionId(), null, null);
        long units = 0;
        long fulfilled = 0;
        boolean anyFulfilled = false;
        for (LineItem line : group) {
            if (!content.equals(line.withIdAndQuantities(line.lineItemTransactionId(), null, null))
                    || line.units() < 1 || line.fulfilledQuantity() != null
                            && (line.fulfilledQuantity() < 0 || line.fulfilledQuantity() > line.units())) {
                return null;
            }
            units += line.units();
            if (line.fulfilledQuantity() != null) {
                anyFulfilled = true;
                fulfilled += line.fulfilledQuantity();
            }
        }
        // Sums past an int are left to validation's quantity limit.
        return first.withIdAndQuantities(first.lineItemTransactionId(), (int) Math.min(units, Integer.MAX_VALUE),
                anyFulfilled ? (int) Math.min(fulfilled, Integer.MAX_VALUE) : null);
    }
}
