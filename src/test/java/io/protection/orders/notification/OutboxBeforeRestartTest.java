package io.protection.orders.notification;

import static io.protection.orders.support.Api.*;
import static org.hamcrest.Matchers.*;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.protection.orders.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Commits a contract and stops before any dispatcher runs (the scheduler is off in tests). {@link
 * OutboxAfterRestartTest}, in a restarted app, finds its messages and delivers them.
 */
@QuarkusTest
@Order(Integer.MAX_VALUE)
class OutboxBeforeRestartTest {

    static final String CONTRACT = "outbox-restart.contract";
    static final String KEY = "outbox-restart.key";

    @Test
    void aCommittedContractIsInTheOutbox() {
        TestStore store = newStore();
        String plan = plan(store, "USD", List.of("tv"), 10_000, 100_000, 4_999);
        store.request().body(Map.of("url", WebhookReceiver.get().url("restart/" + store.id()), "events",
                List.of("contract.created"))).put("/webhooks/restart").then().statusCode(201);
        String contract = store.request().body(order("restart-" + unique(), List.of(Map.of("lineItemTransactionId",
                "tv", "fulfilledQuantity", 1, "product", product("tv-1", 50_000, "tv"), "plan",
                Map.of("id", plan, "purchasePrice", 4_999))))).post("/orders").then().statusCode(201)
                .body("lineItems[0].contractId", notNullValue()).extract().path("lineItems[0].contractId");
        System.setProperty(CONTRACT, contract);
        System.setProperty(KEY, store.apiKey());
    }
}
