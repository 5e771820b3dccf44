package io.protection.orders.order;

import static io.protection.orders.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.protection.orders.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code POST /orders}: categorisation, statuses and refusals, over HTTP and a real database. */
@QuarkusTest
class OrderCreationTest {

    @Test
    void everyLineTypeIsRecognised() {
        TestStore store = newStore();
        String tv = plan(store, "USD", List.of("tv"), 10_000, 200_000, 4_999);
        String bundle = plan(store, "USD", List.of("audio"), 10_000, 100_000, 2_500);
        Quote quote = quote(store, 60_000);
        var order = store.request().body(order("t-" + unique(), List.of(
                line("c", Map.of("product", product("tv-1", 60_000, "tv"), "plan", planRef(tv, 4_999), "quantity", 2)),
                line("cc", Map.of("type", "category_contract", "plan", planRef(bundle, 2_500),
                        "products", List.of(product("spk-l", 20_000, "audio"), product("spk-r", 20_000, "audio")))),
                line("cp", Map.of("product", product("spk-l", 20_000, "audio"))),
                line("lead", Map.of("product", product("tv-2", 30_000, "tv"))),
                line("ship", Map.of("quoteId", quote.id(), "premium", quote.premium(),
                        "shipmentInfo", List.of(Map.of("trackingId", "1Z999", "shippingProvider", "ups",
                                "productIds", List.of("tv-1"))))),
                line("nw", Map.of("product", product("cable", 999, "cables")))))).post("/orders")
                .then().statusCode(201).header("Location", containsString("/orders/")).header("ETag", notNullValue())
                .body("status", equalTo("open"))
                .body("lineItems.type", contains("contract", "category_contract", "category_product", "lead",
                        "shipments", "non_warrantable"))
                .body("lineItems.status", everyItem(equalTo("unfulfilled")))
                .body("lineItems.failureReason", everyItem(nullValue()))
                .body("lineItems[0].quantity", equalTo(2))
                .body("lineItems[1].products.id", contains("spk-l", "spk-r"))
                .body("lineItems[3].leadToken", startsWith("lt_"))
                .body("lineItems[4].shipmentInfo[0].trackingId", equalTo("1Z999"))
                .extract();
        assertEquals(60_000 * 150 / 10_000, quote.premium());
        String leadToken = order.path("lineItems[3].leadToken");
        store.request().get("/leads/" + leadToken).then().statusCode(200).body("status", equalTo("live"))
                .body("productId", equalTo("tv-2")).body("quantity", equalTo(1)).body("quantityConsumed", equalTo(0));
    }

    @Test
    void protectionThatCantBeHonouredFailsOnlyItsLine() {
        TestStore store = newStore();
        String tv = plan(store, "USD", List.of("tv"), 10_000, 200_000, 4_999);
        Quote quote = quote(store, 50_000);
        store.request().body(order("t-" + unique(), List.of(line("ship", shipments(quote.id(), quote.premium())))))
                .post("/orders").then().statusCode(201).body("lineItems[0].status", equalTo("unfulfilled"));
        store.request().body(order("t-" + unique(), List.of(
                line("ok", Map.of("product", product("tv-1", 60_000, "tv"), "plan", planRef(tv, 4_999))),
                line("premium", shipments(quote(store, 1_000).id(), 1)),
                line("price", Map.of("product", product("tv-2", 60_000, "tv"), "plan", planRef(tv, 4_000))),
                line("reused", shipments(quote.id(), quote.premium())),
                line("dup-a", Map.of("product", product("tv-3", 60_000, "tv"))),
                line("dup-b", Map.of("product", product("tv-3", 60_000, "tv")))))).post("/orders")
                .then().statusCode(201)
                .body("status", equalTo("open"))
                .body("lineItems.status", contains("unfulfilled", "quote_failed", "contract_failed", "quote_failed",
                        "unfulfilled", "lead_failed"))
                .body("lineItems.failureReason", contains(null, "quote_premium_mismatch", "plan_price_mismatch",
                        "quote_already_used", null, "lead_duplicate"));
    }

    @Test
    void aLeadIsConsumedByALaterOrder() {
        TestStore store = newStore();
        String tv = plan(store, "USD", List.of("tv"), 10_000, 200_000, 4_999);
        String token = store.request().body(order("t-" + unique(), List.of(
                line("lead", Map.of("product", product("tv-1", 60_000, "tv"), "quantity", 2)))))
                .post("/orders").then().statusCode(201).extract().path("lineItems[0].leadToken");
        store.request().body(order("t-" + unique(), List.of(
                line("c", Map.of("leadToken", token, "plan", planRef(tv, 4_999), "quantity", 2)))))
                .post("/orders").then().statusCode(201)
                .body("lineItems[0].type", equalTo("contract")).body("lineItems[0].status", equalTo("unfulfilled"))
                .body("lineItems[0].product.id", equalTo("tv-1"));
        store.request().get("/leads/" + token).then().body("status", equalTo("consumed"))
                .body("quantityConsumed", equalTo(2));
        store.request().body(order("t-" + unique(), List.of(
                line("c", Map.of("leadToken", token, "plan", planRef(tv, 4_999)))))).post("/orders").then()
                .statusCode(201).body("lineItems[0].status", equalTo("lead_failed"))
                .body("lineItems[0].failureReason", equalTo("lead_consumed"));
    }

