package io.protection.orders.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.protection.orders.catalog.CatalogDtos.QuoteItem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A shipping-protection quote. An order can use it once, before it expires, at exactly its premium. */
@Entity
@Table(name = "shipping_quote")
public class ShippingQuote {

    @Id
    public UUID id;

    @Column(name = "store_id")
    public UUID storeId;

    public String currency;

    @Column(name = "covered_value")
    public long coveredValue;

    public long premium;

    @JdbcTypeCode(SqlTypes.JSON)
    public Items items;

    /** The quoted items, kept as one JSON document. */
    @RegisterForReflection
    public record Items(List<QuoteItem> items) {
    }

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "created_at")
    public Instant createdAt;

    /** The order that used the quote. */
    @Column(name = "order_id")
    public UUID orderId;

    /**
     * The premium: {@code rateBasisPoints} of the covered value, rounded up to a whole minor unit,
     * and never below {@code minimum}.
     */
    public static long premium(long coveredValue, int rateBasisPoints, long minimum) {
        long share = -Math.floorDiv(-Math.multiplyExact(coveredValue, (long) rateBasisPoints), 10_000L);
        return Math.max(share, minimum);
    }
}
