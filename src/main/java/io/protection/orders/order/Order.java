package io.protection.orders.order;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
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

import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.protection.orders.order.OrderInput.Customer;
import io.protection.orders.order.OrderInput.SaleOrigin;

/** An order of one store: the aggregate root of its line items. */
// Updates write only the changed columns: a fulfillment changes a few of many. Only here: with JDBC
// batching on, Hibernate Reactive batches two updates of one entity type under the first one's SQL even
// when their changed columns differ (ORM itself turns batching off for such entities); one transaction
// changes one order but several of its lines, contracts and leads, so those keep full-row updates.
@DynamicUpdate
@Entity
@Table(name = "orders")
public class Order {

    @Id
    public UUID id;

    @Column(name = "store_id")
    public UUID storeId;

    @Column(name = "transaction_id")
    public String transactionId;

    @Enumerated(EnumType.STRING)
    public OrderStatus status;

    public String currency;

    /** When the merchant says the order was placed; when it didn't say, when the service received it. */
    @Column(name = "created_at")
    public Instant createdAt;

    /** Whether the merchant stated {@code createdAt}. */
    @Column(name = "created_at_stated")
    public boolean createdAtStated;

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

    /** What the merchant may change after creation: customer, totals, sale origin, PO number, test flag. */
    public record Details(Customer customer, Long total, Long taxCostTotal, Long productCostTotal,
            Long discountAmountTotal, Long shippingCostTotal, Long shippingTaxCostTotal, SaleOrigin saleOrigin,
            String poNumber, boolean isTest) {
    }

    public Details details() {
        return new Details(customer, total, taxCostTotal, productCostTotal, discountAmountTotal, shippingCostTotal,
                shippingTaxCostTotal, saleOrigin, poNumber, isTest);
    }

    /** Takes the details of a (well-formed) request; returns whether anything changed. */
    public boolean applyDetails(OrderInput.Order input) {
        Details before = details();
        customer = input.customer();
        // Hakuna's customers may have empty fields: the order keeps them, search finds none by them.
        String email = input.customer().email();
        customerEmail = email == null || email.isBlank() ? null : email.trim().toLowerCase(Locale.ROOT);
        String phone = input.customer().phone();
        customerPhone = phone == null || phone.isBlank() ? null : phone.trim();
        total = input.total();
        taxCostTotal = input.taxCostTotal();
        productCostTotal = input.productCostTotal();
        discountAmountTotal = input.discountAmountTotal();
        shippingCostTotal = input.shippingCostTotal();
        shippingTaxCostTotal = input.shippingTaxCostTotal();
        saleOrigin = input.saleOrigin();
        poNumber = input.poNumber();
        isTest = Boolean.TRUE.equals(input.isTest());
        return !before.equals(details());
    }

    /** When the merchant says the order was placed, or null when it didn't say: no fulfillment predates it. */
    public Instant statedPlacement() {
        return createdAtStated ? createdAt : null;
    }

    /** The plans the order's lines name. */
    public Set<String> planIds() {
        return lineItems.stream().map(l -> l.planId).filter(Objects::nonNull).collect(Collectors.toSet());
    }

    /** The line with this id, or null. */
    public LineItem line(UUID lineId) {
        return lineItems.stream().filter(l -> l.id.equals(lineId)).findFirst().orElse(null);
    }

    /**
     * Cancels the whole order: only while no unit is fulfilled. Each line's units are canceled, except
     * on lines that have shipped, which become {@code cancel_failed}; the order is {@code canceled}.
     */
    public void cancel(Instant now) {
        switch (status) {
            case PENDING, OPEN -> {
                if (lineItems.stream().anyMatch(l -> l.fulfilledQuantity > 0)) {
                    throw new TransitionException.CancelDeclined(
                            "Order " + id + " has fulfilled units; refund them instead");
                }
                for (LineItem line : lineItems) {
                    if (line.unfulfilledUnits() > 0) {
                        line.cancel(line.unfulfilledUnits(), shipped(line, now));
                    }
                }
                status = OrderStatus.CANCELED;
            }
            case CLOSED, CANCELED, VOIDED -> throw new TransitionException.CancelDeclined(
                    "Order " + id + " is " + status.wire() + " and can no longer be canceled");
        }
    }

    /** Cancels unfulfilled units of one line (e.g. out of stock). */
    public boolean cancelLine(LineItem line, int units, Instant now) {
        requireChangeable("cancel a line of");
        boolean canceled = line.cancel(units, shipped(line, now));
        refreshStatus();
        return canceled;
    }

    public void fulfill(LineItem line, int units) {
        requireChangeable("fulfill a line of");
        line.fulfill(units);
        refreshStatus();
    }

    public void refund(LineItem line, int units) {
        if (status == OrderStatus.VOIDED) {
            throw new TransitionException.InvalidTransition("Order " + id + " is voided: nothing is owed");
        }
        line.refund(units);
        refreshStatus();
    }

    /** Voids the order: every contract is voided (by the caller), lines keep their status, nothing changes after. */
    public void voidOrder() {
        if (status == OrderStatus.VOIDED) {
            throw new TransitionException.InvalidTransition("Order " + id + " is already voided");
        }
        status = OrderStatus.VOIDED;
    }

    /** Ends the wait period: waiting lines take the status their units imply. */
    public void release() {
        if (status != OrderStatus.PENDING) {
            throw new TransitionException.InvalidTransition("Order " + id + " is " + status.wire() + ", not pending");
        }
        lineItems.forEach(LineItem::release);
        status = OrderStatus.OPEN;
        refreshStatus();
    }

    /**
     * Sets the status the lines imply: {@code pending} and the ends ({@code canceled}, {@code voided})
     * are kept; otherwise {@code canceled} once every protected line is refunded, {@code closed} once
     * every unit of every line is fulfilled or canceled, {@code open} before.
     */
    public void refreshStatus() {
        if (status == OrderStatus.PENDING || status == OrderStatus.CANCELED || status == OrderStatus.VOIDED) {
            return;
        }
        List<LineItem> protectedLines = lineItems.stream().filter(LineItem::protectedLine).toList();
        if (!protectedLines.isEmpty() && protectedLines.stream().allMatch(l -> l.status == LineItemStatus.REFUNDED)) {
            status = OrderStatus.CANCELED;
        } else {
            status = lineItems.stream().allMatch(LineItem::allUnitsSettled) ? OrderStatus.CLOSED : OrderStatus.OPEN;
        }
    }

    /** The status of a new order: {@code pending} until its wait period ends. */
    public void initStatus(Instant now) {
        status = openAt.isAfter(now) ? OrderStatus.PENDING : OrderStatus.OPEN;
        refreshStatus();
    }

    public boolean isPending(Instant now) {
        return openAt.isAfter(now);
    }

    /**
     * Whether a line has shipped: its own shipment or product, or, for shipping protection, any
     * product it covers.
     */
    public boolean shipped(LineItem line, Instant now) {
        if (line.shipped(now)) {
            return true;
        }
        if (line.type != LineItemType.SHIPMENTS || line.details.shipmentInfo() == null) {
            return false;
        }
        List<String> covered = line.details.shipmentInfo().stream()
                .filter(s -> s.productIds() != null).flatMap(s -> s.productIds().stream()).toList();
        return lineItems.stream().anyMatch(l -> l != line && l.productId != null && covered.contains(l.productId)
                && l.shipped(now));
    }

    private void requireChangeable(String action) {
        if (status == OrderStatus.CANCELED || status == OrderStatus.VOIDED) {
            throw new TransitionException.InvalidTransition(
                    "Cannot " + action + " order " + id + ": it is " + status.wire());
        }
    }
}
