package io.protection.orders.clients;

import static io.protection.orders.clients.WooCommerceClientTest.line;
import static io.protection.orders.support.Api.*;
import static io.protection.orders.support.ClientFixtures.body;
import static io.protection.orders.support.ClientFixtures.client;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.protection.orders.support.ClientFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Magento's journey (helloextend/magento-extension, see clients/magento/journey.md): token, offers by
 * product id alone, order created with a fresh {@code X-Idempotency-Key} per call (and re-sent),
 * line search, fulfill by {@code lineItemTransactionId} alone, refund quote and refund, cancel, the
 * historical batch as a bare array, a lead read and bought. Quantities are decimal strings.
 */
@QuarkusTest
class MagentoClientTest {

    TestStore store;
    String plan;
    String token;
    String transactionId;

    @BeforeEach
    void store() {
        store = newStore();
        // Magento's storefront asks for offers by product id only: a plan without categories is offered.
        plan = plan(store, "USD", List.of(), 10_000, 100_000, 4_999);
        token = ClientFixtures.token("magento/01-token.json", store, "latest");
        transactionId = "000" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
    }

    @Test
    void offersOrderFulfillRefund() {
        JsonPath offers = call("2021-04-01").queryParam("storeId", store.id()).queryParam("productId", "AUR-55-4K")
                .get("/offers").then().statusCode(200).extract().jsonPath();
        // hasOffers(): plans[plans.recommended] is a non-empty array; the plan is found there by id.
        List<Map<String, Object>> recommended = offers.getList("plans." + offers.getString("plans.recommended"));
        Map<String, Object> offer = recommended.stream().filter(o -> plan.equals(o.get("id"))).findFirst().orElseThrow();
        assertEquals(4_999, offer.get("price"));
        assertEquals(24, ((Map<?, ?>) offer.get("contract")).get("termLength"));

        String orderBody = body("magento/03-order.json", values());
        JsonPath created = call("2022-02-01").header("X-Idempotency-Key", UUID.randomUUID().toString()).body(orderBody)
                .post("/orders").then().statusCode(201).extract().jsonPath();
        String orderId = created.getString("id");
        assertNotNull(orderId);
        JsonPath tv = line(created, transactionId + ":7002");
        assertEquals(List.of("contract", "unfulfilled", "1"), List.of(tv.getString("type"), tv.getString("status"),
                tv.getString("quantity")));
        assertNull(tv.getString("contractId"));
        JsonPath cable = line(created, transactionId + ":7003");
        assertEquals(List.of("non_warrantable", "fulfilled", "1"), List.of(cable.getString("type"),
                cable.getString("status"), cable.getString("fulfilledQuantity")));

        // The retry queue re-sends the order with a fresh key: a conflict naming the order, never a 500.
        call("2022-02-01").header("X-Idempotency-Key", UUID.randomUUID().toString()).body(orderBody).post("/orders")
                .then().statusCode(409).body("code", equalTo("duplicate_transaction")).body("orderId", equalTo(orderId))
                .body("message", containsString(orderId));

        call("2022-02-01").header("X-Idempotency-Key", UUID.randomUUID().toString())
                .queryParam("lineItemTransactionId", transactionId + ":7002").get("/line-items/search").then()
                .statusCode(200).body("lineItems", hasSize(1)).body("lineItems[0].orderId", equalTo(orderId));

        // Invoice: fulfill every unit, naming the line by its own id only; the answer is a list of lines.
        List<Map<String, Object>> fulfilled = call("2022-02-01").header("X-Idempotency-Key", UUID.randomUUID().toString())
                .queryParam("fulfillAll", true).body(body("magento/05-fulfill.json", values())).post("/line-items/fulfill")
                .then().statusCode(200).body("$", everyItem(not(hasKey("code")))).extract().jsonPath().getList("$");
        assertEquals(1, fulfilled.size());
        assertEquals("contract", fulfilled.get(0).get("type"));
        String contractId = (String) fulfilled.get(0).get("contractId");
        assertNotNull(contractId);

        // Credit memo: the quote's customer amount, then the refund (exactly 201).
        call("2021-07-01").queryParam("contractId", contractId).get("/refunds").then().statusCode(200)
                .body("refundAmounts.customer", equalTo(4_999)).body("refundable", equalTo(true));
        call("2021-07-01").header("X-Idempotency-Key", UUID.randomUUID().toString())
                .body(body("magento/07-refund.json", Map.of("contractId", contractId))).post("/refunds").then()
                .statusCode(201).body("status", equalTo("refund_paid")).body("contractIds", contains(contractId));
        call("2021-07-01").queryParam("contractId", contractId).get("/refunds").then().statusCode(200)
                .body("refundAmounts.customer", equalTo(0)).body("refundable", equalTo(false));
    }

