package bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * {@code bench/run --capture-sql}: the SQL the service issues for each benchmarked call, read from
 * PostgreSQL's log ({@code log_statement = 'all'} on a database of its own), written to
 * {@code bench/target/capture/<call>.sql} with the parameters in place and the store and key hash as
 * the scripts' {@code :store} and {@code :keyhash}, and compared, statement by statement with the
 * literals left out, with {@code bench/sql/<call>.sql}. Exits 1 when a script no longer matches.
 */
final class Capture {

    private static final String DATABASE = "orders_bench_capture";
    private static final int PORT = 18182;
    private static final Pattern ENTRY = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ \\S+ \\[(\\d+)\\] (?:\\S+@(\\S+) )?(LOG|DETAIL):  (.*)$");
    private static final Pattern STATEMENT = Pattern.compile("^(?:statement|execute [^:]+): (.*)$", Pattern.DOTALL);
    private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+) = ('(?:[^']++|'')*+'|NULL)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d+)(?!\\d)");
    private static final String MARK = "bench-capture:";

    private Capture() {
    }

    static int run(Path root) throws Exception {
        Path out = root.resolve("bench/target/capture");
        Sh.deleteTree(out);
        Sh.mkdirs(out);
        Path log = serverLog();
        Sh.psql("postgres", "drop database if exists " + DATABASE + " with (force)");
        Sh.psql("postgres", "create database " + DATABASE);
        Map<String, String> env = new HashMap<>(Service.MEASURED);
        // No background job's statements between the calls.
        env.put("QUARKUS_SCHEDULER_ENABLED", "false");
        Path jar = root.resolve("target/quarkus-app/quarkus-run.jar");
        Map<String, List<String>> captured;
        String storeId;
        String keyHash;
        try (Service service = Service.start(jar, out.resolve("service.log"), DATABASE, 4, PORT, "/q/health/ready", null, env)) {
            JsonNode store = Bench.JSON.readTree(service.admin("POST", "/admin/stores", "{\"name\": \"Bench\", \"waitPeriod\": \"PT0S\"}"));
            storeId = store.get("id").asText();
            String apiKey = store.get("apiKey").asText();
            service.admin("PUT", "/admin/plans/bench-tv-24", """
                    {"title": "TV 24 months", "termMonths": 24, "currency": "USD", "categories": ["tv"],
                     "priceBands": [{"minPrice": 10000, "maxPrice": 200000, "price": 5999}]}""");
            keyHash = Sh.psql(DATABASE, "select key_hash from api_key where store_id = '" + storeId + "'");
            try (Load load = new Load(PORT, 1, apiKey)) {
                expect(load, new Load.Call(HttpMethod.POST, "/orders", Bench.orderBody("fixture-template", false)), 201);
                String template = Sh.psql(DATABASE, "select id from orders where transaction_id = 'fixture-template'");
                Sh.psql(DATABASE, Fixtures.FUNCTIONS);
                Sh.psql(DATABASE, Fixtures.clone(template, Fixtures.ORDER, 10, ""));
                // Only sessions opened from now on log every statement: the service's pool reconnects.
                Sh.psql("postgres", "alter database " + DATABASE + " set log_statement = 'all'");
                Sh.psql("postgres", "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + DATABASE
                        + "' and pid <> pg_backend_pid()");
                // The credential cache's listener reconnects too (about a second); until it has, keys are
                // looked up on every call. Once it has, one call puts the key in memory, as in steady state.
                Thread.sleep(3000);
                expect(load, new Load.Call(HttpMethod.GET, "/plans", null), 200);
                long offset = Files.size(log);
                for (int attempt = 0; attempt < 2; attempt++) {
                    // the first attempt may meet connections the pool has not noticed are closed
                    mark("create");
                    load.call(new Load.Call(HttpMethod.POST, "/orders", Bench.orderBody("capture-" + attempt, false)));
                    mark("get");
                    load.call(new Load.Call(HttpMethod.GET, "/orders/" + Fixtures.id(Fixtures.ORDER, 1), null));
                    mark("fulfill");
                    load.call(new Load.Call(HttpMethod.POST, "/line-items/fulfill", Buffer.buffer(
                            "{\"lineItemId\": \"" + Fixtures.id(Fixtures.lineKind(Fixtures.ORDER, 0), 1 + attempt) + "\"}")));
                    mark("end");
                }
                Thread.sleep(500);
                captured = parse(log, offset);
            }
        } finally {
            Sh.psql("postgres", "drop database if exists " + DATABASE + " with (force)");
        }
        int drifted = 0;
        for (String call : List.of("create", "get", "fulfill")) {
            List<String> statements = captured.getOrDefault(call, List.of()).stream()
                    .map(s -> s.replace("'" + storeId + "'", ":store").replace("'" + keyHash + "'", ":keyhash")).toList();
            Sh.writeString(out.resolve(call + ".sql"), String.join(";\n", statements) + ";\n");
            List<String> want = statements.stream().map(Capture::shape).toList();
            List<String> have = scriptStatements(root.resolve("bench/sql/" + call + ".sql")).stream().map(Capture::shape).toList();
            if (want.equals(have)) {
                System.out.printf("%s: bench/sql/%s.sql matches the %d statements the service issues%n", call, call, want.size());
                continue;
            }
            drifted++;
            System.out.printf("%s: bench/sql/%s.sql differs from what the service issues (bench/target/capture/%s.sql):%n",
                    call, call, call);
            for (int i = 0; i < Math.max(want.size(), have.size()); i++) {
                String w = i < want.size() ? want.get(i) : "(none)";
                String h = i < have.size() ? have.get(i) : "(none)";
                if (!w.equals(h)) {
                    System.out.printf("  statement %d%n    service: %s%n    script:  %s%n", i + 1, w, h);
                }
            }
        }
        return drifted == 0 ? 0 : 1;
    }

    private static void expect(Load load, Load.Call call, int status) {
        int answered = load.call(call);
        if (answered != status) {
            throw new IllegalStateException(call.method() + " " + call.path() + " answered " + answered);
        }
    }

    private static void mark(String call) {
        Sh.psql(DATABASE, "select '" + MARK + call + "'");
    }

    /** The server's log file: {@code pg_current_logfile()}, or Debian's {@code /var/log/postgresql/postgresql-<major>-main.log}. */
    private static Path serverLog() {
        String current = Sh.psql("postgres", "select coalesce(current_setting('data_directory') || '/' || pg_current_logfile(), '')");
        if (!current.isEmpty()) {
            return Path.of(current);
        }
        String major = Sh.psql("postgres", "select current_setting('server_version_num')::int / 10000");
        return Path.of("/var/log/postgresql/postgresql-" + major + "-main.log");
    }

    /**
     * The statements of this database's sessions in the log after {@code offset}, with their
     * parameters in place, grouped by the mark before them; the last complete group of each call wins.
     */
    private static Map<String, List<String>> parse(Path log, long offset) {
        List<String[]> entries = new ArrayList<>(); // database, kind, text
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(offset);
            byte[] bytes = new byte[(int) (file.length() - offset)];
            file.readFully(bytes);
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                Matcher m = ENTRY.matcher(line);
                if (m.matches()) {
                    entries.add(new String[] { m.group(2), m.group(3), m.group(4) });
                } else if (!entries.isEmpty()) {
                    String[] last = entries.get(entries.size() - 1);
                    last[2] = last[2] + "\n" + line;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<String>> calls = new LinkedHashMap<>();
        String call = null;
        List<String> current = null;
        for (int i = 0; i < entries.size(); i++) {
            String[] e = entries.get(i);
            if (!DATABASE.equals(e[0]) || !e[1].equals("LOG")) {
                continue;
            }
            Matcher s = STATEMENT.matcher(e[2]);
            if (!s.matches()) {
                continue;
            }
            String sql = s.group(1).strip();
            if (sql.startsWith("select '" + MARK)) {
                if (call != null && !call.equals("end")) {
                    calls.put(call, current);
                }
                call = sql.substring(("select '" + MARK).length(), sql.length() - 1);
                current = new ArrayList<>();
                continue;
            }
            if (current == null) {
                continue;
            }
            if (i + 1 < entries.size() && entries.get(i + 1)[1].equals("DETAIL")
                    && entries.get(i + 1)[2].regionMatches(true, 0, "parameters: ", 0, 12)) {
                Map<String, String> values = new HashMap<>();
                Matcher p = PARAMETER.matcher(entries.get(i + 1)[2]);
                while (p.find()) {
                    values.put(p.group(1), p.group(2));
                }
                sql = PLACEHOLDER.matcher(sql).replaceAll(r -> Matcher.quoteReplacement(values.getOrDefault(r.group(1), r.group())));
            }
            current.add(sql);
        }
        return calls;
    }

    /** A script's statements, without its comments and pgbench meta-commands. */
    private static List<String> scriptStatements(Path script) throws IOException {
        StringBuilder sql = new StringBuilder();
        for (String line : Files.readAllLines(script)) {
            if (!line.startsWith("--") && !line.startsWith("\\")) {
                sql.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String s : sql.toString().split(";\\s*\n")) {
            if (!s.isBlank()) {
                statements.add(s.strip());
            }
        }
        return statements;
    }

    /**
     * A statement with its literals, pgbench variables, computed ids and times left out, so that the
     * service's and the script's compare: what each statement does, not with which values.
     */
    static String shape(String sql) {
        String s = sql.replaceAll("'(?:[^']++|'')*+'", "?")
                .replaceAll("fx\\(\\d+, :\\w+\\)", "?")
                .replaceAll("(?<!:):[a-z_]+", "?")
                .replaceAll("(?i)now\\(\\)", "?")
                .replaceAll("(?i)\\b(true|false)\\b", "?")
                .replaceAll("\\b\\d+(\\.\\d+)?\\b", "?")
                .replaceAll("\\s+", " ")
                .toLowerCase();
        String before;
        do {
            before = s;
            s = s.replaceAll("\\?::\\w+(\\[\\])?", "?")
                    .replaceAll("\\? \\|\\| \\?", "?")
                    .replaceAll("\\? [+-] interval \\?", "?")
                    .replaceAll("\\(\\?\\)", "?")
                    .replaceAll("array\\[\\?(, \\?)*\\]", "?");
        } while (!s.equals(before));
        return s.strip();
    }
}
