package io.protection.orders.common;

import static io.protection.orders.support.Api.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.protection.orders.common.idempotency.IdempotencyPurgeJob;
import io.protection.orders.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

@QuarkusTest
class IdempotencyTest {

    @Inject
    TestClock clock;

    @Inject
    IdempotencyPurgeJob purgeJob;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theSameRequestIsReplayedByteForByte() {
        TestStore store = newStore();
        String transactionId = "t-" + unique();
        Map<String, Object> body = simpleOrder(transactionId);
        var first = store.request().header("Idempotency-Key", "k-" + transactionId).body(body).post("/orders").then()
                .statusCode(201).extract();
        var second = store.request().header("Idempotency-Key", "k-" + transactionId).body(body).post("/orders").then()
                .statusCode(201).header("Idempotent-Replayed", "true").extract();
        assertEquals(first.asString(), second.asString());
        assertEquals(first.header("Location"), second.header("Location"));
        assertEquals(first.header("ETag"), second.header("ETag"));
        store.request().queryParam("transactionId", transactionId).get("/orders/search").then().body("orders", hasSize(1));
    }

    @Test
    void theSameKeyWithAnotherRequestIs422() {
        TestStore store = newStore();
        String key = "k-" + unique();
        store.request().header("X-Idempotency-Key", key).body(simpleOrder("t-" + unique())).post("/orders").then()
                .statusCode(201);
        store.request().header("X-Idempotency-Key", key).body(simpleOrder("t-" + unique())).post("/orders").then()
                .statusCode(422).contentType("application/problem+json").body("code", equalTo("idempotency_key_reused"));
        // Keys are per store.
        newStore().request().header("X-Idempotency-Key", key).body(simpleOrder("t-" + unique())).post("/orders").then()
                .statusCode(201);
    }

    @Test
    void aFailedRequestStoresNothingAndCanBeRetried() {
        TestStore store = newStore();
        String key = "k-" + unique();
        Map<String, Object> bad = simpleOrder("t-" + unique());
        bad.remove("currency");
        store.request().header("Idempotency-Key", key).body(bad).post("/orders").then().statusCode(400);
        store.request().header("Idempotency-Key", key).body(simpleOrder("t-" + unique())).post("/orders").then()
                .statusCode(201).header("Idempotent-Replayed", nullValue());
    }

    @Test
    void keysAreBoundedAndWorkOnAdminCalls() {
        TestStore store = newStore();
        store.request().header("Idempotency-Key", "x".repeat(256)).body(simpleOrder("t-" + unique())).post("/orders")
                .then().statusCode(400).body("errors.field", contains("Idempotency-Key"));
        String key = "store-" + unique();
        String first = admin().header("Idempotency-Key", key).body(Map.of("name", "Once")).post("/admin/stores").then()
                .statusCode(201).extract().path("id");
        admin().header("Idempotency-Key", key).body(Map.of("name", "Once")).post("/admin/stores").then()
                .statusCode(201).body("id", equalTo(first));
    }

    @Test
    void thirtyConcurrentRequestsWithOneKeyCreateOneOrder() throws Exception {
        TestStore store = newStore();
        String transactionId = "t-" + unique();
        Map<String, Object> body = simpleOrder(transactionId);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                calls.add(() -> store.request().header("Idempotency-Key", "k-" + transactionId).body(body)
                        .post("/orders").then().extract().statusCode());
            }
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 409), statuses.toString());
        assertTrue(statuses.contains(201), statuses.toString());
        store.request().queryParam("transactionId", transactionId).get("/orders/search").then().body("orders", hasSize(1));
        // Once the first has finished, a retry gets its response.
        store.request().header("Idempotency-Key", "k-" + transactionId).body(body).post("/orders").then()
                .statusCode(201).header("Idempotent-Replayed", "true");
    }

    @Test
    void keysExpireAfterADayAndArePurged() throws Throwable {
        TestStore store = newStore();
        String key = "k-" + unique();
        store.request().header("Idempotency-Key", key).body(simpleOrder("t-" + unique())).post("/orders").then()
                .statusCode(201);
        clock.advance(Duration.ofHours(23));
        store.request().header("Idempotency-Key", key).body(simpleOrder("t-" + unique())).post("/orders").then()
                .statusCode(422);
        clock.advance(Duration.ofHours(2));
        VertxContextSupport.subscribeAndAwait(() -> purgeJob.purge());
        store.request().header("Idempotency-Key", key).body(simpleOrder("t-" + unique())).post("/orders").then()
                .statusCode(201).header("Idempotent-Replayed", nullValue());
    }

    @Test
    void aFulfillmentIsReplayedNotRepeatedUntilItsKeyExpires() {
        TestStore store = newStore();
        String orderId = store.request().body(order("t-" + unique(), List.of(Map.of("lineItemTransactionId", "a",
                "product", product("x", 5, null), "quantity", 3)))).post("/orders").then().statusCode(201)
                .extract().path("id");
        String key = "k-" + unique();
        String lineId = store.request().get("/orders/" + orderId).then().extract().path("lineItems[0].id");
        Map<String, Object> body = Map.of("lineItemId", lineId, "quantity", 1);
        var first = store.request().header("Idempotency-Key", key).body(body).post("/line-items/fulfill").then()
                .statusCode(200).body("lineItems[0].fulfilledQuantity", equalTo(1)).extract();
        var second = store.request().header("Idempotency-Key", key).body(body).post("/line-items/fulfill").then()
                .statusCode(200).header("Idempotent-Replayed", "true").extract();
        assertEquals(first.asString(), second.asString());
        assertEquals(first.header("ETag"), second.header("ETag"));
        store.request().header("Idempotency-Key", key).body(Map.of("lineItemId", lineId, "quantity", 2))
                .post("/line-items/fulfill").then().statusCode(422)
                .body("code", equalTo("idempotency_key_reused"));
        store.request().get("/orders/" + orderId).then().body("lineItems[0].fulfilledQuantity", equalTo(1));
        // An expired key's record is replaced by the next request's.
        clock.advance(Duration.ofHours(25));
        store.request().header("Idempotency-Key", key).body(body).post("/line-items/fulfill").then().statusCode(200)
                .header("Idempotent-Replayed", nullValue()).body("lineItems[0].fulfilledQuantity", equalTo(2));
        store.request().header("Idempotency-Key", key).body(body).post("/line-items/fulfill").then().statusCode(200)
                .header("Idempotent-Replayed", "true").body("lineItems[0].fulfilledQuantity", equalTo(2));
    }

    static Map<String, Object> simpleOrder(String transactionId) {
        return order(transactionId, List.of(Map.of("lineItemTransactionId", "a", "product", product("x", 5, null))));
    }
}
