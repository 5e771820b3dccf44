package io.protection.orders.support;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Test helpers that drive the HTTP API the way a merchant or operator would. */
public final class Api {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Api() {
    }

    /** A store created through the admin API, with its first key (and that key's id, the OAuth client id). */
    public record TestStore(String id, String apiKey, String keyId) {

        public RequestSpecification request() {
            return given().header("X-Extend-Access-Token", apiKey).contentType(ContentType.JSON);
        }
    }

    public static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType(ContentType.JSON);
    }

    public static TestStore newStore() {
        return newStore(Map.of());
    }

    public static TestStore newStore(Map<String, Object> settings) {
        Map<String, Object> body = new java.util.HashMap<>(settings);
        body.putIfAbsent("name", "Store " + unique());
        var response = admin().body(body).post("/admin/stores").then().statusCode(201).extract();
        return new TestStore(response.path("id"), response.path("apiKey"), response.path("apiKeyId"));
    }

    /** A unique suffix for ids that must not collide across tests and runs. */
    public static String unique() {
        return UUID.randomUUID().toString().substring(0, 8) + "-" + SEQUENCE.incrementAndGet();
    }

    /** Puts a plan offered to this store only, with one band; returns its id. */
    public static String plan(TestStore store, String currency, List<String> categories, long min, long max,
            long price) {
        String id = "plan-" + unique();
        admin().body(Map.of("title", "Plan " + id, "termMonths", 24, "currency", currency, "categories", categories,
                "priceBands", List.of(Map.of("minPrice", min, "maxPrice", max, "price", price)),
                "storeId", store.id()))
                .put("/admin/plans/" + id).then().statusCode(201);
        return id;
    }

    public static Map<String, Object> customer() {
        return Map.of("name", "Ada Lovelace", "email", "ada@example.com", "phone", "+15550100");
    }

    /** An order body with the given lines, in USD. */
    public static Map<String, Object> order(String transactionId, List<Map<String, Object>> lines) {
        Map<String, Object> order = new java.util.HashMap<>();
        order.put("transactionId", transactionId);
        order.put("currency", "USD");
        order.put("customer", customer());
        order.put("total", 10000);
        order.put("lineItems", lines);
        return order;
    }

    public static Map<String, Object> product(String id, long purchasePrice, String category) {
        Map<String, Object> product = new java.util.HashMap<>();
        product.put("id", id);
        product.put("purchasePrice", purchasePrice);
        product.put("listPrice", purchasePrice);
        if (category != null) {
            product.put("category", category);
        }
        return product;
    }
}
