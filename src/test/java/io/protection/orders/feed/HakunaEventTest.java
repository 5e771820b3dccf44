package io.protection.orders.feed;

import static io.protection.orders.support.Api.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.protection.orders.support.Management;
import io.protection.orders.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** Events in the shapes Hakuna documents, and the dates they state (domain rule 10). */
@QuarkusTest
class HakunaEventTest {

    @Inject
    FeedWorker worker;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void eachDocumentedEventTypeEndToEnd() throws Throwable {
        Shop shop = new Shop();
        Instant placed = clock.instant().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        String placement = shop.event("order_placed", shop.placed("h-1", placed, 2));
        work();
        shop.status(placement).body("statuses[0].status", equalTo("successful"));
        var order = shop.order("h-1");
        assertEquals(List.of("li-tv", "li-cable"), order.<List<String>> path("lineItems.lineItemTransactionId"));
        assertEquals("contract", order.path("lineItems[0].type"));
        assertEquals(shop.plan, order.path("lineItems[0].plan.id"));
        assertEquals(4_999, order.<Integer> path("lineItems[0].plan.purchasePrice"));
        assertEquals("tv", order.path("lineItems[0].product.category"));
        assertEquals(placed.toString(), order.path("createdAt"));
        assertEquals("", order.path("customer.phone"));

        // The product line and its protection line in one event: the units are fulfilled once.
        Instant shipped = placed.plus(Duration.ofDays(1));
        String fulfilled = shop.event("line_item_fulfilled", Map.of("order_id", "h-1", "line_items",
                List.of(Map.of("id", "li-tv", "quantity", 1), Map.of("id", "li-protection", "quantity", 1)),
                "fulfilled_at", shipped.toString()));
        work();
        shop.status(fulfilled).body("statuses[0].status", equalTo("successful"));
        order = shop.order("h-1");
        assertEquals(1, order.<Integer> path("lineItems[0].fulfilledQuantity"));
        List<String> contracts = order.path("lineItems[0].contractIds");
        assertEquals(1, contracts.size());
        shop.store.request().get("/contracts/" + contracts.get(0)).then().body("termStart", equalTo(shipped.toString()))
                .body("status", equalTo("live"));

        // Then the protection line alone: its product's units already took it, nothing changes.
        String again = shop.event("line_item_fulfilled", Map.of("order_id", "h-1", "line_item_id", "li-protection",
                "fulfilled_at", shipped.toString()));
        work();
        shop.status(again).body("statuses[0].status", equalTo("successful"));
        assertEquals(1, shop.order("h-1").<Integer> path("lineItems[0].fulfilledQuantity"));

        String cancelled = shop.event("line_item_cancelled", Map.of("order_id", "h-1",
                "line_items", List.of(Map.of("id", "li-cable", "quantity", 2)), "cancelled_at", clock.instant().toString()));
        work();
        shop.status(cancelled).body("statuses[0].status", equalTo("successful"));
        assertEquals("canceled", shop.order("h-1").path("lineItems[1].status"));
        assertEquals(2, shop.order("h-1").<Integer> path("lineItems[1].canceledQuantity"));

        // Refunding the protected product refunds its protection.
        String refunded = shop.event("line_item_refunded", Map.of("order_id", "h-1",
                "line_items", List.of(Map.of("id", "li-tv")), "refunded_at", shipped.plus(Duration.ofHours(5)).toString()));
        work();
        shop.status(refunded).body("statuses[0].status", equalTo("successful"));
        order = shop.order("h-1");
        assertEquals(1, order.<Integer> path("lineItems[0].refundedQuantity"));
        assertEquals("refunded", order.path("lineItems[0].status"));
        shop.store.request().get("/contracts/" + contracts.get(0)).then().body("status", equalTo("refunded"));

        shop.event("order_placed", shop.placed("h-2", placed, 1));
        String orderCancelled = shop.event("order_cancelled", Map.of("order_id", "h-2",
                "cancelled_at", clock.instant().toString()));
        work();
        shop.status(orderCancelled).body("statuses[0].status", equalTo("successful"));
        assertEquals("canceled", shop.order("h-2").path("status"));
        assertEquals(List.of("canceled", "canceled"), shop.order("h-2").path("lineItems.status"));
    }

