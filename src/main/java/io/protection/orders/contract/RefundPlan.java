package io.protection.orders.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.protection.orders.order.Fulfillment;
import io.protection.orders.order.LineItem;
import io.protection.orders.order.LineItemType;
import io.protection.orders.order.Order;
import io.protection.orders.order.OrderStatus;
import io.protection.orders.order.TransitionException;

/**
 * What a refund would do: which units of which fulfillments, which contracts, and how much. Pure: a
 * quote shows it, a refund applies it.
 *
 * @param allocation units refunded out of each fulfillment
 */
public record RefundPlan(LineItem line, int units, long amount, Map<Fulfillment, Integer> allocation,
        List<Contract> contracts) {

    /**
     * Plans a refund of {@code quantity} units of {@code line} (default: every refundable unit), or of
     * the unit {@code target} protects. The newest fulfilled units are refunded first; each must lie
     * within {@code window} of its own fulfillment.
     *
     * @throws TransitionException when the refund is not allowed
     */
    public static RefundPlan of(Order order, LineItem line, List<Fulfillment> fulfillments, List<Contract> contracts,
            Contract target, Integer quantity, Duration window, Instant now) {
        if (order.status == OrderStatus.VOIDED) {
            throw new TransitionException.InvalidTransition("Order " + order.id + " is voided: nothing is owed");
        }
        if (line.type == LineItemType.SHIPMENTS && order.shipped(line, now)) {
            throw new TransitionException.NotRefundable(
                    "Shipping protection can't be refunded once a covered product has shipped");
        }
        int units;
        if (target != null && target.type == Contract.Type.PRODUCT_PROTECTION) {
            units = target.status == Contract.Status.LIVE ? 1 : 0;
        } else {
            units = quantity != null ? quantity : line.refundableUnits();
        }
        if (units < 1 || units > line.refundableUnits()) {
            throw new TransitionException.QuantityExceeded("refund", Math.max(units, 1),
                    target != null && units == 0 ? 0 : line.refundableUnits());
        }

        Map<Fulfillment, Integer> allocation = allocate(fulfillments, target, units);
        for (Fulfillment f : allocation.keySet()) {
            if (now.isAfter(f.fulfilledAt.plus(window))) {
                throw new TransitionException.RefundWindowExpired("Units fulfilled at " + f.fulfilledAt
                        + " were refundable until " + f.fulfilledAt.plus(window));
            }
        }
        return new RefundPlan(line, units, amount(line, units), allocation,
                refundedContracts(line, contracts, target, allocation, units));
    }

    /**
     * What the refunded units' protection was sold for: a plan line sold one contract per unit; a
     * category contract or shipping protection was sold once for the whole line, and is paid back
     * once, with the refund that takes the line's last unit.
     */
    static long amount(LineItem line, int units) {
        long price = unitPrice(line);
        return switch (line.type) {
            case CONTRACT -> Math.multiplyExact(price, units);
            case CATEGORY_CONTRACT, SHIPMENTS -> fullyRefunded(line, units) ? price : 0;
            default -> 0;
        };
    }

    private static boolean fullyRefunded(LineItem line, int units) {
        return line.refundedQuantity + units == line.quantity - line.canceledQuantity;
    }

    private static Map<Fulfillment, Integer> allocate(List<Fulfillment> fulfillments, Contract target, int units) {
        Map<Fulfillment, Integer> allocation = new LinkedHashMap<>();
        if (target != null && target.type == Contract.Type.PRODUCT_PROTECTION) {
            fulfillments.stream().filter(f -> f.id.equals(target.fulfillmentId)).findFirst()
                    .ifPresent(f -> allocation.put(f, 1));
            return allocation;
        }
        int left = units;
        List<Fulfillment> newestFirst = fulfillments.stream()
                .sorted(Comparator.comparing((Fulfillment f) -> f.fulfilledAt).reversed()).toList();
        for (Fulfillment f : newestFirst) {
            int take = Math.min(left, f.quantity - f.refundedQuantity);
            if (take > 0) {
                allocation.put(f, take);
                left -= take;
            }
        }
        return allocation;
    }

    private static List<Contract> refundedContracts(LineItem line, List<Contract> contracts, Contract target,
            Map<Fulfillment, Integer> allocation, int units) {
        List<Contract> live = contracts.stream()
                .filter(c -> c.lineItemId.equals(line.id) && c.status == Contract.Status.LIVE).toList();
        if (target != null && target.type == Contract.Type.PRODUCT_PROTECTION) {
            return List.of(target);
        }
        if (line.type == LineItemType.CONTRACT) {
            List<Contract> refunded = new ArrayList<>();
            allocation.forEach((f, n) -> live.stream().filter(c -> c.fulfillmentId.equals(f.id)).limit(n)
                    .forEach(refunded::add));
            return refunded;
        }
        return fullyRefunded(line, units) ? live : List.of();
    }

    /** What one unit's protection cost; lines without protection refund nothing. */
    static long unitPrice(LineItem line) {
        if (line.failed()) {
            return 0;
        }
        return switch (line.type) {
            case CONTRACT, CATEGORY_CONTRACT -> line.planPurchasePrice;
            case SHIPMENTS -> line.premium;
            default -> 0;
        };
    }
}
