package io.protection.orders.order;

import java.util.Locale;

/** Line-item statuses; the transitions between them are in the README's domain rules. */
public enum LineItemStatus {
    PENDING,
    CONTRACT_PENDING,
    UNFULFILLED,
    FULFILLED,
    CANCELED,
    CANCEL_FAILED,
    REFUNDED,
    CONTRACT_FAILED,
    QUOTE_FAILED,
    LEAD_FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
