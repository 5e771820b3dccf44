package io.protection.orders.catalog;

import java.util.Comparator;
import java.util.Locale;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.protection.orders.common.db.ReadOnlySession;
import io.protection.orders.catalog.CatalogDtos.PlanRequest;
import io.protection.orders.catalog.CatalogDtos.PlanView;
import io.protection.orders.catalog.CatalogDtos.QuoteItem;
import io.protection.orders.catalog.CatalogDtos.QuoteRequest;
import io.protection.orders.catalog.CatalogDtos.QuoteView;
import io.protection.orders.common.Ids;
import io.protection.orders.common.ProblemException;
import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.common.Violations;
import io.protection.orders.store.Tenant;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** The plan catalog, offers and shipping-protection quotes. */
@ApplicationScoped
public class CatalogService {

    static final int MAX_QUOTE_ITEMS = 500;

    @Inject
    Clock clock;

    @Inject
    ProtectionConfig config;

    @Inject
    PlanRepository plans;

    @Inject
    ShippingQuoteRepository quotes;

    @Inject
    PlanCatalog planCatalog;

    /** Loads what a store can sell plus the plans named by ids. Runs in the caller's session. */
    public Uni<Catalog> load(UUID storeId, Set<String> namedPlanIds) {
        return planCatalog.all().map(found -> {
            Map<String, Plan> named = new HashMap<>();
            List<Plan> active = new ArrayList<>();
            for (Plan plan : found) {
                if (!plan.visibleTo(storeId)) {
                    continue;
                }
                if (namedPlanIds.contains(plan.id)) {
                    named.put(plan.id, plan);
                }
                if (plan.active) {
                    active.add(plan);
                }
            }
            return new Catalog(active, named);
        });
    }

    /** Creates or replaces a plan; the boolean says whether it was created. */
    @WithTransaction
    public Uni<Map.Entry<Boolean, PlanView>> putPlan(String id, PlanRequest request) {
        validate(id, request);
        Instant now = clock.instant();
        return plans.findById(id).chain(existing -> {
            Plan plan = existing != null ? existing : new Plan();
            if (existing == null) {
                plan.id = id;
                plan.createdAt = now;
            }
            plan.storeId = request.storeId();
            plan.title = request.title().trim();
            plan.termMonths = request.termMonths();
            plan.currency = request.currency().trim().toUpperCase(Locale.ROOT);
            List<String> categories = request.categories() == null ? List.of()
                    : request.categories().stream().map(String::trim).distinct().toList();
            plan.eligibility = new Plan.Eligibility(categories, sortedByMin(request.priceBands()));
            plan.active = request.active() == null || request.active();
            plan.updatedAt = now;
            Uni<Plan> saved = existing != null ? Uni.createFrom().item(plan) : plans.persist(plan);
            return saved.call(p -> plans.announceChange(p.id)).invoke(planCatalog::forget)
                    .map(p -> Map.entry(existing == null, PlanView.of(p)));
        });
    }

    @ReadOnlySession
    public Uni<List<PlanView>> listPlans(UUID storeId) {
        return planCatalog.all().map(found -> found.stream().filter(p -> p.active && p.visibleTo(storeId))
                .sorted(Comparator.comparing((Plan p) -> p.id)).map(PlanView::of).toList());
    }

    @ReadOnlySession
    public Uni<PlanView> getPlan(UUID storeId, String id) {
        return plans.findById(id).map(plan -> {
            if (plan == null || !plan.visibleTo(storeId)) {
                throw ProblemException.notFound("plan " + id);
            }
            return PlanView.of(plan);
        });
    }

    @ReadOnlySession
    public Uni<Catalog> catalog(UUID storeId) {
        return load(storeId, Set.of());
    }

