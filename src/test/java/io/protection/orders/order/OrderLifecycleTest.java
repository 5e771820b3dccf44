package io.protection.orders.order;

import static io.protection.orders.support.Api.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.protection.orders.release.ReleaseJob;
import io.protection.orders.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** Fulfill, cancel, refund, void, release, history and contracts over HTTP and a real database. */
@QuarkusTest
class OrderLifecycleTest {

    @Inject
    TestClock clock;

    @Inject
    ReleaseJob releaseJob;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void eachFulfilledUnitGetsItsOwnContract() {
        Fixture f = new Fixture();
        var order = f.order(line("tv", 3, f.tvPlan()));
        String lineId = order.path("lineItems[0].id");
        Instant shipped = Instant.parse("2026-03-01T10:00:00Z");
        f.store.request().body(Map.of("lineItemId", lineId, "fulfilledAt", shipped.toString()))
                .post("/line-items/fulfill").then().statusCode(200)
                .body("lineItems[0].fulfilledQuantity", equalTo(1)).body("lineItems[0].status", equalTo("unfulfilled"))
                .body("lineItems[0].contractIds", hasSize(1)).body("status", equalTo("open"));
        String contractId = f.store.request().get("/orders/" + order.path("id")).then().extract()
                .path("lineItems[0].contractIds[0]");
        f.store.request().get("/contracts/" + contractId).then().statusCode(200)
                .body("type", equalTo("product_protection")).body("status", equalTo("live"))
                .body("planId", equalTo(f.tvPlan())).body("purchasePrice", equalTo(4_999))
                .body("termStart", equalTo(shipped.toString()))
                .body("termEnd", equalTo(shipped.atZone(ZoneOffset.UTC).plusMonths(24).toInstant().toString()))
                .body("customer.email", equalTo("ada@example.com")).body("products[0].id", equalTo("tv"));

        f.store.request().queryParam("fulfillAll", true)
                .body(Map.of("transactionId", order.path("transactionId"), "lineItemTransactionId", "tv"))
                .post("/line-items/fulfill").then().statusCode(200)
                .body("lineItems[0].fulfilledQuantity", equalTo(3)).body("lineItems[0].status", equalTo("fulfilled"))
                .body("lineItems[0].contractIds", hasSize(3)).body("status", equalTo("closed"));
        f.store.request().body(Map.of("lineItemId", lineId)).post("/line-items/fulfill").then().statusCode(409)
                .body("code", equalTo("quantity_exceeded"));
        f.store.request().queryParam("orderId", (String) order.path("id")).get("/contracts/search").then()
                .body("contracts", hasSize(3));
    }

    @Test
    void categoryAndShippingLinesGetOneContractEach() {
        Fixture f = new Fixture();
        String bundle = plan(f.store, "USD", List.of("audio"), 10_000, 100_000, 2_500);
        var quote = f.store.request().body(Map.of("currency", "USD", "items", List.of(Map.of("productId", "tv",
                "purchasePrice", 60_000)))).post("/shipping-offers/quotes").then().extract();
        var order = f.order(
                Map.of("lineItemTransactionId", "cc", "type", "category_contract", "quantity", 1,
                        "plan", Map.of("id", bundle, "purchasePrice", 2_500),
                        "products", List.of(product("spk-l", 20_000, "audio"), product("spk-r", 20_000, "audio"))),
                Map.of("lineItemTransactionId", "ship", "quoteId", quote.path("id"), "premium", quote.path("premium"),
                        "shipmentInfo", List.of(Map.of("trackingId", "1Z", "productIds", List.of("tv")))),
                line("tv", 1, f.tvPlan()));
        for (String line : List.of("cc", "ship")) {
            f.store.request().queryParam("fulfillAll", true).body(Map.of("transactionId", order.path("transactionId"),
                    "lineItemTransactionId", line)).post("/line-items/fulfill").then().statusCode(200);
        }
        f.store.request().queryParam("transactionId", (String) order.path("transactionId")).get("/contracts/search")
                .then().body("contracts.type", containsInAnyOrder("category", "shipping_protection"))
                .body("contracts.find { it.type == 'category' }.products.id", contains("spk-l", "spk-r"))
                .body("contracts.find { it.type == 'shipping_protection' }.products.id", contains("tv"))
                .body("contracts.find { it.type == 'shipping_protection' }.purchasePrice", equalTo(quote.path("premium")));
    }

