package io.protection.orders.order;

import io.protection.orders.order.service.LineClassifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.protection.orders.catalog.Catalog;
import io.protection.orders.catalog.Plan;
import io.protection.orders.catalog.PriceBand;
import io.protection.orders.catalog.ShippingQuote;
import io.protection.orders.contract.Lead;
import io.protection.orders.order.service.LineClassifier.Decision;
import io.protection.orders.order.service.LineClassifier.Result;
import io.protection.orders.order.OrderInput.LineItem;
import io.protection.orders.order.OrderInput.PlanRef;
import io.protection.orders.order.OrderInput.Product;
import io.protection.orders.order.OrderInput.Shipment;

/** The categorisation rules, without a database. */
class LineClassifierTest {

    static final UUID STORE = UUID.randomUUID();
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    final Plan tv = plan("tv-24", "USD", List.of("tv"), true, new PriceBand(10_000L, 99_999L, 2_999L),
            new PriceBand(100_000L, 500_000L, 5_999L));
    final Plan inactive = plan("old", "USD", List.of("tv"), false, new PriceBand(0L, 999_999L, 100L));
    final Plan euro = plan("eu", "EUR", List.of(), true, new PriceBand(0L, 999_999L, 100L));
    final Map<String, Lead> leads = new java.util.HashMap<>();
    final Map<String, ShippingQuote> quotes = new java.util.HashMap<>();

    @Test
    void planAndProductIsAContract() {
        Decision d = one(line("l").product(product("tv-1", 50_000, "tv")).plan("tv-24", 2_999));
        assertEquals(LineItemType.CONTRACT, d.type());
        assertNull(d.failureReason());
    }

    @Test
    void planLineFailuresNameTheirReason() {
        assertEquals("plan_not_found", one(line("l").product(product("p", 50_000, "tv")).plan("nope", 2_999)).failureReason());
        assertEquals("plan_inactive", one(line("l").product(product("p", 50_000, "tv")).plan("old", 100)).failureReason());
        assertEquals("plan_currency_mismatch", one(line("l").product(product("p", 50_000, "tv")).plan("eu", 100)).failureReason());
        assertEquals("plan_not_eligible", one(line("l").product(product("p", 50_000, "laptop")).plan("tv-24", 2_999)).failureReason());
        assertEquals("plan_not_eligible", one(line("l").product(product("p", 9_999, "tv")).plan("tv-24", 2_999)).failureReason());
        assertEquals("plan_price_mismatch", one(line("l").product(product("p", 150_000, "tv")).plan("tv-24", 2_999)).failureReason());
    }

    @Test
    void aFailedPlanLineIsStillAContractLine() {
        Decision d = one(line("l").product(product("p", 50_000, "tv")).plan("nope", 1));
        assertEquals(LineItemType.CONTRACT, d.type());
        assertEquals(LineItemStatus.CONTRACT_FAILED, d.type().failedStatus());
    }

    @Test
    void bandEdgesAreInclusive() {
        assertNull(one(line("l").product(product("p", 10_000, "tv")).plan("tv-24", 2_999)).failureReason());
        assertNull(one(line("l").product(product("p", 99_999, "tv")).plan("tv-24", 2_999)).failureReason());
        assertNull(one(line("l").product(product("p", 100_000, "tv")).plan("tv-24", 5_999)).failureReason());
    }

    @Test
    void aNamedPlanForAProductWithoutCategoryIsJudgedByPriceAndCurrency() {
        assertNull(one(line("l").product(product("p", 50_000, null)).plan("tv-24", 2_999)).failureReason());
        assertEquals("plan_price_mismatch",
                one(line("l").product(product("p", 50_000, null)).plan("tv-24", 5_999)).failureReason());
    }

    @Test
    void aProductWithoutCategoryIsWarrantableOnlyThroughAPlanWithoutCategories() {
        // Only tv-24 (category tv) covers 150,000 here: nothing says a category-less product is a TV.
        assertEquals(LineItemType.NON_WARRANTABLE, one(line("l").product(product("p", 150_000, null))).type());
        assertEquals(LineItemType.LEAD, one(line("l").product(product("p", 150_000, "tv"))).type());
    }

    @Test
    void warrantableProductWithoutPlanIsALead() {
        Decision d = one(line("l").product(product("tv-1", 50_000, "tv")));
        assertEquals(LineItemType.LEAD, d.type());
        assertNull(d.failureReason());
    }

    @Test
    void unwarrantableProductIsNonWarrantable() {
        assertEquals(LineItemType.NON_WARRANTABLE, one(line("l").product(product("sock", 500, "apparel"))).type());
        assertEquals(LineItemType.NON_WARRANTABLE, one(line("l").product(product("tv", 5_000, "tv"))).type());
    }

