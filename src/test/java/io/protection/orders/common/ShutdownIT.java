package io.protection.orders.common;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.protection.orders.support.Api;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * SIGTERM stops the packaged service, with its production settings, within the platform's grace period
 * (30 s) although a request is stuck on a database lock and a client has stopped sending in the middle of
 * its upload. Without {@code lock_timeout} the stuck query held the database pool open, and Vert.x's close
 * waited for it as long again as the requests had been given: 34 s in all. And it logs no ERROR doing so.
 */
class ShutdownIT {

    static final Duration GRACE = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void sigtermStopsTheServiceInTimeWithRequestsInFlight() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "the packaged application: ./mvnw package");
        Path log = Path.of("target/shutdown-it.log");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start()) {
            int port = freePort();
            int management = freePort();
            ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                    jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(java.util.Map.of("DB_URL", "postgresql://localhost:" + postgres.getPort()
                    + "/postgres", "DB_USER", "postgres", "DB_PASSWORD", "", "PROTECTION_ADMIN_TOKEN", Api.ADMIN_TOKEN,
                    "QUARKUS_HTTP_PORT", String.valueOf(port), "QUARKUS_MANAGEMENT_PORT", String.valueOf(management)));
            Process service = builder.start();
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + postgres.getPort()
                    + "/postgres", "postgres", "")) {
                awaitReady(service, management);
                String base = "http://localhost:" + port;
                JsonNode store = JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/admin/stores"))
                        .header("Authorization", "Bearer " + Api.ADMIN_TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Shutdown\"}")).build()));
                String key = store.path("apiKey").asText();
                String order = JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/orders"))
                        .header("X-Extend-Access-Token", key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Api.order("shutdown-1",
                                List.of(java.util.Map.of("lineItemTransactionId", "1",
                                        "product", Api.product("cable", 999, null)))))))
                        .build())).path("id").asText();

                // A request that waits for the order's row, which the test holds.
                db.setAutoCommit(false);
                try (PreparedStatement lock = db.prepareStatement("select id from orders where id = ? for update")) {
                    lock.setObject(1, UUID.fromString(order));
                    lock.executeQuery();
                }
                CompletableFuture<HttpResponse<String>> stuck = HTTP.sendAsync(HttpRequest.newBuilder(
                        URI.create(base + "/orders/" + order + "/cancel")).header("X-Extend-Access-Token", key)
                        .header("Content-Type", "application/json").timeout(Duration.ofMinutes(2))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"stuck\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                // And a client that stops sending half-way through its body.
                try (Socket stalled = new Socket("localhost", port)) {
                    OutputStream out = stalled.getOutputStream();
                    out.write(("POST /orders HTTP/1.1\r\nHost: localhost\r\nX-Extend-Access-Token: " + key
                            + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"transactionId\": ")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(1_000);
                    assertFalse(stuck.isDone(), "the request waits for the lock");

                    long start = System.nanoTime();
                    service.destroy();
                    boolean exited = service.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS);
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    System.out.printf("SIGTERM to exit with two requests in flight: %d ms%n", millis);
                    assertTrue(exited, "the service was still running " + GRACE + " after SIGTERM; see " + log);
                    assertTrue(millis < GRACE.toMillis(), millis + " ms");
                }
                // A job the closing pool cuts short, or a scheduler tick after the container stopped, logs no
                // ERROR; the one ERROR is Quarkus's own about the upload that never ended, cut at the grace period.
                assertEquals(List.of(), Files.readAllLines(log).stream().filter(l -> l.contains("\"level\":\"ERROR\"")
                        && !l.contains("Timed out waiting for graceful shutdown")).toList(), "ERROR lines in " + log);
                // The request stuck behind the lock gave up at lock_timeout, with a problem to retry on.
                HttpResponse<String> answered = stuck.get(5, TimeUnit.SECONDS);
                assertEquals(503, answered.statusCode(), answered.body());
                assertEquals("database_busy", JSON.readTree(answered.body()).path("code").asText());
                db.rollback();
            } finally {
                if (service.isAlive()) {
                    service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    static void awaitReady(Process service, int management) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertTrue(service.isAlive(), "the service exited at start; see target/shutdown-it.log");
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + management + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        fail("the service was not ready within 90 s; see target/shutdown-it.log");
    }

    static String send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, response.statusCode() + " " + response.body());
        return response.body();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