    @Test
    void linesThatArriveFulfilledGetTheirContractsAtOnce() {
        Fixture f = new Fixture();
        Map<String, Object> line = new HashMap<>(line("tv", 2, f.tvPlan()));
        line.put("fulfilledQuantity", 2);
        var order = f.order(line);
        assertEquals("closed", order.path("status"));
        assertEquals(2, order.<List<String>> path("lineItems[0].contractIds").size());
    }

    @Test
    void cancelBeforeFulfillmentOnly() {
        Fixture f = new Fixture();
        var open = f.order(line("tv", 2, f.tvPlan()), Map.of("lineItemTransactionId", "cable", "quantity", 1,
                "product", product("cable", 500, null)));
        f.store.request().body(Map.of("reason", "customer changed mind")).post("/orders/" + open.path("id") + "/cancel")
                .then().statusCode(200).body("status", equalTo("canceled"))
                .body("lineItems.status", everyItem(equalTo("canceled")));
        f.store.request().body(Map.of()).post("/orders/" + open.path("id") + "/cancel").then().statusCode(409)
                .body("code", equalTo("cancel_decline"));
        f.store.request().body(Map.of("lineItemId", open.path("lineItems[0].id"))).post("/line-items/fulfill").then()
                .statusCode(409).body("code", equalTo("invalid_transition"));

        var fulfilled = f.order(line("tv", 2, f.tvPlan()));
        f.fulfill(fulfilled.path("lineItems[0].id"), 1).then().statusCode(200);
        f.store.request().body(Map.of()).post("/orders/" + fulfilled.path("id") + "/cancel").then().statusCode(409)
                .body("code", equalTo("cancel_decline"));
    }

    @Test
    void cancelingALineCancelsItsUnfulfilledUnits() {
        Fixture f = new Fixture();
        var order = f.order(line("tv", 3, f.tvPlan()));
        String lineId = order.path("lineItems[0].id");
        f.store.request().body(Map.of("quantity", 1)).post("/line-items/" + lineId + "/cancel").then().statusCode(200)
                .body("lineItems[0].canceledQuantity", equalTo(1)).body("lineItems[0].status", equalTo("unfulfilled"));
        f.store.request().body(Map.of("quantity", 3)).post("/line-items/" + lineId + "/cancel").then().statusCode(409)
                .body("code", equalTo("quantity_exceeded"));
        f.fulfill(lineId, 1).then().statusCode(200);
        f.store.request().body(Map.of()).post("/line-items/" + lineId + "/cancel").then().statusCode(200)
                .body("lineItems[0].canceledQuantity", equalTo(2)).body("lineItems[0].status", equalTo("fulfilled"))
                .body("status", equalTo("closed"));

        Map<String, Object> shipped = new HashMap<>(line("tv2", 1, f.tvPlan()));
        shipped.put("shipmentInfo", List.of(Map.of("trackingId", "1Z", "shipmentDate", "2026-01-01T00:00:00Z")));
        var withShipment = f.order(shipped);
        f.store.request().body(Map.of()).post("/line-items/" + withShipment.path("lineItems[0].id") + "/cancel").then()
                .statusCode(200).body("lineItems[0].status", equalTo("cancel_failed"))
                .body("lineItems[0].canceledQuantity", equalTo(0));
    }

