package io.protection.orders.catalog;

import java.util.stream.Stream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.protection.orders.catalog.CatalogDtos.OfferView;

/**
 * The plans one store can sell, as loaded for one request: its active plans, and every plan an
 * order names by id (active or not, so that an inactive plan is told apart from an unknown one).
 */
public record Catalog(List<Plan> activePlans, Map<String, Plan> namedPlans) {

    /**
     * A product is warrantable when at least one active plan is eligible for it. A product without a
     * category is eligible only for plans that list no categories: nothing says it is in theirs.
     */
    public boolean warrantable(String category, long purchasePrice, String currency) {
        return activePlans.stream()
                .anyMatch(p -> p.offeredFor(category) && p.priceFor(category, purchasePrice, currency).isPresent());
    }

    /**
     * The offers for a product, cheapest term first: each eligible plan at its band's price, or, when
     * the purchase price is not known, at every band's price. A {@code null} currency takes any plan's.
     */
    public List<OfferView> offers(String category, Long purchasePrice, String currency) {
        return activePlans.stream()
                .filter(p -> p.offeredFor(category) && (currency == null || p.currency.equals(currency)))
                .sorted(Comparator.comparingInt((Plan p) -> p.termMonths).thenComparing(p -> p.id))
                .flatMap(p -> {
                    if (purchasePrice == null) {
                        return p.eligibility.priceBands().stream()
                                .map(b -> new OfferView(p.id, p.title, p.termMonths, b.price(), p.currency, b.minPrice(),
                                        b.maxPrice()));
                    }
                    OptionalLong price = p.priceFor(category, purchasePrice, p.currency);
                    return price.isPresent()
                            ? Stream.of(new OfferView(p.id, p.title, p.termMonths, price.getAsLong(), p.currency, null, null))
                            : Stream.empty();
                })
                .toList();
    }

    /** A plan named by an order, or null when the store can't see it. */
    public Plan plan(String id) {
        return namedPlans.get(id);
    }
}