    @Test
    void linesThatArriveFulfilledAreRecordedAsFulfilled() {
        TestStore store = newStore();
        String tv = plan(store, "USD", List.of("tv"), 10_000, 200_000, 4_999);
        store.request().body(order("t-" + unique(), List.of(
                line("a", Map.of("product", product("tv-1", 60_000, "tv"), "plan", planRef(tv, 4_999), "quantity", 2,
                        "fulfilledQuantity", 2, "fulfilledAt", "2026-01-02T03:04:05Z")),
                line("b", Map.of("product", product("cable", 500, null), "fulfilledQuantity", 1)))))
                .post("/orders").then().statusCode(201).body("status", equalTo("closed"))
                .body("lineItems.status", contains("fulfilled", "fulfilled"))
                .body("lineItems.fulfilledQuantity", contains(2, 1));
        store.request().body(order("t-" + unique(), List.of(
                line("a", Map.of("product", product("tv-1", 60_000, "tv"), "quantity", 3, "fulfilledQuantity", 1)))))
                .post("/orders").then().statusCode(201).body("status", equalTo("open"))
                .body("lineItems[0].status", equalTo("unfulfilled")).body("lineItems[0].fulfilledQuantity", equalTo(1));
    }

    @Test
    void aWaitPeriodMakesTheOrderPending() {
        TestStore store = newStore();
        String tv = plan(store, "USD", List.of("tv"), 10_000, 200_000, 4_999);
        Map<String, Object> body = order("t-" + unique(), List.of(
                line("c", Map.of("product", product("tv-1", 60_000, "tv"), "plan", planRef(tv, 4_999))),
                line("p", Map.of("product", product("cable", 500, null)))));
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        body.put("createdAt", createdAt.getEpochSecond());
        body.put("waitPeriod", "PT1H");
        store.request().body(body).post("/orders").then().statusCode(201).body("status", equalTo("pending"))
                .body("waitPeriod", equalTo("PT1H"))
                .body("createdAt", equalTo(createdAt.toString()))
                .body("openAt", equalTo(createdAt.plusSeconds(3600).toString()))
                .body("lineItems.status", contains("contract_pending", "pending"));

        TestStore waiting = newStore(Map.of("waitPeriod", "PT2H"));
        waiting.request().body(order("t-" + unique(), List.of(line("p", Map.of("product", product("x", 5, null))))))
                .post("/orders").then().statusCode(201).body("status", equalTo("pending")).body("waitPeriod", equalTo("PT2H"));
        Map<String, Object> old = order("t-" + unique(), List.of(line("p", Map.of("product", product("x", 5, null)))));
        old.put("createdAt", Instant.now().minusSeconds(3 * 3600).toEpochMilli());
        waiting.request().body(old).post("/orders").then().statusCode(201).body("status", equalTo("open"));
    }

