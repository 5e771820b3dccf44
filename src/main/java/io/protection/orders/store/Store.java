package io.protection.orders.store;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;


/** A merchant. Every other row of the service belongs to one store. */
@Entity
@Table(name = "store")
public class Store {

    @Id
    public UUID id;

    public String name;

    @Column(name = "refund_window_seconds")
    public long refundWindowSeconds;

    @Column(name = "wait_period_seconds")
    public long waitPeriodSeconds;

    /**
     * How far before its receipt a refund or cancellation the merchant reports may be dated and still
     * be judged at that date (domain rule 10).
     */
    @Column(name = "reporting_tolerance_seconds")
    public long reportingToleranceSeconds;

    /** How long after its start the customer may revoke a contract on their contract page. */
    @Column(name = "revocation_period_seconds")
    public long revocationPeriodSeconds;

    @Column(name = "shipping_rate_bp")
    public int shippingRateBasisPoints;

    @Column(name = "shipping_minimum_premium")
    public long shippingMinimumPremium;

    /** The currency the store sells in: offers without a currency are in it. */
    public String currency;

    @Column(name = "created_at")
    public Instant createdAt;
}
