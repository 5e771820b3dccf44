package io.protection.orders.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.protection.orders.order.OrderInput.Product;
import io.protection.orders.order.OrderInput.Shipment;

/** Every row of the transitions table, and the transitions it forbids, on the aggregate alone. */
class OrderTransitionsTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    // --- (new) rows

    @Test
    void newLinesOfAPendingOrderWait() {
        assertEquals(LineItemStatus.CONTRACT_PENDING, initial(LineItemType.CONTRACT, null, 0, true));
        assertEquals(LineItemStatus.CONTRACT_PENDING, initial(LineItemType.SHIPMENTS, null, 0, true));
        assertEquals(LineItemStatus.PENDING, initial(LineItemType.LEAD, null, 0, true));
        assertEquals(LineItemStatus.PENDING, initial(LineItemType.NON_WARRANTABLE, null, 1, true));
    }

    @Test
    void newLinesWithoutWaitAreUnfulfilledOrFulfilled() {
        assertEquals(LineItemStatus.UNFULFILLED, initial(LineItemType.CONTRACT, null, 0, false));
        assertEquals(LineItemStatus.UNFULFILLED, initial(LineItemType.CONTRACT, null, 1, false));
        assertEquals(LineItemStatus.FULFILLED, initial(LineItemType.CONTRACT, null, 2, false));
    }

    @Test
    void newLinesWithInvalidProtectionFail() {
        assertEquals(LineItemStatus.CONTRACT_FAILED, initial(LineItemType.CONTRACT, "plan_not_found", 0, false));
        assertEquals(LineItemStatus.QUOTE_FAILED, initial(LineItemType.SHIPMENTS, "quote_expired", 0, true));
        assertEquals(LineItemStatus.LEAD_FAILED, initial(LineItemType.LEAD, "lead_duplicate", 0, false));
    }

    // --- release

    @Test
    void releaseTurnsWaitingLinesUnfulfilledOrFulfilled() {
        Order order = order(true, line(LineItemType.CONTRACT, 2), line(LineItemType.NON_WARRANTABLE, 1));
        order.fulfill(order.lineItems.get(1), 1);
        assertEquals(LineItemStatus.PENDING, order.lineItems.get(1).status);
        order.release();
        assertEquals(LineItemStatus.UNFULFILLED, order.lineItems.get(0).status);
        assertEquals(LineItemStatus.FULFILLED, order.lineItems.get(1).status);
        assertEquals(OrderStatus.OPEN, order.status);
    }

    @Test
    void fulfillingWhilePendingKeepsTheLineContractPending() {
        Order order = order(true, line(LineItemType.CONTRACT, 2));
        LineItem line = order.lineItems.get(0);
        order.fulfill(line, 2);
        assertEquals(LineItemStatus.CONTRACT_PENDING, line.status);
        assertEquals(2, line.fulfilledQuantity);
        assertEquals(OrderStatus.PENDING, order.status);
        order.release();
        assertEquals(LineItemStatus.FULFILLED, line.status);
        assertEquals(OrderStatus.CLOSED, order.status);
    }

    @Test
    void onlyAPendingOrderIsReleased() {
        Order order = order(false, line(LineItemType.CONTRACT, 1));
        assertThrows(TransitionException.InvalidTransition.class, order::release);
    }

    // --- fulfill

    @Test
    void fulfillSomeThenAllUnits() {
        Order order = order(false, line(LineItemType.CONTRACT, 3));
        LineItem line = order.lineItems.get(0);
        order.fulfill(line, 1);
        assertEquals(LineItemStatus.UNFULFILLED, line.status);
        assertEquals(OrderStatus.OPEN, order.status);
        order.fulfill(line, 2);
        assertEquals(LineItemStatus.FULFILLED, line.status);
        assertEquals(OrderStatus.CLOSED, order.status);
    }

    @Test
    void fulfillingMoreThanIsLeftIsRefused() {
        Order order = order(false, line(LineItemType.CONTRACT, 2));
        LineItem line = order.lineItems.get(0);
        assertThrows(TransitionException.QuantityExceeded.class, () -> order.fulfill(line, 3));
        order.fulfill(line, 2);
        assertThrows(TransitionException.QuantityExceeded.class, () -> order.fulfill(line, 1));
        assertEquals(2, line.fulfilledQuantity);
    }

    @Test
    void aFailedLineCanStillBeFulfilledAndStaysFailed() {
        Order order = order(false, line(LineItemType.CONTRACT, 1));
        LineItem line = order.lineItems.get(0);
        line.status = LineItemStatus.CONTRACT_FAILED;
        order.fulfill(line, 1);
        assertEquals(LineItemStatus.CONTRACT_FAILED, line.status);
        assertEquals(OrderStatus.CLOSED, order.status);
    }

    // --- cancel

    @Test
    void cancelingAnOrderCancelsEveryUnfulfilledLine() {
        for (boolean pending : List.of(true, false)) {
            Order order = order(pending, line(LineItemType.CONTRACT, 2), line(LineItemType.LEAD, 1));
            order.cancel(NOW);
            assertEquals(OrderStatus.CANCELED, order.status);
            order.lineItems.forEach(l -> {
                assertEquals(LineItemStatus.CANCELED, l.status);
                assertEquals(l.quantity, l.canceledQuantity);
            });
        }
    }

    @Test
    void aShippedLineBecomesCancelFailed() {
        LineItem shipped = line(LineItemType.NON_WARRANTABLE, 1);
        shipped.details = new LineItem.Details(null,
                List.of(new Shipment("1Z", "ups", NOW.minusSeconds(60), List.of("p"), null, null, null)));
        Order order = order(false, shipped, line(LineItemType.CONTRACT, 1));
        order.cancel(NOW);
        assertEquals(LineItemStatus.CANCEL_FAILED, shipped.status);
        assertEquals(0, shipped.canceledQuantity);
        assertEquals(LineItemStatus.CANCELED, order.lineItems.get(1).status);
        assertEquals(OrderStatus.CANCELED, order.status);
    }

    @Test
    void anOrderWithAFulfilledUnitCantBeCanceled() {
        Order order = order(false, line(LineItemType.CONTRACT, 2));
        order.fulfill(order.lineItems.get(0), 1);
        assertThrows(TransitionException.CancelDeclined.class, () -> order.cancel(NOW));
        assertEquals(OrderStatus.OPEN, order.status);
        assertEquals(0, order.lineItems.get(0).canceledQuantity);
    }

    @Test
    void aCanceledOrVoidedOrderCantBeCanceled() {
        Order canceled = order(false, line(LineItemType.CONTRACT, 1));
        canceled.cancel(NOW);
        assertThrows(TransitionException.CancelDeclined.class, () -> canceled.cancel(NOW));
        Order voided = order(false, line(LineItemType.CONTRACT, 1));
        voided.voidOrder();
        assertThrows(TransitionException.CancelDeclined.class, () -> voided.cancel(NOW));
    }

    @Test
    void cancelingSomeUnitsOfALine() {
        Order order = order(false, line(LineItemType.CONTRACT, 3));
        LineItem line = order.lineItems.get(0);
        order.fulfill(line, 1);
        assertTrue(order.cancelLine(line, 1, NOW));
        assertEquals(LineItemStatus.UNFULFILLED, line.status);
        assertThrows(TransitionException.QuantityExceeded.class, () -> order.cancelLine(line, 2, NOW));
        assertTrue(order.cancelLine(line, 1, NOW));
        assertEquals(LineItemStatus.FULFILLED, line.status);
        assertEquals(OrderStatus.CLOSED, order.status);
        assertThrows(TransitionException.QuantityExceeded.class, () -> order.fulfill(line, 1));
    }

    @Test
    void aLineWithEveryUnitCanceledIsCanceled() {
        Order order = order(false, line(LineItemType.CONTRACT, 2), line(LineItemType.LEAD, 1));
        assertTrue(order.cancelLine(order.lineItems.get(0), 2, NOW));
        assertEquals(LineItemStatus.CANCELED, order.lineItems.get(0).status);
        assertEquals(OrderStatus.OPEN, order.status);
    }

    @Test
    void cancelingAShippedLinesUnitsFails() {
        LineItem line = line(LineItemType.CONTRACT, 1);
        line.product = new Product("p", null, null, null, 1L, 1L, null, null, null, null, "shipped");
        Order order = order(false, line);
        assertFalse(order.cancelLine(line, 1, NOW));
        assertEquals(LineItemStatus.CANCEL_FAILED, line.status);
        order.fulfill(line, 1);
        assertEquals(LineItemStatus.FULFILLED, line.status);
    }

    // --- refund

    @Test
    void refundingSomeThenEveryUnit() {
        Order order = order(false, line(LineItemType.CONTRACT, 2), line(LineItemType.NON_WARRANTABLE, 1));
        LineItem line = order.lineItems.get(0);
        order.fulfill(line, 2);
        order.fulfill(order.lineItems.get(1), 1);
        order.refund(line, 1);
        assertEquals(LineItemStatus.FULFILLED, line.status);
        assertEquals(OrderStatus.CLOSED, order.status);
        order.refund(line, 1);
        assertEquals(LineItemStatus.REFUNDED, line.status);
        assertEquals(OrderStatus.CANCELED, order.status, "every protected line is refunded");
    }

    @Test
    void refundingMoreThanIsFulfilledIsRefused() {
        Order order = order(false, line(LineItemType.CONTRACT, 3));
        LineItem line = order.lineItems.get(0);
        assertThrows(TransitionException.QuantityExceeded.class, () -> order.refund(line, 1));
        order.fulfill(line, 1);
        assertThrows(TransitionException.QuantityExceeded.class, () -> order.refund(line, 2));
        order.refund(line, 1);
        assertEquals(1, line.refundedQuantity);
    }

    // --- void

    @Test
    void voidingKeepsLineStatusesAndFreezesTheOrder() {
        Order order = order(false, line(LineItemType.CONTRACT, 2));
        LineItem line = order.lineItems.get(0);
        order.fulfill(line, 1);
        order.voidOrder();
        assertEquals(OrderStatus.VOIDED, order.status);
        assertEquals(LineItemStatus.UNFULFILLED, line.status);
        assertThrows(TransitionException.InvalidTransition.class, () -> order.fulfill(line, 1));
        assertThrows(TransitionException.InvalidTransition.class, () -> order.refund(line, 1));
        assertThrows(TransitionException.InvalidTransition.class, () -> order.cancelLine(line, 1, NOW));
        assertThrows(TransitionException.InvalidTransition.class, order::voidOrder);
        assertEquals(1, line.fulfilledQuantity);
    }

    @Test
    void aCanceledOrderTakesNoFulfillment() {
        Order order = order(false, line(LineItemType.CONTRACT, 1));
        order.cancel(NOW);
        assertThrows(TransitionException.InvalidTransition.class, () -> order.fulfill(order.lineItems.get(0), 1));
    }

    // --- fixtures

    static LineItemStatus initial(LineItemType type, String failure, int fulfilled, boolean pending) {
        LineItem line = line(type, 2);
        line.fulfilledQuantity = fulfilled;
        return line.initialStatus(type, failure != null, pending);
    }

    static Order order(boolean pending, LineItem... lines) {
        Order order = new Order();
        order.id = UUID.randomUUID();
        order.openAt = pending ? NOW.plusSeconds(3600) : NOW;
        for (LineItem line : lines) {
            order.addLineItem(line);
            line.status = line.initialStatus(line.type, false, pending);
        }
        order.initStatus(NOW);
        return order;
    }

    static LineItem line(LineItemType type, int quantity) {
        LineItem line = new LineItem();
        line.id = UUID.randomUUID();
        line.type = type;
        line.quantity = quantity;
        line.details = new LineItem.Details(null, null);
        return line;
    }
}