    @Test
    void partialInvoicesFulfillOneUnitEach() {
        String orderBody = body("magento/03-order.json", values()).replace("\"quantity\": \"1.0000\",\n      \"lineItemTransactionId\": \""
                + transactionId + ":7002\"", "\"quantity\": \"2.0000\",\n      \"lineItemTransactionId\": \"" + transactionId + ":7002\"");
        call("2022-02-01").body(orderBody).post("/orders").then().statusCode(201)
                .body("lineItems.find { it.lineItemTransactionId == '" + transactionId + ":7002' }.quantity", equalTo(2));
        String first = fulfillOne();
        String second = fulfillOne();
        assertNotEquals(first, second);
        call("2022-02-01").header("X-Idempotency-Key", UUID.randomUUID().toString())
                .body(body("magento/05-fulfill.json", values())).post("/line-items/fulfill").then().statusCode(409)
                .body("code", equalTo("quantity_exceeded"));
    }

    @Test
    void canceledBeforeInvoice() {
        // A TV-only order: every unit is protected, so Magento sends no other line.
        Map<String, Object> values = values();
        String orderBody = body("magento/03-order.json", values);
        JsonPath sent = new JsonPath(orderBody);
        Map<String, Object> order = new HashMap<>(sent.getMap("$"));
        order.put("lineItems", List.of(sent.getMap("lineItems[0]")));
        String orderId = call("2022-02-01").header("X-Idempotency-Key", UUID.randomUUID().toString()).body(order)
                .post("/orders").then().statusCode(201).extract().path("id");
        call("2022-02-01").header("X-Idempotency-Key", UUID.randomUUID().toString())
                .body(body("magento/08-order-cancel.json", Map.of("orderId", orderId))).post("/orders/" + orderId + "/cancel")
                .then().statusCode(200).body("status", equalTo("canceled"));
    }

    @Test
    void historicalBatchThenALeadBought() {
        List<Map<String, Object>> results = call("2021-07-01").header("X-Idempotency-Key", UUID.randomUUID().toString())
                .queryParam("historical", true).body(body("magento/11-historical-batch.json", values()))
                .post("/orders/batch").then().statusCode(201).extract().jsonPath().getList("$");
        assertEquals(1, results.size());
        assertEquals("created", results.get(0).get("result"), () -> "batch result " + results);
        JsonPath imported = call("2022-02-01").get("/orders/" + results.get(0).get("orderId")).then().statusCode(200)
                .extract().jsonPath();
        JsonPath tv = line(imported, transactionId + "-H:6001");
        assertEquals("lead", tv.getString("type"));
        String leadToken = tv.getString("leadToken");

        JsonPath lead = call("2021-04-01").get("/leads/" + leadToken).then().statusCode(200)
                .body("status", equalTo("live")).extract().jsonPath();
        // isLeadValid(): expirationDate / 1000 compared with time().
        assertTrue(lead.getLong("expirationDate") / 1000 > Instant.now().getEpochSecond());
        assertEquals(1, lead.getInt("quantity") - lead.getInt("quantityConsumed"));

        Map<String, Object> values = values();
        values.put("leadToken", leadToken);
        JsonPath bought = call("2022-02-01").header("X-Idempotency-Key", UUID.randomUUID().toString())
                .body(body("magento/10-lead-order.json", values)).post("/orders").then().statusCode(201)
                .extract().jsonPath();
        JsonPath leadLine = line(bought, transactionId + "-L:7101");
        assertEquals(List.of("contract", "unfulfilled"), List.of(leadLine.getString("type"), leadLine.getString("status")));
        assertEquals(leadToken, leadLine.getString("leadToken"));
        call("2021-04-01").get("/leads/" + leadToken).then().body("status", equalTo("consumed"));

        // One unit invoiced: the answer is the line itself, with its contract.
        call("2022-02-01").header("X-Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("lineItemTransactionId", transactionId + "-L:7101")).post("/line-items/fulfill").then()
                .statusCode(200).body("type", equalTo("contract")).body("contractId", notNullValue())
                .body("product.id", equalTo("AUR-55-4K"));
    }

    private String fulfillOne() {
        return call("2022-02-01").header("X-Idempotency-Key", UUID.randomUUID().toString())
                .body(body("magento/05-fulfill.json", values())).post("/line-items/fulfill").then().statusCode(200)
                .body("type", equalTo("contract")).extract().path("contractId");
    }

    private RequestSpecification call(String version) {
        return client(token, version);
    }

    private Map<String, Object> values() {
        return new HashMap<>(Map.of("storeId", store.id(), "transactionId", transactionId, "planId", plan, "planPrice",
                4_999, "nowSeconds", Instant.now().getEpochSecond()));
    }
}
