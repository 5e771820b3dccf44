package io.protection.orders.common.limits;

import java.io.ByteArrayInputStream;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.protection.orders.common.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a chunked body (no {@code Content-Length}) before anything else, counting it as it comes: one
 * over its limit ({@link RequestLimits}) is 413 {@code payload_too_large} as soon as the limit is passed,
 * without holding more than the limit in memory; the rest is read and dropped, as after a refused
 * {@code Content-Length}. A body within its limit is handed on to the resource as it was sent.
 */
public class ChunkedBodies {

    @ServerRequestFilter(preMatching = true)
    public Uni<Void> read(ContainerRequestContext request, RoutingContext routing) {
        Long limit = routing.get(RequestLimits.CHUNKED_LIMIT);
        HttpServerRequest http = routing.request();
        if (limit == null || http.isEnded()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(emitter -> {
            Buffer body = Buffer.buffer();
            boolean[] refused = { false };
            http.handler(chunk -> {
                if (refused[0]) {
                    return;
                }
                if ((long) body.length() + chunk.length() > limit) {
                    refused[0] = true;
                    RequestLimits.drop(http, RequestLimits.MAX_DRAIN);
                    emitter.fail(RequestLimits.tooLarge(null, limit));
                    return;
                }
                body.appendBuffer(chunk);
            });
            http.exceptionHandler(failure -> {
                if (!refused[0]) {
                    refused[0] = true;
                    emitter.fail(ProblemException.badRequest("The body could not be read: " + failure.getMessage()));
                }
            });
            http.endHandler(ended -> {
                if (!refused[0]) {
                    request.setEntityStream(new ByteArrayInputStream(body.getBytes()));
                    emitter.complete(null);
                }
            });
            http.resume();
        });
    }
}
