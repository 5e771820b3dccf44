package bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;

/**
 * A webhook receiver on 127.0.0.1 for the outbox phase: answers every POST 204 at once, and counts
 * the requests, the distinct {@code Webhook-Id} values, and when the first and the last came.
 */
final class Receiver implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final HttpServer server;
    private final AtomicLong requests = new AtomicLong();
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private volatile long firstAt;
    private volatile long lastAt;

    Receiver() {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onComplete(body -> {
            long now = System.nanoTime();
            if (requests.getAndIncrement() == 0) {
                firstAt = now;
            }
            lastAt = now;
            String id = request.getHeader("Webhook-Id");
            if (id != null) {
                ids.add(id);
            }
            request.response().setStatusCode(204).end();
        }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/hooks";
    }

    long requests() {
        return requests.get();
    }

    Set<String> ids() {
        return ids;
    }

    /** Seconds from the first request to the last; 0 before two came. */
    double seconds() {
        return requests.get() < 2 ? 0 : (lastAt - firstAt) / 1e9;
    }

    /** Nanoseconds since the last request (or since {@code since}, when none came). */
    long quietNanos(long since) {
        return System.nanoTime() - (requests.get() == 0 ? since : lastAt);
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
