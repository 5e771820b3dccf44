import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * The fault-injection suite, in the spirit of Jepsen: the packaged service runs against a PostgreSQL
 * cluster of the suite's own; a load generator sends creates (each with a unique Idempotency-Key),
 * fulfills and refunds and logs every request with its outcome; faults are injected under that load
 * (kill -9 of the service, an immediate stop of the database, a stalled network, overload, a replica
 * killed in the middle of the release job, the webhook receiver down and the service killed while it
 * delivers); afterwards every unanswered request is retried with its key, and the checker compares
 * the log with the database in SQL. Run by {@code faults/run}; see {@code faults/README.md}.
 */
public class Faults {

    static final String ADMIN_TOKEN = "faults-admin-token-0123456789abcdef";
    static final String PLAN = "faults-tv-24";
    static final String DATABASE = "orders";
    static final HttpClient ADMIN = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** How long and how often: the full run and the short one CI runs. */
    record Settings(String mode, double warmup, double ceiling, int kills, double killEvery, int crashes,
            double crashDown, double stall, double afterStall, double overload, int releaseOrders, double outboxLoad,
            double outboxDown, double outboxWait) {

        static Settings of(boolean full) {
            return full ? new Settings("full", 20, 10, 5, 8, 3, 5, 10, 15, 30, 20_000, 10, 120, 240)
                    : new Settings("short", 5, 5, 1, 3, 1, 5, 10, 8, 10, 2_000, 3, 15, 90);
        }

        boolean full() {
            return mode.equals("full");
        }
    }

    /**
     * One invariant: the scenario, what must hold, the figure that shows it, whether it held. A timing
     * target (how fast the JVM starts, how much the machine serves) depends on what else the machine
     * runs: a full run counts it; {@code --short} (CI, on a shared machine) reports it apart.
     */
    record Check(String scenario, String what, String figure, boolean held, boolean timing) {

        Check(String scenario, String what, String figure, boolean held) {
            this(scenario, what, figure, held, false);
        }

        boolean counted(Settings settings) {
            return settings.full() || !timing;
        }
    }

    final Settings settings;
    final Path root = Path.of("").toAbsolutePath();
    final Path work = root.resolve("faults/target/run");
    /** The packaged service: target/quarkus-app, or FAULTS_APP (a copy, so that a build can run meanwhile). */
    final Path jar = root.resolve(System.getenv().getOrDefault("FAULTS_APP", "target/quarkus-app")).resolve("quarkus-run.jar");
    final List<Check> checks = new ArrayList<>();
    final Map<String, String> figures = new LinkedHashMap<>();
    final List<Load> loads = new ArrayList<>();
    Cluster db;
    Service service;
    double ceiling;

    Faults(Settings settings) {
        this.settings = settings;
    }

    /** With {@code --only=NAME}: the one scenario run (after the ceiling), its report left in the work directory. */
    String only;

    public static void main(String[] args) throws Exception {
        Faults faults = new Faults(Settings.of(!List.of(args).contains("--short")));
        faults.only = Stream.of(args).filter(a -> a.startsWith("--only=")).map(a -> a.substring(7)).findFirst().orElse(null);
        System.exit(faults.run());
    }

    int run() throws Exception {
        Files.createDirectories(root.resolve("faults/results"));
        deleteTree(work);
        Files.createDirectories(work);
        long started = System.nanoTime();
        figures.put("machine load (1-minute average, all processes) at the start", loadAverage());
        db = new Cluster(Path.of(System.getProperty("faults.pgbin")), work);
        try {
            db.start();
            db.psql("postgres", "create database " + DATABASE);
            db.psql("postgres", "create database " + Service.TRAINING_DATABASE);
            figures.put("ahead-of-time cache", Service.train(root, jar, db.port));
            service = new Service("a", jar, work, freePort());
            service.launch(env(db.port));
            require(service.awaitReady(90_000), "the service did not become ready; see " + service.log);
            figures.put("first start (migrations included)", service.readyMillis + " ms");
            admin(service, "PUT", "/admin/plans/" + PLAN, """
                    {"title": "TV protection, 24 months", "termMonths": 24, "currency": "USD", "categories": ["tv"],
                     "priceBands": [{"minPrice": 10000, "maxPrice": 200000, "price": 5999}], "active": true}""");
            measureCeiling();
            scenario("service kill -9", this::killService);
            scenario("database crash", this::crashDatabase);
            scenario("network stall", this::stallNetwork);
            scenario("overload", this::overload);
            scenario("release replicas", this::releaseReplicas);
            scenario("outbox", this::outbox);
            scenario("boot without database", this::bootWithoutDatabase);
        } catch (Exception e) {
            e.printStackTrace();
            checks.add(new Check("suite", "the suite ran to the end", e.toString(), false));
        } finally {
            if (service != null) {
                service.stop();
            }
            for (Service extra : Service.ALL) {
                extra.kill();
            }
            writeRequestLog();
            db.close();
        }
        figures.put("machine load (1-minute average, all processes) at the end", loadAverage());
        double minutes = (System.nanoTime() - started) / 60e9;
        figures.put("run time", String.format("%.1f min", minutes));
        Path report = Report.write(only == null ? root.resolve("faults/results") : work, settings, checks, figures);
        List<Check> counted = checks.stream().filter(c -> c.counted(settings)).toList();
        long held = counted.stream().filter(Check::held).count();
        System.out.printf("%ninvariants held: %d of %d (%s)%n", held, counted.size(), root.relativize(report));
        return held == counted.size() ? 0 : 1;
    }

    interface Scenario {
        void run(String name) throws Exception;
    }

    /** Runs one scenario; one that fails half-way counts as a broken invariant and leaves a running service behind. */
    void scenario(String name, Scenario body) {
        if (only != null && !name.equals(only)) {
            return;
        }
        System.out.printf("%n== %s%n", name);
        long started = System.nanoTime();
        try {
            body.run(name);
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            checks.add(new Check(name, "the scenario ran to the end", e.toString(), false));
            try {
                recover();
            } catch (Exception again) {
                throw new IllegalStateException("could not recover after " + name, again);
            }
        }
        figures.put(name + ": duration", String.format("%.0f s", (System.nanoTime() - started) / 1e9));
    }

    /** After a scenario that failed half-way: the database up, and one instance of the service on it, ready. */
    void recover() throws Exception {
        if (!db.running()) {
            db.start();
        }
        if (service != null) {
            service.stop();
        }
        service = new Service("a", jar, work, freePort());
        service.launch(env(db.port));
        require(service.awaitReady(60_000), "the service did not come back");
    }

    /** The service's environment: the suite's database, loopback only, the per-key rate limit lifted (one key drives all). */
    Map<String, String> env(int dbPort) {
        Map<String, String> env = new HashMap<>();
        env.put("DB_URL", "postgresql://127.0.0.1:" + dbPort + "/" + DATABASE);
        env.put("DB_USER", "postgres");
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("PROTECTION_ADMIN_TOKEN", ADMIN_TOKEN);
        // The bound of the network stall's answers (production's default is 30 s).
        env.put("PROTECTION_REQUEST_TIMEOUT", "7s");
        env.put("PROTECTION_RATE_LIMIT_PER_SECOND", "100000000");
        env.put("PROTECTION_RATE_LIMIT_BURST", "100000000");
        env.put("PROTECTION_WEBHOOK_ALLOW_INSECURE", "true");
        env.put("PROTECTION_WEBHOOK_TIMEOUT", "2s");
        env.put("PROTECTION_RELEASE_EVERY", "1s");
        // Batches of 200: the release of a few thousand orders takes several transactions, so a kill lands mid-run.
        env.put("PROTECTION_RELEASE_BATCH_SIZE", "200");
        // Load orders are isTest (no customer email); the mailer is mocked all the same.
        env.put("QUARKUS_MAILER_MOCK", "true");
        return env;
    }

    // ------------------------------------------------------------------------------------------------
    // Ceiling

    /** The service's ceiling for the suite's mix (closed loop, 32 connections), after a JIT warm-up. */
    void measureCeiling() throws Exception {
        Store store = Store.create(service, "ceiling");
        Load load = load("ceiling", store);
        load.closedLoop(32, settings.warmup());
        ceiling = load.closedLoop(32, settings.ceiling());
        figures.put("ceiling (mix of creates, fulfills and refunds, 32 connections)", String.format("%.0f requests/s", ceiling));
        System.out.printf("ceiling: %.0f/s%n", ceiling);
        require(ceiling > 2, "the ceiling is implausibly low: " + ceiling);
    }