    @Test
    void declaredNonWarrantableCreatesNoLead() {
        assertEquals(LineItemType.NON_WARRANTABLE,
                one(line("l").type("non_warrantable").product(product("tv-1", 50_000, "tv"))).type());
    }

    @Test
    void declaredLeadThatIsNotWarrantableFails() {
        Decision d = one(line("l").type("lead").product(product("sock", 500, "apparel")));
        assertEquals(LineItemType.LEAD, d.type());
        assertEquals("product_not_warrantable", d.failureReason());
    }

    @Test
    void secondLeadForTheSameProductFails() {
        List<Decision> ds = classify(line("a").product(product("tv-1", 50_000, "tv")),
                line("b").product(product("tv-1", 50_000, "tv"))).decisions();
        assertNull(ds.get(0).failureReason());
        assertEquals("lead_duplicate", ds.get(1).failureReason());
        assertEquals(LineItemStatus.LEAD_FAILED, ds.get(1).type().failedStatus());
    }

    @Test
    void categoryContractCoversItsProducts() {
        List<Decision> ds = classify(
                line("cc").type("category_contract").plan("tv-24", 2_999)
                        .products(product("tv-a", 30_000, "tv"), product("tv-b", 20_000, "tv")),
                line("a").product(product("tv-a", 30_000, "tv")),
                line("b").product(product("tv-b", 20_000, "tv"))).decisions();
        assertEquals(LineItemType.CATEGORY_CONTRACT, ds.get(0).type());
        assertNull(ds.get(0).failureReason());
        assertEquals(LineItemType.CATEGORY_PRODUCT, ds.get(1).type());
        assertEquals(LineItemType.CATEGORY_PRODUCT, ds.get(2).type());
    }

    @Test
    void categoryContractIsPricedOnTheSumAndMustCoverEveryCategory() {
        assertEquals("plan_price_mismatch", one(line("cc").type("category_contract").plan("tv-24", 2_999)
                .products(product("a", 60_000, "tv"), product("b", 50_000, "tv"))).failureReason());
        assertEquals("plan_not_eligible", one(line("cc").type("category_contract").plan("tv-24", 2_999)
                .products(product("a", 20_000, "tv"), product("b", 20_000, "laptop"))).failureReason());
    }

    @Test
    void leadTokenWithPlanConsumesTheLead() {
        leads.put("lt", lead("lt", 2, 0, NOW.plus(Duration.ofDays(1))));
        Result result = classify(line("l").quantity(2).leadToken("lt").plan("tv-24", 2_999));
        Decision d = result.decisions().get(0);
        assertEquals(LineItemType.CONTRACT, d.type());
        assertNull(d.failureReason());
        assertEquals("tv-1", d.product().id());
        assertEquals(Map.of("lt", 2), result.leadUnits());
    }

    @Test
    void leadTokenFailures() {
        leads.put("expired", lead("expired", 1, 0, NOW));
        leads.put("spent", lead("spent", 1, 1, NOW.plusSeconds(60)));
        Lead other = lead("other", 1, 0, NOW.plusSeconds(60));
        other.storeId = UUID.randomUUID();
        leads.put("other", other);
        leads.put("live", lead("live", 1, 0, NOW.plusSeconds(60)));
        assertEquals("lead_not_found", one(line("l").leadToken("missing").plan("tv-24", 2_999)).failureReason());
        assertEquals("lead_not_found", one(line("l").leadToken("other").plan("tv-24", 2_999)).failureReason());
        assertEquals("lead_expired", one(line("l").leadToken("expired").plan("tv-24", 2_999)).failureReason());
        assertEquals("lead_consumed", one(line("l").leadToken("spent").plan("tv-24", 2_999)).failureReason());
        assertEquals("lead_consumed", one(line("l").quantity(2).leadToken("live").plan("tv-24", 2_999)).failureReason());
        assertEquals("lead_product_mismatch", one(line("l").leadToken("live").product(product("other", 50_000, "tv"))
                .plan("tv-24", 2_999)).failureReason());
    }

    @Test
    void twoLinesCannotSpendOneLeadUnitTwice() {
        leads.put("lt", lead("lt", 1, 0, NOW.plusSeconds(60)));
        Result result = classify(line("a").leadToken("lt").plan("tv-24", 2_999),
                line("b").leadToken("lt").plan("tv-24", 2_999));
        assertNull(result.decisions().get(0).failureReason());
        assertEquals("lead_consumed", result.decisions().get(1).failureReason());
        assertEquals(Map.of("lt", 1), result.leadUnits());
    }

    @Test
    void aLeadIsNotConsumedWhenThePlanFails() {
        leads.put("lt", lead("lt", 1, 0, NOW.plusSeconds(60)));
        Result result = classify(line("a").leadToken("lt").plan("tv-24", 1));
        assertEquals("plan_price_mismatch", result.decisions().get(0).failureReason());
        assertEquals(Map.of(), result.leadUnits());
    }

