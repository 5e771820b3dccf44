package io.protection.orders.order;

import java.util.List;

import io.protection.orders.common.ProblemException;

/**
 * A change that the order's or line's state doesn't allow. Thrown by the aggregate itself (no I/O),
 * answered as the contract's 409 or 422 problem.
 */
public class TransitionException extends ProblemException {

    TransitionException(int status, String code, String title, String detail) {
        super(status, code, title, detail, List.of(), null);
    }

    /** Cancel after a unit was fulfilled, or of a canceled or voided order. */
    public static final class CancelDeclined extends TransitionException {
        public CancelDeclined(String detail) {
            super(409, "cancel_decline", "Cancel declined", detail);
        }
    }

    /** Fulfill, cancel or refund more units than are left. */
    public static final class QuantityExceeded extends TransitionException {
        public QuantityExceeded(String action, int wanted, int left) {
            super(409, "quantity_exceeded", "Quantity exceeded",
                    "Cannot " + action + " " + wanted + " unit(s): " + left + " left");
        }
    }

    /** Any other change that the current status doesn't allow. */
    public static final class InvalidTransition extends TransitionException {
        public InvalidTransition(String detail) {
            super(409, "invalid_transition", "Invalid transition", detail);
        }
    }

    /** A refund later than the store's refund window after the units' fulfillment. */
    public static final class RefundWindowExpired extends TransitionException {
        public RefundWindowExpired(String detail) {
            super(422, "refund_window_expired", "Refund window expired", detail);
        }
    }

    /** A refund that the line's protection doesn't allow, e.g. shipping protection after shipping. */
    public static final class NotRefundable extends TransitionException {
        public NotRefundable(String detail) {
            super(422, "not_refundable", "Not refundable", detail);
        }
    }
}
