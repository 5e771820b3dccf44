package io.protection.orders.common;

import static io.protection.orders.support.Api.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.protection.orders.support.Management;
import io.protection.orders.support.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A seeded, bounded fuzz run over every operation of the OpenAPI document: {@code fuzz.requests} (1000)
 * malformed or hostile requests each ({@link FuzzCases}), one after the other. It asserts that none is
 * answered 5xx, that every 4xx is a problem, that no request that was refused (and no GET) committed a
 * change (each request is bracketed by {@code txid_current()}, and a transaction that took an id in
 * between must not have committed; over an operation with no accepted change, a checksum of every table
 * must not move), and that a valid request is still answered in its usual time afterwards. Its figures go
 * to {@code target/fuzz/results.md}; {@code bench/results/fuzz-<date>.md} keeps those of a run. Reproduce with
 * {@code ./mvnw -B -q test -Dtest=FuzzTest -Dfuzz.seed=14 -Dfuzz.requests=1000}.
 */
@QuarkusTest
@TestProfile(FuzzTest.Alone.class)
class FuzzTest {

    /**
     * An instance of the app of its own: work that an earlier test left running in a shared instance (a
     * request its client gave up on) would commit during the run and read as a refused request's change.
     */
    public static class Alone implements QuarkusTestProfile {
    }

    static final long SEED = Long.getLong("fuzz.seed", 14);
    static final int REQUESTS = Integer.getInteger("fuzz.requests", 1000);
    static final Path RESULTS = Path.of("target/fuzz/results.md");

    @Inject
    Pool pool;

    /** What one operation's run found. */
    static final class Figures {
        int requests;
        int ok;
        int client;
        int server;
        int bare;
        int closed;
        int changed;
        String checksum = "same";
        final List<String> failures = new ArrayList<>();
    }

