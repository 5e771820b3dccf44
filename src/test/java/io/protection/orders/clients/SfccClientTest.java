package io.protection.orders.clients;

import static io.protection.orders.clients.WooCommerceClientTest.line;
import static io.protection.orders.support.Api.*;
import static io.protection.orders.support.ClientFixtures.body;
import static io.protection.orders.support.ClientFixtures.client;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.protection.orders.support.ClientFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Salesforce Commerce Cloud's journey (helloextend/salesforce-commerce-cloud, see
 * clients/sfcc/journey.md): a new token before every call, offers, a shipping quote by
 * {@code referenceId}, the order upserted with a protected product as n identical lines and an
 * id-less lead line, refunds with {@code commit=undefined}, the historical batch read as an array.
 */
@QuarkusTest
class SfccClientTest {

    static final String VERSION = "latest";

    @Test
    void offersQuoteOrderAndRefunds() {
        TestStore store = newStore();
        String plan = plan(store, "USD", List.of("Televisions"), 10_000, 100_000, 4_999);
        String transactionId = "SF" + unique();

        JsonPath offers = call(store).queryParam("storeId", store.id()).queryParam("productId", "AUR-55-4K")
                .queryParam("category", "Televisions").queryParam("price", 49_999).queryParam("region", "US")
                .get("/offers").then().statusCode(200).body("plans.adh", empty()).extract().jsonPath();
        Map<String, Object> offer = offers.<Map<String, Object>> getList("plans.base").stream()
                .filter(o -> plan.equals(o.get("id"))).findFirst().orElseThrow();
        assertEquals(4_999, offer.get("price"));
        assertNotNull(((Map<?, ?>) offer.get("contract")).get("coverageIncludes"));

        var quote = call(store).body(body("sfcc/04-shipping-quote.json", Map.of("storeId", store.id())))
                .post("/shipping-offers/quotes").then().statusCode(200).body("coveredValue", equalTo(2 * 49_999 + 1_999))
                .extract();
        Map<String, Object> values = new HashMap<>(Map.of("storeId", store.id(), "transactionId", transactionId,
                "planId", plan, "planPrice", 4_999, "quoteId", quote.path("id"), "leadToken", earlierLead(store)));

        // SiteGenesis: the TV bought twice with two plans comes as two identical lines; the lead line has no id.
        String order = body("sfcc/07-order.json", values);
        JsonPath placed = call(store).header("X-Idempotency-Key", UUID.randomUUID().toString()).body(order)
                .put("/orders").then().statusCode(201).extract().jsonPath();
        List<String> ids = placed.getList("lineItems.lineItemTransactionId");
        assertEquals(List.of("lead-" + values.get("leadToken"), "c41e9b07d2a85f3e6b1d0a9c7e", "5fd0a3c8e19b24d7a6c3e0f81b",
                "shipping"), ids);
        JsonPath leadLine = line(placed, "lead-" + values.get("leadToken"));
        assertEquals(List.of("contract", "unfulfilled", plan, values.get("leadToken")), List.of(leadLine.getString("type"),
                leadLine.getString("status"), leadLine.getString("plan.id"), leadLine.getString("leadToken")));
        JsonPath tv = line(placed, "c41e9b07d2a85f3e6b1d0a9c7e");
        assertEquals(List.of("contract", 2, "Aurora 55-inch 4K Television"), List.of(tv.getString("type"),
                tv.getInt("quantity"), tv.getString("product.name")));
        // The cable has no category: only a plan without categories could cover it.
        assertEquals("non_warrantable", line(placed, "5fd0a3c8e19b24d7a6c3e0f81b").getString("type"));
        JsonPath shipping = line(placed, "shipping");
        assertEquals(List.of("shipments", quote.<Integer> path("premium")), List.of(shipping.getString("type"),
                shipping.getInt("premium")));

        // The scheduled job re-sends the same order with a fresh key: nothing changes.
        call(store).header("X-Idempotency-Key", UUID.randomUUID().toString()).body(order).put("/orders").then()
                .statusCode(200).body("version", equalTo(placed.getInt("version")));

        // SFRA: the same basket sent already fulfilled; its lead line finds the lead spent by the first order.
        JsonPath sfra = call(store).header("X-Idempotency-Key", UUID.randomUUID().toString())
                .body(body("sfcc/07b-order-sfra.json", values)).put("/orders").then().statusCode(201).extract().jsonPath();
        JsonPath spent = line(sfra, "lead-" + values.get("leadToken"));
        assertEquals(List.of("lead_failed", "lead_consumed"), List.of(spent.getString("status"),
                spent.getString("failureReason")));
        JsonPath fulfilledTv = line(sfra, "c41e9b07d2a85f3e6b1d0a9c7e");
        assertEquals("fulfilled", fulfilledTv.getString("status"));
        List<String> contracts = fulfilledTv.getList("contractIds");
        assertEquals(2, contracts.size());
        assertEquals(contracts.get(0), fulfilledTv.getString("contractId"));

        // The refund job: commit=false only quotes; SFCC's own call carries commit=undefined and refunds.
        call(store).queryParam("commit", "false").body(body("sfcc/08-refund.json", Map.of("contractId", contracts.get(0))))
                .post("/refunds").then().statusCode(200).body("status", equalTo("refund_quoted"));
        call(store).queryParam("commit", "undefined").body(body("sfcc/08-refund.json", Map.of("contractId", contracts.get(0))))
                .post("/refunds").then().statusCode(201).body("status", equalTo("refund_paid"));
        call(store).queryParam("commit", "null").body(body("sfcc/08-refund.json", Map.of("contractId", contracts.get(1))))
                .post("/refunds").then().statusCode(201).body("status", equalTo("refund_paid"));
    }

    @Test
    void historicalBatchIsAnsweredAsAnArray() {
        TestStore store = newStore();
        String transactionId = "SF" + unique();
        // SFCC's historical lines carry no lineItemTransactionId: each order fails alone, the answer is an array.
        List<Map<String, Object>> results = call(store).header("X-Idempotency-Key", UUID.randomUUID().toString())
                .queryParam("historical", true).body(body("sfcc/09-historical-batch.json",
                        Map.of("storeId", store.id(), "transactionId", transactionId)))
                .post("/orders/batch").then().statusCode(201).body("$", hasSize(1)).extract().jsonPath().getList("$");
        assertEquals(transactionId + "-hist", results.get(0).get("transactionId"));
        assertEquals("failed", results.get(0).get("result"));
        Map<?, ?> error = (Map<?, ?>) results.get(0).get("error");
        assertEquals("validation_failed", error.get("code"));
    }

    /** A new token for every call, as the cartridge does. */
    static RequestSpecification call(TestStore store) {
        return client(ClientFixtures.token("sfcc/01-token.json", store, VERSION), VERSION);
    }

    /** A lead from an earlier order: the TV bought without a plan. */
    static String earlierLead(TestStore store) {
        Map<String, Object> order = Map.of("transactionId", unique(), "storeId", store.id(), "currency", "USD",
                "customer", customer(), "lineItems", List.of(Map.of("lineItemTransactionId", "earlier-tv", "product",
                        product("AUR-55-4K", 49_999, "Televisions"), "quantity", 1, "fulfilledQuantity", 1)));
        return call(store).body(order).put("/orders").then().statusCode(201)
                .body("lineItems[0].type", equalTo("lead")).extract().path("lineItems[0].leadToken");
    }
}