    @Test
    void quoteAndShipmentInfoIsShippingProtection() {
        quotes.put("q", quote(300, NOW.plusSeconds(60), null));
        Result result = classify(line("s").quote("q", 300L));
        assertEquals(LineItemType.SHIPMENTS, result.decisions().get(0).type());
        assertNull(result.decisions().get(0).failureReason());
        assertEquals(Set.of("q"), result.usedQuotes());
    }

    @Test
    void quoteFailures() {
        quotes.put("expired", quote(300, NOW, null));
        quotes.put("used", quote(300, NOW.plusSeconds(60), UUID.randomUUID()));
        quotes.put("live", quote(300, NOW.plusSeconds(60), null));
        assertEquals("quote_not_found", one(line("s").quote("missing", 300L)).failureReason());
        assertEquals("quote_expired", one(line("s").quote("expired", 300L)).failureReason());
        assertEquals("quote_already_used", one(line("s").quote("used", 300L)).failureReason());
        assertEquals("quote_premium_mismatch", one(line("s").quote("live", 299L)).failureReason());
        Decision unpriced = one(line("s").quote("live", null));
        assertNull(unpriced.failureReason());
        assertEquals(300L, unpriced.premium());
        List<Decision> twice = classify(line("a").quote("live", 300L), line("b").quote("live", 300L)).decisions();
        assertNull(twice.get(0).failureReason());
        assertEquals("quote_already_used", twice.get(1).failureReason());
        assertEquals(LineItemStatus.QUOTE_FAILED, twice.get(1).type().failedStatus());
    }

    // --- fixtures

    Decision one(LineBuilder line) {
        return classify(line).decisions().get(0);
    }

    Result classify(LineBuilder... lines) {
        Catalog catalog = new Catalog(List.of(tv, euro), Map.of("tv-24", tv, "old", inactive, "eu", euro));
        List<LineItem> items = new ArrayList<>();
        for (LineBuilder b : lines) {
            items.add(b.build());
        }
        return new LineClassifier(STORE, "USD", catalog, leads, quotes, NOW).classify(items);
    }

    static Plan plan(String id, String currency, List<String> categories, boolean active, PriceBand... bands) {
        Plan plan = new Plan();
        plan.id = id;
        plan.currency = currency;
        plan.active = active;
        plan.termMonths = 24;
        plan.eligibility = new Plan.Eligibility(categories, List.of(bands));
        return plan;
    }

    static Product product(String id, long price, String category) {
        return new Product(id, null, null, category, price, price, null, null, null, null, null);
    }

    static Lead lead(String token, int quantity, int consumed, Instant expiresAt) {
        Lead lead = new Lead();
        lead.token = token;
        lead.storeId = STORE;
        lead.productId = "tv-1";
        lead.product = product("tv-1", 50_000, "tv");
        lead.currency = "USD";
        lead.quantity = quantity;
        lead.quantityConsumed = consumed;
        lead.expiresAt = expiresAt;
        return lead;
    }

    static ShippingQuote quote(long premium, Instant expiresAt, UUID usedBy) {
        ShippingQuote quote = new ShippingQuote();
        quote.storeId = STORE;
        quote.currency = "USD";
        quote.premium = premium;
        quote.expiresAt = expiresAt;
        quote.orderId = usedBy;
        return quote;
    }

    static LineBuilder line(String id) {
        return new LineBuilder(id);
    }

    static final class LineBuilder {
        final String id;
        Integer quantity;
        String type;
        Product product;
        PlanRef plan;
        String leadToken;
        List<Product> products;
        String quoteId;
        Long premium;
        List<Shipment> shipments;

        LineBuilder(String id) {
            this.id = id;
        }

        LineBuilder quantity(int q) {
            quantity = q;
            return this;
        }

        LineBuilder type(String t) {
            type = t;
            return this;
        }

        LineBuilder product(Product p) {
            product = p;
            return this;
        }

        LineBuilder plan(String planId, long price) {
            plan = new PlanRef(planId, price);
            return this;
        }

        LineBuilder leadToken(String token) {
            leadToken = token;
            return this;
        }

        LineBuilder products(Product... ps) {
            products = List.of(ps);
            return this;
        }

        LineBuilder quote(String id, Long premium) {
            quoteId = id;
            this.premium = premium;
            shipments = List.of(new Shipment("1Z", "ups", null, List.of("tv-1"), null, null, null));
            return this;
        }

        LineItem build() {
            return new LineItem(id, quantity, null, null, type, product, plan, leadToken, products, quoteId, premium,
                    shipments, null, null);
        }
    }
}
