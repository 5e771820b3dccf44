package bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's ceiling taken by wrk, a load generator in C as pgbench is, running one of the
 * {@code bench/wrk} scripts over as many connections and threads as pgbench uses. On this machine the
 * load generator shares the cores with the service and PostgreSQL, so its own cost per call is part of
 * any ceiling (in {@code results/2026-12-08-1.md}: the bench's Vert.x client, {@link Load}, 71, 27 and
 * 70 µs a call for create, get and fulfill; wrk 41, 25 and 42; pgbench 73, 15 and 76).
 */
final class Wrk {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern COUNT = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final int THREADS = 2;

    private final Path scripts;
    private final int port;
    private final String apiKey;
    private int runs;

    Wrk(Path scripts, int port, String apiKey) {
        this.scripts = scripts;
        this.port = port;
        this.apiKey = apiKey;
    }

    static boolean available() {
        try {
            return Sh.run(List.of("wrk", "--version")).text().startsWith("wrk");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * As many calls as the connections allow: a warm-up run, then the measured one. {@code range} is how
     * many fixtures the script may use ({@code fulfill} takes each once, from where the warm-up stopped).
     */
    Load.Result ceiling(String call, int range, int connections, double warmupSeconds, double seconds) {
        Load.Result warmup = run(call, range, 0, connections, warmupSeconds);
        // the warm-up's calls still in flight when it stopped, and the threads' uneven shares, are skipped
        long used = warmup.completed() + warmup.completed() / 5 + 10L * connections;
        return run(call, range, used, connections, seconds);
    }

    private Load.Result run(String call, int range, long offset, int connections, double seconds) {
        List<String> command = new ArrayList<>(List.of("env", "BENCH_WRK_DIR=" + scripts, "wrk", "-t", String.valueOf(THREADS),
                "-c", String.valueOf(connections), "-d", Math.max(1, Math.round(seconds)) + "s", "-s",
                scripts.resolve(call + ".lua").toString(), "http://127.0.0.1:" + port, "--", apiKey, String.valueOf(range),
                String.valueOf(offset), String.valueOf(THREADS), "r" + ++runs));
        Sh.Output out = Sh.run(command);
        if (out.exit() != 0) {
            throw new IllegalStateException("wrk failed: " + out.text());
        }
        String text = out.text();
        Map<String, Long> failures = new LinkedHashMap<>();
        Matcher non2xx = NON_2XX.matcher(text);
        if (non2xx.find()) {
            failures.put("HTTP 3xx or more", Long.parseLong(non2xx.group(1)));
        }
        Matcher socket = SOCKET.matcher(text);
        if (socket.find()) {
            String[] kinds = { "connect", "read", "write", "timeout" };
            for (int i = 0; i < kinds.length; i++) {
                long n = Long.parseLong(socket.group(i + 1));
                if (n > 0) {
                    failures.put("socket " + kinds[i], n);
                }
            }
        }
        return new Load.Result(number(RATE, text), (long) number(COUNT, text),
                failures.values().stream().mapToLong(Long::longValue).sum(), failures, null);
    }

    private static double number(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no " + pattern + ": " + text);
        }
        return Double.parseDouble(m.group(1));
    }
}
