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

    /** A product is warrantable when at least one active plan is eligible for it. */
    public boolean warrantable(String category, long purchasePrice, String currency) {
        return activePlans.stream().anyMatch(p -> p.priceFor(category, purchasePrice, currency).isPresent());
    }

    public List<OfferView> offers(String category, long purchasePrice, String currency) {
        return activePlans.stream()
                .sorted(Comparator.comparingInt((Plan p) -> p.termMonths).thenComparing(p -> p.id))
                .flatMap(p -> {
                    OptionalLong price = p.priceFor(category, purchasePrice, currency);
                    return price.isPresent()
                            ? Stream.of(new OfferView(p.id, p.title, p.termMonths, price.getAsLong(), p.currency))
                            : Stream.empty();
                })
                .toList();
    }

    /** A plan named by an order, or null when the store can't see it. */
    public Plan plan(String id) {
        return namedPlans.get(id);
    }
}
