package io.protection.orders.common.idempotency;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.protection.orders.common.ProblemException;

/** Reads {@code Idempotency-Key} (or Extend's {@code X-Idempotency-Key}) from POST, PUT and DELETE requests. */
public class IdempotencyKeyFilter {

    static final int MAX_LENGTH = 255;

    @Inject
    RequestKey requestKey;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 10)
    public void read(ContainerRequestContext request) {
        String method = request.getMethod();
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("DELETE")) {
            return;
        }
        String key = request.getHeaderString("Idempotency-Key");
        if (key == null) {
            key = request.getHeaderString("X-Idempotency-Key");
        }
        if (key == null) {
            return;
        }
        if (key.isBlank() || key.length() > MAX_LENGTH) {
            throw ProblemException.validation("Idempotency-Key", "must be 1 to " + MAX_LENGTH + " characters");
        }
        requestKey.set(key, method, request.getUriInfo().getRequestUri().getRawPath() + "?"
                + request.getUriInfo().getRequestUri().getRawQuery());
    }
}