    @WithTransaction
    public Uni<QuoteView> quote(Tenant tenant, QuoteRequest request) {
        Violations v = new Violations();
        String currency = request.currency() == null ? tenant.currency() : v.currency(request.currency(), "currency");
        long covered = 0;
        if (v.required(request.items(), "items")) {
            v.check(!request.items().isEmpty() && request.items().size() <= MAX_QUOTE_ITEMS, "items",
                    "must list 1 to " + MAX_QUOTE_ITEMS + " items");
            for (int i = 0; i < request.items().size(); i++) {
                QuoteItem item = request.items().get(i);
                String at = "items[" + i + "]";
                if (!v.check(item != null, at, "must be an object")) {
                    continue;
                }
                if (v.check(item.id() != null && !item.id().isBlank(), at + ".productId",
                        "is required (or send referenceId)")) {
                    v.text(item.id(), at + ".productId", 255);
                }
                boolean priced = v.required(item.purchasePrice(), at + ".purchasePrice")
                        && v.check(item.purchasePrice() >= 0, at + ".purchasePrice", "must not be negative");
                int quantity = item.quantity() == null ? 1 : item.quantity();
                boolean counted = v.check(quantity >= 1 && quantity <= 10_000, at + ".quantity",
                        "must be between 1 and 10000");
                if (priced && counted) {
                    covered = addCovered(covered, item.purchasePrice(), quantity, v, at);
                }
            }
        }
        v.throwIfAny();

        Instant now = clock.instant();
        ShippingQuote quote = new ShippingQuote();
        quote.id = Ids.next();
        quote.storeId = tenant.storeId();
        quote.currency = currency;
        quote.coveredValue = covered;
        quote.premium = ShippingQuote.premium(covered, tenant.shippingRateBasisPoints(), tenant.shippingMinimumPremium());
        quote.items = new ShippingQuote.Items(request.items().stream()
                .map(i -> new QuoteItem(i.id(), null, i.purchasePrice(), i.quantity() == null ? 1 : i.quantity()))
                .toList());
        quote.createdAt = now;
        quote.expiresAt = now.plus(config.shippingQuoteTtl());
        return quotes.persist(quote).map(ignored -> new QuoteView(quote.id, quote.premium, quote.currency,
                quote.coveredValue, quote.expiresAt, quote.createdAt));
    }

    private static long addCovered(long covered, long price, int quantity, Violations v, String at) {
        try {
            return Math.addExact(covered, Math.multiplyExact(price, quantity));
        } catch (ArithmeticException e) {
            v.add(at + ".purchasePrice", "is too large");
            return covered;
        }
    }

    private static void validate(String id, PlanRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body is required");
        }
        Violations v = new Violations();
        v.check(id.matches("[A-Za-z0-9._:-]{1,64}"), "id",
                "must be 1 to 64 letters, digits or . _ : -");
        if (v.required(request.title(), "title")) {
            v.text(request.title(), "title", 200);
        }
        if (v.required(request.termMonths(), "termMonths")) {
            v.check(request.termMonths() >= 1 && request.termMonths() <= 120, "termMonths", "must be between 1 and 120");
        }
        v.currency(request.currency(), "currency");
        if (request.categories() != null) {
            for (int i = 0; i < request.categories().size(); i++) {
                String category = request.categories().get(i);
                v.check(category != null && !category.isBlank(), "categories[" + i + "]", "must not be blank");
            }
        }
        if (v.required(request.priceBands(), "priceBands") && v.check(!request.priceBands().isEmpty(), "priceBands",
                "must have at least one band")) {
            validateBands(request.priceBands(), v);
        }
        v.throwIfAny();
    }

    private static void validateBands(List<PriceBand> bands, Violations v) {
        boolean complete = true;
        for (int i = 0; i < bands.size(); i++) {
            PriceBand band = bands.get(i);
            String at = "priceBands[" + i + "]";
            if (!v.check(band != null, at, "must be an object")) {
                complete = false;
                continue;
            }
            complete &= v.required(band.minPrice(), at + ".minPrice") & v.required(band.maxPrice(), at + ".maxPrice")
                    & v.required(band.price(), at + ".price");
            if (band.minPrice() != null && band.maxPrice() != null) {
                complete &= v.check(band.minPrice() >= 0, at + ".minPrice", "must not be negative")
                        & v.check(band.minPrice() <= band.maxPrice(), at + ".maxPrice", "must not be below minPrice");
            }
            if (band.price() != null) {
                complete &= v.check(band.price() >= 0, at + ".price", "must not be negative");
            }
        }
        if (complete) {
            List<PriceBand> sorted = sortedByMin(bands);
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i).minPrice() <= sorted.get(i - 1).maxPrice()) {
                    v.add("priceBands", "bands must not overlap");
                    break;
                }
            }
        }
    }

    private static List<PriceBand> sortedByMin(Collection<PriceBand> bands) {
        return bands.stream().sorted(Comparator.comparingLong(PriceBand::minPrice)).toList();
    }
}
