package io.protection.orders.store;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A merchant. Every other row of the service belongs to one store. */
@Entity
@Table(name = "store")
public class Store extends PanacheEntityBase {

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

    @Column(name = "shipping_rate_bp")
    public int shippingRateBasisPoints;

    @Column(name = "shipping_minimum_premium")
    public long shippingMinimumPremium;

    /** The currency the store sells in: offers without a currency are in it. */
    public String currency;

    @Column(name = "created_at")
    public Instant createdAt;
}
