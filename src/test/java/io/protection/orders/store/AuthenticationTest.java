package io.protection.orders.store;

import static io.protection.orders.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class AuthenticationTest {

    static final List<String> MERCHANT_GETS = List.of("/plans", "/plans/any", "/offers?purchasePrice=1&currency=USD",
            "/orders/" + UUID.randomUUID(), "/orders/search", "/line-items/search", "/leads/lt_x");

    @Test
    void merchantCallsWithoutAKeyAre401Problems() {
        for (String path : MERCHANT_GETS) {
            given().get(path).then().statusCode(401).contentType("application/problem+json")
                    .body("code", equalTo("unauthorized")).body("status", equalTo(401));
        }
        given().contentType(ContentType.JSON).body("{}").post("/orders").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{}").post("/shipping-offers/quotes").then().statusCode(401);
    }

    @Test
    void unknownKeysAre401() {
        given().header("X-Extend-Access-Token", "sk_unknown").get("/plans").then().statusCode(401)
                .body("code", equalTo("unauthorized"));
        given().header("Authorization", "Bearer sk_unknown").get("/plans").then().statusCode(401);
    }

    @Test
    void aKeyWorksInEitherHeader() {
        TestStore store = newStore();
        given().header("X-Extend-Access-Token", store.apiKey()).get("/plans").then().statusCode(200);
        given().header("Authorization", "Bearer " + store.apiKey()).get("/plans").then().statusCode(200);
    }

    @Test
    void adminCallsNeedTheAdminToken() {
        TestStore store = newStore();
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).post("/admin/stores").then().statusCode(401)
                .body("code", equalTo("unauthorized"));
        given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON).body(Map.of("name", "x"))
                .post("/admin/stores").then().statusCode(401);
        given().header("Authorization", "Bearer " + store.apiKey()).get("/admin/stores/" + store.id()).then()
                .statusCode(401);
        admin().get("/admin/stores/" + store.id()).then().statusCode(200).body("id", equalTo(store.id()))
                .body("apiKeys", hasSize(1)).body("apiKeys[0].apiKey", nullValue());
    }

    @Test
    void storeCreationValidatesAndDefaults() {
        admin().body(Map.of("refundWindow", "soon", "shippingProtectionRate", 20_000)).post("/admin/stores").then()
                .statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.field", hasItems("refundWindow"));
        admin().body(Map.of("shippingProtectionRate", 20_000)).post("/admin/stores").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("name", "shippingProtectionRate"));
        admin().body(Map.of("name", "Defaults")).post("/admin/stores").then().statusCode(201)
                .header("Location", containsString("/admin/stores/")).body("refundWindow", equalTo("P14D"))
                .body("waitPeriod", equalTo("PT0S")).body("apiKey", startsWith("sk_"));
        admin().body(Map.of("name", "Custom", "refundWindow", "P30D", "waitPeriod", 3600)).post("/admin/stores")
                .then().statusCode(201).body("refundWindow", equalTo("P30D")).body("waitPeriod", equalTo("PT1H"));
        admin().get("/admin/stores/" + UUID.randomUUID()).then().statusCode(404).body("code", equalTo("not_found"));
        admin().get("/admin/stores/not-a-uuid").then().statusCode(404);
    }

    @Test
    void revokedKeysStopWorkingAtOnceAndOtherKeysGoOn() {
        TestStore store = newStore();
        var created = admin().post("/admin/stores/" + store.id() + "/api-keys").then().statusCode(201)
                .body("apiKey", startsWith("sk_")).extract();
        String second = created.path("apiKey");
        String secondId = created.path("id");
        given().header("X-Extend-Access-Token", second).get("/plans").then().statusCode(200);

        admin().delete("/admin/stores/" + store.id() + "/api-keys/" + secondId).then().statusCode(204);
        given().header("X-Extend-Access-Token", second).get("/plans").then().statusCode(401);
        given().header("X-Extend-Access-Token", store.apiKey()).get("/plans").then().statusCode(200);
        admin().get("/admin/stores/" + store.id()).then().body("apiKeys.find { it.id == '" + secondId + "' }.revokedAt",
                notNullValue());
    }

    @Test
    void keysCanOnlyBeRevokedThroughTheirOwnStore() {
        TestStore a = newStore();
        TestStore b = newStore();
        String keyId = admin().get("/admin/stores/" + a.id()).then().extract().path("apiKeys[0].id");
        admin().delete("/admin/stores/" + b.id() + "/api-keys/" + keyId).then().statusCode(404);
        admin().delete("/admin/stores/" + a.id() + "/api-keys/" + UUID.randomUUID()).then().statusCode(404);
        a.request().get("/plans").then().statusCode(200);
    }

    @Test
    void anotherStoresDataIs404AndItsStoreIdIs403() {
        TestStore a = newStore();
        TestStore b = newStore();
        String plan = plan(a, "USD", List.of("tv"), 0, 100_000, 1_000);
        String quote = a.request().body(Map.of("currency", "USD", "items", List.of(Map.of("productId", "tv",
                "purchasePrice", 50_000)))).post("/shipping-offers/quotes").then().statusCode(200).extract().path("id");
        String transactionId = "t-" + unique();
        var order = a.request().body(order(transactionId, List.of(
                Map.of("lineItemTransactionId", "1", "product", product("tv", 50_000, "tv"), "plan",
                        Map.of("id", plan, "purchasePrice", 1_000)),
                Map.of("lineItemTransactionId", "2", "product", product("tv2", 50_000, "tv"))))).post("/orders")
                .then().statusCode(201).extract();
        String orderId = order.path("id");
        String leadToken = order.path("lineItems[1].leadToken");

        b.request().get("/orders/" + orderId).then().statusCode(404).body("code", equalTo("not_found"));
        b.request().get("/plans/" + plan).then().statusCode(404);
        b.request().get("/leads/" + leadToken).then().statusCode(404);
        b.request().queryParam("transactionId", transactionId).get("/orders/search").then().statusCode(200)
                .body("orders", empty());
        b.request().queryParam("transactionId", transactionId).get("/line-items/search").then().statusCode(200)
                .body("lineItems", empty());
        b.request().get("/plans").then().body("plans.id", not(hasItem(plan)));

        // B can't sell A's plan, use A's quote or A's lead.
        Map<String, Object> shipments = Map.of("lineItemTransactionId", "3", "quoteId", quote, "premium", 750,
                "shipmentInfo", List.of(Map.of("trackingId", "1Z", "productIds", List.of("tv"))));
        b.request().body(order("t-" + unique(), List.of(
                Map.of("lineItemTransactionId", "1", "product", product("tv", 50_000, "tv"), "plan",
                        Map.of("id", plan, "purchasePrice", 1_000)),
                Map.of("lineItemTransactionId", "2", "leadToken", leadToken, "plan", Map.of("id", plan, "purchasePrice", 1_000)),
                shipments))).post("/orders").then().statusCode(201)
                .body("lineItems.failureReason", contains("plan_not_found", "lead_not_found", "quote_not_found"));

        // A storeId that isn't the key's store is 403 wherever it can be sent.
        Map<String, Object> body = new java.util.HashMap<>(order("t-" + unique(), List.of(
                Map.of("lineItemTransactionId", "1", "product", product("x", 1, null)))));
        body.put("storeId", a.id());
        b.request().body(body).post("/orders").then().statusCode(403).body("code", equalTo("forbidden"));
        b.request().queryParam("storeId", a.id()).get("/orders/search").then().statusCode(403);
        b.request().queryParam("storeId", a.id()).get("/line-items/search").then().statusCode(403);
        b.request().queryParam("storeId", a.id()).queryParam("purchasePrice", 1).queryParam("currency", "USD")
                .get("/offers").then().statusCode(403);
        b.request().body(Map.of("storeId", a.id(), "currency", "USD", "items", List.of())).post("/shipping-offers/quotes")
                .then().statusCode(403);
        b.request().queryParam("storeId", b.id()).get("/orders/search").then().statusCode(200);
    }
}
