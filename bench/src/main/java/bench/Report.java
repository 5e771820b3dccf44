package bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes a run's figures as {@code <name>.json} and a Markdown summary {@code <name>.md} with the targets. */
final class Report {

    private Report() {
    }

    static void write(Path dir, String name, Bench.Settings settings, Map<String, Object> results) {
        Sh.mkdirs(dir);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("settings", settings);
        document.put("machine", machine());
        document.putAll(results);
        try {
            Sh.writeString(dir.resolve(name + ".json"),
                    Bench.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String markdown = markdown(name, settings, results);
        Sh.writeString(dir.resolve(name + ".md"), markdown);
        System.out.println(markdown);
    }

    @SuppressWarnings("unchecked")
    private static String markdown(String name, Bench.Settings s, Map<String, Object> r) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark ").append(name).append("\n\n");
        md.append(String.format("Mode `%s`: the service first takes each call for %.0f s (JIT warm-up), then %d A/B "
                + "rounds of %.0f s per ceiling, %.0f s warm-up per service run, %d connections on both sides (the "
                + "service's pool), %d launches. Machine: %s.%n%n", s.mode(), s.jitWarmup(), s.rounds(), s.seconds(),
                s.warmup(), s.pool(), s.launches(), machine()));
        md.append("| figure | pgbench | service | ratio or value | target | met |\n|---|---|---|---|---|---|\n");
        for (String[] op : new String[][] { { "create", "0.65" }, { "get", "0.50" }, { "fulfill", "0.65" } }) {
            Map<String, Object> m = (Map<String, Object>) r.get(op[0]);
            double ratio = ((Number) m.get("ratio")).doubleValue();
            md.append(String.format("| %s / the service's SQL (/s) | %s | %s | %.3f | ≥ %s | %s |%n", op[0], m.get("pgbenchPerSecond"),
                    m.get("servicePerSecond"), ratio, op[1], yes(ratio >= Double.parseDouble(op[1]))));
        }
        for (String op : new String[] { "create", "get", "fulfill" }) {
            Map<String, Object> m = (Map<String, Object>) r.get(op);
            double ratio = ((Number) m.get("ratioToMinimal")).doubleValue();
            md.append(String.format("| %s / the minimal SQL (/s) | %s | %s | %.3f | ≥ 0.45 | %s |%n", op, m.get("minimalPerSecond"),
                    m.get("servicePerSecond"), ratio, yes(ratio >= 0.45)));
        }
        for (String op : new String[] { "create", "get", "fulfill" }) {
            Map<String, Object> at50 = (Map<String, Object>) ((Map<String, Object>) r.get(op)).get("at50Percent");
            Map<String, Object> pg = (Map<String, Object>) at50.get("pgbench");
            Map<String, Object> svc = (Map<String, Object>) at50.get("service");
            double pgP99 = ((Number) pg.get("p99Ms")).doubleValue();
            double svcP99 = ((Number) svc.get("p99Ms")).doubleValue();
            long errors = ((Number) svc.get("errors")).longValue();
            md.append(String.format("| %s p99 at 50%% of ceiling (ms) | %.2f | %.2f | %d errors | ≤ pgbench + 10, no errors | %s |%n",
                    op, pgP99, svcP99, errors, yes(svcP99 <= pgP99 + 10 && errors == 0)));
        }
        Map<String, Object> startup = (Map<String, Object>) r.get("startup");
        double startMs = ((Number) startup.get("medianFirstRequestMillis")).doubleValue();
        double rss = ((Number) startup.get("medianRssMb")).doubleValue();
        md.append(String.format("| launch to first request, median (ms) | | %.0f | | ≤ 2000 | %s |%n", startMs, yes(startMs <= 2000)));
        md.append(String.format("| RSS after it, median (MB) | | %.0f | | ≤ 200 | %s |%n", rss, yes(rss <= 200)));
        md.append(String.format("| RSS under load, max (MB) | | %s | | | |%n", r.get("rssUnderLoadMb")));
        Map<String, Object> release = (Map<String, Object>) r.get("release");
        double released = ((Number) release.get("ordersPerSecond")).doubleValue();
        md.append(String.format("| release job, %s due orders (/s) | | %.0f | | ≥ 10000 | %s |%n", release.get("orders"), released,
                yes(released >= 10000)));
        Map<String, Object> outbox = (Map<String, Object>) r.get("outbox");
        double delivered = ((Number) outbox.get("deliveriesPerSecond")).doubleValue();
        boolean once = Boolean.TRUE.equals(outbox.get("exactlyOnce"));
        md.append(String.format("| outbox dispatcher, %s pending messages (/s) | | %.0f | %s | ≥ 1000 (soft), each once | %s |%n",
                outbox.get("messages"), delivered, once ? "each delivered once" : "**not each delivered once**",
                yes(once && delivered >= 1000)));
        md.append("\n## Latency at a fixed offered rate (ms, from each request's scheduled start)\n\n");
        md.append("| call | rate (/s) | pgbench p50 | p99 | p99.9 | service p50 | p99 | p99.9 | service errors |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (String op : new String[] { "create", "get", "fulfill" }) {
            for (String at : new String[] { "at30Percent", "at50Percent" }) {
                Map<String, Object> m = (Map<String, Object>) ((Map<String, Object>) r.get(op)).get(at);
                Map<String, Object> p = (Map<String, Object>) m.get("pgbench");
                Map<String, Object> v = (Map<String, Object>) m.get("service");
                md.append(String.format("| %s %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", op, at.replace("at", "").replace("Percent", "%"),
                        m.get("perSecond"), p.get("p50Ms"), p.get("p99Ms"), p.get("p999Ms"), v.get("p50Ms"), v.get("p99Ms"),
                        v.get("p999Ms"), v.containsKey("failures") ? v.get("errors") + " " + v.get("failures") : v.get("errors")));
            }
        }
        md.append("\n## CPU per call at the ceiling (µs, median of the rounds)\n\n");
        md.append(String.format("Cores each process kept busy over the measurement, divided by the calls per second. The "
                + "service's ceilings are taken with %s.%n%n", r.get("ceilingLoadGenerator")));
        md.append("| call | pgbench: PostgreSQL | pgbench | minimal: PostgreSQL | pgbench | service: the service | PostgreSQL "
                + "| load generator |\n|---|---|---|---|---|---|---|---|\n");
        for (String op : new String[] { "create", "get", "fulfill" }) {
            Map<String, Map<String, Object>> cpu = (Map<String, Map<String, Object>>) ((Map<String, Object>) r.get(op))
                    .get("cpuMicrosPerCall");
            md.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s |%n", op, cpu.get("pgbench").get("postgres"),
                    cpu.get("pgbench").get("pgbench"), cpu.get("minimal").get("postgres"), cpu.get("minimal").get("pgbench"),
                    cpu.get("service").get("service"), cpu.get("service").get("postgres"), cpu.get("service").get("loadGenerator")));
        }
        md.append(String.format("%n## Ceiling rounds (/s, alternating pgbench then service; the service with %s)%n%n",
                r.get("ceilingLoadGenerator")));
        for (String op : new String[] { "create", "get", "fulfill" }) {
            Map<String, Object> m = (Map<String, Object>) r.get(op);
            md.append(String.format("- %s: pgbench %s, minimal SQL %s, service %s, service errors %s%n", op,
                    m.get("pgbenchRounds"), m.get("minimalRounds"), m.get("serviceRounds"), m.get("serviceErrors")));
        }
        md.append(String.format("%nStartup: %s; ahead-of-time cache: %s.%n%nRelease: %s.%n%nOutbox: %s.%n%n", startup,
                r.get("aotCache"), release, outbox));
        Map<String, Object> other = (Map<String, Object>) r.get("otherProcessesCores");
        md.append(String.format("Processes other than the service, the bench, pgbench and PostgreSQL "
                + "kept %s cores busy at most (during %s), %s in the median measurement%s. Whole run: %s s.%n",
                other.get("max"), other.get("maxDuring"), other.get("median"), Boolean.TRUE.equals(r.get("rejected")) ? ": **rejected, the machine was busy**" : "",
                r.get("runSeconds")));
        return md.toString();
    }

    private static String yes(boolean met) {
        return met ? "yes" : "**no**";
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version") + ", "
                + Sh.psql("postgres", "select version()").replaceAll(" on .*", "");
    }
}
