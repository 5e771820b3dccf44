package bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * HTTP load against the service over a fixed number of keep-alive connections: either as fast as
 * the connections allow (the ceiling), or at a fixed offered rate where each request's latency counts
 * from the moment it was due to be sent, not from when a connection came free, so a stall shows up in
 * the percentiles instead of silently lowering the rate (no coordinated omission).
 */
final class Load implements AutoCloseable {

    /** One request: method, path and JSON body (or null). */
    record Call(HttpMethod method, String path, Buffer body) {
    }

    /**
     * What a run measured: completed requests per second, failures (with how many of each kind: "HTTP 503",
     * or the exception when there was no answer), and latencies in microseconds.
     */
    record Result(double throughput, long completed, long errors, Map<String, Long> failures, Histogram latency) {
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final HttpClient client;
    private final String apiKey;

    Load(int port, int connections, String apiKey) {
        this.apiKey = apiKey;
        this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
                .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    /** Closed loop: {@code connections} requests in flight at all times. */
    Result ceiling(Supplier<Call> calls, int connections, double warmupSeconds, double seconds) {
        long from = System.nanoTime() + nanos(warmupSeconds);
        long until = from + nanos(seconds);
        Tally tally = new Tally(from, until);
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicLong running = new AtomicLong(connections);
        vertx.runOnContext(v -> {
            for (int i = 0; i < connections; i++) {
                loop(calls, tally, running, done);
            }
        });
        done.join();
        return tally.result(seconds);
    }

    private void loop(Supplier<Call> calls, Tally tally, AtomicLong running, CompletableFuture<Void> done) {
        long sent = System.nanoTime();
        if (sent >= tally.until) {
            if (running.decrementAndGet() == 0) {
                done.complete(null);
            }
            return;
        }
        send(calls.get()).onComplete(outcome -> {
            tally.record(sent, outcome);
            loop(calls, tally, running, done);
        });
    }

    /** Open loop: requests leave on a fixed schedule whether or not earlier ones have answered. */
    Result rate(Supplier<Call> calls, double perSecond, double warmupSeconds, double seconds) {
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        long until = start + nanos(warmupSeconds) + nanos(seconds);
        // every request is due before the end, so all of them count once the warm-up is over
        Tally tally = new Tally(start + nanos(warmupSeconds), Long.MAX_VALUE);
        AtomicLong outstanding = new AtomicLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        long[] next = { start };
        vertx.runOnContext(v -> vertx.setPeriodic(1, timer -> {
            long now = System.nanoTime();
            while (next[0] <= now && next[0] < until) {
                long due = next[0];
                next[0] += interval;
                outstanding.incrementAndGet();
                send(calls.get()).onComplete(outcome -> {
                    tally.record(due, outcome);
                    if (outstanding.decrementAndGet() == 0 && next[0] >= until) {
                        done.complete(null);
                    }
                });
            }
            if (next[0] >= until) {
                vertx.cancelTimer(timer);
                if (outstanding.get() == 0) {
                    done.complete(null);
                }
            }
        }));
        done.orTimeout((long) (warmupSeconds + seconds) + 60, TimeUnit.SECONDS).join();
        return tally.result(seconds);
    }

    /**
     * Requests started from {@code from} and answered by {@code until}: how many, how many failed
     * (no answer, or 3xx and above), and their latencies from the given start. Touched only on the
     * event loop.
     */
    private static final class Tally {

        final long from;
        final long until;
        long completed;
        long errors;
        final Map<String, Long> failures = new TreeMap<>();
        final Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(2), 3);

        Tally(long from, long until) {
            this.from = from;
            this.until = until;
        }

        void record(long start, AsyncResult<Integer> outcome) {
            long end = System.nanoTime();
            if (start < from || end > until) {
                return;
            }
            completed++;
            latency.recordValue(Math.max(1, (end - start) / 1000));
            if (outcome.failed() || outcome.result() >= 300) {
                errors++;
                String kind = outcome.failed()
                        ? outcome.cause().getClass().getSimpleName() + ": " + outcome.cause().getMessage()
                        : "HTTP " + outcome.result();
                failures.merge(kind, 1L, Long::sum);
            }
        }

        Result result(double seconds) {
            return new Result(completed / seconds, completed, errors, failures, latency);
        }
    }

    /** One request, waited for; for setting up fixtures. */
    int call(Call call) {
        return send(call).toCompletionStage().toCompletableFuture().join();
    }

    private Future<Integer> send(Call call) {
        RequestOptions options = new RequestOptions().setMethod(call.method()).setURI(call.path())
                .putHeader("X-Extend-Access-Token", apiKey).putHeader("Content-Type", "application/json");
        return client.request(options)
                .compose(request -> call.body() == null ? request.send() : request.send(call.body()))
                .compose(response -> response.body().map(body -> response.statusCode()));
    }

    private static long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }

    @Override
    public void close() {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
