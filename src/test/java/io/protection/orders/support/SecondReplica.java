package io.protection.orders.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A second replica of the packaged application beside the one an {@code *IT} starts: the same
 * database (the embedded one of {@link EmbeddedPostgresResource}), its own HTTP and management ports.
 * Tests reach it at {@link #url()}, its health and metrics at {@link #managementUrl()}.
 */
public class SecondReplica implements QuarkusTestResourceLifecycleManager {

    private static volatile String url;
    private static volatile String managementUrl;
    private final EmbeddedPostgresResource database = new EmbeddedPostgresResource();
    private Process process;

    public static String url() {
        return url;
    }

    public static String managementUrl() {
        return managementUrl;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = database.start();
        int port = freePort();
        int management = freePort();
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + management,
                "-Dprotection.admin-token=" + Api.ADMIN_TOKEN, "-jar", jar.toString());
        builder.environment().putAll(Map.of("DB_URL", config.get("DB_URL"), "DB_USER", config.get("DB_USER"),
                "DB_PASSWORD", config.get("DB_PASSWORD")));
        try {
            Path log = Files.createDirectories(Path.of("target")).resolve("second-replica.log");
            process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        url = "http://127.0.0.1:" + port;
        managementUrl = "http://127.0.0.1:" + management;
        try {
            awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return config;
    }

    private void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                var response = client.send(HttpRequest.newBuilder(URI.create(managementUrl + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The second replica exited: see target/second-replica.log");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("The second replica was not ready within " + timeout);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        database.stop();
    }
}