    @Test
    void aTransactionIdIsUsedOnce() {
        TestStore store = newStore();
        String transactionId = "t-" + unique();
        Map<String, Object> body = order(transactionId, List.of(line("a", Map.of("product", product("x", 5, null)))));
        String id = store.request().body(body).post("/orders").then().statusCode(201).extract().path("id");
        store.request().body(body).post("/orders").then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("duplicate_transaction")).body("orderId", equalTo(id))
                .body("detail", containsString(id));
        newStore().request().body(body).post("/orders").then().statusCode(201);
    }

    @Test
    void racingDuplicatesCreateOneOrder() throws Exception {
        TestStore store = newStore();
        String transactionId = "t-" + unique();
        Map<String, Object> body = order(transactionId, List.of(line("a", Map.of("product", product("x", 5, null))),
                line("b", Map.of("product", product("y", 5, null)))));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> store.request().body(body).post("/orders").then().extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(7, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdown();
        }
        store.request().queryParam("transactionId", transactionId).get("/line-items/search").then()
                .body("lineItems", hasSize(2));
    }

    @Test
    void malformedOrdersAreRefusedWholeWithEveryBadField() {
        TestStore store = newStore();
        String transactionId = "t-" + unique();
        Map<String, Object> bad = new HashMap<>();
        bad.put("transactionId", transactionId);
        bad.put("currency", "ABC");
        bad.put("customer", Map.of("name", "No Email"));
        bad.put("lineItems", List.of(
                Map.of("lineItemTransactionId", "a", "quantity", -1, "product", product("x", 5, null)),
                Map.of("lineItemTransactionId", "b", "product", Map.of("id", "y")),
                Map.of("lineItemTransactionId", "c", "plan", Map.of("id", "p", "purchasePrice", 1))));
        store.request().body(bad).post("/orders").then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("validation_failed")).body("type", equalTo("/problems/validation_failed"))
                .body("errors.field", containsInAnyOrder("currency", "customer.email", "lineItems[0].quantity",
                        "lineItems[1].product.purchasePrice", "lineItems[2].product"));
        store.request().queryParam("transactionId", transactionId).get("/orders/search").then()
                .body("orders", empty());
    }

    @Test
    void wrongJsonIsA400ThatNamesTheField() {
        TestStore store = newStore();
        store.request().body("{\"transactionId\": \"t\", ").post("/orders").then().statusCode(400)
                .body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("body"));
        Map<String, Object> fraction = order("t-" + unique(), List.of(line("a", Map.of("product", product("x", 5, null)))));
        fraction.put("total", 12.5);
        store.request().body(fraction).post("/orders").then().statusCode(400)
                .body("errors[0].field", equalTo("total")).body("errors[0].message", equalTo("must be an integer"));
        Map<String, Object> quoted = order("t-" + unique(), List.of(line("a", Map.of("product", product("x", 5, null),
                "quantity", "2.5"))));
        store.request().body(quoted).post("/orders").then().statusCode(400)
                .body("errors[0].field", equalTo("lineItems[0].quantity"));
        Map<String, Object> notAList = order("t-" + unique(), List.of());
        notAList.put("lineItems", "none");
        store.request().body(notAList).post("/orders").then().statusCode(400)
                .body("errors[0].field", equalTo("lineItems")).body("errors[0].message", equalTo("must be an array"));
        store.request().contentType(ContentType.TEXT).body("hello").post("/orders").then().statusCode(415)
                .contentType("application/problem+json").body("code", equalTo("unsupported_media_type"));
        store.request().contentType(ContentType.JSON).post("/orders").then().statusCode(400)
                .body("code", equalTo("validation_failed"));
    }

    @Test
    void atMost500Lines() {
        TestStore store = newStore();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            lines.add(line("l" + i, Map.of("product", product("p" + i, 100, null))));
        }
        store.request().body(order("t-" + unique(), lines)).post("/orders").then().statusCode(400)
                .body("errors.field", contains("lineItems"));
        store.request().body(order("t-" + unique(), lines.subList(0, 500))).post("/orders").then().statusCode(201)
                .body("lineItems", hasSize(500)).body("lineItems[499].lineItemTransactionId", equalTo("l499"));
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        TestStore store = newStore();
        store.request().get("/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("not_found"));
        store.request().delete("/orders").then().statusCode(405).contentType("application/problem+json");
        store.request().get("/orders/not-a-uuid").then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void anOrderReadsBackAsItWasCreated() {
        TestStore store = newStore();
        Map<String, Object> body = order("t-" + unique(), List.of(line("a", Map.of("product", product("x", 5, null),
                "quantity", 3, "discountAmount", 10, "taxCost", 20))));
        body.put("isTest", true);
        body.put("poNumber", "PO-7");
        body.put("saleOrigin", Map.of("platform", "shopify", "channel", "web"));
        body.put("taxCostTotal", 20);
        var created = store.request().body(body).post("/orders").then().statusCode(201).extract();
        String id = created.path("id");
        String etag = created.header("ETag");
        store.request().get("/orders/" + id).then().statusCode(200).header("ETag", equalTo(etag))
                .body(equalTo(created.asString()));
        store.request().get("/orders/" + id).then().body("isTest", equalTo(true)).body("poNumber", equalTo("PO-7"))
                .body("saleOrigin.platform", equalTo("shopify")).body("customer.email", equalTo("ada@example.com"))
                .body("storeId", equalTo(store.id())).body("version", equalTo(0));
    }

    @Test
    void observability() {
        given().get(Management.url("health/ready")).then().statusCode(200).body("status", equalTo("UP"));
        TestStore store = newStore();
        store.request().body(order("t-" + unique(), List.of(line("a", Map.of("product", product("x", 5, null))))))
                .post("/orders").then().statusCode(201);
        given().get(Management.url("metrics")).then().statusCode(200)
                .body(containsString("protection_line_items_created_total{status=\"unfulfilled\",type=\"non_warrantable\"}"));
        given().get(Management.url("openapi?format=json")).then().statusCode(200).body("paths", hasKey("/orders"))
                .body("paths", hasKey("/offers"));
    }

    // --- fixtures

    static Map<String, Object> line(String id, Map<String, Object> fields) {
        Map<String, Object> line = new HashMap<>(fields);
        line.put("lineItemTransactionId", id);
        return line;
    }

    static Map<String, Object> planRef(String id, long price) {
        return Map.of("id", id, "purchasePrice", price);
    }

    static Map<String, Object> quoteBody(long value) {
        return Map.of("currency", "USD", "items", List.of(Map.of("productId", "tv-1", "purchasePrice", value)));
    }

    record Quote(String id, long premium) {
    }

    static Quote quote(TestStore store, long value) {
        var quote = store.request().body(quoteBody(value)).post("/shipping-offers/quotes").then().statusCode(200)
                .extract();
        return new Quote(quote.path("id"), quote.<Integer> path("premium"));
    }

    static Map<String, Object> shipments(String quoteId, long premium) {
        return Map.of("quoteId", quoteId, "premium", premium, "shipmentInfo",
                List.of(Map.of("trackingId", "1Z", "productIds", List.of("tv-1"))));
    }
}
