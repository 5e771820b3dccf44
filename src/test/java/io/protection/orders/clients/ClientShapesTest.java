package io.protection.orders.clients;

import static io.protection.orders.support.Api.*;
import static io.protection.orders.support.ClientFixtures.body;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.protection.orders.support.Management;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What stays malformed however lenient the wire format is, and the retries real clients make:
 * every call with a fresh {@code X-Idempotency-Key}, so that de-duplication rests on the natural keys.
 */
@QuarkusTest
class ClientShapesTest {

    @ParameterizedTest
    @CsvSource({
            "01-fraction-minor-units.json, lineItems[0].product.purchasePrice",
            "02-object-for-id.json, lineItems[0].product.id",
            "03-conflicting-duplicate-line.json, lineItems[2].lineItemTransactionId",
            "04-fractional-decimal-string-quantity.json, lineItems[1].quantity",
            "05-fraction-in-price-string.json, lineItems[0].plan.purchasePrice",
            "06-object-for-line-id.json, lineItems[1].lineItemTransactionId" })
    void stillMalformed(String file, String field) {
        TestStore store = newStore();
        String plan = plan(store, "USD", List.of("Televisions"), 10_000, 100_000, 4_999);
        String transactionId = "neg-" + unique();
        String sent = body("negative/" + file, Map.of("storeId", store.id(), "transactionId", transactionId, "planId",
                plan, "planPrice", 4_999, "nowSeconds", 1_767_225_600, "nowMillis", 1_767_225_600_000L));
        for (String method : List.of("POST", "PUT")) {
            store.request().body(sent).request(method, "/orders").then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("validation_failed"))
                    .body("errors.field", hasItem(field)).body("message", not(emptyOrNullString()));
        }
        store.request().queryParam("transactionId", transactionId).get("/orders/search").then()
                .body("orders", empty());
    }

    @Test
    void aLineIdAloneThatSeveralOrdersHaveIsAmbiguous() {
        TestStore store = newStore();
        for (String transactionId : List.of("amb-a-" + unique(), "amb-b-" + unique())) {
            store.request().body(order(transactionId, List.of(Map.of("lineItemTransactionId", "line-1",
                    "product", product("cable", 1_999, null))))).post("/orders").then().statusCode(201);
        }
        store.request().body(Map.of("lineItemTransactionId", "line-1")).post("/line-items/fulfill").then()
                .statusCode(409).body("code", equalTo("ambiguous_line_item"));
        store.request().body(Map.of("lineItemTransactionId", "line-1")).post("/refunds").then()
                .statusCode(409).body("code", equalTo("ambiguous_line_item"));
        store.request().body(Map.of("lineItemTransactionId", "nowhere")).post("/line-items/fulfill").then()
                .statusCode(404);
    }

    @Test
    void aRepeatedPostWithAFreshKeyIsADuplicateNeverA500() throws Exception {
        TestStore store = newStore();
        String transactionId = "dup-" + unique();
        Map<String, Object> body = order(transactionId, List.of(Map.of("lineItemTransactionId", 1,
                "product", product("cable", 1_999, null), "quantity", "1.0000")));
        String id = store.request().header("X-Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .post("/orders").then().statusCode(201).extract().path("id");
        for (String header : List.of("X-Idempotency-Key", "Idempotency-Key")) {
            store.request().header(header, UUID.randomUUID().toString()).body(body).post("/orders").then()
                    .statusCode(409).body("code", equalTo("duplicate_transaction")).body("orderId", equalTo(id));
        }
        // Racing first creates, each with its own key: one 201, the others 409.
        List<Integer> statuses = race(8, () -> store.request().header("X-Idempotency-Key", UUID.randomUUID().toString())
                .body(order("dup-race-" + transactionId, List.of(Map.of("lineItemTransactionId", "1",
                        "product", product("cable", 1_999, null))))).post("/orders").then().extract().statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses::toString);
        assertEquals(7, statuses.stream().filter(s -> s == 409).count(), statuses::toString);
    }

    @Test
    void racingFirstUpsertsWithTheirOwnKeysMakeOneOrder() throws Exception {
        TestStore store = newStore();
        String transactionId = "race-" + unique();
        Map<String, Object> body = order(transactionId, List.of(Map.of("lineItemTransactionId", 7,
                "product", numericProduct(7, 1_999))));
        List<Integer> statuses = race(8, () -> store.request().header("X-Idempotency-Key", UUID.randomUUID().toString())
                .body(body).put("/orders").then().extract().statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses::toString);
        assertEquals(7, statuses.stream().filter(s -> s == 200).count(), statuses::toString);
        store.request().queryParam("transactionId", transactionId).get("/orders/search").then()
                .body("orders", hasSize(1)).body("orders[0].lineItems[0].lineItemTransactionId", equalTo("7"));
    }

    @Test
    void theOpenApiDocumentDescribesTheAlternatives() {
        var doc = io.restassured.RestAssured.given().get(Management.url("openapi?format=json")).then().statusCode(200).extract()
                .jsonPath();
        String line = "LineItem";
        assertEquals(List.of("string", "integer"), doc.getList("components.schemas." + line
                + ".properties.lineItemTransactionId.oneOf.type"));
        assertEquals(List.of("integer", "string"), doc.getList("components.schemas." + line
                + ".properties.quantity.oneOf.type"));
        assertEquals(List.of("array", "string"), doc.getList("components.schemas.Shipment.properties.productIds.oneOf.type"));
        List<Object> batchForms = doc.getList("paths.'/orders/batch'.post.requestBody.content.'application/json'.schema.oneOf");
        assertEquals(2, batchForms.size());
        assertEquals(List.of("200", "201"), List.copyOf(new java.util.TreeSet<>(
                doc.getMap("paths.'/orders/batch'.post.responses").keySet())).subList(0, 2));
        assertEquals(List.of("/auth/oauth/token"), doc.<String, Object> getMap("paths").keySet().stream()
                .filter(p -> p.startsWith("/auth")).toList());
    }

    /** A product as WooCommerce sends it: the id a JSON number. */
    static Map<String, Object> numericProduct(int id, long price) {
        return Map.of("id", id, "purchasePrice", price, "title", "Product " + id);
    }

    static List<Integer> race(int n, java.util.concurrent.Callable<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : futures) {
                statuses.add(f.get());
            }
            return statuses;
        } finally {
            pool.shutdown();
        }
    }
}
