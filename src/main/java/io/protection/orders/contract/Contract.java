package io.protection.orders.contract;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.protection.orders.order.OrderInput.Customer;
import io.protection.orders.order.OrderInput.Product;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An insurance contract: one per fulfilled unit of a {@code contract} line, one per
 * {@code category_contract} or {@code shipments} line. Its term starts when the unit was fulfilled.
 */
@Entity
@Table(name = "contract")
public class Contract {

    public enum Type {
        PRODUCT_PROTECTION, CATEGORY, SHIPPING_PROTECTION;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Status {
        LIVE, REFUNDED, CANCELED, VOIDED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The covered products, kept as one JSON document. */
    @RegisterForReflection
    public record Products(List<Product> products) {
    }

    @Id
    public UUID id;

    @Column(name = "store_id")
    public UUID storeId;

    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "line_item_id")
    public UUID lineItemId;

    /** The fulfillment of the unit(s) the contract protects. */
    @Column(name = "fulfillment_id")
    public UUID fulfillmentId;

    @Enumerated(EnumType.STRING)
    public Type type;

    @Column(name = "plan_id")
    public String planId;

    @JdbcTypeCode(SqlTypes.JSON)
    public Products products;

    /** What the customer paid for the protection, in minor units. */
    @Column(name = "purchase_price")
    public long purchasePrice;

    public String currency;

    @JdbcTypeCode(SqlTypes.JSON)
    public Customer customer;

    @Column(name = "term_start")
    public Instant termStart;

    @Column(name = "term_end")
    public Instant termEnd;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The end of a term of {@code months} calendar months from {@code start}, in UTC. */
    public static Instant termEnd(Instant start, int months) {
        return start.atZone(ZoneOffset.UTC).plusMonths(months).toInstant();
    }
}
