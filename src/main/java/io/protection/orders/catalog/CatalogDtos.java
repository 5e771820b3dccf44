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

    /**
     * One plan at one price; {@code minPrice}/{@code maxPrice} name the band when no purchase price
     * was given. {@code contract} repeats the term in Extend's shape ({@code contract.termLength}).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OfferView(String id, String title, int termMonths, long price, String currency, Long minPrice,
            Long maxPrice) {

        public OfferContract getContract() {
            return new OfferContract(termMonths, Offers.BASE);
        }
    }

    /** Extend's {@code contract} of an offer: the term in months and the coverage it belongs to. */
    @RegisterForReflection
    public record OfferContract(int termLength, String coverageIncludes) {
    }

    /**
     * Extend's offers shape: {@code {plans: {base: [...], adh: [], recommended}}}. {@code recommended}
     * names the member of {@code plans} to show ({@code "base"}), as Extend's clients read it, or is
     * null when nothing is offered; {@code adh} (accidental damage) is always empty here.
     */
    @RegisterForReflection
    public record Offers(OfferPlans plans) {

        static final String BASE = "base";

        public static Offers of(List<OfferView> base) {
            return new Offers(new OfferPlans(base, List.of(), base.isEmpty() ? null : BASE));
        }
    }

    @RegisterForReflection
    public record OfferPlans(List<OfferView> base, List<OfferView> adh, String recommended) {
    }

    /** A shipping-protection quote request; {@code currency} defaults to the store's. */
    public record QuoteRequest(String storeId, String currency, List<QuoteItem> items) {
    }

    /**
     * An item to cover, named by {@code productId} or (SFCC) {@code referenceId}. Other fields a
     * client sends with it ({@code productName}, {@code category}, {@code shippable}) are ignored.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QuoteItem(String productId, String referenceId, Long purchasePrice, Integer quantity) {

        /** The item's id, whichever field named it. */
        public String id() {
            return productId != null ? productId : referenceId;
        }
    }

    @RegisterForReflection
    public record QuoteView(UUID id, long premium, String currency, long coveredValue, Instant expiresAt,
            Instant createdAt) {
    }
}
