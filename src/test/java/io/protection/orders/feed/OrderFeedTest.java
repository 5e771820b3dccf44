package io.protection.orders.feed;

import static io.protection.orders.support.Api.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;

/** The Hakuna-style order feed: stored, applied in the background, idempotent, in any order. */
@QuarkusTest
class OrderFeedTest {

    @Inject
    FeedWorker worker;

    @Test
    void aFeedCreatesOrdersWithProtectionAndItsOwnDates() throws Throwable {
        Feed f = new Feed();
        String requestId = f.post(List.of(f.record("o-1", "placed", List.of(fulfillment(1, "2026-10-01T09:00:00Z")), null),
                f.record("o-2", "placed", null, null)));
        f.store.request().get("/feeds/order/" + requestId).then().statusCode(200)
                .body("processing_status", equalTo("in_progress")).body("statuses.status", everyItem(equalTo("in_progress")));
        work();
        f.store.request().get("/feeds/order/" + requestId).then().body("processing_status", equalTo("done"))
                .body("failed_orders", empty()).body("statuses.order_id", contains("o-1", "o-2"))
                .body("statuses.status", everyItem(equalTo("successful")));
        var order = f.order("o-1");
        assertEquals(List.of("tv-line"), order.<List<String>> path("lineItems.lineItemTransactionId"));
        assertEquals("contract", order.path("lineItems[0].type"));
        assertEquals(f.plan, order.path("lineItems[0].plan.id"));
        assertEquals("closed", order.path("status"));
        f.store.request().get("/contracts/" + order.path("lineItems[0].contractIds[0]")).then()
                .body("termStart", equalTo("2026-10-01T09:00:00Z"));
        assertEquals("open", f.order("o-2").path("status"));
    }

    @Test
    void theSameFeedTwiceLeavesTheSameState() throws Throwable {
        Feed f = new Feed();
        List<Map<String, Object>> feed = List.of(f.record("o-1", "placed", List.of(fulfillment(1, "2026-10-01T09:00:00Z")),
                List.of(refund(1, "2026-10-03T09:00:00Z"))));
        f.post(feed);
        work();
        String before = f.store.request().get("/orders/" + f.order("o-1").path("id")).asString();
        String second = f.post(feed);
        work();
        f.store.request().get("/feeds/order/" + second).then().body("statuses.status", contains("successful"));
        assertEquals(before, f.store.request().get("/orders/" + f.order("o-1").path("id")).asString());
    }

    @Test
    void fulfillmentsMayArriveBeforeThePlacement() throws Throwable {
        Feed f = new Feed();
        f.post(List.of(f.record("o-1", "placed", List.of(fulfillment(1, "2026-10-01T09:00:00Z")), null)));
        work();
        f.post(List.of(f.record("o-1", "placed", null, null)));
        work();
        var order = f.order("o-1");
        assertEquals(1, order.<Integer> path("lineItems[0].fulfilledQuantity"));
        assertEquals(1, order.<List<?>> path("lineItems[0].contractIds").size());
    }

    @Test
    void cancelledRecordsCancelAndBadRecordsFailAlone() throws Throwable {
        Feed f = new Feed();
        Map<String, Object> orphan = f.record("o-bad", "placed", null, null);
        List<Map<String, Object>> lines = new ArrayList<>((List<Map<String, Object>>) orphan.get("line_items"));
        Map<String, Object> product = new HashMap<>(lines.get(0));
        product.put("custom_properties", Map.of("protection_line_item_id", "nothing"));
        lines.set(0, product);
        orphan.put("line_items", lines);
        String requestId = f.post(List.of(f.record("o-1", "cancelled", null, null), orphan));
        work();
        f.store.request().get("/feeds/order/" + requestId).then().body("failed_orders", contains("o-bad"))
                .body("statuses[1].status", equalTo("failed"))
                .body("statuses[1].errors[0].code", equalTo("validation_failed"));
        assertEquals("canceled", f.order("o-1").path("status"));
    }

    @Test
    void csvFeedsAreTheSameFeedInRows() throws Throwable {
        Feed f = new Feed();
        String csv = String.join("\n",
                "order_id,status,placed_at,customer_email,line_item_id,quantity,product_id,product_brand,product_category,"
                        + "price_amount,price_currency,protection_line_item_id,fulfilled_quantity,fulfilled_at",
                "c-1,placed,2026-10-01T08:00:00Z,ada@example.com,tv-line,1,tv,acme,tv,50000,USD,prot-line,1,2026-10-02T08:00:00Z",
                "c-1,placed,2026-10-01T08:00:00Z,ada@example.com,prot-line,1," + f.plan + ",hakuna,,999,USD,,,");
        String requestId = f.store.request().contentType("text/csv").body(csv).post("/feeds/order").then()
                .statusCode(202).extract().path("request_id");
        work();
        f.store.request().get("/feeds/order/" + requestId).then().body("statuses.status", contains("successful"));
        var order = f.order("c-1");
        assertEquals("contract", order.path("lineItems[0].type"));
        assertEquals(1, order.<List<?>> path("lineItems[0].contractIds").size());
        f.store.request().contentType("text/csv").body("order_id,line_item_id,quantity\nx,,1").post("/feeds/order").then()
                .statusCode(400).body("code", equalTo("validation_failed"));
    }

