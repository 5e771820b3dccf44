package io.protection.orders.order;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.protection.orders.order.OrderInput.Customer;
import io.protection.orders.order.OrderInput.SaleOrigin;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** An order of one store: the aggregate root of its line items. */
@Entity
@Table(name = "orders")
public class Order extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "store_id")
    public UUID storeId;

    @Column(name = "transaction_id")
    public String transactionId;

    @Enumerated(EnumType.STRING)
    public OrderStatus status;

    public String currency;

    /** When the merchant says the order was placed. */
    @Column(name = "created_at")
    public Instant createdAt;

    /** When the wait period ends: {@code createdAt + waitPeriod}. */
    @Column(name = "open_at")
    public Instant openAt;

    @Column(name = "wait_period_seconds")
    public long waitPeriodSeconds;

    @JdbcTypeCode(SqlTypes.JSON)
    public Customer customer;

    /** Lower-cased copy of the customer's email, for search. */
    @Column(name = "customer_email")
    public String customerEmail;

    @Column(name = "customer_phone")
    public String customerPhone;

    public Long total;

    @Column(name = "tax_cost_total")
    public Long taxCostTotal;

    @Column(name = "product_cost_total")
    public Long productCostTotal;

    @Column(name = "discount_amount_total")
    public Long discountAmountTotal;

    @Column(name = "shipping_cost_total")
    public Long shippingCostTotal;

    @Column(name = "shipping_tax_cost_total")
    public Long shippingTaxCostTotal;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "sale_origin")
    public SaleOrigin saleOrigin;

    @Column(name = "po_number")
    public String poNumber;

    @Column(name = "is_test")
    public boolean isTest;

    @Version
    public int version;

    /** When the service received the order. */
    @Column(name = "inserted_at")
    public Instant insertedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @OneToMany(mappedBy = "order", cascade = CascadeType.ALL)
    @OrderBy("position")
    public List<LineItem> lineItems = new ArrayList<>();

    public void addLineItem(LineItem line) {
        line.order = this;
        line.position = lineItems.size();
        lineItems.add(line);
    }

    /**
     * The status the order's lines imply: {@code pending} until the wait period ends, then
     * {@code closed} once every unit of every line is fulfilled or canceled, {@code open} before.
     */
    public OrderStatus derivedStatus(Instant now) {
        if (status == OrderStatus.VOIDED || status == OrderStatus.CANCELED) {
            return status;
        }
        if (openAt.isAfter(now)) {
            return OrderStatus.PENDING;
        }
        boolean allDone = lineItems.stream().allMatch(LineItem::allUnitsSettled);
        return allDone ? OrderStatus.CLOSED : OrderStatus.OPEN;
    }

    public boolean isPending(Instant now) {
        return openAt.isAfter(now);
    }
}
