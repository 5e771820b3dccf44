package io.protection.orders.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A protection plan of the catalog. It is eligible for a product when it is active, its currency is
 * the order's, the product's category is one of its categories (a plan without categories, or a
 * product without a category, skips that test) and one of its price bands contains the product's
 * purchase price; the band's price is then what the plan costs.
 */
@Entity
@Table(name = "plan")
public class Plan {

    @Id
    public String id;

    /** Set for a plan offered to one store only; null for the whole catalog. */
    @Column(name = "store_id")
    public UUID storeId;

    public String title;

    @Column(name = "term_months")
    public int termMonths;

    public String currency;

    /** Categories and price bands, kept as one JSON document. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Eligibility eligibility;

    public boolean active;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Which products the plan covers: categories (empty: any) and price bands. */
    @RegisterForReflection
    public record Eligibility(List<String> categories, List<PriceBand> priceBands) {
    }

    public boolean visibleTo(UUID store) {
        return storeId == null || storeId.equals(store);
    }

    /**
     * Whether the plan may be offered for a product of this category: one of its categories, or any
     * category when it lists none; a product without a category only when it lists none. (A plan a
     * merchant names on a line is checked by {@link #covers}, which can't refute a missing category.)
     */
    public boolean offeredFor(String category) {
        return category == null || category.isBlank() ? eligibility.categories().isEmpty() : covers(category);
    }

    public boolean covers(String category) {
        List<String> categories = eligibility.categories();
        if (category == null || category.isBlank() || categories.isEmpty()) {
            return true;
        }
        String wanted = category.trim().toLowerCase(Locale.ROOT);
        return categories.stream().anyMatch(c -> c.toLowerCase(Locale.ROOT).equals(wanted));
    }

    /** The plan's price for a product, or empty when the plan is not eligible for it. */
    public OptionalLong priceFor(String category, long purchasePrice, String productCurrency) {
        if (!active || !currency.equals(productCurrency) || !covers(category)) {
            return OptionalLong.empty();
        }
        return eligibility.priceBands().stream().filter(b -> b.contains(purchasePrice)).mapToLong(PriceBand::price).findFirst();
    }
}