    @Test
    void badFeedsAreRefusedWhole() {
        Feed f = new Feed();
        f.store.request().body(List.of()).post("/feeds/order").then().statusCode(400);
        f.store.request().body(List.of(Map.of("status", "placed"))).post("/feeds/order").then().statusCode(400)
                .body("errors.field", contains("[0].id"));
        f.store.request().contentType(ContentType.JSON).body("{\"id\": 1").post("/feeds/order").then().statusCode(400);
        newStore().request().get("/feeds/order/" + java.util.UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void aThousandOrderFeed() throws Throwable {
        Feed f = new Feed();
        List<Map<String, Object>> feed = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            feed.add(f.record("big-" + i, "placed", List.of(fulfillment(1, "2026-10-01T09:00:00Z")), null));
        }
        String requestId = f.post(feed);
        long started = System.nanoTime();
        // Runs of the worker (each with its budget) until this feed is done: other tests' feeds may wait too.
        int applied = 0;
        for (int run = 0; run < 20 && !"done".equals(f.store.request().get("/feeds/order/" + requestId)
                .then().extract().path("processing_status")); run++) {
            applied += VertxContextSupport.subscribeAndAwait(() -> worker.drain(0));
        }
        System.out.printf("feed of 1000 orders applied in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertEquals(true, applied >= 1000);
        f.store.request().get("/feeds/order/" + requestId).then().body("processing_status", equalTo("done"))
                .body("failed_orders", empty());
        f.store.request().queryParam("limit", 1).get("/orders/search").then().body("orders[0].status", equalTo("closed"));
    }

    // --- fixtures

    void work() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> worker.drain(0));
    }

    static Map<String, Object> fulfillment(int quantity, String at) {
        return Map.of("quantity", quantity, "fulfilled_at", at);
    }

    static Map<String, Object> refund(int quantity, String at) {
        return Map.of("quantity", quantity, "refunded_at", at);
    }

    /** A store with a plan, posting feeds. */
    static final class Feed {
        final TestStore store = newStore(Map.of("refundWindow", "P3650D"));
        final String plan = plan(store, "USD", List.of("tv"), 0, 100_000, 999);

        /** An order with a protected TV: the product line and its Hakuna protection line. */
        Map<String, Object> record(String id, String status, List<Map<String, Object>> fulfillments,
                List<Map<String, Object>> refunds) {
            Map<String, Object> tv = new HashMap<>(Map.of("id", "tv-line", "quantity", 1,
                    "product_data", Map.of("id", "tv", "title", "TV", "brand", "acme", "category", "tv",
                            "price", Map.of("amount", 50_000, "currency", "USD")),
                    "custom_properties", Map.of("protection_line_item_id", "prot-line")));
            if (fulfillments != null) {
                tv.put("fulfillments", fulfillments);
            }
            if (refunds != null) {
                tv.put("refunds", refunds);
            }
            Map<String, Object> protection = Map.of("id", "prot-line", "quantity", 1, "product_data", Map.of("id", plan,
                    "title", "Protection", "brand", "hakuna", "price", Map.of("amount", 999, "currency", "USD")));
            Map<String, Object> record = new HashMap<>(Map.of("id", id, "status", status,
                    "placed_at", "2026-10-01T08:00:00Z",
                    "customer", Map.of("first_name", "Ada", "last_name", "Lovelace", "email", "ada@example.com"),
                    "line_items", List.of(tv, protection)));
            return record;
        }

        String post(List<Map<String, Object>> feed) {
            return store.request().body(feed).post("/feeds/order").then().statusCode(202)
                    .header("Location", containsString("/feeds/order/")).extract().path("request_id");
        }

        io.restassured.response.ExtractableResponse<io.restassured.response.Response> order(String transactionId) {
            String id = store.request().queryParam("transactionId", transactionId).get("/orders/search").then()
                    .body("orders", hasSize(1)).extract().path("orders[0].id");
            return store.request().get("/orders/" + id).then().statusCode(200).extract();
        }
    }
}