    @Test
    void refusedEventsNameTheRuleInHakunasStyle() throws Throwable {
        Shop shop = new Shop();
        Instant placed = clock.instant().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        shop.event("order_placed", shop.placed("h-3", placed, 1));
        shop.event("line_item_fulfilled", Map.of("order_id", "h-3", "line_item_id", "li-tv",
                "fulfilled_at", placed.plus(Duration.ofHours(1)).toString()));
        String cancel = shop.event("order_cancelled", Map.of("order_id", "h-3", "cancelled_at", clock.instant().toString()));
        String early = shop.event("line_item_fulfilled", Map.of("order_id", "h-3", "line_item_id", "li-cable",
                "fulfilled_at", placed.minus(Duration.ofDays(1)).toString()));
        work();
        shop.status(cancel).body("statuses[0].status", equalTo("failed"))
                .body("failed_orders", contains("h-3"))
                .body("statuses[0].errors[0].error_code", equalTo("cancel_decline"))
                .body("statuses[0].errors[0].message", containsString("refund them instead"));
        shop.status(early).body("statuses[0].status", equalTo("failed"))
                .body("statuses[0].errors[0].error_code", equalTo("validation_failed"))
                .body("statuses[0].errors[0].field", equalTo("payload.fulfilled_at"))
                .body("statuses[0].errors[0].message", containsString("before the order was placed"));
        var order = shop.order("h-3");
        assertEquals("open", order.path("status"));
        assertEquals(0, order.<Integer> path("lineItems[1].fulfilledQuantity"));
    }

    @Test
    void aRefundIsJudgedNoEarlierThanTheReportingToleranceBeforeItWasReceived() throws Throwable {
        Shop shop = new Shop();
        Instant shipped = clock.instant().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        shop.event("order_placed", shop.placed("h-4", shipped.minus(Duration.ofHours(1)), 1, 3));
        shop.event("line_item_fulfilled", Map.of("order_id", "h-4", "line_item_id", "li-tv", "fulfilled_at",
                shipped.toString()));
        work();
        assertEquals(3, shop.order("h-4").<Integer> path("lineItems[0].fulfilledQuantity"));

        // Received 16 days after fulfillment, dated day 13: judged at day 13, inside the 14-day window.
        clock.advance(Duration.ofDays(16));
        String inTime = shop.event("line_item_refunded", refund("h-4", shipped.plus(Duration.ofDays(13))));
        work();
        shop.status(inTime).body("statuses[0].status", equalTo("successful"));
        assertEquals(1, shop.order("h-4").<Integer> path("lineItems[0].refundedQuantity"));

        // Received after window + tolerance, dated inside the window: judged 72 hours before receipt.
        clock.advance(Duration.ofDays(2));
        String late = shop.event("line_item_refunded", refund("h-4", shipped.plus(Duration.ofDays(13)).plusSeconds(60)));
        work();
        shop.status(late).body("statuses[0].status", equalTo("failed"))
                .body("statuses[0].errors[0].error_code", equalTo("refund_window_expired"))
                .body("statuses[0].errors[0].code", equalTo("refund_window_expired"));

        // A year after fulfillment, dated one day after it.
        clock.advance(Duration.ofDays(365 - 18));
        String aYearLate = shop.event("line_item_refunded", refund("h-4", shipped.plus(Duration.ofDays(1))));
        work();
        shop.status(aYearLate).body("statuses[0].status", equalTo("failed"))
                .body("statuses[0].errors[0].error_code", equalTo("refund_window_expired"));
        var order = shop.order("h-4");
        assertEquals(1, order.<Integer> path("lineItems[0].refundedQuantity"));
        shop.store.request().queryParam("orderId", (String) order.path("id")).get("/contracts/search").then()
                .body("contracts.status", containsInAnyOrder("refunded", "live", "live"));
    }

    @Test
    void futureDatesAndMalformedPayloadsAre400() {
        Shop shop = new Shop();
        Instant tomorrow = clock.instant().plus(Duration.ofDays(1));
        shop.post("line_item_refunded", refund("h-5", tomorrow)).then().statusCode(400)
                .body("errors.field", contains("payload.refunded_at"))
                .body("errors[0].message", equalTo("must not be in the future"));
        shop.post("line_item_fulfilled", Map.of("order_id", "h-5", "line_item_id", "li-tv", "fulfilled_at",
                tomorrow.toString())).then().statusCode(400).body("errors.field", contains("payload.fulfilled_at"));
        shop.post("order_cancelled", Map.of("order_id", "h-5", "cancelled_at", tomorrow.toString())).then()
                .statusCode(400).body("errors.field", contains("payload.cancelled_at"));
        shop.post("order_placed", shop.placed("h-5", tomorrow, 1)).then().statusCode(400)
                .body("errors.field", contains("payload.placed_at"));
        shop.post("line_item_refunded", Map.of("order_id", "h-5", "line_items", List.of(Map.of("quantity", 1)))).then()
                .statusCode(400).body("errors.field", contains("payload.line_items[0].id"));
        shop.post("line_item_refunded", Map.of("order_id", "h-5", "line_items", "li-tv")).then()
                .statusCode(400).body("errors.field", contains("payload.line_items"));
        shop.post("order_placed", Map.of("placed_at", clock.instant().toString())).then().statusCode(400)
                .body("errors.field", contains("payload.order_id"));
    }

