package io.protection.orders.common;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Load shedding: a replica works on at most {@code PROTECTION_MAX_IN_FLIGHT} API requests at once
 * and answers the others at once, before any work, rather than queueing them without bound (where
 * every request would wait, for a connection, until its client gives up):
 *
 * <pre>
 * HTTP/1.1 503 Service Unavailable
 * Retry-After: 1
 * Content-Type: application/problem+json
 *
 * {"type":"/problems/unavailable","title":"Service unavailable","status":503,
 *  "detail":"The service is at its limit of concurrent requests; retry after the time in Retry-After",
 *  "code":"unavailable","message":"..."}
 * </pre>
 *
 * Quarkus's own paths ({@code /q/health}, {@code /q/metrics}) are never shed: probes must answer
 * under load. A request still unanswered after {@code PROTECTION_REQUEST_TIMEOUT} is answered the same
 * way (its work may still complete; its late answer is dropped), on a connection then closed, so that
 * no client waits without bound when the database's connection stalls. Metrics: {@code protection_http_in_flight},
 * {@code protection_http_shed_total}, {@code protection_http_timed_out_total}.
 */
public class LoadShedding {

    static final String RETRY_AFTER_SECONDS = "1";

    @Inject
    ResilienceConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    MeterRegistry metrics;

    private final AtomicInteger inFlight = new AtomicInteger();

    void register(@Observes Router router) throws JsonProcessingException {
        int limit = config.maxInFlight();
        Buffer refusal = problem("The service is at its limit of concurrent requests; retry after the time in "
                + "Retry-After");
        Gauge.builder("protection.http.in_flight", inFlight, AtomicInteger::get)
                .description("API requests being worked on (at most PROTECTION_MAX_IN_FLIGHT)").register(metrics);
        Counter shed = Counter.builder("protection.http.shed").description("API requests answered 503 at once because "
                + "PROTECTION_MAX_IN_FLIGHT were being worked on").register(metrics);
        long timeout = config.requestTimeout().toMillis();
        Buffer late = problem("The request was not answered within " + config.requestTimeout().toSeconds()
                + " s (PROTECTION_REQUEST_TIMEOUT); its work may still complete: retry after the time in Retry-After "
                + "with the same Idempotency-Key, which answers what it came to");
        Counter timedOut = Counter.builder("protection.http.timed_out").description("API requests answered 503 because "
                + "they took longer than PROTECTION_REQUEST_TIMEOUT").register(metrics);
        // After the access log's handler (Integer.MIN_VALUE), so that a refused request is logged too.
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            if (context.request().path().startsWith("/q/")) {
                context.next();
                return;
            }
            if (inFlight.incrementAndGet() > limit) {
                inFlight.decrementAndGet();
                shed.increment();
                unavailable(context, refusal);
                return;
            }
            long timer = context.vertx().setTimer(timeout, fired -> {
                if (!context.response().headWritten() && !context.response().closed()) {
                    timedOut.increment();
                    // Nothing else goes on a connection whose request is still being worked on.
                    context.response().putHeader("Connection", "close");
                    unavailable(context, late);
                }
            });
            context.addEndHandler(ended -> {
                context.vertx().cancelTimer(timer);
                inFlight.decrementAndGet();
            });
            context.next();
        });
        // What fails after the deadline answered (the late answer itself) has nobody to answer: no second
        // answer, and no stack trace from Quarkus's handler.
        router.route().order(Integer.MIN_VALUE + 1).failureHandler(context -> {
            if (context.response().ended() || context.response().closed()) {
                return;
            }
            context.next();
        });
    }

    /** Whether a failure is the framework's, writing an answer to a request that the deadline answered. */
    static boolean answeredAlready(Throwable failure) {
        return failure instanceof IllegalStateException && "Response has already been written".equals(failure.getMessage());
    }

    private Buffer problem(String detail) throws JsonProcessingException {
        return Buffer.buffer(mapper.writeValueAsBytes(new Problem(Problem.typeOf("unavailable"), "Service unavailable",
                503, detail, "unavailable", List.of(), null)));
    }

    private static void unavailable(RoutingContext context, Buffer problem) {
        context.response().setStatusCode(503).putHeader("Retry-After", RETRY_AFTER_SECONDS)
                .putHeader("Content-Type", Problem.MEDIA_TYPE).end(problem);
    }
}
