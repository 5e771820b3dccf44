package io.protection.orders.release;

import static io.protection.orders.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.protection.orders.support.Management;
import io.protection.orders.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An order whose release fails in the database (a trigger refuses its contract) is tried again and set
 * aside; the orders released with it in one batch are released all the same.
 */
@QuarkusTest
class ReleaseIsolationTest {

    @Inject
    TestClock clock;

    @Inject
    ReleaseJob job;

    @Inject
    Pool pool;

    @AfterEach
    void cleanUp() {
        clock.reset();
        sql("drop trigger if exists poison_release on contract");
        sql("drop function if exists poison_release()");
    }

    @Test
    void aPoisonedOrderIsSetAsideAndTheTenGoodOnesAreReleased() throws Throwable {
        TestStore store = newStore();
        String plan = plan(store, "USD", List.of("tv"), 0, 100_000, 999);
        List<String> good = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            good.add(waitingOrder(store, plan));
        }
        String poisoned = waitingOrder(store, plan);
        sql("""
                create function poison_release() returns trigger language plpgsql as $$
                begin
                    if new.order_id = '%s' then raise exception 'contract refused for order %s'; end if;
                    return new;
                end $$""".formatted(poisoned, poisoned));
        sql("create trigger poison_release before insert on contract for each row execute function poison_release()");
        double failuresBefore = metric("protection_release_failures_total");

        clock.advance(Duration.ofHours(2));
        release();

        for (String id : good) {
            store.request().get("/orders/" + id).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.not("pending"));
        }
        store.request().get("/orders/" + poisoned).then().body("status", org.hamcrest.Matchers.equalTo("pending"));
        Row row = releaseState(poisoned);
        assertEquals(1, row.getInteger("release_attempts"));
        assertTrue(row.getString("release_error").contains("contract refused"), row.getString("release_error"));
        assertNull(row.getValue("release_set_aside_at"));

        // Tried again once its wait is over (1, 2, 4, 8 minutes), then set aside after the fifth try.
        for (int attempt = 2; attempt <= 5; attempt++) {
            release();
            assertEquals(attempt - 1, releaseState(poisoned).getInteger("release_attempts"), "not before its wait is over");
            clock.advance(Duration.ofMinutes(1L << (attempt - 1)).plusSeconds(1));
            release();
            assertEquals(attempt, releaseState(poisoned).getInteger("release_attempts"));
        }
        assertNotNull(releaseState(poisoned).getValue("release_set_aside_at"));

        // Set aside: no longer tried, not counted in the lag; a new order still goes through.
        String later = waitingOrder(store, plan);
        clock.advance(Duration.ofHours(3));
        release();
        assertEquals(5, releaseState(poisoned).getInteger("release_attempts"));
        store.request().get("/orders/" + later).then().body("status", org.hamcrest.Matchers.not("pending"));
        assertEquals(0, job.lagSeconds());
        assertTrue(metric("protection_release_set_aside") >= 1);
        assertEquals(5, metric("protection_release_failures_total") - failuresBefore, 0.001);
    }

    String waitingOrder(TestStore store, String plan) {
        Map<String, Object> body = order("t-" + unique(), List.of(Map.of("lineItemTransactionId", "tv",
                "fulfilledQuantity", 1, "product", product("tv", 50_000, "tv"),
                "plan", Map.of("id", plan, "purchasePrice", 999))));
        body.put("waitPeriod", "PT1H");
        return store.request().body(body).post("/orders").then().statusCode(201).extract().path("id");
    }

    void release() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> job.run());
    }

    Row releaseState(String orderId) {
        return pool.preparedQuery("select release_attempts, release_error, release_set_aside_at from orders where id = $1")
                .execute(Tuple.of(UUID.fromString(orderId))).await().indefinitely().iterator().next();
    }

    void sql(String statement) {
        pool.query(statement).execute().await().indefinitely();
    }

    static double metric(String name) {
        String metrics = given().get(Management.url("metrics")).then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
