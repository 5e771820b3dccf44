package io.protection.orders.contract;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.protection.orders.order.OrderInput.Product;

/**
 * A lead: a warrantable product sold without protection, which the customer can still protect
 * later. Each protected unit bought on it consumes one unit of its quantity.
 */
@Entity
@Table(name = "lead")
public class Lead {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Id
    public String token;

    @Column(name = "store_id")
    public UUID storeId;

    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "line_item_id")
    public UUID lineItemId;

    @Column(name = "product_id")
    public String productId;

    @JdbcTypeCode(SqlTypes.JSON)
    public Product product;

    public String currency;

    public int quantity;

    @Column(name = "quantity_consumed")
    public int quantityConsumed;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "created_at")
    public Instant createdAt;

    /** A new lead token: {@code lt_} and 32 URL-safe random characters. */
    public static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "lt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public LeadStatus status(Instant now) {
        if (quantityConsumed >= quantity) {
            return LeadStatus.CONSUMED;
        }
        return now.isBefore(expiresAt) ? LeadStatus.LIVE : LeadStatus.EXPIRED;
    }

    public int remaining() {
        return quantity - quantityConsumed;
    }

    public enum LeadStatus {
        LIVE, CONSUMED, EXPIRED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
