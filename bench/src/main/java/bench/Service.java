package bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** The packaged service ({@code java -jar}), started against the benchmark database. */
final class Service implements AutoCloseable {

    static final String ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";

    /**
     * The JVM as a container runs it (docker/Dockerfile.jvm): a 512 MiB memory limit with two fifths of it
     * for the heap and the collector the image names, on the JVM that wrote the ahead-of-time cache
     * ({@link #train}), which it maps. The environment variable {@code BENCH_SERVICE_JAVA_OPTS} replaces
     * them, to measure others.
     */
    static final List<String> JVM_OPTIONS = List.of(Objects.requireNonNullElse(System.getenv("BENCH_SERVICE_JAVA_OPTS"),
            "-XX:MaxRAM=512m -XX:MaxRAMPercentage=40 -XX:InitialRAMPercentage=6.25 -XX:+UseSerialGC").trim().split("\\s+"));

    /**
     * How the measurements run it: the outbox dispatcher idle (it runs once at start, then not for an
     * hour) so that deliveries don't compete for the cores with what is measured, and mail mocked. The
     * outbox writes stay in every call: they are the service's work. The rate limit is lifted.
     */
    static final Map<String, String> MEASURED = Map.of("PROTECTION_OUTBOX_EVERY", "1h", "QUARKUS_MAILER_MOCK", "true",
            // One key drives every connection: the per-key rate limit would measure itself.
            "PROTECTION_RATE_LIMIT_PER_SECOND", "100000000", "PROTECTION_RATE_LIMIT_BURST", "100000000");

    /** The management interface (health, metrics) listens this far above the API port. */
    static final int MANAGEMENT_OFFSET = 1000;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    final Process process;
    final int port;
    /** Milliseconds from launch to the first request answered 200. */
    long startMillis;

    private Service(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Launches the service with {@code env} added to its environment and waits until {@code probePath}
     * (with {@code apiKey}, if not null) answers 200.
     */
    static Service start(Path jar, Path log, String database, int poolSize, int port, String probePath, String apiKey,
            Map<String, String> env) {
        Path cache = jar.resolveSibling("app.aot");
        Path cacheJava = jar.resolveSibling("app.aot.java");
        List<String> command = new ArrayList<>(List.of(Files.exists(cacheJava) ? Sh.readString(cacheJava).strip() : "java"));
        command.addAll(JVM_OPTIONS);
        if (Files.exists(cache)) {
            command.add("-XX:AOTCache=" + cache.getFileName());
        }
        command.addAll(List.of("-jar", jar.getFileName().toString()));
        // The cache names the jar by a relative path: start where it lies.
        ProcessBuilder builder = new ProcessBuilder(command).directory(jar.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("DB_URL", "postgresql://127.0.0.1:5432/" + database);
        builder.environment().put("DB_POOL_SIZE", String.valueOf(poolSize));
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(port + MANAGEMENT_OFFSET));
        builder.environment().put("PROTECTION_ADMIN_TOKEN", ADMIN_TOKEN);
        builder.environment().putAll(env);
        long launched = System.nanoTime();
        try {
            Service service = new Service(builder.start(), port);
            while (service.get(probePath, apiKey) != 200) {
                if (!service.process.isAlive()) {
                    throw new IllegalStateException("the service exited; see " + log);
                }
                if (System.nanoTime() - launched > TimeUnit.SECONDS.toNanos(60)) {
                    throw new IllegalStateException("the service did not answer within 60s; see " + log);
                }
                Thread.sleep(5);
            }
            service.startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the ahead-of-time cache of the jar's directory as the image build does (docker/train-aot, with the
     * options the measured launches use), unless a cache newer than the jar is there; the bench then runs the
     * service on the JVM that wrote it. Returns the script's last line.
     */
    static String train(Path root, Path jar) {
        Sh.Output out = Sh.run(List.of("env", "-u", "DB_URL", "JAVA_OPTS=" + String.join(" ", JVM_OPTIONS),
                root.resolve("docker/train-aot").toString(), "--keep", jar.getParent().toString()));
        if (out.exit() != 0) {
            throw new IllegalStateException("docker/train-aot failed:\n" + out.text());
        }
        return out.text().strip().lines().reduce((first, last) -> last).orElse("");
    }

    long pid() {
        return process.pid();
    }

    long rssKb() {
        return Proc.rssKb(process.pid());
    }

    /** The status of an authenticated GET, or -1 while nothing listens. */
    int get(String path, String apiKey) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
            if (apiKey != null) {
                request.header("X-Extend-Access-Token", apiKey);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An admin call; fails unless it answers 2xx. */
    String admin(String method, String path, String json) {
        return send(method, path, json, "Authorization", "Bearer " + ADMIN_TOKEN);
    }

    /** A call with a store's API key; fails unless it answers 2xx. */
    String store(String apiKey, String method, String path, String json) {
        return send(method, path, json, "X-Extend-Access-Token", apiKey);
    }

    private String send(String method, String path, String json, String header, String value) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(path))
                    .header(header, value).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Quarkus's own paths ({@code /q/...}) are on the management interface, the API on its port. */
    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + (path.startsWith("/q/") ? port + MANAGEMENT_OFFSET : port) + path);
    }

    /** Stops the service as the platform would (SIGTERM) and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
