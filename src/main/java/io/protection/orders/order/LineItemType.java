package io.protection.orders.order;

import java.util.Locale;

/** What a line item leads to, decided when the order is created. */
public enum LineItemType {
    /** An extended-warranty contract per unit: {@code plan} + {@code product}, or {@code plan} + {@code leadToken}. */
    CONTRACT(LineItemStatus.CONTRACT_FAILED),
    /** One contract covering several products: {@code type: category_contract} + {@code plan} + {@code products}. */
    CATEGORY_CONTRACT(LineItemStatus.CONTRACT_FAILED),
    /** A product covered by a category contract line of the same order. */
    CATEGORY_PRODUCT(null),
    /** A warrantable product sold without a plan: a lead the customer can buy protection on later. */
    LEAD(LineItemStatus.LEAD_FAILED),
    /** Shipping protection: {@code quoteId} + {@code shipmentInfo}. */
    SHIPMENTS(LineItemStatus.QUOTE_FAILED),
    /** Anything else: tracked for totals and status only. */
    NON_WARRANTABLE(null);

    private final LineItemStatus failedStatus;

    LineItemType(LineItemStatus failedStatus) {
        this.failedStatus = failedStatus;
    }

    /** The status of a line of this type whose protection can't be honoured. */
    public LineItemStatus failedStatus() {
        return failedStatus;
    }

    /** Whether a line of this type carries a contract (and so waits as {@code contract_pending}). */
    public boolean carriesContract() {
        return this == CONTRACT || this == CATEGORY_CONTRACT || this == SHIPMENTS;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LineItemType fromWire(String value) {
        for (LineItemType type : values()) {
            if (type.wire().equals(value)) {
                return type;
            }
        }
        return null;
    }
}
