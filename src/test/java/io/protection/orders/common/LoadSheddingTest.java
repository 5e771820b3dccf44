package io.protection.orders.common;

import static io.protection.orders.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.protection.orders.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Past PROTECTION_MAX_IN_FLIGHT requests at once, the next is answered 503 with Retry-After at once; probes still answer. */
@QuarkusTest
@TestProfile(LoadSheddingTest.TwoAtOnce.class)
class LoadSheddingTest {

    public static class TwoAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("protection.max-in-flight", "2");
        }
    }

    @Test
    void theRequestPastTheLimitIsRefusedAtOnceAndTheLimitFreesUp() throws Exception {
        TestStore store = newStore();
        String plan = plan(store, "USD", List.of("tv"), 10_000, 100_000, 4_999);
        Map<String, Object> line = new java.util.HashMap<>(Map.of("lineItemTransactionId", "1", "quantity", 2,
                "product", product("tv-1", 50_000, "tv"), "plan", Map.of("id", plan, "purchasePrice", 4_999)));
        var created = store.request().body(order("t-" + unique(), List.of(line))).post("/orders").then().statusCode(201)
                .extract();
        String orderId = created.path("id");
        String lineId = created.path("lineItems[0].id");
        try (Connection db = DriverManager.getConnection("jdbc:" + ConfigProvider.getConfig().getValue("DB_URL", String.class),
                ConfigProvider.getConfig().getValue("DB_USER", String.class), "")) {
            db.setAutoCommit(false);
            // Two fulfillments wait for the order's lock, held here: two requests in flight.
            try (PreparedStatement lock = db.prepareStatement("select 1 from orders where id = ? for update")) {
                lock.setObject(1, UUID.fromString(orderId));
                lock.executeQuery();
            }
            List<CompletableFuture<Integer>> waiting = List.of(fulfill(store, lineId), fulfill(store, lineId));
            awaitInFlight(2);

            long started = System.nanoTime();
            store.request().get("/plans").then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "1").body("code", equalTo("unavailable"), "status", equalTo(503));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 1000, "refused in " + millis + " ms");
            given().get(Management.url("health/ready")).then().statusCode(200);

            db.rollback();
            assertEquals(List.of(200, 200), waiting.stream().map(CompletableFuture::join).toList());
        }
        awaitInFlight(0);
        store.request().get("/plans").then().statusCode(200);
        store.request().get("/orders/" + orderId).then().statusCode(200).body("lineItems[0].fulfilledQuantity", equalTo(2));
    }

    private static CompletableFuture<Integer> fulfill(TestStore store, String lineId) {
        return CompletableFuture.supplyAsync(() -> store.request().body(Map.of("lineItemId", lineId))
                .post("/line-items/fulfill").statusCode());
    }

    private static void awaitInFlight(int expected) throws InterruptedException {
        String metrics = "";
        for (int i = 0; i < 100; i++) {
            metrics = given().get(Management.url("metrics")).asString();
            if (metrics.contains("protection_http_in_flight " + expected + ".0")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never " + expected + " in flight: " + metrics.lines()
                .filter(l -> l.startsWith("protection_http")).toList());
    }
}
