package bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * The benchmark: the packaged service against pgbench running the same SQL, alternating A/B in one
 * run on a database of its own, the release job draining due orders, and the outbox dispatcher
 * delivering pending messages to a local webhook receiver. Run from the repository
 * root (bench/run does): {@code java -cp ... bench.Bench [--short]}.
 */
public final class Bench {

    static final String DATABASE = "orders_bench";
    static final int PORT = 18181;
    static final ObjectMapper JSON = new ObjectMapper();

    /** How long and how often: the full run and the short one CI uses to prove the bench works. */
    record Settings(String mode, int pool, double jitWarmup, int rounds, double warmup, double seconds,
            int launches, int releaseOrders, int fixtures, int outboxMessages) {

        static Settings of(boolean full, int pool) {
            return full ? new Settings("full", pool, 40, 3, 5, 15, 5, 20_000, 200_000, 10_000)
                    : new Settings("short", pool, 4, 1, 2, 3, 2, 5_000, 40_000, 2_000);
        }
    }

    private final Settings settings;
    private final Path root = Path.of("").toAbsolutePath();
    private final Path work = root.resolve("bench/target/run");
    private final Path jar = root.resolve("target/quarkus-app/quarkus-run.jar");
    private final Path log = work.resolve("service.log");
    private final Pgbench pgbench;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final Map<String, Double> otherCores = new LinkedHashMap<>();
    /** The CPU the last {@link #measured} run took, by process. */
    private Proc.Cores lastCores;
    /** The service's ceilings' load generator; without wrk, the Vert.x client ({@link Load}). */
    private Wrk wrk;
    private final AtomicLong transactionSeq = new AtomicLong();
    private Service service;
    private String apiKey;
    private String keyHash;
    private String storeId;
    private String waitingKey;
    private String waitingStoreId;
    private long maxRssUnderLoadKb;
    private int pgbenchRun;