    @Test
    void refundsFollowEachUnitsOwnWindow() {
        Fixture f = new Fixture();
        var order = f.order(line("tv", 2, f.tvPlan()));
        String lineId = order.path("lineItems[0].id");
        f.fulfill(lineId, 1).then().statusCode(200);
        clock.advance(Duration.ofDays(1));
        f.fulfill(lineId, 1).then().statusCode(200);

        // 13 days 23 hours after the second unit's fulfillment: that unit can be refunded.
        clock.advance(Duration.ofDays(13).plusHours(23));
        f.store.request().queryParam("lineItemId", lineId).queryParam("quantity", 1).get("/refunds").then()
                .statusCode(200).body("refundable", equalTo(true)).body("amount", equalTo(4_999))
                .body("status", equalTo("refund_quoted"));
        f.store.request().body(Map.of("lineItemId", lineId, "quantity", 1, "reason", "returned")).post("/refunds")
                .then().statusCode(201).body("status", equalTo("refund_paid")).body("amount", equalTo(4_999))
                .body("currency", equalTo("USD")).body("contractIds", hasSize(1));

        // The first unit was fulfilled 14 days 23 hours ago: too late.
        f.store.request().queryParam("lineItemId", lineId).get("/refunds").then().statusCode(200)
                .body("refundable", equalTo(false)).body("reason", equalTo("refund_window_expired"))
                .body("amount", equalTo(0));
        f.store.request().body(Map.of("lineItemId", lineId)).post("/refunds").then().statusCode(422)
                .body("code", equalTo("refund_window_expired"));
        f.store.request().get("/orders/" + order.path("id")).then().body("lineItems[0].refundedQuantity", equalTo(1))
                .body("lineItems[0].status", equalTo("fulfilled"));
    }

    @Test
    void aRefundOneSecondPastTheWindowIsRefused() {
        Fixture f = new Fixture();
        var order = f.order(line("tv", 1, f.tvPlan()));
        f.fulfill(order.path("lineItems[0].id"), 1).then().statusCode(200);
        clock.advance(Duration.ofDays(14).plusSeconds(1));
        String contractId = f.store.request().get("/orders/" + order.path("id")).then().extract()
                .path("lineItems[0].contractIds[0]");
        f.store.request().body(Map.of("contractId", contractId)).post("/refunds").then().statusCode(422)
                .body("code", equalTo("refund_window_expired"));
    }

    @Test
    void refundingEveryProtectedLineCancelsTheOrder() {
        Fixture f = new Fixture();
        var order = f.order(line("tv", 1, f.tvPlan()));
        f.fulfill(order.path("lineItems[0].id"), 1).then().statusCode(200);
        String contractId = f.store.request().get("/orders/" + order.path("id")).then().extract()
                .path("lineItems[0].contractIds[0]");
        f.store.request().queryParam("contractId", contractId).get("/refunds").then().body("refundable", equalTo(true))
                .body("amount", equalTo(4_999)).body("contractIds", contains(contractId));
        f.store.request().queryParam("quote", true).body(Map.of("contractId", contractId)).post("/refunds").then()
                .statusCode(200).body("status", equalTo("refund_quoted"));
        f.store.request().body(Map.of("contractId", contractId)).post("/refunds").then().statusCode(201)
                .body("contractIds", contains(contractId));
        f.store.request().get("/contracts/" + contractId).then().body("status", equalTo("refunded"));
        f.store.request().get("/orders/" + order.path("id")).then().body("status", equalTo("canceled"))
                .body("lineItems[0].status", equalTo("refunded"));
        f.store.request().body(Map.of("contractId", contractId)).post("/refunds").then().statusCode(409)
                .body("code", equalTo("quantity_exceeded"));
        f.store.request().queryParam("contractId", contractId).get("/refunds").then().body("refundable", equalTo(false))
                .body("amount", equalTo(0));
    }

