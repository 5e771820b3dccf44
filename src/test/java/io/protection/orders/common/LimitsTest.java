package io.protection.orders.common;

import static io.protection.orders.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** One merchant's hostile or broken request is a clean 400 that changes nothing, never a 500. */
@QuarkusTest
class LimitsTest {

    @Test
    void tooManyUnitsShipmentsOrProductsAre400() {
        TestStore store = newStore();
        String transactionId = "big-" + unique();
        List<Map<String, Object>> lines = List.of(
                Map.of("lineItemTransactionId", "a", "quantity", 6_000, "fulfilledQuantity", 6_000,
                        "product", product("tv", 50_000, "tv")),
                Map.of("lineItemTransactionId", "b", "quantity", 6_000, "product", product("tv2", 50_000, "tv")));
        store.request().body(order(transactionId, lines)).post("/orders").then().statusCode(400)
                .body("errors.field", hasItem("lineItems"));
        List<Map<String, Object>> shipments = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            shipments.add(Map.of("trackingId", "t" + i));
        }
        store.request().body(order(transactionId, List.of(Map.of("lineItemTransactionId", "s", "quoteId",
                "00000000-0000-0000-0000-000000000000", "shipmentInfo", shipments)))).post("/orders").then()
                .statusCode(400).body("errors.field", hasItem("lineItems[0].shipmentInfo"));
        List<Map<String, Object>> products = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            products.add(product("p" + i, 100, "audio"));
        }
        store.request().body(order(transactionId, List.of(Map.of("lineItemTransactionId", "c", "type",
                "category_contract", "plan", Map.of("id", "x", "purchasePrice", 1), "products", products))))
                .post("/orders").then().statusCode(400).body("errors.field", hasItem("lineItems[0].products"));
        store.request().body(order(transactionId, List.of(Map.of("lineItemTransactionId", "c", "type",
                "category_contract", "plan", Map.of("id", "x", "purchasePrice", 1), "products",
                List.of(product("a", Long.MAX_VALUE, "audio"), product("b", Long.MAX_VALUE, "audio"))))))
                .post("/orders").then().statusCode(400).body("errors.message", hasItem(containsString("add up")));
        store.request().queryParam("transactionId", transactionId).get("/orders/search").then().body("orders", empty());
    }

    @Test
    void instantsOutsideTheYears1970To9999Are400() {
        TestStore store = newStore();
        for (Object createdAt : List.of("-300000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
                Long.MAX_VALUE)) {
            Map<String, Object> body = new HashMap<>(order("t-" + unique(), List.of(Map.of("lineItemTransactionId", "1",
                    "product", product("cable", 999, null)))));
            body.put("createdAt", createdAt);
            store.request().body(body).post("/orders").then().statusCode(400)
                    .body("errors[0].field", equalTo("createdAt"));
        }
    }

    @Test
    void nulCharactersAndRepeatedKeysAre400() {
        TestStore store = newStore();
        Map<String, Object> nul = order("t-" + unique(), List.of(Map.of("lineItemTransactionId", "1",
                "product", product("ca\u0000ble", 999, null))));
        store.request().body(nul).post("/orders").then().statusCode(400)
                .body("errors[0].field", equalTo("lineItems[0].product.id"))
                .body("errors[0].message", equalTo("must not contain a NUL character"));
        Map<String, Object> address = order("t-" + unique(), List.of(Map.of("lineItemTransactionId", "1",
                "quoteId", "00000000-0000-0000-0000-000000000000",
                "shipmentInfo", List.of(Map.of("trackingId", "1", "destination", Map.of("city", "a\u0000b"))))));
        store.request().body(address).post("/orders").then().statusCode(400);
        store.request().queryParam("transactionId", "a\u0000b").get("/orders/search").then().statusCode(400)
                .contentType("application/problem+json");
        store.request().body("{\"transactionId\": \"a\", \"transactionId\": \"b\"}").post("/orders").then()
                .statusCode(400).body("errors[0].message", containsString("repeats a key"));
        store.request().body(Map.of("payload", Map.of("order_id", "1"))).post("/events").then().statusCode(400)
                .body("errors.field", hasItem("type"));
        store.request().body(Map.of("type", "order_cancelled", "payload", Map.of("order_id", "1\u0000")))
                .post("/events").then().statusCode(400).body("errors.field", hasItem(startsWith("payload")));
    }

    @Test
    void aBodyNestedDeeperThan64LevelsIs400() {
        TestStore store = newStore();
        // 900 levels in a free-form payload overflowed the stack (a 500); 64 is more than any body needs.
        for (int depth : new int[] { 65, 900, 5000 }) {
            String nested = "{\"a\": ".repeat(depth) + "1" + "}".repeat(depth);
            store.request().body("{\"type\": \"order_cancelled\", \"payload\": {\"order_id\": \"1\", \"x\": " + nested + "}}")
                    .post("/events").then().statusCode(400).contentType("application/problem+json");
        }
        String fine = "{\"a\": ".repeat(40) + "1" + "}".repeat(40);
        store.request().body("{\"type\": \"order_cancelled\", \"payload\": {\"order_id\": \"n-" + unique()
                + "\", \"x\": " + fine + "}}").post("/events").then().statusCode(202);
    }

    @Test
    void anotherStoresLeadTokenIsNotFoundAndLeftAlone() {
        TestStore a = newStore();
        TestStore b = newStore();
        String planA = plan(a, "USD", List.of("tv"), 10_000, 100_000, 4_999);
        String planB = plan(b, "USD", List.of("tv"), 10_000, 100_000, 4_999);
        String token = a.request().body(order("t-" + unique(), List.of(Map.of("lineItemTransactionId", "1",
                "product", product("tv", 50_000, "tv"))))).post("/orders").then().statusCode(201)
                .extract().path("lineItems[0].leadToken");
        b.request().body(order("t-" + unique(), List.of(Map.of("lineItemTransactionId", "1", "leadToken", token,
                "plan", Map.of("id", planB, "purchasePrice", 4_999))))).post("/orders").then().statusCode(201)
                .body("lineItems[0].status", equalTo("lead_failed")).body("lineItems[0].failureReason", equalTo("lead_not_found"));
        a.request().get("/leads/" + token).then().body("quantityConsumed", equalTo(0)).body("status", equalTo("live"));
        a.request().body(order("t-" + unique(), List.of(Map.of("lineItemTransactionId", "1", "leadToken", token,
                "plan", Map.of("id", planA, "purchasePrice", 4_999))))).post("/orders").then().statusCode(201)
                .body("lineItems[0].status", equalTo("unfulfilled"));
    }

    @Test
    void protectionSoldOnceIsRefundedOnce() {
        TestStore store = newStore();
        String bundle = plan(store, "USD", List.of("audio"), 10_000, 100_000, 2_500);
        var quote = store.request().body(Map.of("currency", "USD", "items", List.of(Map.of("productId", "tv",
                "purchasePrice", 60_000)))).post("/shipping-offers/quotes").then().statusCode(200).extract();
        int premium = quote.path("premium");
        var order = store.request().body(order("t-" + unique(), List.of(
                Map.of("lineItemTransactionId", "cc", "type", "category_contract", "quantity", 2, "fulfilledQuantity", 2,
                        "plan", Map.of("id", bundle, "purchasePrice", 2_500),
                        "products", List.of(product("spk-l", 20_000, "audio"), product("spk-r", 20_000, "audio"))),
                Map.of("lineItemTransactionId", "ship", "quoteId", quote.path("id"), "quantity", 3,
                        "fulfilledQuantity", 3)))).post("/orders").then().statusCode(201).extract();
        String cc = order.path("lineItems[0].id");
        String ship = order.path("lineItems[1].id");
        store.request().queryParam("lineItemId", cc).get("/refunds").then().body("amount", equalTo(2_500));
        store.request().body(Map.of("lineItemId", cc, "quantity", 1)).post("/refunds").then().statusCode(201)
                .body("amount", equalTo(0));
        store.request().body(Map.of("lineItemId", cc)).post("/refunds").then().statusCode(201)
                .body("amount", equalTo(2_500));
        store.request().body(Map.of("lineItemId", ship)).post("/refunds").then().statusCode(201)
                .body("amount", equalTo(premium));
        store.request().body(Map.of("lineItemId", ship)).post("/refunds").then().statusCode(409);
    }

    @Test
    void replayedKeyIssuingResponsesKeepNoSecret() {
        Map<String, Object> body = Map.of("name", "Replay " + unique());
        String key = "store-" + unique();
        var first = admin().header("Idempotency-Key", key).body(body).post("/admin/stores").then().statusCode(201)
                .body("apiKey", startsWith("sk_")).extract();
        admin().header("Idempotency-Key", key).body(body).post("/admin/stores").then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(first.path("id")))
                .body("apiKeyId", equalTo(first.path("apiKeyId"))).body("apiKey", nullValue());
        given().contentType(ContentType.JSON).header("X-Extend-Access-Token", (String) first.path("apiKey"))
                .get("/plans").then().statusCode(200);
    }
}
