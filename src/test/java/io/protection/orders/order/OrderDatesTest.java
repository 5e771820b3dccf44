package io.protection.orders.order;

import static io.protection.orders.support.Api.*;
import static org.hamcrest.Matchers.*;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.protection.orders.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;

/** Fulfillment dates the merchant states on the Extend side, and the store's reporting tolerance (domain rule 10). */
@QuarkusTest
class OrderDatesTest {

    @Inject
    TestClock clock;

    @Test
    void aLineCantArriveFulfilledBeforeTheOrderWasPlacedNorInTheFuture() {
        TestStore store = newStore();
        String plan = plan(store, "USD", List.of("tv"), 0, 100_000, 999);
        Instant placed = clock.instant().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);

        Map<String, Object> early = order("t-" + unique(), List.of(tv(plan, placed.minus(Duration.ofHours(1)))));
        early.put("createdAt", placed.toString());
        store.request().body(early).post("/orders").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.field", contains("lineItems.tv.fulfilledAt"))
                .body("errors[0].message", containsString("before the order was placed"));

        Map<String, Object> future = order("t-" + unique(), List.of(tv(plan, clock.instant().plus(Duration.ofDays(1)))));
        future.put("createdAt", placed.toString());
        store.request().body(future).post("/orders").then().statusCode(400)
                .body("errors.field", contains("lineItems[0].fulfilledAt"));

        Instant shipped = placed.plus(Duration.ofHours(3));
        Map<String, Object> ok = order("t-" + unique(), List.of(tv(plan, shipped)));
        ok.put("createdAt", placed.toString());
        String contractId = store.request().body(ok).post("/orders").then().statusCode(201)
                .extract().path("lineItems[0].contractIds[0]");
        store.request().get("/contracts/" + contractId).then().body("termStart", equalTo(shipped.toString()));
    }

    @Test
    void fulfillingALineKeepsTheStatedDateWithinItsBounds() {
        TestStore store = newStore();
        String plan = plan(store, "USD", List.of("tv"), 0, 100_000, 999);
        Instant placed = clock.instant().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> body = order("t-" + unique(), List.of(tv(plan, null)));
        body.put("createdAt", placed.toString());
        String lineId = store.request().body(body).post("/orders").then().statusCode(201).extract()
                .path("lineItems[0].id");

        store.request().body(Map.of("lineItemId", lineId, "fulfilledAt", placed.minusSeconds(1).toString()))
                .post("/line-items/fulfill").then().statusCode(400).body("errors.field", contains("fulfilledAt"))
                .body("errors[0].message", containsString("before the order was placed"));
        store.request().body(Map.of("lineItemId", lineId, "fulfilledAt", clock.instant().plus(Duration.ofHours(1))
                .toString())).post("/line-items/fulfill").then().statusCode(400)
                .body("errors.field", contains("fulfilledAt"));

        Instant shipped = placed.plus(Duration.ofDays(1));
        String contractId = store.request().body(Map.of("lineItemId", lineId, "fulfilledAt", shipped.toString()))
                .post("/line-items/fulfill").then().statusCode(200).body("lineItems[0].fulfilledQuantity", equalTo(1))
                .extract().path("lineItems[0].contractIds[0]");
        store.request().get("/contracts/" + contractId).then().body("termStart", equalTo(shipped.toString()))
                .body("termEnd", equalTo(shipped.atZone(java.time.ZoneOffset.UTC).plusMonths(24).toInstant().toString()));
        // The refund window starts at the stated fulfillment: 14 days after it is too late.
        clock.advance(Duration.ofDays(14));
        try {
            store.request().body(Map.of("lineItemId", lineId)).post("/refunds").then().statusCode(422)
                    .body("code", equalTo("refund_window_expired"));
        } finally {
            clock.reset();
        }
    }

    @Test
    void aHistoricalImportKeepsYearOldFulfillments() {
        TestStore store = newStore();
        String plan = plan(store, "USD", List.of("tv"), 0, 100_000, 999);
        Instant placed = clock.instant().minus(Duration.ofDays(400)).truncatedTo(ChronoUnit.SECONDS);
        Instant shipped = placed.plus(Duration.ofDays(2));
        Map<String, Object> order = order("t-" + unique(), List.of(tv(plan, shipped)));
        order.put("createdAt", placed.toString());
        String id = store.request().queryParam("historical", true).body(Map.of("orders", List.of(order)))
                .post("/orders/batch").then().statusCode(200).body("results[0].result", equalTo("created"))
                .extract().path("results[0].orderId");
        String contractId = store.request().get("/orders/" + id).then().body("status", equalTo("closed")).extract()
                .path("lineItems[0].contractIds[0]");
        store.request().get("/contracts/" + contractId).then().body("termStart", equalTo(shipped.toString()));
    }

    @Test
    void theReportingToleranceIsAStoreSetting() {
        var created = admin().body(Map.of("name", "Tolerant " + unique(), "reportingTolerance", "P7D"))
                .post("/admin/stores").then().statusCode(201).body("reportingTolerance", equalTo("P7D")).extract();
        admin().get("/admin/stores/" + created.path("id")).then().body("reportingTolerance", equalTo("P7D"));
        admin().body(Map.of("name", "Default " + unique())).post("/admin/stores").then().statusCode(201)
                .body("reportingTolerance", equalTo("P3D"));
        admin().body(Map.of("name", "Bad " + unique(), "reportingTolerance", "-PT1H")).post("/admin/stores").then()
                .statusCode(400).body("errors.field", contains("reportingTolerance"));
    }

    static Map<String, Object> tv(String plan, Instant fulfilledAt) {
        Map<String, Object> line = new HashMap<>(Map.of("lineItemTransactionId", "tv", "quantity", 1,
                "product", product("tv", 50_000, "tv"), "plan", Map.of("id", plan, "purchasePrice", 999)));
        if (fulfilledAt != null) {
            line.put("fulfilledQuantity", 1);
            line.put("fulfilledAt", fulfilledAt.toString());
        }
        return line;
    }
}
