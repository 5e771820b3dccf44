package io.protection.orders.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.protection.orders.order.OrderInput.Product;
import io.protection.orders.order.OrderInput.Shipment;
import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A line of an order. Units are tracked one by one:
 * {@code 0 <= fulfilled + canceled <= quantity} and {@code refunded <= fulfilled}.
 */
@Entity
@Table(name = "line_item")
public class LineItem {

    @Id
    public UUID id;

    @Column(name = "store_id")
    public UUID storeId;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "order_id")
    public Order order;

    public int position;

    @Column(name = "line_item_transaction_id")
    public String lineItemTransactionId;

    @Enumerated(EnumType.STRING)
    public LineItemType type;

    @Enumerated(EnumType.STRING)
    public LineItemStatus status;

    /** Why the line's protection could not be honoured (set with a {@code *_failed} status). */
    @Column(name = "failure_reason")
    public String failureReason;

    public int quantity;

    @Column(name = "fulfilled_quantity")
    public int fulfilledQuantity;

    @Column(name = "canceled_quantity")
    public int canceledQuantity;

    @Column(name = "refunded_quantity")
    public int refundedQuantity;

    @JdbcTypeCode(SqlTypes.JSON)
    public Product product;

    @Column(name = "product_id")
    public String productId;

    @Column(name = "plan_id")
    public String planId;

    @Column(name = "plan_purchase_price")
    public Long planPurchasePrice;

    @Column(name = "lead_token")
    public String leadToken;

    @Column(name = "quote_id")
    public String quoteId;

    public Long premium;

    /** The covered products of a category contract and the shipments, kept as one JSON document. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Details details;

    @Column(name = "discount_amount")
    public Long discountAmount;

    @Column(name = "tax_cost")
    public Long taxCost;

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Details(List<Product> products, List<Shipment> shipmentInfo) {
    }

    /** Whether every unit has reached an end: fulfilled or canceled. */
    public boolean allUnitsSettled() {
        return fulfilledQuantity + canceledQuantity == quantity;
    }

    public int unfulfilledUnits() {
        return quantity - fulfilledQuantity - canceledQuantity;
    }

    public int refundableUnits() {
        return fulfilledQuantity - refundedQuantity;
    }

    public boolean failed() {
        return status == LineItemStatus.CONTRACT_FAILED || status == LineItemStatus.QUOTE_FAILED
                || status == LineItemStatus.LEAD_FAILED;
    }

    /** Whether the line's fulfillment creates contracts: a valid contract, category or shipping line. */
    public boolean protectedLine() {
        return type.carriesContract() && !failed();
    }

    /** Whether something of this line has left the warehouse: a past shipment date or a shipped product. */
    public boolean shipped(Instant now) {
        boolean productShipped = product != null && "shipped".equals(product.deliveryStatus());
        return productShipped || details.shipmentInfo() != null && details.shipmentInfo().stream()
                .anyMatch(s -> s.shipmentDate() != null && !s.shipmentDate().isAfter(now));
    }

    /**
     * Fulfills {@code units}. While the order waits, the line stays {@code pending} or
     * {@code contract_pending} and its contracts wait for the release.
     */
    public void fulfill(int units) {
        switch (status) {
            case PENDING, CONTRACT_PENDING, UNFULFILLED, CANCEL_FAILED, CONTRACT_FAILED, QUOTE_FAILED, LEAD_FAILED -> {
                requireUnits("fulfill", units, unfulfilledUnits());
                fulfilledQuantity += units;
                settle();
            }
            case FULFILLED, CANCELED, REFUNDED -> throw new TransitionException.QuantityExceeded("fulfill", units, 0);
        }
    }

    /**
     * Cancels {@code units} unfulfilled units; a line that has shipped can't be canceled and becomes
     * {@code cancel_failed} instead. Returns whether the units were canceled.
     */
    public boolean cancel(int units, boolean shipped) {
        switch (status) {
            case PENDING, CONTRACT_PENDING, UNFULFILLED, CANCEL_FAILED, CONTRACT_FAILED, QUOTE_FAILED, LEAD_FAILED -> {
                requireUnits("cancel", units, unfulfilledUnits());
                if (shipped) {
                    status = LineItemStatus.CANCEL_FAILED;
                    return false;
                }
                canceledQuantity += units;
                settle();
                return true;
            }
            case FULFILLED, CANCELED, REFUNDED -> throw new TransitionException.QuantityExceeded("cancel", units, 0);
        }
        throw new IllegalStateException(status.name());
    }

    /** Refunds {@code units} fulfilled units; the line is {@code refunded} once every unit is. */
    public void refund(int units) {
        switch (status) {
            case PENDING, CONTRACT_PENDING, UNFULFILLED, FULFILLED, CANCEL_FAILED, CONTRACT_FAILED, QUOTE_FAILED,
                    LEAD_FAILED -> {
                requireUnits("refund", units, refundableUnits());
                refundedQuantity += units;
                settle();
            }
            case CANCELED, REFUNDED -> throw new TransitionException.QuantityExceeded("refund", units, 0);
        }
    }

    /** Adds units to the line (an upsert that raises its quantity); they wait to be fulfilled. */
    public void addUnits(int units) {
        quantity += units;
        if (status == LineItemStatus.FULFILLED || status == LineItemStatus.REFUNDED || status == LineItemStatus.CANCELED) {
            status = LineItemStatus.UNFULFILLED;
        }
    }

    /**
     * Takes the protection off the line (its plan was dropped; the product stays sold): it creates no
     * contracts any more and takes the status its units imply.
     */
    public void dropProtection(boolean orderPending) {
        type = LineItemType.NON_WARRANTABLE;
        planId = null;
        planPurchasePrice = null;
        failureReason = null;
        if (orderPending) {
            status = LineItemStatus.PENDING;
        } else {
            status = LineItemStatus.UNFULFILLED;
        }
        settle();
    }

    /** Ends the wait period: the line takes the status its units imply. */
    public void release() {
        if (status == LineItemStatus.PENDING || status == LineItemStatus.CONTRACT_PENDING) {
            status = LineItemStatus.UNFULFILLED;
            settle();
        }
    }

    /**
     * The status the units imply. A failed line keeps its status; a waiting line keeps it until the
     * release, unless every unit was canceled.
     */
    private void settle() {
        if (failed()) {
            return;
        }
        if (allUnitsSettled() && fulfilledQuantity == 0) {
            status = LineItemStatus.CANCELED;
            return;
        }
        if (status == LineItemStatus.PENDING || status == LineItemStatus.CONTRACT_PENDING) {
            return;
        }
        if (fulfilledQuantity > 0 && refundedQuantity == quantity - canceledQuantity) {
            status = LineItemStatus.REFUNDED;
        } else if (allUnitsSettled()) {
            status = LineItemStatus.FULFILLED;
        } else if (status != LineItemStatus.CANCEL_FAILED) {
            status = LineItemStatus.UNFULFILLED;
        }
    }

    private static void requireUnits(String action, int units, int left) {
        if (units < 1 || units > left) {
            throw new TransitionException.QuantityExceeded(action, units, left);
        }
    }

    /** The status of a new line of this type: see "Line-item statuses and transitions" in the README. */
    public LineItemStatus initialStatus(LineItemType type, boolean failed, boolean pending) {
        if (failed) {
            // Extend: protection bought on a lead that can't be honoured is "the attempt to create a lead
            // contract failed", whatever the reason (the lead's, or the plan's).
            return leadToken != null ? LineItemStatus.LEAD_FAILED : type.failedStatus();
        }
        if (pending) {
            return type.carriesContract() ? LineItemStatus.CONTRACT_PENDING : LineItemStatus.PENDING;
        }
        return fulfilledQuantity == quantity ? LineItemStatus.FULFILLED : LineItemStatus.UNFULFILLED;
    }
}