    private Bench(Settings settings) {
        this.settings = settings;
        this.pgbench = new Pgbench(root.resolve("bench/sql"), work, DATABASE);
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--capture-sql")) {
            System.exit(Capture.run(Path.of("").toAbsolutePath()));
        }
        boolean full = !List.of(args).contains("--short");
        int pool = Integer.parseInt(System.getProperty("bench.pool", "20"));
        Bench bench = new Bench(Settings.of(full, pool));
        int exit = bench.run();
        System.exit(exit);
    }

    private int run() throws Exception {
        Sh.deleteTree(work);
        Sh.mkdirs(work);
        long started = System.nanoTime();
        prepareDatabase();
        try {
            results.put("aotCache", Service.train(root, jar));
            startup();
            fixtures();
            wrk = Wrk.available() ? new Wrk(root.resolve("bench/wrk"), PORT, apiKey) : null;
            results.put("ceilingLoadGenerator", wrk == null ? "Vert.x client (wrk not installed)" : "wrk");
            try (Load load = new Load(PORT, settings.pool(), apiKey)) {
                warmUp(load);
                compare(load, "create", "create.sql", this::createCall, false);
                compare(load, "get", "get.sql", this::getCall, false);
                compare(load, "fulfill", "fulfill.sql", fulfillCalls(), true);
            }
            results.put("rssUnderLoadMb", maxRssUnderLoadKb / 1024);
            release();
            outbox();
        } finally {
            if (service != null) {
                service.close();
            }
            dropDatabase();
        }
        Map.Entry<String, Double> busiest = otherCores.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        results.put("otherProcessesCores", Map.of("max", round(busiest.getValue(), 2), "maxDuring", busiest.getKey(),
                "median", round(median(List.copyOf(otherCores.values())), 2)));
        boolean busy = busiest.getValue() > 0.25;
        results.put("rejected", busy);
        results.put("runSeconds", round((System.nanoTime() - started) / 1e9, 0));
        Report.write(root.resolve("bench/results"), LocalDate.now().toString() + (settings.mode().equals("full") ? "" : "-short"),
                settings, results);
        if (busy) {
            System.err.printf("Other processes kept %.2f cores busy during %s: this run is not a fair measurement%n",
                    busiest.getValue(), busiest.getKey());
            return settings.mode().equals("full") ? 3 : 0;
        }
        return 0;
    }

    private void prepareDatabase() {
        // A run that was killed leaves its database behind.
        dropDatabase();
        Sh.psql("postgres", "create database " + DATABASE);
    }

    private static void dropDatabase() {
        Sh.psql("postgres", "drop database if exists " + DATABASE + " with (force)");
    }

    /** The first launch migrates the schema; the timed launches start on a migrated database, as a redeploy does. */
    private void startup() throws Exception {
        try (Service first = Service.start(jar, log, DATABASE, settings.pool(), PORT, "/q/health/ready", null,
                Service.MEASURED)) {
            JsonNode store = JSON.readTree(first.admin("POST", "/admin/stores", "{\"name\": \"Bench\", \"waitPeriod\": \"PT0S\"}"));
            storeId = store.get("id").asText();
            apiKey = store.get("apiKey").asText();
            first.admin("PUT", "/admin/plans/bench-tv-24", """
                    {"title": "TV 24 months", "termMonths": 24, "currency": "USD", "categories": ["tv"],
                     "priceBands": [{"minPrice": 10000, "maxPrice": 200000, "price": 5999}]}""");
        }
        keyHash = Sh.psql(DATABASE, "select key_hash from api_key where store_id = '" + storeId + "'");
        List<Long> millis = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        for (int i = 0; i < settings.launches(); i++) {
            if (service != null) {
                service.close();
            }
            service = Service.start(jar, log, DATABASE, settings.pool(), PORT, "/plans", apiKey, Service.MEASURED);
            millis.add(service.startMillis);
            rss.add(service.rssKb() / 1024);
        }
        results.put("startup", Map.of("launches", settings.launches(), "firstRequestMillis", millis,
                "medianFirstRequestMillis", median(millis), "rssAfterFirstRequestMb", rss, "medianRssMb", median(rss)));
    }

    /** Orders to read and fulfill, cloned in SQL from one order the service created. */
    private void fixtures() {
        String template = createTemplate(apiKey, "fixture-template", false);
        Sh.psql(DATABASE, Fixtures.FUNCTIONS);
        Sh.psql(DATABASE, Fixtures.clone(template, Fixtures.ORDER, settings.fixtures(), ""));
        Sh.psql(DATABASE, "analyze");
    }

    private String createTemplate(String storeKey, String transactionId, boolean fulfilled) {
        try (Load load = new Load(PORT, 1, storeKey)) {
            int status = load.call(new Load.Call(HttpMethod.POST, "/orders", orderBody(transactionId, fulfilled)));
            if (status != 201) {
                throw new IllegalStateException("creating the template order answered " + status);
            }
        }
        return Sh.psql(DATABASE, "select id from orders where transaction_id = '" + transactionId + "'");
    }

    /**
     * One operation: ceilings A/B for {@code rounds}, then latency at 30% and 50% of the service's
     * ceiling, pgbench at the same rates.
     */
    private void compare(Load load, String name, String script, Supplier<Load.Call> calls, boolean resets) {
        List<Double> pg = new ArrayList<>();
        List<Double> minimal = new ArrayList<>();
        List<Double> svc = new ArrayList<>();
        List<Map<String, Double>> pgCpu = new ArrayList<>();
        List<Map<String, Double>> minimalCpu = new ArrayList<>();
        List<Map<String, Double>> svcCpu = new ArrayList<>();
        long errors = 0;
        for (int round = 0; round < settings.rounds(); round++) {
            String label = name + " ceiling " + (round + 1);
            pg.add(measured(label + " pgbench",
                    () -> pgbench.ceiling(script, settings.pool(), settings.seconds(), vars())).throughput());
            pgCpu.add(lastCores.microsPerCall(pg.get(round), false));
            reset(resets);
            minimal.add(measured(label + " pgbench minimal",
                    () -> pgbench.ceiling("minimal/" + script, settings.pool(), settings.seconds(), vars())).throughput());
            minimalCpu.add(lastCores.microsPerCall(minimal.get(round), false));
            reset(resets);
            Load.Result r = measured(label + " service", () -> watchingRss(() -> wrk == null
                    ? load.ceiling(calls, settings.pool(), settings.warmup(), settings.seconds())
                    : wrk.ceiling(name, name.equals("fulfill") ? settings.fixtures() / 2 : settings.fixtures(), settings.pool(),
                            settings.warmup(), settings.seconds())));
            svc.add(r.throughput());
            svcCpu.add(lastCores.microsPerCall(r.throughput(), true));
            errors += r.errors();
            reset(resets);
            System.out.printf("%s round %d: pgbench %.0f/s, minimal SQL %.0f/s, service %.0f/s (%d errors %s)%n", name,
                    round + 1, pg.get(round), minimal.get(round), r.throughput(), r.errors(), r.failures());
        }
        double ceiling = median(svc);
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("pgbenchPerSecond", round(median(pg), 0));
        op.put("servicePerSecond", round(ceiling, 0));
        op.put("ratio", round(ceiling / median(pg), 3));
        op.put("minimalPerSecond", round(median(minimal), 0));
        op.put("ratioToMinimal", round(ceiling / median(minimal), 3));
        op.put("minimalRounds", minimal.stream().map(v -> round(v, 0)).toList());
        op.put("pgbenchRounds", pg.stream().map(v -> round(v, 0)).toList());
        op.put("serviceRounds", svc.stream().map(v -> round(v, 0)).toList());
        op.put("serviceErrors", errors);
        op.put("cpuMicrosPerCall", Map.of("pgbench", medians(pgCpu), "minimal", medians(minimalCpu), "service", medians(svcCpu)));
        for (int percent : new int[] { 30, 50 }) {
            double rate = Math.max(1, ceiling * percent / 100);
            String label = name + " at " + percent + "%";
            Load.Result p = measured(label + " pgbench",
                    () -> pgbench.rate(script, settings.pool(), rate, settings.seconds(), vars()));
            reset(resets);
            Load.Result s = measured(label + " service",
                    () -> watchingRss(() -> load.rate(calls, rate, settings.warmup(), settings.seconds())));
            reset(resets);
            op.put("at" + percent + "Percent", Map.of("perSecond", round(rate, 0), "pgbench", latency(p), "service", latency(s)));
            System.out.printf("%s at %d%% (%.0f/s): p99 pgbench %.1f ms, service %.1f ms (%d errors %s)%n", name, percent,
                    rate, p.latency().getValueAtPercentile(99) / 1000.0, s.latency().getValueAtPercentile(99) / 1000.0,
                    s.errors(), s.failures());
        }
        results.put(name, op);
    }

    private static Map<String, Object> latency(Load.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", r.completed());
        m.put("errors", r.errors());
        if (!r.failures().isEmpty()) {
            m.put("failures", r.failures());
        }
        for (double p : new double[] { 50, 99, 99.9 }) {
            m.put("p" + (p == 99.9 ? "999" : String.valueOf((int) p)) + "Ms", round(r.latency().getValueAtPercentile(p) / 1000.0, 2));
        }
        return m;
    }

    /**
     * The JIT compiles the service's hot paths under load; the ceilings are steady-state figures
     * (startup is measured on its own).
     */
    private void warmUp(Load load) {
        for (Supplier<Load.Call> calls : List.<Supplier<Load.Call>> of(this::createCall, this::getCall, fulfillCalls())) {
            load.ceiling(calls, settings.pool(), 0, settings.jitWarmup());
        }
        reset(true);
    }

    private Map<String, Object> vars() {
        int half = settings.fixtures() / 2;
        return Map.of("keyhash", keyHash, "store", storeId, "run", ++pgbenchRun, "k", 0,
                "fixtures", settings.fixtures(), "base", half, "per", half / settings.pool());
    }

    private void reset(boolean fulfilled) {
        if (fulfilled) {
            Sh.psql(DATABASE, Fixtures.reset(settings.fixtures()));
            Sh.psql(DATABASE, "vacuum analyze");
        }
    }

    /** Runs a measurement and notes how much CPU other processes took meanwhile. */
    private <T> T measured(String label, Supplier<T> measurement) {
        // Every measurement starts on a clean slate: without this, one inherits the dirty pages and WAL of the
        // last, and a checkpoint (every minute or two under the writes) lands in some runs and not others.
        Sh.psql(DATABASE, "checkpoint");
        Proc.Sample before = Proc.sample(service.pid());
        T result = measurement.get();
        Proc.Sample after = Proc.sample(service.pid());
        otherCores.put(label, after.otherCoresSince(before));
        lastCores = after.coresSince(before);
        return result;
    }

    /** The median of each part over the rounds. */
    private static Map<String, Double> medians(List<Map<String, Double>> rounds) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String part : rounds.get(0).keySet()) {
            m.put(part, median(rounds.stream().map(r -> r.get(part)).toList()));
        }
        return m;
    }

    private <T> T watchingRss(Supplier<T> measurement) {
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxRssUnderLoadKb = Math.max(maxRssUnderLoadKb, service.rssKb());
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        try {
            return measurement.get();
        } finally {
            watcher.interrupt();
        }
    }

    private Load.Call createCall() {
        return new Load.Call(HttpMethod.POST, "/orders", orderBody("svc-" + transactionSeq.incrementAndGet(), false));
    }

    private Load.Call getCall() {
        long n = ThreadLocalRandom.current().nextLong(1, settings.fixtures() + 1);
        return new Load.Call(HttpMethod.GET, "/orders/" + Fixtures.id(Fixtures.ORDER, n), null);
    }

    /** The service fulfills the first half of the fixtures, pgbench the second; each run starts over after a reset. */
    private Supplier<Load.Call> fulfillCalls() {
        AtomicLong next = new AtomicLong();
        int half = settings.fixtures() / 2;
        return () -> {
            long n = next.getAndIncrement() % half + 1;
            return new Load.Call(HttpMethod.POST, "/line-items/fulfill",
                    Buffer.buffer("{\"lineItemId\": \"" + Fixtures.id(Fixtures.lineKind(Fixtures.ORDER, 0), n) + "\"}"));
        };
    }

    /** Three lines: a TV sold with a plan (a contract), a TV without one (a lead), and a cable. */
    static Buffer orderBody(String transactionId, boolean fulfilled) {
        String fulfilledQuantity = fulfilled ? ", \"fulfilledQuantity\": 1" : "";
        return Buffer.buffer("""
                {"transactionId": "%s", "currency": "USD", "total": 131997,
                 "customer": {"name": "Ada Lovelace", "email": "ada@example.com"},
                 "lineItems": [
                  {"lineItemTransactionId": "1", "product": {"id": "tv-55", "category": "tv", "purchasePrice": 59999},
                   "plan": {"id": "bench-tv-24", "purchasePrice": 5999}%s},
                  {"lineItemTransactionId": "2", "product": {"id": "tv-65", "category": "tv", "purchasePrice": 69999}},
                  {"lineItemTransactionId": "3", "product": {"id": "hdmi", "category": "cable", "purchasePrice": 1999}}]}"""
                .formatted(transactionId, fulfilledQuantity));
    }

    /**
     * The release job's rate: due orders, each with a fulfilled protected unit, cloned in SQL, then
     * drained by the running service's job. A first set (as many orders) is drained unmeasured: the job's
     * code is compiled during it, as each call's is during its JIT warm-up. Each batch stamps its orders
     * with one time, so the rate is read from the database: the orders of every batch after the first,
     * over the time from the first batch's stamp to the last's. The bench looks every 250 ms whether the
     * job is done (more often, its own psql processes would take the cores the job and the database share).
     */
    private void release() throws Exception {
        JsonNode store = JSON.readTree(service.admin("POST", "/admin/stores",
                "{\"name\": \"Bench waiting\", \"waitPeriod\": \"PT1H\"}"));
        waitingKey = store.get("apiKey").asText();
        waitingStoreId = store.get("id").asText();
        String template = createTemplate(waitingKey, "release-template", true);
        int count = settings.releaseOrders();
        Map<String, Object> warmup = drain(template, Fixtures.RELEASE_WARMUP, count);
        System.out.printf("release warm-up: %s%n", warmup);
        Proc.Sample before = Proc.sample(service.pid());
        Map<String, Object> r = drain(template, Fixtures.RELEASE, count);
        otherCores.put("release", Proc.sample(service.pid()).otherCoresSince(before));
        r.put("warmupOrdersPerSecond", warmup.get("ordersPerSecond"));
        results.put("release", r);
        System.out.printf("release: %s%n", r);
    }

    private Map<String, Object> drain(String template, int kind, int count) throws Exception {
        Sh.psql(DATABASE, Fixtures.clone(template, kind, count, ", 'open_at', now() - interval '1 minute'"));
        Sh.psql(DATABASE, "analyze");
        String released = "id between '" + Fixtures.id(kind, 1) + "' and '" + Fixtures.id(kind, count) + "'";
        String due = "select count(*) from orders where status = 'PENDING' and open_at <= now() and " + released;
        long deadline = System.nanoTime() + 300_000_000_000L;
        long left = count;
        while (left > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            left = Long.parseLong(Sh.psql(DATABASE, due));
        }
        String[] batches = Sh.psql(DATABASE, """
                select count(*) filter (where updated_at > first), extract(epoch from max(updated_at) - min(updated_at))
                from (select updated_at, min(updated_at) over () first from orders where status <> 'PENDING' and %s) o"""
                .formatted(released)).split("\\|");
        long afterFirst = Long.parseLong(batches[0]);
        double seconds = Double.parseDouble(batches[1]);
        long contracts = Long.parseLong(Sh.psql(DATABASE, "select count(*) from contract where order_" + released));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("orders", count);
        r.put("left", left);
        r.put("contracts", contracts);
        r.put("seconds", round(seconds, 2));
        r.put("ordersPerSecond", left == 0 && seconds > 0 ? round(afterFirst / seconds, 0) : 0);
        return r;
    }

    /**
     * The outbox dispatcher's rate. The service is relaunched with the dispatcher running every 100 ms
     * and loopback webhooks allowed; the waiting store subscribes a local receiver to
     * {@code contract.created}; then one statement writes {@code outboxMessages} such messages, clones
     * of one the release job wrote. Counted from the first delivery the receiver gets to the last;
     * every message must arrive exactly once (as many distinct {@code Webhook-Id}s as requests).
     */
    private void outbox() throws Exception {
        service.close();
        service = null;
        int count = settings.outboxMessages();
        // What the measured phases wrote was never dispatched (the dispatcher was idle): set it aside,
        // so that exactly the messages below are pending.
        Sh.psql(DATABASE, "update outbox_message set fanned_out_at = now() where fanned_out_at is null");
        String template = Sh.psql(DATABASE, "select id from outbox_message where store_id = '" + waitingStoreId
                + "' and type = 'contract.created' order by created_at limit 1");
        Map<String, String> env = new HashMap<>(Service.MEASURED);
        env.put("PROTECTION_OUTBOX_EVERY", "100ms");
        env.put("PROTECTION_WEBHOOK_ALLOW_INSECURE", "true");
        try (Receiver receiver = new Receiver()) {
            service = Service.start(jar, log, DATABASE, settings.pool(), PORT, "/plans", waitingKey, env);
            service.store(waitingKey, "PUT", "/webhooks/bench", "{\"url\": \"" + receiver.url()
                    + "\", \"events\": [\"contract.created\"]}");
            Proc.Sample before = Proc.sample(service.pid());
            Sh.psql(DATABASE, Fixtures.outbox(template, count));
            long since = System.nanoTime();
            long deadline = since + 300_000_000_000L;
            // Bounded: all arrived, or nothing for 30 s, or 5 minutes.
            while (receiver.requests() < count && receiver.quietNanos(since) < 30_000_000_000L && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            // A moment for duplicates to show, if any were coming.
            Thread.sleep(500);
            otherCores.put("outbox", Proc.sample(service.pid()).otherCoresSince(before));
            long requests = receiver.requests();
            double seconds = receiver.seconds();
            String prefix = Fixtures.id(Fixtures.OUTBOX, 0).substring(0, 24);
            long distinct = receiver.ids().stream().filter(id -> id.startsWith(prefix)).count();
            String messages = "message_id between '" + Fixtures.id(Fixtures.OUTBOX, 1) + "' and '"
                    + Fixtures.id(Fixtures.OUTBOX, count) + "'";
            String recorded = "select count(*) from outbox_delivery where status = 'delivered' and " + messages;
            long delivered = 0;
            for (int i = 0; i < 100 && delivered < count; i++) {
                delivered = Long.parseLong(Sh.psql(DATABASE, recorded));
                if (delivered < count) {
                    Thread.sleep(100);
                }
            }
            boolean exactlyOnce = requests == count && distinct == count && delivered == count;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("messages", count);
            r.put("messageBytes", Integer.parseInt(Sh.psql(DATABASE,
                    "select octet_length(data::text) from outbox_message where id = '" + template + "'")));
            r.put("requests", requests);
            r.put("distinctIds", distinct);
            r.put("recordedDelivered", delivered);
            r.put("exactlyOnce", exactlyOnce);
            r.put("seconds", round(seconds, 2));
            r.put("deliveriesPerSecond", seconds > 0 && requests == count ? round((requests - 1) / seconds, 0) : 0);
            results.put("outbox", r);
            System.out.printf("outbox: %d of %d messages delivered in %.2f s after the first (%s/s), %d distinct ids, "
                    + "%d recorded delivered%n", requests, count, seconds, r.get("deliveriesPerSecond"), distinct, delivered);
        }
    }

    static double median(List<? extends Number> values) {
        List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
        if (sorted.isEmpty()) {
            return 0;
        }
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
