package io.protection.orders.feed;

import static io.protection.orders.support.Api.*;
import static org.hamcrest.Matchers.*;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Posts a feed and stops: the scheduler is off in tests, so nothing applies it in this run of the
 * app. It runs last of the tests on the default profile; {@link FeedAfterRestartTest}, on a profile of
 * its own, runs after it in a restarted app and finds the feed.
 */
@QuarkusTest
@Order(Integer.MAX_VALUE)
class FeedBeforeRestartTest {

    static final String REQUEST = "feed-restart.request";
    static final String KEY = "feed-restart.key";

    @Test
    void aFeedIsStoredBeforeItIsAcknowledged() {
        TestStore store = newStore();
        String plan = plan(store, "USD", List.of("tv"), 0, 100_000, 999);
        Map<String, Object> record = Map.of("id", "restart-1", "status", "placed", "placed_at", "2026-10-01T08:00:00Z",
                "customer", Map.of("email", "ada@example.com"),
                "line_items", List.of(
                        Map.of("id", "tv", "product_data", Map.of("id", "tv", "brand", "acme", "price",
                                Map.of("amount", 50_000, "currency", "USD")),
                                "custom_properties", Map.of("protection_line_item_id", "p")),
                        Map.of("id", "p", "product_data", Map.of("id", plan, "brand", "hakuna", "price",
                                Map.of("amount", 999, "currency", "USD")))));
        String requestId = store.request().body(List.of(record)).post("/feeds/order").then().statusCode(202).extract()
                .path("request_id");
        store.request().get("/feeds/order/" + requestId).then().body("processing_status", equalTo("in_progress"));
        System.setProperty(REQUEST, requestId);
        System.setProperty(KEY, store.apiKey());
    }
}