    @Test
    @Timeout(value = 25, unit = TimeUnit.MINUTES)
    void hostileRequestsGetNoServerErrorAndChangeNoRow() throws Exception {
        FuzzCases.Ids ids = fixture();
        List<FuzzCases.Operation> operations = operations();
        assertTrue(operations.size() >= 38, "every operation of the document: " + operations.size());
        Latency before = latency(ids);
        Random random = new Random(SEED);
        Map<String, Figures> all = new LinkedHashMap<>();
        long started = System.nanoTime();
        // Autovacuum's ANALYZE commits a transaction of its own, which would read as a refused request's.
        autovacuum(false);
        try (RawHttp http = new RawHttp("localhost", RestAssured.port, 60_000)) {
            for (FuzzCases.Operation operation : operations) {
                all.put(operation.name(), run(operation, new FuzzCases(operation, ids, random), http));
            }
        } finally {
            autovacuum(true);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        Latency after = latency(ids);
        String report = report(all, seconds, before, after);
        Files.createDirectories(RESULTS.getParent());
        Files.writeString(RESULTS, report);
        System.out.println(report);

        List<String> failures = firstFailures(all);
        assertEquals(0, all.values().stream().mapToInt(f -> f.server).sum(), "5xx answers:\n" + String.join("\n", failures));
        assertEquals(0, all.values().stream().mapToInt(f -> f.bare).sum(), "4xx without a problem:\n" + String.join("\n", failures));
        assertEquals(0, all.values().stream().mapToInt(f -> f.closed).sum(), "connections closed:\n" + String.join("\n", failures));
        assertEquals(0, all.values().stream().mapToInt(f -> f.changed).sum(), "rows changed:\n" + String.join("\n", failures));
        assertTrue(all.values().stream().allMatch(f -> !f.checksum.equals("changed")), "a checksum moved: " + report);
        assertTrue(after.median <= Math.max(3 * before.median, before.median + 50),
                "a valid request took " + after.median + " ms after the run, " + before.median + " ms before");
    }

    private Figures run(FuzzCases.Operation operation, FuzzCases cases, RawHttp http) throws Exception {
        Figures figures = new Figures();
        settle(20);
        Map<String, String> sumBefore = checksum();
        boolean accepted = false;
        boolean settle = false;
        for (int i = 0; i < REQUESTS; i++) {
            FuzzCases.Case c = cases.next();
            if (settle) {
                settle(1);
                settle = false;
            }
            long xidBefore = xid();
            RawHttp.Response response;
            try {
                response = c.body() == null ? http.send(c.method(), c.target(), c.headers(), null)
                        : http.send(c.method(), c.target(), c.headers(), c.body());
            } catch (IOException e) {
                figures.requests++;
                figures.closed++;
                figures.failures.add(operation.name() + " closed the connection (" + e.getMessage() + ") on " + describe(c));
                continue;
            }
            long xidAfter = xid();
            figures.requests++;
            int status = response.status();
            boolean write = !c.method().equals("GET");
            if (status < 300) {
                figures.ok++;
                accepted |= write;
                settle = write;
            } else if (status < 500) {
                figures.client++;
                if (!"application/problem+json".equals(response.header("Content-Type"))) {
                    figures.bare++;
                    figures.failures.add(operation.name() + " " + status + " without a problem on " + describe(c));
                }
            } else {
                figures.server++;
                figures.failures.add(operation.name() + " " + status + " on " + describe(c) + ": "
                        + FuzzCases.abbreviate(response.text()));
            }
            if ((status >= 300 || !write) && xidAfter - xidBefore > 1 && committedBetween(xidBefore, xidAfter) > 0) {
                figures.changed++;
                figures.failures.add(operation.name() + " " + status + " committed a change (" + moved(sumBefore)
                        + ") on " + describe(c));
            }
        }
        String moved = accepted ? "" : moved(sumBefore);
        if (accepted) {
            figures.checksum = "n/a (changes accepted)";
        } else if (!moved.isEmpty()) {
            figures.checksum = "changed";
            figures.failures.add(operation.name() + ": the tables' checksum moved without an accepted change (" + moved + ")");
        }
        return figures;
    }

    private static String describe(FuzzCases.Case c) {
        String body = c.body() == null ? "" : " body " + FuzzCases.abbreviate(new String(c.body(), 0,
                Math.min(c.body().length, 200), StandardCharsets.UTF_8)) + " (" + c.body().length + " bytes)";
        return c.method() + " " + FuzzCases.abbreviate(c.target()) + " [" + c.what() + "]" + body;
    }

    // --- the database: transaction ids and a checksum of every table

    /**
     * Waits until no other transaction took an id for {@code rounds} times 10 ms (at most 5 s): an accepted
     * change is followed by work after its answer (the NOTIFY that tells replicas to drop a cached key or
     * plan takes a transaction id), which must not be taken for a change by the next, refused, request.
     */
    private void settle(int rounds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int quiet = 0;
        while (quiet < rounds && System.nanoTime() < deadline) {
            long before = xid();
            Thread.sleep(10);
            quiet = xid() - before == 1 ? quiet + 1 : 0;
        }
    }

    private void autovacuum(boolean on) {
        for (Row row : pool.query("select tablename from pg_tables where schemaname = 'public'").execute().await()
                .indefinitely()) {
            pool.query("alter table " + row.getString(0) + (on ? " reset (autovacuum_enabled)"
                    : " set (autovacuum_enabled = false)")).execute().await().indefinitely();
        }
    }

    private long xid() {
        return pool.query("select txid_current()").execute().await().indefinitely().iterator().next().getLong(0);
    }

    private long committedBetween(long from, long to) {
        return pool.preparedQuery("select count(*) from generate_series($1::bigint + 1, $2::bigint - 1) x "
                + "where txid_status(x) = 'committed'").execute(Tuple.of(from, to)).await().indefinitely().iterator().next()
                .getLong(0);
    }

    /** The tables whose rows differ from {@code before}. */
    private String moved(Map<String, String> before) {
        Map<String, String> now = checksum();
        return String.join(", ", now.keySet().stream().filter(t -> !now.get(t).equals(before.get(t))).toList());
    }

    /** Per table: its row count and the sum of its rows' hashes. */
    private Map<String, String> checksum() {
        List<String> tables = new ArrayList<>();
        for (Row row : pool.query("select tablename from pg_tables where schemaname = 'public' "
                + "and tablename <> 'flyway_schema_history' order by tablename").execute().await().indefinitely()) {
            tables.add(row.getString(0));
        }
        StringBuilder sql = new StringBuilder();
        for (String table : tables) {
            if (!sql.isEmpty()) {
                sql.append(" union all ");
            }
            sql.append("select '").append(table).append("', count(*), coalesce(sum(hashtext(t::text)::bigint), 0) from ")
                    .append(table).append(" t");
        }
        Map<String, String> sums = new LinkedHashMap<>();
        for (Row row : pool.query(sql.toString()).execute().await().indefinitely()) {
            sums.put(row.getString(0), row.getLong(1) + ":" + row.getLong(2));
        }
        return sums;
    }

    // --- the operations, from the OpenAPI document

    static List<FuzzCases.Operation> operations() throws IOException {
        JsonNode document = FuzzCases.JSON.readTree(RestAssured.given().get(Management.url("openapi?format=json")).then()
                .statusCode(200).extract().asByteArray());
        List<FuzzCases.Operation> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> method = methods.next();
                JsonNode operation = method.getValue();
                List<String> pathParams = new ArrayList<>();
                List<String> queryParams = new ArrayList<>();
                List<String> headerParams = new ArrayList<>();
                for (JsonNode parameter : operation.path("parameters")) {
                    String in = parameter.path("in").asText();
                    (in.equals("path") ? pathParams : in.equals("query") ? queryParams : headerParams)
                            .add(parameter.path("name").asText());
                }
                Map<String, List<JsonNode>> examples = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> types = operation.path("requestBody").path("content").fields();
                while (types.hasNext()) {
                    Map.Entry<String, JsonNode> type = types.next();
                    List<JsonNode> values = new ArrayList<>();
                    type.getValue().path("examples").forEach(e -> values.add(e.path("value")));
                    if (values.isEmpty()) {
                        values.add(FuzzCases.NODES.objectNode());
                    }
                    examples.put(type.getKey(), values);
                }
                operations.add(new FuzzCases.Operation(method.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(),
                        pathParams, queryParams, headerParams, examples));
            }
        }
        return operations;
    }

    // --- what the operations name: a store with one of everything, and another store

    static FuzzCases.Ids fixture() {
        TestStore store = newStore();
        TestStore other = newStore();
        String spareKey = admin().post("/admin/stores/" + store.id() + "/api-keys").then().statusCode(201).extract()
                .path("id");
        String plan = plan(store, "USD", List.of("tv"), 10_000, 100_000, 4_999);
        String transactionId = "fuzz-" + unique();
        var order = store.request().body(order(transactionId, List.of(
                Map.of("lineItemTransactionId", "tv", "quantity", 2, "fulfilledQuantity", 1,
                        "product", product("tv", 50_000, "tv"), "plan", Map.of("id", plan, "purchasePrice", 4_999)),
                Map.of("lineItemTransactionId", "cable", "product", product("cable", 20_000, "tv")))))
                .post("/orders").then().statusCode(201).extract();
        String otherPlan = plan(other, "USD", List.of("tv"), 10_000, 100_000, 4_999);
        var otherOrder = other.request().body(order("fuzz-" + unique(), List.of(Map.of("lineItemTransactionId", "tv",
                "fulfilledQuantity", 1, "product", product("tv", 50_000, "tv"),
                "plan", Map.of("id", otherPlan, "purchasePrice", 4_999))))).post("/orders").then().statusCode(201).extract();
        String feed = store.request().body(List.of(Map.of("id", "fuzz-feed-" + unique(), "status", "placed",
                "line_items", List.of(Map.of("id", "1", "product_data", Map.of("id", "cable", "brand", "acme",
                        "price", Map.of("amount", 999, "currency", "USD")))))))
                .post("/feeds/order").then().statusCode(202).extract().path("request_id");
        String webhook = "fuzz-hook";
        store.request().body(Map.of("url", "http://127.0.0.1:9/hooks", "events", List.of("contract.created")))
                .put("/webhooks/" + webhook).then().statusCode(201);
        return new FuzzCases.Ids(store.id(), store.apiKey(), store.keyId(), spareKey, order.path("id"), transactionId,
                order.path("lineItems[0].id"), order.path("lineItems[0].contractIds[0]"), order.path("lineItems[1].leadToken"),
                plan, feed, webhook, other.id(), other.apiKey(), otherOrder.path("id"),
                otherOrder.path("lineItems[0].contractIds[0]"), ADMIN_TOKEN);
    }

    // --- a valid request's time, before and after

    record Latency(long median) {
    }

    static Latency latency(FuzzCases.Ids ids) throws IOException {
        long[] millis = new long[60];
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            Map<String, String> key = new HashMap<>(Map.of("X-Extend-Access-Token", ids.apiKey()));
            for (int i = 0; i < millis.length; i++) {
                long start = System.nanoTime();
                RawHttp.Response response = http.send("GET", "/orders/" + ids.orderId(), key, null);
                millis[i] = Duration.ofNanos(System.nanoTime() - start).toMillis();
                assertEquals(200, response.status(), response.text());
            }
        }
        Arrays.sort(millis);
        return new Latency(millis[millis.length / 2]);
    }

    /** Up to three failures of each operation, answers of 5xx first. */
    static List<String> firstFailures(Map<String, Figures> all) {
        List<String> failures = new ArrayList<>();
        for (boolean server : new boolean[] { true, false }) {
            for (Figures f : all.values()) {
                f.failures.stream().filter(line -> line.matches(".* 5\\d\\d on .*") == server).limit(3).forEach(failures::add);
            }
        }
        return failures.subList(0, Math.min(failures.size(), 120));
    }

    static String report(Map<String, Figures> all, long seconds, Latency before, Latency after) {
        StringBuilder md = new StringBuilder();
        int requests = all.values().stream().mapToInt(f -> f.requests).sum();
        md.append("# Fuzz run\n\n")
                .append("Seed ").append(SEED).append(", ").append(REQUESTS).append(" requests per operation, ")
                .append(all.size()).append(" operations, ").append(requests).append(" requests in ").append(seconds)
                .append(" s (`./mvnw -B -q test -Dtest=FuzzTest -Dfuzz.seed=").append(SEED).append(" -Dfuzz.requests=")
                .append(REQUESTS).append("`).\n\n")
                .append("| operation | requests | 2xx | 4xx | 5xx | 4xx not problem+json | connections closed |"
                        + " rows changed by a refused request or a GET | tables' checksum |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        all.forEach((name, f) -> md.append("| `").append(name).append("` | ").append(f.requests).append(" | ").append(f.ok)
                .append(" | ").append(f.client).append(" | ").append(f.server).append(" | ").append(f.bare).append(" | ")
                .append(f.closed).append(" | ").append(f.changed).append(" | ").append(f.checksum).append(" |\n"));
        md.append("| **all** | ").append(requests).append(" | ").append(all.values().stream().mapToInt(f -> f.ok).sum())
                .append(" | ").append(all.values().stream().mapToInt(f -> f.client).sum()).append(" | ")
                .append(all.values().stream().mapToInt(f -> f.server).sum()).append(" | ")
                .append(all.values().stream().mapToInt(f -> f.bare).sum()).append(" | ")
                .append(all.values().stream().mapToInt(f -> f.closed).sum()).append(" | ")
                .append(all.values().stream().mapToInt(f -> f.changed).sum()).append(" | |\n\n")
                .append("A valid request (`GET /orders/{id}`, median of 60): ").append(before.median).append(" ms before the run, ")
                .append(after.median).append(" ms after.\n");
        List<String> failures = firstFailures(all);
        if (!failures.isEmpty()) {
            md.append("\n## Failures (the first of each operation, 5xx first)\n\n");
            failures.forEach(f -> md.append("- ").append(f.replace("|", "\\|")).append('\n'));
        }
        return md.toString();
    }
}
