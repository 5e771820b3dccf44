package io.protection.orders.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Request and response bodies of plans, offers and shipping-protection quotes. */
public final class CatalogDtos {

    private CatalogDtos() {
    }

    /** Admin body of {@code PUT /admin/plans/{id}}; {@code storeId} limits the plan to one store. */
    public record PlanRequest(String title, Integer termMonths, String currency, List<String> categories,
            List<PriceBand> priceBands, Boolean active, UUID storeId) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlanView(String id, UUID storeId, String title, int termMonths, String currency,
            List<String> categories, List<PriceBand> priceBands, boolean active, Instant createdAt, Instant updatedAt) {

        static PlanView of(Plan plan) {
            return new PlanView(plan.id, plan.storeId, plan.title, plan.termMonths, plan.currency,
                    plan.eligibility.categories(), plan.eligibility.priceBands(), plan.active, plan.createdAt, plan.updatedAt);
        }
    }

    @RegisterForReflection
    public record PlanList(List<PlanView> plans) {
    }

    @RegisterForReflection
    public record OfferView(String id, String title, int termMonths, long price, String currency) {
    }

    @RegisterForReflection
    public record Offers(List<OfferView> plans) {
    }

    public record QuoteRequest(String storeId, String currency, List<QuoteItem> items) {
    }

    @RegisterForReflection
    public record QuoteItem(String productId, Long purchasePrice, Integer quantity) {
    }

    @RegisterForReflection
    public record QuoteView(UUID id, long premium, String currency, long coveredValue, Instant expiresAt,
            Instant createdAt) {
    }
}
