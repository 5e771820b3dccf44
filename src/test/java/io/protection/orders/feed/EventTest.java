package io.protection.orders.feed;

import static io.protection.orders.support.Api.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.protection.orders.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** Hakuna-style events: stored, applied in the background, deduplicated, in any order. */
@QuarkusTest
class EventTest {

    @Inject
    FeedWorker worker;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void eventsBeforeTheirOrderWaitForIt() throws Throwable {
        OrderFeedTest.Feed f = new OrderFeedTest.Feed();
        String fulfilled = event(f, "line_item_fulfilled", Map.of("order_id", "e-1", "line_item_id", "tv-line",
                "fulfilled_at", "2026-10-02T10:00:00Z"));
        work();
        f.store.request().get("/feeds/order/" + fulfilled).then().body("processing_status", equalTo("in_progress"));

        event(f, "order_placed", f.record("e-1", "placed", null, null));
        work();
        clock.advance(Duration.ofMinutes(1));
        work();
        f.store.request().get("/feeds/order/" + fulfilled).then().body("processing_status", equalTo("done"))
                .body("statuses[0].status", equalTo("successful"));
        var order = f.order("e-1");
        assertEquals(1, order.<Integer> path("lineItems[0].fulfilledQuantity"));
        assertEquals(1, order.<List<?>> path("lineItems[0].contractIds").size());

        String refunded = event(f, "line_item_refunded", Map.of("order_id", "e-1", "line_item_id", "tv-line",
                "quantity", 1, "refunded_at", "2026-10-03T10:00:00Z"));
        work();
        f.store.request().get("/feeds/order/" + refunded).then().body("statuses[0].status", equalTo("successful"));
        assertEquals(1, f.order("e-1").<Integer> path("lineItems[0].refundedQuantity"));
    }

    @Test
    void theSameEventTwiceIsOneEvent() throws Throwable {
        OrderFeedTest.Feed f = new OrderFeedTest.Feed();
        Map<String, Object> placed = f.record("e-2", "placed", null, null);
        String first = event(f, "order_placed", placed);
        assertEquals(first, event(f, "order_placed", placed));
        String cancel = event(f, "order_cancelled", Map.of("order_id", "e-2"));
        work();
        f.store.request().get("/feeds/order/" + cancel).then().body("statuses[0].status", equalTo("successful"));
        assertEquals("canceled", f.order("e-2").path("status"));
    }

    @Test
    void lineCancellationsAndBadEvents() throws Throwable {
        OrderFeedTest.Feed f = new OrderFeedTest.Feed();
        event(f, "order_placed", f.record("e-3", "placed", null, null));
        event(f, "line_item_cancelled", Map.of("order_id", "e-3", "line_item_id", "tv-line"));
        work();
        assertEquals("canceled", f.order("e-3").path("lineItems[0].status"));
        f.store.request().body(Map.of("type", "order_lost", "payload", Map.of())).post("/events").then().statusCode(400)
                .body("errors.field", contains("type"));
        f.store.request().body(Map.of("type", "line_item_fulfilled", "payload", Map.of("order_id", "x"))).post("/events")
                .then().statusCode(400).body("errors.field", contains("payload.line_item_id"));
    }

    static String event(OrderFeedTest.Feed f, String type, Map<String, Object> payload) {
        return f.store.request().body(Map.of("type", type, "payload", payload)).post("/events").then().statusCode(202)
                .extract().path("event_id");
    }

    void work() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> worker.drain(0));
    }
}
