package io.protection.orders.feed;

import static io.protection.orders.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.support.Management;
import io.protection.orders.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A feed record that can't be applied, or can't even be read, is set aside without holding back the
 * others; one store's backlog doesn't hold back another store's first record; processed records are
 * purged after the retention.
 */
@QuarkusTest
class FeedIsolationTest {

    @Inject
    FeedWorker worker;

    @Inject
    FeedPurgeJob purge;

    @Inject
    TestClock clock;

    @Inject
    Pool pool;

    @Inject
    ProtectionConfig config;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aRecordThatCantBeReadIsSetAsideAndTheOthersAreApplied() throws Throwable {
        TestStore store = newStore();
        String requestId = post(store, records("poison", 10));
        // A record the worker can't read back, as after a change of its stored shape.
        pool.preparedQuery("update feed_item set record = '{\"id\": \"poison-0\", \"line_items\": 5}'::jsonb "
                + "where request_id = $1 and position = 0").execute(Tuple.of(UUID.fromString(requestId)))
                .await().indefinitely();
        double failedBefore = metric("protection_feed_items_failed_total");

        work();

        store.request().get("/feeds/order/" + requestId).then()
                .body("statuses.findAll { it.status == 'successful' }.size()", equalTo(9))
                .body("statuses[0].status", equalTo("in_progress"));
        for (int i = 1; i < 10; i++) {
            store.request().queryParam("transactionId", "poison-" + i).get("/orders/search").then()
                    .body("orders.size()", equalTo(1));
        }
        // Tried again after 2, 4, 8 and 16 seconds, then failed for good.
        for (int attempt = 1; attempt < FeedService.MAX_ATTEMPTS; attempt++) {
            clock.advance(Duration.ofSeconds((1L << attempt) + 1));
            work();
        }
        store.request().get("/feeds/order/" + requestId).then().body("processing_status", equalTo("done"))
                .body("failed_orders", contains("poison-0")).body("statuses[0].errors[0].code", equalTo("internal_error"));
        assertEquals(1, metric("protection_feed_items_failed_total") - failedBefore, 0.001);
    }

    @Test
    void oneStoresBacklogDelaysAnothersFirstRecordByOneBatchAtMost() throws Throwable {
        TestStore busy = newStore();
        TestStore quiet = newStore();
        String backlog = post(busy, records("busy", 150));
        String first = post(quiet, records("quiet", 1));

        VertxContextSupport.subscribeAndAwait(() -> worker.runBatch());

        quiet.request().get("/feeds/order/" + first).then().body("processing_status", equalTo("done"))
                .body("statuses[0].status", equalTo("successful"));
        busy.request().get("/feeds/order/" + backlog).then().body("processing_status", equalTo("in_progress"));
        work();
        busy.request().get("/feeds/order/" + backlog).then().body("processing_status", equalTo("done"));
    }

    @Test
    void processedRecordsArePurgedAfterTheRetentionAndPendingOnesAreKept() throws Throwable {
        TestStore store = newStore();
        String applied = post(store, records("kept", 2));
        work();
        String pending = post(store, records("later", 1));
        store.request().get("/feeds/order/" + applied).then().statusCode(200);

        // Thirty days on (every record processed before then is purged, other tests' too).
        clock.advance(Duration.ofDays(30).plusMinutes(1));
        int purged = VertxContextSupport.subscribeAndAwait(
                () -> purge.purgeBefore(clock.instant().minus(config.feedRetention())));
        assertTrue(purged >= 3, "the two records and their feed, at least: " + purged);

        store.request().get("/feeds/order/" + applied).then().statusCode(404);
        store.request().get("/feeds/order/" + pending).then().statusCode(200)
                .body("processing_status", equalTo("in_progress"));
        store.request().queryParam("transactionId", "kept-0").get("/orders/search").then().body("orders.size()", equalTo(1));
    }

    void work() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> worker.drain(0));
    }

    static String post(TestStore store, List<Map<String, Object>> records) {
        return store.request().body(records).post("/feeds/order").then().statusCode(202).extract().path("request_id");
    }

    static List<Map<String, Object>> records(String prefix, int count) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(Map.of("id", prefix + "-" + i, "status", "placed", "customer", Map.of("email", "ada@example.com"),
                    "line_items", List.of(Map.of("id", "cable", "quantity", 1, "product_data", Map.of("id", "cable",
                            "brand", "acme", "price", Map.of("amount", 999, "currency", "USD"))))));
        }
        return records;
    }

    static double metric(String name) {
        String metrics = given().get(Management.url("metrics")).then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
