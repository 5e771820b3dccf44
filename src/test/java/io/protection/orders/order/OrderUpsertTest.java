package io.protection.orders.order;

import static io.protection.orders.support.Api.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.protection.orders.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;

/** {@code PUT /orders} and {@code POST /orders/batch}: snapshots applied as differences. */
@QuarkusTest
class OrderUpsertTest {

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theSameSnapshotTwiceChangesNothing() {
        Fixture f = new Fixture();
        Map<String, Object> snapshot = f.snapshot(f.tv(3, 1), cable(1));
        var created = f.store.request().body(snapshot).put("/orders").then().statusCode(201)
                .header("Location", containsString("/orders/")).extract();
        var again = f.store.request().body(snapshot).put("/orders").then().statusCode(200).extract();
        assertEquals(created.<Integer> path("version"), again.<Integer> path("version"));
        assertEquals(created.header("ETag"), again.header("ETag"));
        f.store.request().get("/orders/" + created.path("id") + "/history").then().body("events.type", contains("created"));
    }

    @Test
    void newLinesAreAddedAndFulfillmentsApplied() {
        Fixture f = new Fixture();
        String id = f.put(f.snapshot(f.tv(3, 0))).then().statusCode(201).extract().path("id");
        f.put(f.snapshot(f.tv(3, 2), cable(1))).then().statusCode(200)
                .body("lineItems.lineItemTransactionId", contains("tv", "cable"))
                .body("lineItems[0].fulfilledQuantity", equalTo(2)).body("lineItems[0].contractIds", hasSize(2))
                .body("lineItems[1].type", equalTo("non_warrantable")).body("version", equalTo(1));
        f.store.request().get("/orders/" + id + "/history").then().body("events.type", contains("created", "updated"))
                .body("events[1].data.changes", hasItems("line tv: fulfilled 2", "added 1 line(s)"));
    }

    @Test
    void aLowerQuantityCancelsUnfulfilledUnitsThenRefundsFulfilledOnes() {
        Fixture f = new Fixture();
        f.put(f.snapshot(f.tv(4, 2))).then().statusCode(201);
        f.put(f.snapshot(f.tv(3, 2))).then().statusCode(200)
                .body("lineItems[0].canceledQuantity", equalTo(1)).body("lineItems[0].refundedQuantity", equalTo(0));
        var order = f.put(f.snapshot(f.tv(1, 1))).then().statusCode(200)
                .body("lineItems[0].canceledQuantity", equalTo(2)).body("lineItems[0].refundedQuantity", equalTo(1))
                .body("lineItems[0].status", equalTo("fulfilled")).extract();
        f.store.request().queryParam("orderId", (String) order.path("id")).get("/contracts/search").then()
                .body("contracts.status", containsInAnyOrder("live", "refunded"));
    }

    @Test
    void aMissingLineIsCanceledOrRefunded() {
        Fixture f = new Fixture();
        f.put(f.snapshot(f.tv(2, 1), cable(1))).then().statusCode(201);
        f.put(f.snapshot(cable(1))).then().log().ifValidationFails().statusCode(200)
                .body("lineItems[0].canceledQuantity", equalTo(1)).body("lineItems[0].refundedQuantity", equalTo(1))
                .body("lineItems[0].status", equalTo("refunded")).body("status", equalTo("canceled"));
    }

    @Test
    void aDroppedPlanRefundsOnlyTheProtection() {
        Fixture f = new Fixture();
        var order = f.put(f.snapshot(f.tv(1, 1))).then().statusCode(201).extract();
        Map<String, Object> unprotected = new HashMap<>(f.tv(1, 1));
        unprotected.remove("plan");
        f.put(f.snapshot(unprotected)).then().statusCode(200)
                .body("lineItems[0].type", equalTo("non_warrantable")).body("lineItems[0].refundedQuantity", equalTo(0))
                .body("lineItems[0].status", equalTo("fulfilled")).body("lineItems[0].plan", nullValue());
        f.store.request().get("/contracts/" + order.path("lineItems[0].contractIds[0]")).then()
                .body("status", equalTo("refunded"));
        f.store.request().get("/orders/" + order.path("id") + "/history").then()
                .body("events.type", contains("created", "refunded", "updated"));
    }

    @Test
    void shipmentsAreMatchedOnTrackingId() {
        Fixture f = new Fixture();
        Map<String, Object> first = new HashMap<>(cable(1));
        first.put("shipmentInfo", List.of(Map.of("trackingId", "1Z", "shippingProvider", "ups")));
        f.put(f.snapshot(first)).then().statusCode(201);
        Map<String, Object> second = new HashMap<>(cable(1));
        second.put("shipmentInfo", List.of(Map.of("trackingId", "1Z", "shippingProvider", "fedex"),
                Map.of("trackingId", "2Z", "shippingProvider", "dhl")));
        f.put(f.snapshot(second)).then().statusCode(200)
                .body("lineItems[0].shipmentInfo.trackingId", contains("1Z", "2Z"))
                .body("lineItems[0].shipmentInfo.shippingProvider", contains("fedex", "dhl"));
    }

