package io.protection.orders.order;

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
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A line of an order. Units are tracked one by one:
 * {@code 0 <= fulfilled + canceled <= quantity} and {@code refunded <= fulfilled}.
 */
@Entity
@Table(name = "line_item")
public class LineItem extends PanacheEntityBase {

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
}
