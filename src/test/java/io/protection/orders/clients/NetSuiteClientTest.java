package io.protection.orders.clients;

import static io.protection.orders.clients.WooCommerceClientTest.line;
import static io.protection.orders.support.Api.*;
import static io.protection.orders.support.ClientFixtures.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * NetSuite's journey (helloextend/extend-netsuite-sdf-project, see clients/netsuite/journey.md): the
 * long-lived key, {@code Accept: application/json;version=latest} without a space, offers, a quote
 * that must answer exactly 200, the order upserted before and after fulfillment (the shipping line
 * by its shipments, {@code productIds: [""]}), and a refund per contract.
 */
@QuarkusTest
class NetSuiteClientTest {

    @Test
    void offersQuoteUpsertsAndRefund() {
        TestStore store = newStore();
        String plan = plan(store, "USD", List.of("Televisions"), 10_000, 100_000, 4_999);
        String internalId = String.valueOf(Math.abs(UUID.randomUUID().getLeastSignificantBits() % 100_000_000L));

        call(store).queryParam("storeId", store.id()).queryParam("productId", "AUR-55-4K")
                .queryParam("category", "Televisions").get("/offers").then().statusCode(200)
                .body("plans.base.id", hasItem(plan)).body("plans.base[0].title", not(emptyOrNullString()))
                .body("plans.base[0].contract.termLength", equalTo(24));

        var quote = call(store).body(body("netsuite/04-shipping-quote.json", Map.of("storeId", store.id())))
                .post("/shipping-offers/quotes").then().statusCode(200).extract();
        Map<String, Object> values = new HashMap<>(Map.of("storeId", store.id(), "transactionId", internalId,
                "planId", plan, "planPrice", 4_999, "quoteId", quote.path("id"),
                "nowSeconds", Instant.now().getEpochSecond()));

        JsonPath entered = call(store).header("X-Idempotency-Key", UUID.randomUUID().toString())
                .body(body("netsuite/05-order.json", values)).put("/orders").then().statusCode(201).extract().jsonPath();
        assertNotNull(entered.getString("id"));
        // Line ids come back byte for byte: NetSuite splits them on "-" to find its sublist lines.
        assertEquals(List.of(internalId + "-0-1", internalId + "-2", internalId + "-3"),
                entered.getList("lineItems.lineItemTransactionId"));
        assertEquals(List.of("contract", "non_warrantable", "shipments"), entered.getList("lineItems.type"));
        assertEquals(quote.<Integer> path("premium"), line(entered, internalId + "-3").getInt("premium"));

        // After the item fulfillment: fulfilledQuantity rises, the shipping line gets its package.
        JsonPath fulfilled = call(store).header("X-Idempotency-Key", UUID.randomUUID().toString())
                .body(body("netsuite/06-order-fulfilled.json", values)).put("/orders").then().statusCode(200)
                .extract().jsonPath();
        String contractId = line(fulfilled, internalId + "-0-1").getString("contractId");
        assertNotNull(contractId);
        JsonPath shipping = line(fulfilled, internalId + "-3");
        assertEquals("fulfilled", shipping.getString("status"));
        assertEquals(List.of(), shipping.getList("shipmentInfo[0].productIds"));
        // The package names no product: the shipping protection covers the order's products.
        call(store).get("/contracts/" + shipping.getString("contractId")).then().statusCode(200)
                .body("type", equalTo("shipping_protection")).body("products.id", contains("AUR-55-4K", "HDMI-2M"));

        call(store).body(body("netsuite/07-refund.json", Map.of("contractId", contractId))).post("/refunds").then()
                .statusCode(201).body("status", equalTo("refund_paid")).body("amount", equalTo(4_999));
        // A re-run of the refund job over the same contract is refused, not a server error.
        call(store).body(body("netsuite/07-refund.json", Map.of("contractId", contractId))).post("/refunds").then()
                .statusCode(409).body("code", not(emptyOrNullString())).body("message", not(emptyOrNullString()));
    }

    static RequestSpecification call(TestStore store) {
        return given().header("Accept", "application/json;version=latest").contentType(ContentType.JSON)
                .header("X-Extend-Access-Token", store.apiKey());
    }
}
