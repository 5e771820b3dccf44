package io.protection.orders.order;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;


/**
 * Units of a line fulfilled at one instant, as the merchant reported it. Each unit's refund window
 * counts from its own fulfillment, and each fulfilled unit of a protected line is what a contract is
 * created from.
 */
@Entity
@Table(name = "fulfillment")
public class Fulfillment {

    @Id
    public UUID id;

    @Column(name = "store_id")
    public UUID storeId;

    @Column(name = "line_item_id")
    public UUID lineItemId;

    public int quantity;

    /** Units of this fulfillment refunded since. */
    @Column(name = "refunded_quantity")
    public int refundedQuantity;

    @Column(name = "fulfilled_at")
    public Instant fulfilledAt;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    public static Fulfillment of(LineItem line, int quantity, Instant fulfilledAt, Instant now) {
        Fulfillment fulfillment = new Fulfillment();
        fulfillment.id = io.protection.orders.common.Ids.next();
        fulfillment.storeId = line.storeId;
        fulfillment.lineItemId = line.id;
        fulfillment.quantity = quantity;
        fulfillment.fulfilledAt = fulfilledAt;
        fulfillment.recordedAt = now;
        return fulfillment;
    }
}
