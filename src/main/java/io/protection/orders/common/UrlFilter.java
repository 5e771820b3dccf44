package io.protection.orders.common;

import java.util.Locale;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses a URL whose path or query carries a NUL character ({@code %00}): no id or filter can hold one. */
public class UrlFilter {

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 10)
    public void refuseNul(ContainerRequestContext request) {
        String raw = request.getUriInfo().getRequestUri().getRawPath() + "?"
                + request.getUriInfo().getRequestUri().getRawQuery();
        if (raw.toLowerCase(Locale.ROOT).contains("%00")) {
            throw ProblemException.validation("url", "must not contain a NUL character (%00)");
        }
    }
}
