package io.protection.orders.order;

import java.util.Locale;

/** Order statuses; see the domain rules in the README. */
public enum OrderStatus {
    PENDING,
    OPEN,
    CLOSED,
    CANCELED,
    VOIDED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status named on the wire, or null. */
    public static OrderStatus fromWire(String value) {
        for (OrderStatus status : values()) {
            if (status.wire().equals(value)) {
                return status;
            }
        }
        return null;
    }
}