    @Test
    void aRefundPastTheWindowRefusesTheWholeSnapshot() {
        Fixture f = new Fixture();
        var order = f.put(f.snapshot(f.tv(2, 2))).then().statusCode(201).extract();
        clock.advance(Duration.ofDays(15));
        f.put(f.snapshot(f.tv(1, 1), cable(1))).then().statusCode(422).body("code", equalTo("refund_window_expired"));
        f.store.request().get("/orders/" + order.path("id")).then().body("version", equalTo(0))
                .body("lineItems", hasSize(1)).body("lineItems[0].refundedQuantity", equalTo(0));
    }

    @Test
    void theCurrencyCantChange() {
        Fixture f = new Fixture();
        Map<String, Object> snapshot = f.snapshot(cable(1));
        f.put(snapshot).then().statusCode(201);
        snapshot.put("currency", "EUR");
        f.put(snapshot).then().statusCode(409).body("code", equalTo("invalid_transition"));
    }

    @Test
    void aBatchFailsOneOrderAlone() {
        Fixture f = new Fixture();
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            orders.add(order("t-" + unique(), List.of(f.tv(1, 0))));
        }
        orders.get(17).remove("customer");
        var results = f.store.request().body(Map.of("orders", orders)).post("/orders/batch").then().statusCode(200)
                .body("results", hasSize(50)).extract();
        List<String> outcome = results.path("results.result");
        assertEquals(49, outcome.stream().filter("created"::equals).count());
        assertEquals("failed", outcome.get(17));
        assertEquals("validation_failed", results.path("results[17].error.code"));
        assertEquals(List.of("customer"), results.path("results[17].error.errors.field"));

        f.store.request().body(Map.of("orders", orders)).post("/orders/batch").then().statusCode(200)
                .body("results.result", everyItem(oneOf("updated", "failed")));
        f.store.request().body(Map.of("orders", List.of())).post("/orders/batch").then().statusCode(400);
        // A null entry, in either form, is named in the 400 (it was a 500).
        f.store.request().body("[" + "{\"transactionId\": \"n-1\"}, null]").post("/orders/batch").then().statusCode(400)
                .body("errors[0].field", equalTo("orders[1]"));
        f.store.request().body("{\"orders\": [null]}").post("/orders/batch").then().statusCode(400)
                .body("errors[0].field", equalTo("orders[0]"));
    }

    @Test
    void historicalImportsDontWaitAndKeepTheirDates() {
        TestStore store = newStore(Map.of("waitPeriod", "PT2H"));
        String plan = plan(store, "USD", List.of("tv"), 0, 100_000, 999);
        Map<String, Object> line = new HashMap<>(Map.of("lineItemTransactionId", "tv", "quantity", 1,
                "fulfilledQuantity", 1, "fulfilledAt", "2025-03-01T00:00:00Z", "product", product("tv", 50_000, "tv"),
                "plan", Map.of("id", plan, "purchasePrice", 999)));
        Map<String, Object> order = order("t-" + unique(), List.of(line));
        order.put("createdAt", "2025-02-27T00:00:00Z");
        var result = store.request().queryParam("historical", true).body(Map.of("orders", List.of(order)))
                .post("/orders/batch").then().statusCode(200).body("results[0].result", equalTo("created")).extract();
        String id = result.path("results[0].orderId");
        var saved = store.request().get("/orders/" + id).then().body("status", equalTo("closed")).extract();
        store.request().get("/contracts/" + saved.path("lineItems[0].contractIds[0]")).then()
                .body("termStart", equalTo("2025-03-01T00:00:00Z"));
    }

    // --- fixtures

    static Map<String, Object> cable(int quantity) {
        return Map.of("lineItemTransactionId", "cable", "quantity", quantity, "product", product("cable", 500, "cables"));
    }

    /** A store with a TV plan, and one transaction of it. */
    static final class Fixture {
        final TestStore store = newStore();
        final String plan = plan(store, "USD", List.of("tv"), 0, 100_000, 999);
        final String transactionId = "t-" + unique();

        @SafeVarargs
        final Map<String, Object> snapshot(Map<String, Object>... lines) {
            return order(transactionId, List.of(lines));
        }

        Map<String, Object> tv(int quantity, int fulfilled) {
            return Map.of("lineItemTransactionId", "tv", "quantity", quantity, "fulfilledQuantity", fulfilled,
                    "product", product("tv", 50_000, "tv"), "plan", Map.of("id", plan, "purchasePrice", 999));
        }

        io.restassured.response.Response put(Map<String, Object> snapshot) {
            return store.request().body(snapshot).put("/orders");
        }
    }
}
