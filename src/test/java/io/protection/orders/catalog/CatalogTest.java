package io.protection.orders.catalog;

import static io.protection.orders.support.Api.*;
import static org.hamcrest.Matchers.*;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class CatalogTest {

    @Test
    void plansAreCreatedThenReplaced() {
        TestStore store = newStore();
        String id = "plan-" + unique();
        Map<String, Object> plan = Map.of("title", "TV 2y", "termMonths", 24, "currency", "usd",
                "categories", List.of("tv"), "storeId", store.id(),
                "priceBands", List.of(Map.of("minPrice", 0, "maxPrice", 9_999, "price", 500)));
        admin().body(plan).put("/admin/plans/" + id).then().statusCode(201).body("currency", equalTo("USD"))
                .body("active", equalTo(true));
        Map<String, Object> replaced = new java.util.HashMap<>(plan);
        replaced.put("title", "TV 3y");
        replaced.put("termMonths", 36);
        admin().body(replaced).put("/admin/plans/" + id).then().statusCode(200).body("termMonths", equalTo(36));
        store.request().get("/plans/" + id).then().statusCode(200).body("title", equalTo("TV 3y"))
                .body("priceBands[0].price", equalTo(500));
        store.request().get("/plans").then().body("plans.id", hasItem(id));

        replaced.put("active", false);
        admin().body(replaced).put("/admin/plans/" + id).then().statusCode(200);
        store.request().get("/plans").then().body("plans.id", not(hasItem(id)));
        store.request().get("/plans/" + id).then().statusCode(200).body("active", equalTo(false));
    }

    @Test
    void badPlansListEveryField() {
        admin().body(Map.of("termMonths", 0, "currency", "EURO", "categories", List.of(" "),
                "priceBands", List.of(Map.of("minPrice", 10, "maxPrice", 5, "price", -1))))
                .put("/admin/plans/ok-id").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.field", containsInAnyOrder("title", "termMonths", "currency", "categories[0]",
                        "priceBands[0].maxPrice", "priceBands[0].price"));
        admin().body(Map.of("title", "t", "termMonths", 12, "currency", "USD", "priceBands", List.of(
                Map.of("minPrice", 0, "maxPrice", 100, "price", 1), Map.of("minPrice", 100, "maxPrice", 200, "price", 2))))
                .put("/admin/plans/overlap-" + unique()).then().statusCode(400)
                .body("errors.field", contains("priceBands"));
        admin().body(Map.of("title", "t", "termMonths", 12, "currency", "USD", "priceBands", List.of()))
                .put("/admin/plans/bad%20id").then().statusCode(400).body("errors.field", containsInAnyOrder("id", "priceBands"));
    }

    @Test
    void offersFollowTheBandEdges() {
        TestStore store = newStore();
        String id = "plan-" + unique();
        admin().body(Map.of("title", "Phone", "termMonths", 12, "currency", "USD", "categories", List.of("phone"),
                "storeId", store.id(), "priceBands", List.of(Map.of("minPrice", 1_000, "maxPrice", 4_999, "price", 199),
                        Map.of("minPrice", 5_000, "maxPrice", 9_999, "price", 399))))
                .put("/admin/plans/" + id).then().statusCode(201);
        Map<Integer, Integer> expected = Map.of(1_000, 199, 4_999, 199, 5_000, 399, 9_999, 399);
        expected.forEach((price, premium) -> offers(store, price, "USD", "phone").body("plans.base", hasSize(1))
                .body("plans.base[0].id", equalTo(id)).body("plans.base[0].price", equalTo(premium))
                .body("plans.base[0].termMonths", equalTo(12)).body("plans.base[0].currency", equalTo("USD"))
                .body("plans.recommended", equalTo("base")));
        for (int outside : List.of(999, 10_000)) {
            offers(store, outside, "USD", "phone").body("plans.base", empty()).body("plans.recommended", nullValue());
        }
        offers(store, 2_000, "USD", "laptop").body("plans.base", empty());
        offers(store, 2_000, "EUR", "phone").body("plans.base", empty());
        // A product without a category is offered only plans that list none.
        offers(store, 2_000, "usd", null).body("plans.base", empty());
    }

    @Test
    void offersWithoutPriceListEveryBandInTheStoresCurrency() {
        TestStore store = newStore(Map.of("currency", "EUR"));
        String any = "plan-" + unique();
        admin().body(Map.of("title", "Any", "termMonths", 24, "currency", "EUR", "storeId", store.id(), "priceBands",
                List.of(Map.of("minPrice", 0, "maxPrice", 9_999, "price", 499),
                        Map.of("minPrice", 10_000, "maxPrice", 99_999, "price", 999))))
                .put("/admin/plans/" + any).then().statusCode(201);
        plan(store, "USD", List.of(), 0, 99_999, 100);
        // Magento's call: a product id and nothing else.
        store.request().queryParam("storeId", store.id()).queryParam("productId", "sku-1").get("/offers").then()
                .statusCode(200).body("plans.base.id", contains(any, any)).body("plans.base.price", contains(499, 999))
                .body("plans.base.minPrice", contains(0, 10_000)).body("plans.base.maxPrice", contains(9_999, 99_999))
                .body("plans.recommended", equalTo("base")).body("plans.adh", empty())
                .body("plans.base[0].contract.termLength", equalTo(24));
        store.request().queryParam("price", "15000").get("/offers").then().statusCode(200)
                .body("plans.base.price", contains(999)).body("plans.base[0].minPrice", nullValue());
    }

    @Test
    void badOfferQueriesListEveryField() {
        TestStore store = newStore();
        store.request().queryParam("purchasePrice", "-1").queryParam("currency", "XYZ").get("/offers").then()
                .statusCode(400).body("errors.field", containsInAnyOrder("purchasePrice", "currency"));
        store.request().queryParam("purchasePrice", "12.50").queryParam("currency", "USD").get("/offers").then()
                .statusCode(400).body("errors.field", contains("purchasePrice"));
        store.request().queryParam("price", "abc").get("/offers").then()
                .statusCode(400).body("errors.field", contains("price"));
    }

    @Test
    void aPlanWithoutStoreIsOfferedToEveryStore() {
        String id = "global-" + unique();
        admin().body(Map.of("title", "Test currency plan", "termMonths", 12, "currency", "XTS",
                "priceBands", List.of(Map.of("minPrice", 0, "maxPrice", 100, "price", 5))))
                .put("/admin/plans/" + id).then().statusCode(201);
        offers(newStore(), 50, "XTS", "anything").body("plans.base.id", hasItem(id));
        offers(newStore(), 50, "XTS", null).body("plans.base.id", hasItem(id));
    }

    @Test
    void shippingQuotesChargeTheStoreRateRoundedUpWithAMinimum() {
        TestStore store = newStore(Map.of("shippingProtectionRate", 200, "shippingProtectionMinimumPremium", 150));
        store.request().body(Map.of("currency", "usd", "items", List.of(
                Map.of("productId", "a", "purchasePrice", 10_000, "quantity", 2),
                Map.of("productId", "b", "purchasePrice", 2_345))))
                .post("/shipping-offers/quotes").then().statusCode(200)
                .body("coveredValue", equalTo(22_345)).body("premium", equalTo(447)).body("currency", equalTo("USD"))
                .body("id", notNullValue()).body("expiresAt", notNullValue());
        store.request().body(Map.of("currency", "USD", "items", List.of(Map.of("productId", "c", "purchasePrice", 100))))
                .post("/shipping-offers/quotes").then().statusCode(200).body("premium", equalTo(150));
    }

    @Test
    void badQuotesListEveryField() {
        TestStore store = newStore();
        store.request().body(Map.of("items", List.of(Map.of("purchasePrice", -1, "quantity", 0))))
                .post("/shipping-offers/quotes").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("items[0].productId", "items[0].purchasePrice",
                        "items[0].quantity"));
        store.request().body(Map.of("currency", "USD", "items", List.of())).post("/shipping-offers/quotes").then()
                .statusCode(400).body("errors.field", contains("items"));
    }

    static io.restassured.response.ValidatableResponse offers(TestStore store, int price, String currency,
            String category) {
        var request = store.request().queryParam("purchasePrice", price).queryParam("currency", currency);
        if (category != null) {
            request.queryParam("category", category);
        }
        return request.get("/offers").then().statusCode(200);
    }
}