    @Test
    void shippedShippingProtectionIsNotRefundable() {
        Fixture f = new Fixture();
        var quote = f.store.request().body(Map.of("currency", "USD", "items", List.of(Map.of("productId", "tv",
                "purchasePrice", 60_000)))).post("/shipping-offers/quotes").then().extract();
        Map<String, Object> tv = new HashMap<>(line("tv", 1, f.tvPlan()));
        Map<String, Object> product = new HashMap<>(product("tv", 60_000, "tv"));
        product.put("deliveryStatus", "shipped");
        tv.put("product", product);
        var order = f.order(tv, Map.of("lineItemTransactionId", "ship", "quoteId", quote.path("id"), "premium",
                quote.path("premium"), "fulfilledQuantity", 1,
                "shipmentInfo", List.of(Map.of("trackingId", "1Z", "productIds", List.of("tv")))));
        f.store.request().body(Map.of("lineItemId", order.path("lineItems[1].id"))).post("/refunds").then()
                .statusCode(422).body("code", equalTo("not_refundable"));
    }

    @Test
    void voidingVoidsEveryContractAndFreezesTheOrder() {
        Fixture f = new Fixture();
        var order = f.order(line("tv", 2, f.tvPlan()));
        String id = order.path("id");
        f.fulfill(order.path("lineItems[0].id"), 2).then().statusCode(200);
        f.store.request().body(Map.of()).post("/orders/" + id + "/void").then().statusCode(400)
                .body("errors.field", contains("reason"));
        f.store.request().body(Map.of("reason", "fraud")).post("/orders/" + id + "/void").then().statusCode(200)
                .body("status", equalTo("voided")).body("lineItems[0].status", equalTo("fulfilled"));
        f.store.request().queryParam("orderId", id).get("/contracts/search").then()
                .body("contracts.status", everyItem(equalTo("voided"))).body("contracts", hasSize(2));
        f.store.request().body(Map.of("reason", "again")).post("/orders/" + id + "/void").then().statusCode(409)
                .body("code", equalTo("invalid_transition"));
        f.store.request().body(Map.of("lineItemId", order.path("lineItems[0].id"))).post("/refunds").then()
                .statusCode(409).body("code", equalTo("invalid_transition"));
        f.store.request().body(Map.of()).post("/orders/" + id + "/cancel").then().statusCode(409)
                .body("code", equalTo("cancel_decline"));
    }

    @Test
    void ifMatchGuardsAgainstLostUpdates() {
        Fixture f = new Fixture();
        var order = f.order(line("tv", 3, f.tvPlan()));
        String etag = order.header("ETag");
        String lineId = order.path("lineItems[0].id");
        String next = f.store.request().header("If-Match", etag).body(Map.of("lineItemId", lineId))
                .post("/line-items/fulfill").then().statusCode(200).extract().header("ETag");
        assertEquals(false, etag.equals(next));
        f.store.request().header("If-Match", etag).body(Map.of("lineItemId", lineId)).post("/line-items/fulfill")
                .then().statusCode(412).body("code", equalTo("precondition_failed"));
        f.store.request().get("/orders/" + order.path("id")).then().header("ETag", equalTo(next))
                .body("lineItems[0].fulfilledQuantity", equalTo(1));
    }

    @Test
    void historyRecordsEveryChangeWithItsActor() {
        Fixture f = new Fixture();
        var order = f.order(line("tv", 2, f.tvPlan()));
        String id = order.path("id");
        f.fulfill(order.path("lineItems[0].id"), 1).then().statusCode(200);
        f.store.request().body(Map.of("lineItemId", order.path("lineItems[0].id"), "reason", "damaged")).post("/refunds")
                .then().statusCode(201);
        f.store.request().get("/orders/" + id + "/history").then().statusCode(200)
                .body("events.type", contains("created", "fulfilled", "refunded"))
                .body("events.actor", everyItem(startsWith("api_key:")))
                .body("events[2].reason", equalTo("damaged")).body("events[1].data.quantity", equalTo(1));
        newStore().request().get("/orders/" + id + "/history").then().statusCode(404);
    }