    Load load(String scenario, Store store) {
        Load load = new Load(scenario, store.apiKey(), service.port);
        loads.add(load);
        return load;
    }

    // ------------------------------------------------------------------------------------------------
    // service kill -9

    void killService(String name) throws Exception {
        Store store = Store.create(service, "kill");
        Load load = load(name, store);
        double rate = ceiling * 0.5;
        List<Long> restarts = new ArrayList<>();
        Thread driver = load.background(rate);
        for (int i = 0; i < settings.kills(); i++) {
            Thread.sleep((long) (settings.killEvery() * 1000));
            service.kill();
            service = new Service("a", jar, work, service.port);
            service.launch(env(db.port));
            long launched = service.launchedAt;
            require(service.awaitReady(60_000), "the service did not come back after kill " + (i + 1));
            long first = waitFor(() -> load.firstOkAfter(launched) > 0, 30_000) ? load.firstOkAfter(launched) : -1;
            restarts.add(first < 0 ? 60_000 : first - launched);
            System.out.printf("kill %d: launch to first 2xx %d ms%n", i + 1, restarts.get(i));
        }
        Thread.sleep(3000);
        load.stop();
        driver.join();
        load.retryUnresolved(60_000);
        Invariants.dataInvariants(this, name, load, store);
        long worst = Collections.max(restarts);
        timing(name, "restart to first 2xx ≤ 3 s", "launch to first 2xx " + restarts + " ms (median "
                + median(restarts) + ")", worst <= 3000);
        figures.put(name + ": offered rate", String.format("%.0f requests/s (50%% of the ceiling)", rate));
    }

    // ------------------------------------------------------------------------------------------------
    // database crash

    void crashDatabase(String name) throws Exception {
        Store store = Store.create(service, "dbcrash");
        Load load = load(name, store);
        double rate = ceiling * 0.5;
        List<Long> recoveries = new ArrayList<>();
        List<String> logs = new ArrayList<>();
        List<long[]> outages = new ArrayList<>();
        boolean logsQuiet = true;
        try (Poller readiness = new Poller(service, "/q/health/ready")) {
            Thread driver = load.background(rate);
            Thread.sleep(5000);
            for (int i = 0; i < settings.crashes(); i++) {
                long logFrom = Files.size(service.log);
                long down = System.currentTimeMillis();
                db.crash();
                Thread.sleep((long) (settings.crashDown() * 1000));
                long restart = System.currentTimeMillis();
                db.start();
                long up = System.currentTimeMillis();
                outages.add(new long[] { down, restart, up });
                long first = waitFor(() -> load.firstOkAfter(up) > 0, 30_000) ? load.firstOkAfter(up) : -1;
                recoveries.add(first < 0 ? 30_000 : first - up);
                Thread.sleep(2000);
                LogScan scan = LogScan.of(service.log, logFrom, Files.size(service.log));
                logs.add(scan.summary());
                logsQuiet &= scan.quiet();
                System.out.printf("crash %d: down %d ms, first 2xx %d ms after the database was back; log %s%n", i + 1,
                        up - down, recoveries.get(i), scan.summary());
                Thread.sleep(8000);
            }
            load.stop();
            driver.join();
            readiness.close();
            load.retryUnresolved(60_000);
            Invariants.dataInvariants(this, name, load, store);

            // During each outage (from its start to the database accepting connections again): every answer
            // is 503 unavailable with Retry-After, within the database timeout.
            List<Load.Rec> during = load.records(r -> r.phase().equals("load")
                    && outages.stream().anyMatch(o -> r.sentAt() >= o[0] && r.sentAt() < o[2]));
            List<Load.Rec> wrong = during.stream().filter(r -> !r.ok() && !r.unavailable()).toList();
            double slowest = during.stream().filter(r -> !r.ok()).mapToDouble(Load.Rec::latencyMs).max().orElse(0);
            check(name, "during the outage every failure is 503 unavailable with Retry-After",
                    during.size() + " requests during the outages, " + count(during, Load.Rec::unavailable)
                            + " answered 503 unavailable; " + describe(wrong),
                    wrong.isEmpty() && !during.isEmpty());
            check(name, "they fail fast: within the database timeout (2 s to connect, 5 s a statement)",
                    String.format("slowest failure %.0f ms", slowest), slowest <= 5000 + 1000);
            // Readiness: down for every probe sent between 1 s into an outage and its end.
            List<Poller.Probe> probes = readiness.probes.stream()
                    .filter(p -> outages.stream().anyMatch(o -> p.at() >= o[0] + 1000 && p.at() < o[1])).toList();
            long upDuring = probes.stream().filter(p -> p.status() == 200).count();
            check(name, "readiness down during the outage", probes.size() + " probes 1 s or more into an outage, "
                    + upDuring + " of them answered 200", upDuring == 0 && !probes.isEmpty());
            check(name, "recovery to 2xx ≤ 5 s after the database is back, without a restart",
                    "first 2xx " + recoveries + " ms after the database accepted connections; service pid unchanged: "
                            + service.alive(), Collections.max(recoveries) <= 5000 && service.alive());
            check(name, "quiet logs during the outage (no stack traces, one line per failure class)",
                    String.join("; ", logs), logsQuiet);
        }
        figures.put(name + ": offered rate", String.format("%.0f requests/s (50%% of the ceiling)", rate));
    }

    // ------------------------------------------------------------------------------------------------
    // network stall