    @Test
    void everyEventTypeHasADocumentedExample() {
        io.restassured.RestAssured.given().get(Management.url("openapi?format=json")).then().statusCode(200)
                .body("paths.'/events'.post.requestBody.content.'application/json'.examples.keySet()",
                        containsInAnyOrder("order_placed", "line_item_fulfilled", "line_item_refunded",
                                "line_item_cancelled", "order_cancelled"))
                .body("paths.'/events'.post.requestBody.content.'application/json'.examples.order_placed.value.payload"
                        + ".line_items[1].custom_properties.product_reference", equalTo("li-tv"));
    }

    // --- fixtures

    static Map<String, Object> refund(String orderId, Instant at) {
        return Map.of("order_id", orderId, "line_items", List.of(Map.of("id", "li-tv", "quantity", 1)), "refunded_at",
                at.toString());
    }

    void work() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> worker.drain(0));
    }

    /** A store (refund window 14 days, reporting tolerance 72 hours) with a TV plan, posting events. */
    static final class Shop {
        final TestStore store = newStore();
        final String plan = plan(store, "EUR", List.of("tv"), 0, 200_000, 4_999);

        /** Hakuna's documented order_placed: a protected TV and a cable, protection pointing at the TV. */
        Map<String, Object> placed(String orderId, Instant placedAt, int cables) {
            return placed(orderId, placedAt, cables, 1);
        }

        Map<String, Object> placed(String orderId, Instant placedAt, int cables, int tvs) {
            Map<String, Object> tv = Map.of("id", "li-tv", "quantity", tvs, "price_amount", 59_900, "product_id", "tv-55",
                    "product_title", "TV 55 inch", "product_brand", "Acme", "product_category", "tv",
                    "custom_properties", Map.of());
            Map<String, Object> protection = Map.of("id", "li-protection", "quantity", tvs, "price_amount", 4_999,
                    "product_id", "offer-7", "product_title", "2 years protection", "product_brand", "Hakuna",
                    "custom_properties", Map.of("product_reference", "li-tv", "plan_id", plan));
            Map<String, Object> cable = Map.of("id", "li-cable", "quantity", cables, "price_amount", 1_500,
                    "product_id", "hdmi", "product_title", "HDMI cable", "product_brand", "Acme", "custom_properties",
                    Map.of());
            Map<String, Object> payload = new HashMap<>();
            payload.put("order_id", orderId);
            payload.put("placed_at", placedAt.toString());
            payload.put("order_currency", "EUR");
            payload.put("customer", Map.of("first_name", "Ada", "last_name", "Lovelace", "email", "ada@example.com",
                    "phone", ""));
            payload.put("customer_billing_address", Map.of("street", "Unter den Linden 1", "city", "Berlin",
                    "zip", "10117", "country", "DE"));
            payload.put("line_items", List.of(tv, protection, cable));
            return payload;
        }

        Response post(String type, Map<String, Object> payload) {
            return store.request().body(Map.of("type", type, "payload", payload)).post("/events");
        }

        String event(String type, Map<String, Object> payload) {
            return post(type, payload).then().statusCode(202).extract().path("event_id");
        }

        io.restassured.response.ValidatableResponse status(String eventId) {
            return store.request().get("/feeds/order/" + eventId).then().statusCode(200)
                    .body("processing_status", equalTo("done"));
        }

        ExtractableResponse<Response> order(String transactionId) {
            String id = store.request().queryParam("transactionId", transactionId).get("/orders/search").then()
                    .body("orders", hasSize(1)).extract().path("orders[0].id");
            return store.request().get("/orders/" + id).then().statusCode(200).extract();
        }
    }
}