    @Test
    void theReleaseJobEndsTheWaitPeriodAndCreatesQueuedContracts() throws Throwable {
        Fixture f = new Fixture();
        Map<String, Object> body = order("t-" + unique(), List.of(line("tv", 2, f.tvPlan())));
        body.put("waitPeriod", "PT1H");
        var order = f.store.request().body(body).post("/orders").then().statusCode(201)
                .body("status", equalTo("pending")).extract();
        String id = order.path("id");
        clock.advance(Duration.ofMinutes(10));
        Instant shipped = clock.instant().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        f.store.request().body(Map.of("lineItemId", order.path("lineItems[0].id"), "quantity", 2,
                "fulfilledAt", shipped.toString())).post("/line-items/fulfill").then().statusCode(200)
                .body("lineItems[0].status", equalTo("contract_pending")).body("lineItems[0].contractIds", empty());

        release();
        f.store.request().get("/orders/" + id).then().body("status", equalTo("pending"));

        clock.advance(Duration.ofMinutes(51));
        release();
        f.store.request().get("/orders/" + id).then().body("status", equalTo("closed"))
                .body("lineItems[0].status", equalTo("fulfilled")).body("lineItems[0].contractIds", hasSize(2))
                // created 0, fulfilled 1, released 2: the release is one change
                .body("version", equalTo(2));
        f.store.request().get("/orders/" + id + "/history").then()
                .body("events.type", contains("created", "fulfilled", "released"))
                .body("events[2].actor", equalTo("release_job")).body("events[2].reason", equalTo("wait period ended"))
                .body("events[2].data.status", equalTo("closed")).body("events[2].data.contracts", equalTo(2));
        // The release writes its contracts in one statement: each as the API answers it, term from the shipment.
        String contractId = f.store.request().get("/orders/" + id).then().extract().path("lineItems[0].contractIds[1]");
        f.store.request().get("/contracts/" + contractId).then().statusCode(200)
                .body("status", equalTo("live")).body("type", equalTo("product_protection"))
                .body("orderId", equalTo(id)).body("lineItemId", equalTo(order.path("lineItems[0].id")))
                .body("planId", equalTo(f.tvPlan())).body("purchasePrice", equalTo(4_999)).body("currency", equalTo("USD"))
                .body("termStart", equalTo(shipped.toString()))
                .body("termEnd", equalTo(shipped.atZone(ZoneOffset.UTC).plusMonths(24).toInstant().toString()))
                .body("customer.email", equalTo("ada@example.com")).body("products[0].id", equalTo("tv"));
        assertEquals(0, releaseJob.lagSeconds());
    }

    @Test
    void contractsOfAnotherStoreAreNotFound() {
        Fixture f = new Fixture();
        Map<String, Object> line = new HashMap<>(line("tv", 1, f.tvPlan()));
        line.put("fulfilledQuantity", 1);
        String contractId = f.order(line).path("lineItems[0].contractIds[0]");
        newStore().request().get("/contracts/" + contractId).then().statusCode(404);
        newStore().request().queryParam("contractId", contractId).get("/refunds").then().statusCode(404);
        f.store.request().get("/contracts/not-an-id").then().statusCode(404);
    }

    // --- fixtures

    void release() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> releaseJob.run());
    }

    static Map<String, Object> line(String id, int quantity, String plan) {
        return Map.of("lineItemTransactionId", id, "quantity", quantity, "product", product(id, 60_000, "tv"),
                "plan", Map.of("id", plan, "purchasePrice", 4_999));
    }

    /** A fresh store with a TV plan. */
    static final class Fixture {
        final TestStore store = newStore();
        private String tvPlan;

        String tvPlan() {
            if (tvPlan == null) {
                tvPlan = plan(store, "USD", List.of("tv"), 10_000, 200_000, 4_999);
            }
            return tvPlan;
        }

        @SafeVarargs
        final ExtractableResponse<Response> order(Map<String, Object>... lines) {
            return store.request().body(io.protection.orders.support.Api.order("t-" + unique(), List.of(lines)))
                    .post("/orders").then().statusCode(201).extract();
        }

        Response fulfill(String lineId, int quantity) {
            return store.request().body(Map.of("lineItemId", lineId, "quantity", quantity)).post("/line-items/fulfill");
        }
    }
}