    void stallNetwork(String name) throws Exception {
        Store store = Store.create(service, "stall");
        try (Proxy proxy = new Proxy(db.port)) {
            service.stop();
            service = new Service("a", jar, work, service.port);
            service.launch(env(proxy.port));
            require(service.awaitReady(60_000), "the service did not start behind the proxy");
            Load load = load(name, store);
            double rate = ceiling * 0.3;
            long logFrom;
            long[] stall = new long[2];
            try (Poller readiness = new Poller(service, "/q/health/ready")) {
                Thread driver = load.background(rate);
                Thread.sleep(5000);
                logFrom = Files.size(service.log);
                stall[0] = System.currentTimeMillis();
                proxy.pause();
                Thread.sleep((long) (settings.stall() * 1000));
                proxy.resume();
                stall[1] = System.currentTimeMillis();
                Thread.sleep((long) (settings.afterStall() * 1000));
                load.stop();
                driver.join();
                readiness.close();
                long stalledProbes = readiness.probes.stream()
                        .filter(p -> p.at() >= stall[0] + 3000 && p.at() < stall[1]).count();
                long downProbes = readiness.probes.stream()
                        .filter(p -> p.at() >= stall[0] + 3000 && p.at() < stall[1] && p.status() != 200).count();
                figures.put(name + ": readiness", downProbes + " of " + stalledProbes
                        + " probes 3 s or more into the stall answered not ready");
            }
            long pausedAt = stall[0];
            long resumedAt = stall[1];
            load.retryUnresolved(60_000);
            Invariants.dataInvariants(this, name, load, store);
            List<Load.Rec> answered = load.records(r -> r.phase().equals("load"));
            double slowest = answered.stream().mapToDouble(Load.Rec::latencyMs).max().orElse(0);
            long hung = count(answered, r -> r.status() == Load.TIMED_OUT);
            List<Load.Rec> during = load.records(r -> r.phase().equals("load") && r.sentAt() >= pausedAt
                    && r.sentAt() < resumedAt);
            List<Load.Rec> wrong = during.stream().filter(r -> !r.ok() && !r.unavailable()).toList();
            timing(name, "timeouts, not hangs: every request answered within 8 s (PROTECTION_REQUEST_TIMEOUT 7 s, and 1 s)",
                    String.format("slowest answer %.0f ms, %d requests unanswered after 10 s; during the stall %d of %d "
                            + "answered 503 unavailable; %s", slowest, hung, count(during, Load.Rec::unavailable),
                            during.size(), describe(wrong)),
                    slowest <= 7000 + 1000 && hung == 0 && wrong.isEmpty());
            long first = load.firstOkAfter(resumedAt);
            List<Load.Rec> after = load.records(r -> r.phase().equals("load") && r.sentAt() >= resumedAt + 5000);
            long okAfter = count(after, Load.Rec::ok);
            check(name, "the pool recovers: first 2xx ≤ 5 s after the stall, then every request 2xx",
                    "first 2xx " + (first < 0 ? "never" : (first - resumedAt) + " ms") + " after the stall; from 5 s after it "
                            + okAfter + " of " + after.size() + " requests 2xx",
                    first > 0 && first - resumedAt <= 5000 && okAfter == after.size() && !after.isEmpty());
            LogScan scan = LogScan.of(service.log, logFrom, Files.size(service.log));
            check(name, "quiet logs during the stall", scan.summary(), scan.quiet());
            figures.put(name + ": offered rate", String.format("%.0f requests/s (30%% of the ceiling)", rate));
            // Back to the database directly, for the scenarios that follow.
            service.stop();
            service = new Service("a", jar, work, service.port);
            service.launch(env(db.port));
            require(service.awaitReady(60_000), "the service did not start again");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // overload

    void overload(String name) throws Exception {
        // The scenario before restarted the service: warm it up as the ceiling's was, so that 3x is three times
        // what this JVM serves, and the refusals' latency is the shedding's, not the JIT's.
        load("overload warm-up", Store.create(service, "overload warm-up")).closedLoop(32, settings.warmup());
        Store store = Store.create(service, "overload");
        Load load = load(name, store);
        double rate = ceiling * 3;
        AtomicLong maxRss = new AtomicLong();
        AtomicLong maxWaiting = new AtomicLong();
        AtomicLong maxInUse = new AtomicLong();
        long rssBefore = service.rssKb();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxRss.accumulateAndGet(service.rssKb(), Math::max);
                Map<String, Double> m = service.metrics();
                maxWaiting.accumulateAndGet((long) (double) m.getOrDefault("sql_pool_queue_size", 0.0), Math::max);
                maxInUse.accumulateAndGet((long) (double) m.getOrDefault("sql_pool_active", 0.0), Math::max);
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        long from = System.currentTimeMillis();
        load.run(rate, settings.overload());
        long to = System.currentTimeMillis();
        sampler.interrupt();
        sampler.join();
        boolean alive = service.alive() && service.status("/q/health/ready") == 200;
        load.retryUnresolved(60_000);
        Invariants.dataInvariants(this, name, load, store);
        List<Load.Rec> answered = load.records(r -> r.phase().equals("load"));
        List<Load.Rec> shed = answered.stream().filter(r -> !r.ok()).toList();
        // An answer that never came (10 s) is the latency target's; this one is about the answers.
        List<Load.Rec> wrong = shed.stream().filter(r -> r.status() > 0 && !r.shed()).toList();
        long unanswered = count(shed, r -> r.status() <= 0);
        double p99 = percentile(answered.stream().mapToDouble(Load.Rec::latencyMs).toArray(), 99);
        double p99shed = percentile(shed.stream().mapToDouble(Load.Rec::latencyMs).toArray(), 99);
        double goodput = count(answered, Load.Rec::ok) / ((to - from) / 1000.0);
        check(name, "the process stays up (and ready)", "alive and ready after the overload: " + alive, alive);
        check(name, "excess gets 503/429 with Retry-After",
                String.format("%d of %d requests refused (%s); %s; generator could not send %d", shed.size(), answered.size(),
                        codes(shed), describe(wrong), load.notSent.get()),
                wrong.isEmpty() && !shed.isEmpty());
        timing(name, "within 1 s instead of queueing (p99 of every answer ≤ 1 s)",
                String.format("p99 of refusals %.0f ms, p99 of all %.0f ms; %d without an answer within 10 s", p99shed, p99,
                        unanswered), p99 <= 1000 && unanswered == 0);
        timing(name, "useful throughput ≥ 80% of the ceiling", String.format("%.0f 2xx/s = %.0f%% of the ceiling (%.0f/s)",
                goodput, 100 * goodput / ceiling, ceiling), goodput >= 0.8 * ceiling);
        check(name, "memory bounded (RSS ≤ 512 MiB, the container limit the service runs with)",
                String.format("RSS %d MiB before, %d MiB at most during the overload", rssBefore / 1024, maxRss.get() / 1024),
                maxRss.get() <= 512 * 1024);
        check(name, "the pool was exhausted (every connection in use, requests waiting for one)",
                "at most " + maxInUse.get() + " connections in use, " + maxWaiting.get() + " requests waiting",
                maxWaiting.get() > 0);
        figures.put(name + ": offered rate", String.format("%.0f requests/s (3 × the ceiling) for %.0f s", rate,
                settings.overload()));
    }

    // ------------------------------------------------------------------------------------------------
    // release replicas

    void releaseReplicas(String name) throws Exception {
        Store store = Store.create(service, "release", "PT1H");
        Load load = load(name, store);
        load.fulfilledAtCreation = true;
        int orders = settings.releaseOrders();
        Service second = new Service("b", jar, work, freePort());
        second.launch(env(db.port));
        // One order through the API, cloned in SQL: 20,000 creates would take the machine's ceiling of time.
        load.createOnly(1, 1);
        String template = db.psql(DATABASE, "select id from orders where store_id = '" + store.id() + "'");
        db.psql(DATABASE, Fixtures.clone(template, orders - 1));
        db.psql(DATABASE, "analyze");
        long created = Long.parseLong(db.psql(DATABASE, "select count(*) from orders where store_id = '" + store.id()
                + "' and status = 'PENDING'"));
        require(created == orders, "only " + created + " of " + orders + " pending orders were created");
        require(second.awaitReady(60_000), "the second instance did not start");
        String due = "select count(*) from orders where store_id = '" + store.id() + "' and status = 'PENDING'";
        long start = System.currentTimeMillis();
        db.psql(DATABASE, "update orders set open_at = now() where store_id = '" + store.id() + "'");
        long releasedAtKill = -1;
        long left = orders;
        long deadline = start + 180_000;
        while (left > 0 && System.currentTimeMillis() < deadline) {
            left = Long.parseLong(db.psql(DATABASE, due));
            if (releasedAtKill < 0 && orders - left >= orders / 4) {
                service.kill();
                releasedAtKill = orders - left;
                System.out.printf("killed instance a with %d of %d orders released%n", releasedAtKill, orders);
            }
            Thread.sleep(50);
        }
        double seconds = (System.currentTimeMillis() - start) / 1000.0;
        String scope = "where o.store_id = '" + store.id() + "'";
        figures.put(name + ": orders", orders + " (one created through the API, cloned in SQL), both units of each "
                + "fulfilled during the wait period");
        long pending = Long.parseLong(db.psql(DATABASE, due));
        long releasedOtherThanOnce = Long.parseLong(db.psql(DATABASE, """
                select count(*) from orders o %s and (select count(*) from order_event e
                  where e.order_id = o.id and e.type = 'released') <> 1""".formatted(scope)));
        long contracts = Long.parseLong(db.psql(DATABASE,
                "select count(*) from contract c join orders o on o.id = c.order_id " + scope));
        long linesWrong = Long.parseLong(db.psql(DATABASE, """
                select count(*) from line_item l join orders o on o.id = l.order_id %s and l.plan_id is not null
                and (select count(*) from contract c where c.line_item_id = l.id) <> l.fulfilled_quantity""".formatted(scope)));
        long messages = Long.parseLong(db.psql(DATABASE, """
                select count(*) from outbox_message m where m.store_id = '%s' and m.type = 'contract.created'""".formatted(store.id())));
        long distinctMessages = Long.parseLong(db.psql(DATABASE, """
                select count(distinct m.data->>'id') from outbox_message m where m.store_id = '%s'
                and m.type = 'contract.created'""".formatted(store.id())));
        boolean midRun = releasedAtKill > 0 && releasedAtKill < orders;
        check(name, "every order released exactly once (one instance killed mid-run)",
                String.format("%d orders, %d still pending, %d without exactly one release event; instance a killed "
                        + "with %d released; drained in %.1f s", orders, pending, releasedOtherThanOnce, releasedAtKill,
                        seconds),
                pending == 0 && releasedOtherThanOnce == 0 && midRun);
        Invariants.halfWritten(this, name, store);
        check(name, "every queued contract created exactly once", String.format("%d contracts for %d queued units, %d lines "
                + "whose contracts differ from their fulfilled units; %d contract.created messages for %d contracts",
                contracts, 2L * orders, linesWrong, messages, distinctMessages),
                contracts == 2L * orders && linesWrong == 0 && messages == contracts && distinctMessages == contracts);
        second.stop();
        service = new Service("a", jar, work, service.port);
        service.launch(env(db.port));
        require(service.awaitReady(60_000), "instance a did not come back");
    }

    // ------------------------------------------------------------------------------------------------
    // outbox

    void outbox(String name) throws Exception {
        Store store = Store.create(service, "outbox");
        Receiver receiver = new Receiver(freePort());
        String secret = "whsec_" + Base64.getEncoder().encodeToString(randomBytes(32));
        asStore(service, store.apiKey(), "PUT", "/webhooks/faults", """
                {"url": "%s", "events": ["order.created", "contract.created"], "secret": "%s"}"""
                .formatted(receiver.url(), secret));
        receiver.secret = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Load load = load(name, store);
        long downSince = System.currentTimeMillis();
        load.run(50, settings.outboxLoad());
        load.retryUnresolved(60_000);
        String subscribed = "m.store_id = '" + store.id() + "' and m.type in ('order.created', 'contract.created')";
        long expected = Long.parseLong(db.psql(DATABASE, "select count(*) from outbox_message m where " + subscribed));
        sleepUntil(downSince + (long) (settings.outboxDown() * 1000));
        long failedWhileDown = Long.parseLong(db.psql(DATABASE, "select count(*) from outbox_delivery d where d.store_id = '"
                + store.id() + "' and d.channel = 'webhook' and d.attempts > 0 and d.status <> 'delivered'"));
        receiver.up();
        long upAt = System.currentTimeMillis();
        // Killed while it delivers: once the receiver has something, but not everything.
        waitFor(() -> receiver.distinctIds() > 0, 240_000);
        long beforeKill = receiver.distinctIds();
        service.kill();
        service = new Service("a", jar, work, service.port);
        service.launch(env(db.port));
        require(service.awaitReady(60_000), "the service did not come back");
        String undelivered = "select count(*) from outbox_delivery d where d.store_id = '" + store.id()
                + "' and d.channel = 'webhook' and d.status <> 'delivered'";
        long deadline = upAt + (long) (settings.outboxWait() * 1000);
        boolean all = waitFor(() -> receiver.distinctIds() >= expected
                && Long.parseLong(db.psql(DATABASE, undelivered)) == 0, deadline - System.currentTimeMillis());
        Thread.sleep(1000);
        receiver.down();
        Set<String> ids = new HashSet<>(List.of(db.psql(DATABASE, "select m.id from outbox_message m where " + subscribed)
                .split("\n")));
        Set<String> got = receiver.ids();
        long missing = ids.stream().filter(id -> !got.contains(id)).count();
        long notRecorded = Long.parseLong(db.psql(DATABASE, undelivered));
        Invariants.dataInvariants(this, name, load, store);
        long seconds = (System.currentTimeMillis() - upAt) / 1000;
        check(name, "every message delivered after the receiver is back and the service restarted",
                String.format("%d messages; %d deliveries had failed while the receiver was down (%.0f s); the service was "
                        + "killed with %d delivered; %d never arrived, %d not recorded delivered (%d s after the receiver "
                        + "came back)", expected, failedWhileDown, settings.outboxDown(), beforeKill, missing, notRecorded,
                        seconds),
                all && missing == 0 && notRecorded == 0 && failedWhileDown > 0 && beforeKill < expected);
        Map<String, Set<String>> idsPerResource = receiver.idsPerResource();
        long twiceWithNewId = idsPerResource.values().stream().filter(s -> s.size() > 1).count();
        check(name, "none twice with a new id (each change under one Webhook-Id)",
                String.format("%d requests, %d distinct ids, %d changes delivered under more than one id, %d bad signatures",
                        receiver.requests(), got.size(), twiceWithNewId, receiver.badSignatures()),
                twiceWithNewId == 0 && receiver.badSignatures() == 0 && idsPerResource.size() == expected);
    }

    // ------------------------------------------------------------------------------------------------
    // boot without database

    void bootWithoutDatabase(String name) throws Exception {
        service.stop();
        db.stop();
        // Started while the database is down: it waits (PROTECTION_DB_STARTUP_RETRIES) and becomes ready when it comes.
        service = new Service("a", jar, work, service.port);
        long launched = System.currentTimeMillis();
        service.launch(env(db.port));
        Thread.sleep(3000);
        db.start();
        long up = System.currentTimeMillis();
        boolean ready = service.awaitReady(60_000);
        check(name, "a service started while the database is down becomes ready once it is up",
                ready ? "ready " + (System.currentTimeMillis() - up) + " ms after the database (down for the first "
                        + (up - launched) + " ms)" : "not ready; see " + service.log, ready);
        // Started while it is down and stays down: it exits with one line that says so.
        db.stop();
        Service doomed = new Service("doomed", jar, work, freePort());
        Map<String, String> env = env(db.port);
        env.put("PROTECTION_DB_STARTUP_RETRIES", "2");
        doomed.launch(env);
        boolean exited = doomed.process.waitFor(60, TimeUnit.SECONDS);
        String output = Files.readString(doomed.log);
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        boolean clear = exited && doomed.process.exitValue() != 0 && !output.contains("\"exception\"")
                && !output.contains("\tat ") && last.contains("database");
        check(name, "a service whose database stays down exits with one clear line",
                (exited ? "exit code " + doomed.process.exitValue() : "still running after 60 s") + ", " + lines.size()
                        + " lines of output, the last: " + messageOf(last), clear);
        doomed.kill();
        db.start();
        require(service.awaitReady(30_000), "the service is not ready again");
    }

    // ------------------------------------------------------------------------------------------------
    // Helpers

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    void check(String scenario, String what, String figure, boolean held) {
        checks.add(new Check(scenario, what, figure, held));
        System.out.printf("  [%s] %s: %s%n", held ? "held" : "BROKEN", what, figure);
    }

    /** A timing target: counted in a full run, reported apart by {@code --short}. */
    void timing(String scenario, String what, String figure, boolean held) {
        checks.add(new Check(scenario, what, figure, held, true));
        System.out.printf("  [%s%s] %s: %s%n", held ? "held" : "BROKEN", settings.full() ? "" : ", timing", what, figure);
    }

    void writeRequestLog() {
        try {
            Files.write(work.resolve("requests.csv"), Stream.concat(Stream.of(Load.Rec.HEADER),
                    loads.stream().flatMap(l -> l.records.stream()).map(Load.Rec::csv)).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String messageOf(String jsonLine) {
        Matcher m = Pattern.compile("\"message\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(jsonLine);
        return m.find() ? m.group(1) : jsonLine.length() > 300 ? jsonLine.substring(0, 300) + "…" : jsonLine;
    }

    static long count(List<Load.Rec> records, Predicate<Load.Rec> which) {
        return records.stream().filter(which).count();
    }

    static String codes(List<Load.Rec> records) {
        return records.stream().collect(Collectors.groupingBy(r -> r.status() + (r.code().isEmpty() ? "" : " " + r.code()),
                Collectors.counting())).entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getValue() + " × " + e.getKey()).collect(Collectors.joining(", "));
    }

    /** The answers that broke a rule, by kind. */
    static String describe(List<Load.Rec> wrong) {
        if (wrong.isEmpty()) {
            return "no other answer";
        }
        return "other answers: " + wrong.stream().collect(Collectors.groupingBy(Load.Rec::kind, Collectors.counting()))
                .entrySet().stream().map(e -> e.getValue() + " × " + e.getKey()).collect(Collectors.joining(", "));
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    static boolean waitFor(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    static void sleepUntil(long epochMillis) throws InterruptedException {
        long left = epochMillis - System.currentTimeMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** An admin call; fails unless it answers 2xx. */
    static String admin(Service service, String method, String path, String json) {
        return call(service, method, path, json, "Authorization", "Bearer " + ADMIN_TOKEN);
    }

    /** A call with a store's key; fails unless it answers 2xx. */
    static String asStore(Service service, String apiKey, String method, String path, String json) {
        return call(service, method, path, json, "X-Extend-Access-Token", apiKey);
    }

    private static String call(Service service, String method, String path, String json, String header, String value) {
        try {
            HttpResponse<String> response = ADMIN.send(HttpRequest.newBuilder(URI.create(service.url(path)))
                    .header(header, value).header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            require(response.statusCode() < 300, method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        require(m.find(), "no " + name + " in " + json);
        return m.group(1);
    }
}

/** Orders cloned in SQL from one the service created, with their lines, fulfillments and {@code order.created} message. */
final class Fixtures {

    private Fixtures() {
    }

    /** {@code count} clones of the template order; ids are md5-derived from a salt, the clone's number and the row. */
    static String clone(String template, int count) {
        String salt = Long.toString(System.nanoTime(), 36);
        return """
                begin;
                insert into orders select (jsonb_populate_record(null::orders, to_jsonb(o) || jsonb_build_object(
                    'id', md5('o' || g || '%2$s')::uuid, 'transaction_id', 'clone-%2$s-' || g))).*
                from orders o, generate_series(1, %3$d) g where o.id = '%1$s';
                insert into line_item select (jsonb_populate_record(null::line_item, to_jsonb(l) || jsonb_build_object(
                    'id', md5('l' || l.id || g || '%2$s')::uuid, 'order_id', md5('o' || g || '%2$s')::uuid, 'lead_token', null))).*
                from line_item l, generate_series(1, %3$d) g where l.order_id = '%1$s';
                insert into fulfillment select (jsonb_populate_record(null::fulfillment, to_jsonb(f) || jsonb_build_object(
                    'id', md5('f' || f.id || g || '%2$s')::uuid, 'line_item_id', md5('l' || l.id || g || '%2$s')::uuid))).*
                from fulfillment f join line_item l on l.id = f.line_item_id, generate_series(1, %3$d) g
                where l.order_id = '%1$s';
                insert into outbox_message (id, store_id, type, data, created_at, fanned_out_at)
                select md5('m' || g || '%2$s')::uuid, m.store_id, m.type,
                       (m.data::jsonb || jsonb_build_object('id', md5('o' || g || '%2$s')::uuid))::json, now(), now()
                from outbox_message m, generate_series(1, %3$d) g where m.type = 'order.created' and m.data->>'id' = '%1$s';
                commit;""".formatted(template, salt, count);
    }
}

/** A store of the suite's, with its API key; one per scenario, so that the checker can scope every query by it. */
record Store(String id, String apiKey) {

    static Store create(Service service, String name) {
        return create(service, name, "PT0S");
    }

    static Store create(Service service, String name, String waitPeriod) {
        String body = Faults.admin(service, "POST", "/admin/stores", """
                {"name": "faults %s", "waitPeriod": "%s", "refundWindow": "P30D"}""".formatted(name, waitPeriod));
        return new Store(Faults.field(body, "id"), Faults.field(body, "apiKey"));
    }
}

/**
 * The invariants every scenario's data must keep, checked in SQL against the database after the
 * request log is loaded into it (table {@code faults.request}).
 */
final class Invariants {

    private Invariants() {
    }

    static void dataInvariants(Faults faults, String scenario, Load load, Store store) throws IOException {
        Cluster db = faults.db;
        Path csv = faults.work.resolve("requests-" + load.slug() + ".csv");
        Files.write(csv, Stream.concat(Stream.of(Load.Rec.HEADER), load.records.stream().map(Load.Rec::csv)).toList());
        db.psql(Faults.DATABASE, """
                create schema if not exists faults;
                create table if not exists faults.request (scenario text, op text, key text, attempt int, phase text,
                    txn text, sent_at bigint, latency_ms double precision, status int, code text, retry_after text,
                    order_id text);
                delete from faults.request where scenario = '%s';""".formatted(load.scenario));
        db.psql(Faults.DATABASE, "\\copy faults.request from '" + csv + "' csv header");
        String s = load.scenario;
        String st = store.id();
        // The final outcome of each key: its last attempt.
        String last = """
                (select distinct on (key) * from faults.request where scenario = '%s' order by key, attempt desc)""".formatted(s);
        long unresolved = db.count("""
                select count(*) from %s f where not (f.status between 200 and 499 and f.status <> 429
                  and not (f.status = 409 and coalesce(f.code, '') = 'idempotency_in_progress'))""".formatted(last));
        long acked = db.count("select count(distinct txn) from faults.request where scenario = '%s' and op = 'create' and status = 201".formatted(s));
        long lost = db.count("""
                select count(*) from (select distinct txn, order_id from faults.request
                  where scenario = '%s' and op = 'create' and status = 201) a
                where not exists (select 1 from orders o where o.store_id = '%s' and o.transaction_id = a.txn
                  and o.id::text = a.order_id)""".formatted(s, st));
        faults.check(scenario, "every 201 is in the database", acked + " orders acknowledged with 201, " + lost
                + " of them missing (or under another id)", lost == 0 && acked > 0);

        halfWritten(faults, scenario, store);
        String orders = "orders o where o.store_id = '" + st + "'";
        retries(faults, scenario, load, last, unresolved, orders, st);
    }

    /** Nothing half-written: every order whole, every fulfilled unit with its contract, every change with its message. */
    static void halfWritten(Faults faults, String scenario, Store store) {
        Cluster db = faults.db;
        // Statistics of the rows the scenario wrote: without them the planner takes the anti-joins below for
        // a few rows and loops over 40,000 contracts for each message.
        db.psql(Faults.DATABASE, "analyze");
        String st = store.id();
        String orders = "orders o where o.store_id = '" + st + "'";
        String lines = "line_item l join orders o on o.id = l.order_id where o.store_id = '" + st + "'";
        long withoutLines = db.count("select count(*) from " + orders
                + " and (select count(*) from line_item l where l.order_id = o.id) <> 2");
        long unitsWithoutContract = db.count("""
                select count(*) from %s and l.plan_id is not null and o.status <> 'PENDING'
                  and (select count(*) from contract c where c.line_item_id = l.id) <> l.fulfilled_quantity""".formatted(lines));
        long unitsWithoutFulfillment = db.count("""
                select count(*) from %s
                  and coalesce((select sum(quantity) from fulfillment f where f.line_item_id = l.id), 0) <> l.fulfilled_quantity"""
                .formatted(lines));
        long refundsWrong = db.count("""
                select count(*) from %s
                  and (coalesce((select sum(quantity) from refund r where r.line_item_id = l.id), 0) <> l.refunded_quantity
                   or (select count(*) from contract c where c.line_item_id = l.id and lower(c.status) = 'refunded')
                      <> l.refunded_quantity)""".formatted(lines));
        long contractsWithoutMessage = db.count("""
                select count(*) from contract c where c.store_id = '%s' and not exists (select 1 from outbox_message m
                  where m.store_id = c.store_id and m.type = 'contract.created' and m.data->>'id' = c.id::text)""".formatted(st));
        long ordersWithoutMessage = db.count("""
                select count(*) from %s and not exists (select 1 from outbox_message m
                  where m.store_id = o.store_id and m.type = 'order.created' and m.data->>'id' = o.id::text)""".formatted(orders));
        long half = withoutLines + unitsWithoutContract + unitsWithoutFulfillment + refundsWrong + contractsWithoutMessage
                + ordersWithoutMessage;
        faults.check(scenario, "nothing half-written", String.format("%d orders without both lines, %d lines whose contracts "
                + "differ from their fulfilled units, %d whose fulfillments do, %d whose refunds do, %d contracts and %d "
                + "orders without their outbox message", withoutLines, unitsWithoutContract, unitsWithoutFulfillment,
                refundsWrong, contractsWithoutMessage, ordersWithoutMessage), half == 0);
    }

    /** Retrying each unanswered request with its key creates no duplicate. */
    private static void retries(Faults faults, String scenario, Load load, String last, long unresolved, String orders,
            String store) {
        Cluster db = faults.db;
        String s = load.scenario;
        long retried = db.count("select count(distinct key) from faults.request where scenario = '%s' and attempt > 1".formatted(s));
        long ordersInDb = db.count("select count(*) from " + orders);
        // Each order's acknowledged fulfills and refunds, counted once and joined (a subquery per line over
        // every request was quadratic: minutes at the overload's 17,000 orders).
        String acknowledged = """
                with acked as materialized (select txn, count(*) filter (where op = 'fulfill' and status = 200) fulfills,
                    count(*) filter (where op = 'refund' and status = 201) refunds from %s f group by txn)
                select count(*) from line_item l join orders o on o.id = l.order_id
                  left join acked a on a.txn = o.transaction_id
                where o.store_id = '%s' and l.line_item_transaction_id = '1' and\s""".formatted(last, store);
        long fulfillsWrong = db.count(acknowledged + "l.fulfilled_quantity - (case when %s then l.quantity else 0 end) "
                .formatted(load.fulfilledAtCreation) + "<> coalesce(a.fulfills, 0)");
        long refundsCounted = db.count(acknowledged + "l.refunded_quantity <> coalesce(a.refunds, 0)");
        long replayedWrong = db.count("""
                select count(*) from faults.request where scenario = '%s' and attempt > 1
                  and code in ('duplicate_transaction', 'quantity_exceeded', 'idempotency_key_reused')""".formatted(s));
        long createsAcked = db.count("select count(*) from %s f where f.op = 'create' and f.status = 201".formatted(last));
        faults.check(scenario, "retrying each unanswered request with its key creates no duplicate", String.format(
                "%d keys retried, %d still unanswered; %d orders in the database for %d creates acknowledged; %d lines whose "
                        + "fulfilled units and %d whose refunded units differ from the acknowledged requests; %d retries "
                        + "refused as duplicates", retried, unresolved, ordersInDb, createsAcked, fulfillsWrong, refundsCounted,
                replayedWrong),
                unresolved == 0 && ordersInDb == createsAcked && fulfillsWrong == 0 && refundsCounted == 0 && replayedWrong == 0);
    }
}

/**
 * The load generator: opens requests on a fixed schedule whether or not earlier ones have answered
 * (open loop), or keeps a number of them going (closed loop, for the ceiling). Each order goes
 * create, fulfill one unit, fulfill the other, refund one; every request has an Idempotency-Key of
 * its own, kept by its retries. Every attempt is recorded with its outcome.
 */
final class Load {

    static final int NOT_ANSWERED = 0;
    static final int TIMED_OUT = -1;
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_IN_FLIGHT = 3000;
    static final Pattern ORDER_ID = Pattern.compile("^\\{\"id\":\"([0-9a-f-]{36})\"");
    static final Pattern CODE = Pattern.compile("\"code\":\"([a-z_]+)\"");
    static final ExecutorService CALLBACKS = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "load-callback");
        t.setDaemon(true);
        return t;
    });
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).executor(CALLBACKS).build();

    /** One attempt of one request. {@code status}: HTTP status, 0 when no answer came, -1 when it came too late. */
    record Rec(String scenario, String op, String key, int attempt, String phase, String txn, long sentAt, double latencyMs,
            int status, String code, String retryAfter, String orderId) {

        static final String HEADER = "scenario,op,key,attempt,phase,txn,sent_at,latency_ms,status,code,retry_after,order_id";

        String csv() {
            return String.join(",", scenario, op, key, String.valueOf(attempt), phase, txn, String.valueOf(sentAt),
                    String.format("%.3f", latencyMs), String.valueOf(status), code, retryAfter, orderId);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        boolean definite() {
            return status >= 200 && status < 500 && status != 429 && !(status == 409 && code.equals("idempotency_in_progress"));
        }

        boolean unavailable() {
            return status == 503 && code.equals("unavailable") && !retryAfter.isEmpty();
        }

        /** Refused for load: 503 unavailable or 429, with Retry-After. */
        boolean shed() {
            return (status == 503 || status == 429) && !retryAfter.isEmpty() && !code.isEmpty();
        }

        long answeredAt() {
            return sentAt + (long) latencyMs;
        }

        String kind() {
            return switch (status) {
                case NOT_ANSWERED -> "no answer (connection failed)";
                case TIMED_OUT -> "no answer within 10 s";
                default -> status + (code.isEmpty() ? "" : " " + code) + (retryAfter.isEmpty() ? " without Retry-After" : "");
            };
        }
    }

    /** An order's way through the load: 0 created, 1 and 2 units fulfilled, 3 one refunded. */
    static final class Flow {
        final String txn;
        int step;

        Flow(String txn) {
            this.txn = txn;
        }
    }

    /** A request, with everything its retries need. */
    static final class Req {
        final String op;
        final String key;
        final String path;
        final String body;
        final Flow flow;
        final AtomicInteger attempts = new AtomicInteger();

        Req(String op, String path, String body, Flow flow) {
            this.op = op;
            this.key = op + "-" + java.util.UUID.randomUUID();
            this.path = path;
            this.body = body;
            this.flow = flow;
        }
    }

    final String scenario;
    final String apiKey;
    volatile String base;
    final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    final Queue<Rec> records = new ConcurrentLinkedQueue<>();
    final Queue<Flow> ready = new ConcurrentLinkedQueue<>();
    final Map<String, Req> unresolved = new ConcurrentHashMap<>();
    final AtomicLong sequence = new AtomicLong();
    final AtomicLong notSent = new AtomicLong();
    final String prefix = Long.toString(System.currentTimeMillis(), 36);
    volatile boolean stopping;
    boolean fulfilledAtCreation;

    Load(String scenario, String apiKey, int port) {
        this.scenario = scenario;
        this.apiKey = apiKey;
        this.base = "http://127.0.0.1:" + port;
    }

    String slug() {
        return scenario.replaceAll("[^a-z0-9]+", "-");
    }

    List<Rec> records(Predicate<Rec> which) {
        return records.stream().filter(which).toList();
    }

    /** When the first 2xx answer after {@code epochMillis} arrived, or -1. */
    long firstOkAfter(long epochMillis) {
        return records.stream().filter(r -> r.ok() && r.answeredAt() >= epochMillis).mapToLong(Rec::answeredAt).min().orElse(-1);
    }

    /** The next request: an order's next step, or a new order. */
    Req next() {
        Flow flow = ThreadLocalRandom.current().nextDouble() < 0.6 ? ready.poll() : null;
        if (flow == null || fulfilledAtCreation) {
            String txn = slug() + "-" + prefix + "-" + sequence.incrementAndGet();
            return new Req("create", "/orders", createBody(txn, fulfilledAtCreation), new Flow(txn));
        }
        String line = "{\"transactionId\": \"%s\", \"lineItemTransactionId\": \"1\", \"quantity\": 1}".formatted(flow.txn);
        return flow.step < 2 ? new Req("fulfill", "/line-items/fulfill", line, flow) : new Req("refund", "/refunds", line, flow);
    }

    /** Two lines: a TV sold with a plan for two units (a contract each, on fulfillment) and a cable. */
    static String createBody(String txn, boolean fulfilled) {
        return """
                {"transactionId": "%s", "currency": "USD", "total": 121997, "isTest": true,
                 "customer": {"name": "Ada Lovelace", "email": "ada@example.com"},
                 "lineItems": [
                  {"lineItemTransactionId": "1", "quantity": 2, "product": {"id": "tv-55", "category": "tv", "purchasePrice": 59999},
                   "plan": {"id": "%s", "purchasePrice": 5999}%s},
                  {"lineItemTransactionId": "2", "product": {"id": "hdmi", "category": "cable", "purchasePrice": 1999}}]}"""
                .formatted(txn, Faults.PLAN, fulfilled ? ", \"fulfilledQuantity\": 2" : "");
    }

    CompletableFuture<Rec> send(Req req, String phase) {
        int attempt = req.attempts.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + req.path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("X-Extend-Access-Token", apiKey)
                .header("Idempotency-Key", req.key).POST(HttpRequest.BodyPublishers.ofString(req.body)).build();
        long sentAt = System.currentTimeMillis();
        long started = System.nanoTime();
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
            double millis = (System.nanoTime() - started) / 1e6;
            int status;
            String code = "";
            String retryAfter = "";
            String orderId = "";
            if (response != null) {
                status = response.statusCode();
                retryAfter = response.headers().firstValue("Retry-After").orElse("");
                String body = response.body();
                Matcher m = CODE.matcher(body);
                if (status >= 400 && m.find()) {
                    code = m.group(1);
                }
                Matcher id = ORDER_ID.matcher(body);
                if (status == 201 && req.op.equals("create") && id.find()) {
                    orderId = id.group(1);
                }
            } else {
                status = failure instanceof java.net.http.HttpTimeoutException
                        || failure.getCause() instanceof java.net.http.HttpTimeoutException ? TIMED_OUT : NOT_ANSWERED;
            }
            Rec rec = new Rec(scenario, req.op, req.key, attempt, phase, req.flow.txn, sentAt, millis, status, code,
                    retryAfter.replace(",", " "), orderId);
            records.add(rec);
            outcome(req, rec);
            return rec;
        });
    }

    private void outcome(Req req, Rec rec) {
        if (!rec.definite()) {
            unresolved.put(req.key, req);
            return;
        }
        unresolved.remove(req.key);
        if (rec.ok() && !fulfilledAtCreation) {
            req.flow.step += req.op.equals("create") ? 0 : 1;
            if (req.flow.step < 3) {
                ready.add(req.flow);
            }
        }
    }

    /** Open loop: {@code perSecond} requests a second for {@code seconds}, then waits for the answers. */
    void run(double perSecond, double seconds) {
        stopping = false;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long sent = 0;
        while (!stopping) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            long due = (long) ((now - start) / 1e9 * perSecond);
            while (sent < due) {
                sent++;
                if (inFlight.tryAcquire()) {
                    send(next(), "load").whenComplete((r, e) -> inFlight.release());
                } else {
                    notSent.incrementAndGet();
                }
            }
            LockSupport.parkNanos(200_000);
        }
        drain();
    }

    /** {@link #run} on a thread of its own, until {@link #stop} (or an hour). */
    Thread background(double perSecond) {
        Thread thread = new Thread(() -> run(perSecond, 3600), "load-" + slug());
        thread.start();
        return thread;
    }

    void stop() {
        stopping = true;
    }

    private void drain() {
        try {
            inFlight.tryAcquire(MAX_IN_FLIGHT, TIMEOUT.toMillis() + 5000, TimeUnit.MILLISECONDS);
            inFlight.release(MAX_IN_FLIGHT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closed loop over {@code connections} for {@code seconds}: the rate of 2xx answers. */
    double closedLoop(int connections, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong ok = new AtomicLong();
        CountDownLatch done = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            loop(deadline, ok, done, null);
        }
        done.await();
        return ok.get() / seconds;
    }

    /** Creates {@code count} orders over {@code connections}, closed loop. */
    void createOnly(int connections, int count) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        CountDownLatch done = new CountDownLatch(connections);
        AtomicLong left = new AtomicLong(count);
        for (int i = 0; i < connections; i++) {
            loop(Long.MAX_VALUE, ok, done, left);
        }
        done.await();
    }

    /** One connection of a closed loop: the next request when the last has answered; {@code left} counts down, if given. */
    private void loop(long deadline, AtomicLong ok, CountDownLatch done, AtomicLong left) {
        if (System.nanoTime() >= deadline || (left != null && left.getAndDecrement() <= 0)) {
            done.countDown();
            return;
        }
        send(next(), "load").whenCompleteAsync((rec, e) -> {
            if (rec != null && rec.ok() && System.nanoTime() < deadline) {
                ok.incrementAndGet();
            }
            loop(deadline, ok, done, left);
        }, CALLBACKS);
    }

    /**
     * Retries every request whose last attempt got no definite answer, with its key and body, honouring
     * Retry-After, until each has one or {@code millis} have passed.
     */
    void retryUnresolved(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!unresolved.isEmpty() && System.currentTimeMillis() < deadline) {
            List<Req> batch = new ArrayList<>(unresolved.values());
            Semaphore parallel = new Semaphore(16);
            List<CompletableFuture<Rec>> sent = new ArrayList<>();
            for (Req req : batch) {
                parallel.acquire();
                sent.add(send(req, "retry").whenComplete((r, e) -> parallel.release()));
            }
            long wait = 200;
            for (CompletableFuture<Rec> f : sent) {
                Rec rec = f.join();
                if (!rec.definite() && !rec.retryAfter().isBlank()) {
                    wait = Math.max(wait, Math.min(5000, 1000 * Long.parseLong(rec.retryAfter().trim())));
                }
            }
            if (!unresolved.isEmpty()) {
                Thread.sleep(wait);
            }
        }
    }
}

/**
 * The packaged service, as a container would run it (docker/Dockerfile.jvm): a 512 MiB memory limit, two fifths of it heap,
 * the Serial collector, on the JVM that wrote the ahead-of-time cache of its image build ({@link #train}), which every
 * start maps.
 */
final class Service {

    static final List<String> JVM_OPTIONS = List.of("-XX:MaxRAM=512m", "-XX:MaxRAMPercentage=40", "-XX:InitialRAMPercentage=6.25",
            "-XX:+UseSerialGC");
    static final String TRAINING_DATABASE = "aot_training";
    static final List<Service> ALL = new CopyOnWriteArrayList<>();
    static final HttpClient PROBE = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    final String name;
    final Path jar;
    final Path log;
    final int port;
    /** Health, metrics: the management interface, on a port of its own as in production. */
    final int managementPort = Faults.freePort();
    Process process;
    long launchedAt;
    long readyMillis;

    /**
     * docker/train-aot on a database of the cluster, with the options of every launch, unless the jar's directory
     * holds a cache newer than the jar (bench/ trains the same way). Returns the script's last line.
     */
    static String train(Path root, Path jar, int dbPort) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("env", "DB_URL=postgresql://127.0.0.1:" + dbPort + "/" + TRAINING_DATABASE,
                "DB_USER=postgres", "JAVA_OPTS=" + String.join(" ", JVM_OPTIONS), root.resolve("docker/train-aot").toString(),
                "--keep", jar.getParent().toString()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("docker/train-aot failed:\n" + out);
        }
        return out.lines().reduce((first, last) -> last).orElse("");
    }

    Service(String name, Path jar, Path work, int port) {
        this.name = name;
        this.jar = jar;
        this.log = work.resolve("service-" + name + ".log");
        this.port = port;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Where a path is served: Quarkus's own ({@code /q/...}) on the management port, the API on its port. */
    String url(String path) {
        return (path.startsWith("/q/") ? "http://127.0.0.1:" + managementPort : base()) + path;
    }

    void launch(Map<String, String> env) throws IOException {
        Path cacheJava = jar.resolveSibling("app.aot.java");
        List<String> command = new ArrayList<>(List.of(Files.exists(cacheJava) ? Files.readString(cacheJava).strip() : "java"));
        command.addAll(JVM_OPTIONS);
        if (Files.exists(jar.resolveSibling("app.aot"))) {
            command.add("-XX:AOTCache=app.aot");
        }
        command.addAll(List.of("-jar", jar.getFileName().toString()));
        // The cache names the jar by a relative path: start where it lies.
        ProcessBuilder builder = new ProcessBuilder(command).directory(jar.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        builder.environment().put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        launchedAt = System.currentTimeMillis();
        process = builder.start();
        ALL.add(this);
    }

    /** Waits until readiness answers 200; false when the process exits or time runs out. */
    boolean awaitReady(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            if (status("/q/health/ready") == 200) {
                readyMillis = System.currentTimeMillis() - launchedAt;
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** The status of a GET, 0 when nothing answered within 2 s. */
    int status(String path) {
        try {
            return PROBE.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The Prometheus metrics, summed by name (labels dropped). */
    Map<String, Double> metrics() {
        Map<String, Double> values = new HashMap<>();
        try {
            String text = PROBE.send(HttpRequest.newBuilder(URI.create(url("/q/metrics"))).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                String name = line.substring(0, line.indexOf('{') > 0 ? line.indexOf('{') : space);
                try {
                    values.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
                } catch (NumberFormatException e) {
                    // not a sample
                }
            }
        } catch (IOException | RuntimeException e) {
            // no answer: nothing sampled
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return values;
    }

    long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** kill -9. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** SIGTERM, as the platform stops it. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}

/** A PostgreSQL cluster of the suite's own: initdb in a temporary directory, its own port on 127.0.0.1. */
final class Cluster implements AutoCloseable {

    final Path bin;
    final Path dir;
    final Path data;
    final Path work;
    final int port;
    final boolean asRoot;

    Cluster(Path bin, Path work) throws IOException, InterruptedException {
        this.bin = bin;
        this.work = work;
        this.port = Faults.freePort();
        this.dir = Files.createTempDirectory("faults-pg-");
        this.data = dir.resolve("data");
        // initdb refuses to run as root: the cluster then belongs to the postgres user.
        this.asRoot = "root".equals(System.getProperty("user.name"));
        if (asRoot) {
            run(List.of("chown", "postgres:postgres", dir.toString()));
        }
        run(as(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                "--no-locale", "--no-sync"));
        String conf = """

                # faults/Faults.java
                port = %d
                listen_addresses = '127.0.0.1'
                unix_socket_directories = '%s'
                max_connections = 200
                """.formatted(port, dir);
        run(as("sh", "-c", "cat >> '" + data.resolve("postgresql.conf") + "' <<'EOF'\n" + conf + "EOF\n"));
    }

    private List<String> as(String... command) {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    void start() throws IOException, InterruptedException {
        run(as(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("postgres.log").toString(), "-w",
                "-t", "60", "start"));
    }

    /** The crash: every server process is killed at once, no checkpoint; the next start recovers from the WAL. */
    void crash() throws IOException, InterruptedException {
        run(as(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
    }

    void stop() throws IOException, InterruptedException {
        run(as(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
    }

    boolean running() throws IOException, InterruptedException {
        return new ProcessBuilder(as(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "status"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
    }

    String psql(String database, String sql) {
        try {
            return run(List.of("psql", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres", "-X", "-q", "-At",
                    "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long count(String sql) {
        return Long.parseLong(psql(Faults.DATABASE, sql));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    @Override
    public void close() throws Exception {
        try {
            if (running()) {
                stop();
            }
            Files.copy(dir.resolve("postgres.log"), work.resolve("postgres.log"));
        } finally {
            Faults.deleteTree(dir);
        }
    }
}

/** A TCP proxy in front of the database port that can be paused: while paused, no byte goes either way. */
final class Proxy implements AutoCloseable {

    final ServerSocket server;
    final int port;
    final int target;
    final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    volatile boolean paused;

    Proxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.port = server.getLocalPort();
        Thread accept = new Thread(this::accept, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                holdWhilePaused();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed, or the database refused: the client sees its connection closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    holdWhilePaused();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                close(from);
                close(to);
            }
        }, "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void holdWhilePaused() {
        while (paused) {
            LockSupport.parkNanos(5_000_000);
        }
    }

    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    private void close(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        paused = false;
        server.close();
        sockets.forEach(this::close);
    }
}

/** The webhook receiver: answers 204 and records each delivery's Webhook-Id, resource and signature. */
final class Receiver {

    record Delivery(String id, String type, String resource, boolean signed) {
    }

    static final Pattern TYPE = Pattern.compile("\"type\":\"([^\"]+)\"");
    static final Pattern RESOURCE = Pattern.compile("\"data\":\\{\"id\":\"([^\"]+)\"");

    final int port;
    final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    byte[] secret;
    HttpServer server;

    Receiver(int port) {
        this.port = port;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    void up() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("Webhook-Id");
            String timestamp = exchange.getRequestHeaders().getFirst("Webhook-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("Webhook-Signature");
            Matcher type = TYPE.matcher(body);
            Matcher resource = RESOURCE.matcher(body);
            deliveries.add(new Delivery(id, type.find() ? type.group(1) : "", resource.find() ? resource.group(1) : "",
                    signature != null && signature.equals(sign(id + "." + timestamp + "." + body))));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    /** Down: the port refuses connections. */
    void down() {
        if (server != null) {
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
            server = null;
        }
    }

    private String sign(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    long requests() {
        return deliveries.size();
    }

    long distinctIds() {
        return ids().size();
    }

    Set<String> ids() {
        return deliveries.stream().map(Delivery::id).collect(Collectors.toSet());
    }

    long badSignatures() {
        return deliveries.stream().filter(d -> !d.signed()).count();
    }

    /** The Webhook-Ids each change (message type and resource id) arrived under. */
    Map<String, Set<String>> idsPerResource() {
        return deliveries.stream().collect(Collectors.groupingBy(d -> d.type() + " " + d.resource(),
                Collectors.mapping(Delivery::id, Collectors.toSet())));
    }
}

/** Probes a path every 200 ms and records each answer. */
final class Poller implements AutoCloseable {

    record Probe(long at, int status) {
    }

    final List<Probe> probes = new CopyOnWriteArrayList<>();
    private final Thread thread;

    Poller(Service service, String path) {
        thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long at = System.currentTimeMillis();
                probes.add(new Probe(at, service.status(path)));
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "poller");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}

/** What the service logged in a window, but for its access lines. */
record LogScan(long lines, long warnOrError, long stackTraces, long bytes, Map<String, Long> byLogger) {

    static LogScan of(Path log, long from, long to) throws IOException {
        byte[] all = Files.readAllBytes(log);
        String text = new String(all, (int) Math.min(from, all.length), (int) (Math.min(to, all.length) - Math.min(from, all.length)),
                StandardCharsets.UTF_8);
        long lines = 0;
        long warn = 0;
        long stacks = 0;
        long bytes = 0;
        Map<String, Long> byLogger = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.contains("\"loggerName\":\"io.protection.orders.access\"")) {
                continue;
            }
            lines++;
            bytes += line.length() + 1;
            if (line.contains("\"level\":\"WARN\"") || line.contains("\"level\":\"ERROR\"")) {
                warn++;
                Matcher logger = Pattern.compile("\"loggerName\":\"([^\"]+)\"").matcher(line);
                byLogger.merge(logger.find() ? logger.group(1) : "?", 1L, Long::sum);
            }
            if (line.contains("\"exception\":") || line.startsWith("\tat ")) {
                stacks++;
            }
        }
        return new LogScan(lines, warn, stacks, bytes, byLogger);
    }

    /** At most one line per failure class: no stack trace, a handful of warnings. */
    boolean quiet() {
        return stackTraces == 0 && warnOrError <= 12;
    }

    String summary() {
        return String.format("%d lines (%d bytes), %d WARN/ERROR, %d stack traces%s", lines, bytes, warnOrError, stackTraces,
                byLogger.isEmpty() ? "" : " " + byLogger);
    }
}

/** The results file: every invariant with its figure; its last line counts them. */
final class Report {

    private Report() {
    }

    static Path write(Path dir, Faults.Settings settings, List<Faults.Check> checks, Map<String, String> figures)
            throws IOException {
        String name = LocalDate.now() + (settings.mode().equals("full") ? "" : "-short") + ".md";
        StringBuilder md = new StringBuilder();
        md.append("# Fault injection ").append(LocalDate.now()).append("\n\n");
        md.append("Mode `").append(settings.mode()).append("` (`faults/run").append(settings.mode().equals("full") ? "" : " --short")
                .append("`). Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(". What each scenario does and how each figure is taken: ")
                .append("[faults/README.md](../README.md).\n\n");
        List<Faults.Check> counted = checks.stream().filter(c -> c.counted(settings)).toList();
        table(md, counted);
        List<Faults.Check> apart = checks.stream().filter(c -> !c.counted(settings)).toList();
        if (!apart.isEmpty()) {
            md.append("\n## Timing targets (reported, not counted in `--short`: they measure the machine as much as the service)\n\n");
            table(md, apart);
        }
        md.append("\n## Figures\n\n");
        figures.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append("\n"));
        long held = counted.stream().filter(Faults.Check::held).count();
        md.append("\ninvariants held: ").append(held).append(" of ").append(counted.size()).append("\n");
        Path file = dir.resolve(name);
        Files.writeString(file, md.toString());
        return file;
    }

    private static void table(StringBuilder md, List<Faults.Check> checks) {
        md.append("| scenario | invariant | figure | held |\n|---|---|---|---|\n");
        for (Faults.Check c : checks) {
            md.append("| ").append(c.scenario()).append(" | ").append(c.what()).append(" | ")
                    .append(c.figure().replace("|", "\\|").replace("\n", " ")).append(" | ")
                    .append(c.held() ? "yes" : "**no**").append(" |\n");
        }
    }
}
