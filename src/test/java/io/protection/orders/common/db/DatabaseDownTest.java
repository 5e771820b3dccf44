package io.protection.orders.common.db;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.protection.orders.support.Api;
import io.protection.orders.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The database is down (nothing listens on its port): every request is answered 503 {@code unavailable}
 * with {@code Retry-After} at once, readiness is down while liveness stays up, and the log gets one
 * line for the lot.
 */
@QuarkusTest
@TestProfile(DatabaseDownTest.DeadDatabase.class)
class DatabaseDownTest {

    /** The request pool (and readiness) point at a port nothing listens on; Flyway, which would fail the start, is off. */
    public static class DeadDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + closedPort() + "/orders",
                    "quarkus.flyway.migration.migrate-at-start", "false");
        }
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void everyRequestIsAnswered503WithRetryAfterAtOnceAndLoggedOnce() throws InterruptedException {
        // The first request also loads what every request needs: only the next ones are timed.
        given().header("X-Extend-Access-Token", "sk_first").get("/plans").then().statusCode(503);
        for (int i = 0; i < 20; i++) {
            long started = System.nanoTime();
            given().header("X-Extend-Access-Token", "sk_some_key_" + i).contentType("application/json")
                    .body(Map.of("transactionId", "t-" + i)).post("/orders")
                    .then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "1")
                    .body("code", equalTo("unavailable"), "status", equalTo(503), "message", containsString("Retry-After"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 5000, "answered in " + millis + " ms");
        }
        Api.admin().body(Map.of("name", "Down")).post("/admin/stores").then().statusCode(503)
                .header("Retry-After", "1").body("code", equalTo("unavailable"));
        // The pool's acquisition timer of each failed query fires after 2 s (vertx-sql-client#1706): nothing more is logged.
        Thread.sleep(2500);
        List<String> lines = logged.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList();
        assertEquals(1, lines.stream().filter(l -> l.contains("Database unavailable")).count(), lines::toString);
        assertTrue(lines.stream().allMatch(l -> l.contains("Database unavailable") || l.contains("does not answer")),
                lines::toString);
        assertTrue(logged.stream().allMatch(r -> r.getThrown() == null), "no stack trace: " + lines);
    }

    @Test
    void readinessIsDownWhileLivenessIsUp() {
        given().get(Management.url("health/ready")).then().statusCode(503)
                .body("checks.find { it.name == 'Database' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Database' }.data.reason", equalTo("connection refused"));
        given().get(Management.url("health/live")).then().statusCode(200);
    }
}
