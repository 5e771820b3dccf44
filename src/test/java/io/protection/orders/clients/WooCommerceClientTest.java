package io.protection.orders.clients;

import static io.protection.orders.support.Api.*;
import static io.protection.orders.support.ClientFixtures.body;
import static io.protection.orders.support.ClientFixtures.client;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.protection.orders.support.ClientFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * WooCommerce's journey (helloextend/extend-for-woocommerce, see clients/woocommerce/journey.md):
 * token, order upserted at checkout and again when completed, contract canceled on refund, order
 * search and cancel. No call sends an idempotency key; ids are JSON numbers; plan prices strings.
 */
@QuarkusTest
class WooCommerceClientTest {

    static final String VERSION = "latest";

    @Test
    void checkoutCompletionRefundAndCancel() {
        TestStore store = newStore();
        String plan = plan(store, "USD", List.of("Televisions"), 10_000, 100_000, 4_999);
        String token = ClientFixtures.token("woocommerce/01-token.json", store, VERSION);
        String transactionId = String.valueOf(ThreadLocalRandom.current().nextInt(100_000, 999_999_999));

        var quote = client(token, VERSION).body(body("woocommerce/02-shipping-quote.json", Map.of("storeId", store.id())))
                .post("/shipping-offers/quotes").then().statusCode(200).body("premium", greaterThan(0)).extract();
        String quoteId = quote.<String> path("id").toLowerCase();
        int premium = quote.path("premium");

        Map<String, Object> values = new HashMap<>(Map.of("storeId", store.id(), "transactionId", transactionId,
                "planId", plan, "planPriceString", "4999", "quoteId", quoteId, "leadToken", earlierLead(token, store),
                "nowMillis", Instant.now().toEpochMilli(), "nowSeconds", Instant.now().getEpochSecond()));

        // Checkout: PUT without an idempotency key; nothing fulfilled yet, shipments still empty.
        JsonPath placed = client(token, VERSION).body(body("woocommerce/03-order.json", values)).put("/orders").then()
                .statusCode(201).body("transactionId", equalTo(transactionId)).extract().jsonPath();
        assertEquals("contract", line(placed, "101").getString("type"));
        assertEquals("unfulfilled", line(placed, "101").getString("status"));
        assertEquals("Aurora 55-inch 4K Television", line(placed, "101").getString("product.name"));
        assertEquals(List.of("non_warrantable", "unfulfilled"), List.of(line(placed, "102").getString("type"),
                line(placed, "102").getString("status")));
        String leadLine = "STORE::" + store.id() + "::ORDER::" + transactionId + "::PRODUCT::77::OLI::5004";
        assertEquals("contract", line(placed, leadLine).getString("type"));
        assertEquals("unfulfilled", line(placed, leadLine).getString("status"));
        assertEquals("shipments", line(placed, transactionId + "-shipping").getString("type"));
        assertEquals(premium, line(placed, transactionId + "-shipping").getInt("premium"));

        // Completed: the same snapshot with fulfilledQuantity = quantity and the shipment; contracts now.
        Map<String, Object> completedValues = new HashMap<>(values);
        completedValues.put("nowSeconds", Instant.now().getEpochSecond());
        String completed = body("woocommerce/04-order-completed.json", completedValues)
                .replace("\"address2\": \"\"", "\"address2\": false");
        JsonPath done = client(token, VERSION).body(completed).put("/orders").then().statusCode(200).extract().jsonPath();
        JsonPath tv = line(done, "101");
        assertEquals("fulfilled", tv.getString("status"));
        // What the plugin stores: contractId of each line that has one and a product name.
        String contractId = tv.getString("contractId");
        assertNotNull(contractId);
        assertNotNull(tv.getString("product.name"));
        JsonPath shipping = line(done, transactionId + "-shipping");
        assertEquals("fulfilled", shipping.getString("status"));
        assertNotNull(shipping.getString("contractId"));
        assertEquals(List.of("101", "102", "900", "900"), shipping.getList("shipmentInfo[0].productIds"));
        client(token, VERSION).get("/contracts/" + shipping.getString("contractId")).then().statusCode(200)
                .body("type", equalTo("shipping_protection")).body("products.id", hasItems("101", "102"));

        // The same completed snapshot again changes nothing.
        client(token, VERSION).body(completed).put("/orders").then().statusCode(200)
                .body("version", equalTo(done.getInt("version")));

        // Full refund: WooCommerce asks to cancel the order first (declined: it was fulfilled) ...
        String orderId = client(token, VERSION).queryParam("transactionId", transactionId).get("/orders/search").then()
                .statusCode(200).body("orders", hasSize(1)).extract().path("orders[0].id");
        client(token, VERSION).post("/orders/" + orderId + "/cancel").then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("cancel_decline"))
                .body("message", not(emptyOrNullString()));
        // ... then cancels each refunded plan's contract, with an empty JSON body.
        client(token, VERSION).post("/contracts/" + contractId + "/cancel").then().statusCode(200)
                .body("id", equalTo(contractId)).body("status", equalTo("refunded"));
        client(token, VERSION).get("/orders/" + orderId).then()
                .body("lineItems.find { it.lineItemTransactionId == '101' }.refundedQuantity", equalTo(1));
    }

    /** A lead from an earlier WooCommerce order: the TV bought without a plan. */
    static String earlierLead(String token, TestStore store) {
        Map<String, Object> tv = new HashMap<>(Map.of("id", 77, "title", "Aurora 55-inch 4K Television", "category",
                "Televisions", "listPrice", 54_999, "purchasePrice", 49_999, "purchaseDate", Instant.now().toEpochMilli()));
        Map<String, Object> order = Map.of("transactionId", unique(), "storeId", store.id(), "currency", "USD",
                "customer", customer(), "lineItems", List.of(Map.of("lineItemTransactionId", 77, "product", tv,
                        "quantity", 1, "fulfilledQuantity", 1)));
        return client(token, VERSION).body(order).put("/orders").then().statusCode(201)
                .body("lineItems[0].type", equalTo("lead")).extract().path("lineItems[0].leadToken");
    }

    static JsonPath line(JsonPath order, String lineItemTransactionId) {
        List<Map<String, Object>> lines = order.getList("lineItems");
        Map<String, Object> found = lines.stream().filter(l -> lineItemTransactionId.equals(l.get("lineItemTransactionId")))
                .findFirst().orElseThrow(() -> new AssertionError("no line " + lineItemTransactionId + " in " + lines));
        return new JsonPath(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(found).toString());
    }
}
