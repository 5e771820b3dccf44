package io.protection.orders.common;

import static io.protection.orders.support.Api.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * A request still unanswered after PROTECTION_REQUEST_TIMEOUT is answered 503 with Retry-After on a
 * connection then closed; a retry with its Idempotency-Key fulfills once, whatever became of the first.
 */
@QuarkusTest
@TestProfile(RequestTimeoutTest.OneSecond.class)
class RequestTimeoutTest {

    public static class OneSecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("protection.request-timeout", "1s");
        }
    }

    @Test
    void aRequestThatWaitsTooLongIsAnswered503AndARetryWithItsKeyFulfillsOnce() throws Exception {
        TestStore store = newStore();
        String plan = plan(store, "USD", List.of("tv"), 10_000, 100_000, 4_999);
        Map<String, Object> line = new HashMap<>(Map.of("lineItemTransactionId", "1", "quantity", 1,
                "product", product("tv-1", 50_000, "tv"), "plan", Map.of("id", plan, "purchasePrice", 4_999)));
        // Every request of this profile may take one second, so on a loaded machine the setup's own create can be
        // answered 503; it is retried with its key as a client would.
        Map<String, Object> body = order("t-" + unique(), List.of(line));
        String createKey = UUID.randomUUID().toString();
        var created = settled(() -> store.request().header("Idempotency-Key", createKey).body(body).post("/orders"))
                .then().statusCode(201).extract();
        String orderId = created.path("id");
        String lineId = created.path("lineItems[0].id");
        String key = UUID.randomUUID().toString();
        try (Connection db = DriverManager.getConnection("jdbc:" + ConfigProvider.getConfig().getValue("DB_URL", String.class),
                ConfigProvider.getConfig().getValue("DB_USER", String.class), "")) {
            db.setAutoCommit(false);
            // The fulfillment waits for the order's lock, held here, longer than the request may take.
            try (PreparedStatement lock = db.prepareStatement("select 1 from orders where id = ? for update")) {
                lock.setObject(1, UUID.fromString(orderId));
                lock.executeQuery();
            }
            long started = System.nanoTime();
            store.request().header("Idempotency-Key", key).body(Map.of("lineItemId", lineId)).post("/line-items/fulfill")
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "1")
                    .header("Connection", "close")
                    .body("code", equalTo("unavailable"), "detail", containsString("PROTECTION_REQUEST_TIMEOUT"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis >= 1000 && millis < 3000, "answered after " + millis + " ms");
            db.rollback();
        }
        // Whether its work was cancelled or its commit landed, the retry with its key fulfills the unit once.
        int status = settled(() -> store.request().header("Idempotency-Key", key).body(Map.of("lineItemId", lineId))
                .post("/line-items/fulfill")).statusCode();
        assertEquals(200, status);
        store.request().get("/orders/" + orderId).then().body("lineItems[0].fulfilledQuantity", equalTo(1));
    }

    /**
     * The answer to a request retried with its key for up to five seconds while it is 409 (the first attempt
     * still holds the key) or 503 (the attempt itself waited too long on a loaded machine).
     */
    static Response settled(Supplier<Response> request) throws InterruptedException {
        Response response = request.get();
        for (int i = 0; i < 50 && (response.statusCode() == 409 || response.statusCode() == 503); i++) {
            Thread.sleep(100);
            response = request.get();
        }
        return response;
    }
}
