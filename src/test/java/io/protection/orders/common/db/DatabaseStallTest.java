package io.protection.orders.common.db;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.protection.orders.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;

/**
 * The database's address accepts connections and then says nothing, as a stalled network or a hung
 * server does: requests are answered 503 {@code unavailable} within the configured timeouts instead of
 * hanging, and readiness is down within its own.
 */
@QuarkusTest
@TestProfile(DatabaseStallTest.SilentDatabase.class)
class DatabaseStallTest {

    /**
     * Accepts every connection and never answers. One per JVM: the profile and the test
     * see this class through different class loaders, so its port and the number of connections it
     * took are kept in system properties.
     */
    static final class BlackHole {
        private static final String PORT = "black-hole-test.port";
        private static final String ACCEPTED = "black-hole-test.accepted";
        private static final List<Socket> HELD = new CopyOnWriteArrayList<>();

        static synchronized int port() {
            String port = System.getProperty(PORT);
            if (port != null) {
                return Integer.parseInt(port);
            }
            try {
                ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Thread accept = new Thread(() -> {
                    while (!server.isClosed()) {
                        try {
                            Socket socket = server.accept();
                            HELD.add(socket);
                            System.setProperty(ACCEPTED, String.valueOf(HELD.size()));
                            // Closed after 10 s: longer than any timeout under test, short enough not to hold up the shutdown.
                            CompletableFuture.delayedExecutor(10, TimeUnit.SECONDS).execute(() -> {
                                try {
                                    socket.close();
                                } catch (IOException e) {
                                    // closed already
                                }
                            });
                        } catch (IOException e) {
                            return;
                        }
                    }
                }, "black-hole");
                accept.setDaemon(true);
                accept.start();
                System.setProperty(PORT, String.valueOf(server.getLocalPort()));
                return server.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static int accepted() {
            return Integer.parseInt(System.getProperty(ACCEPTED, "0"));
        }
    }

    public static class SilentDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + BlackHole.port() + "/orders",
                    "quarkus.flyway.migration.migrate-at-start", "false",
                    "protection.db-connect-timeout", "1s", "protection.db-acquire-timeout", "1s",
                    "protection.db-statement-timeout", "1s");
        }
    }

    /** A request that gives up after 20 s, so that a hang fails the test instead of stopping the build. */
    private static RequestSpecification bounded() {
        return given().config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 20_000).setParam("http.connection.timeout", 20_000)));
    }

    @Test
    void aRequestIsAnswered503WithinTheTimeoutsInsteadOfHanging() {
        // The first request also loads what every request needs: only the next ones are timed.
        bounded().header("X-Extend-Access-Token", "sk_some_key").get("/plans").then().statusCode(503);
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            bounded().header("X-Extend-Access-Token", "sk_some_key").get("/plans")
                    .then().statusCode(503).header("Retry-After", "1").body("code", equalTo("unavailable"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            // 1 s for a pooled connection, then 2 s at most (statement timeout + 1 s) for a silent connection.
            assertTrue(millis < 8000, "answered in " + millis + " ms");
        }
        assertTrue(BlackHole.accepted() > 0, "the pool reached the silent database");
    }

    @Test
    void readinessIsDownWithinItsTimeout() {
        bounded().get(Management.url("health/ready")).then().statusCode(503);
        long started = System.nanoTime();
        bounded().get(Management.url("health/ready")).then().statusCode(503)
                .body("checks.find { it.name == 'Database' }.status", equalTo("DOWN"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        // Its own timeout is 2 s; a probe that waited for TCP to give up would take minutes.
        assertTrue(millis < 8000, "answered in " + millis + " ms");
    }
}
