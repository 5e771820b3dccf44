package io.protection.orders.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.protection.orders.common.ProblemException;
import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.common.RateLimits;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Authenticates every API call. {@code /admin/**} takes the admin token as a bearer token; every
 * other resource takes a store's API key, or an access token issued for one by
 * {@code POST /auth/oauth/token}, in {@code X-Extend-Access-Token} or as a bearer token, resolved
 * through {@link Credentials}, so a revoked key (and every token issued for it) stops
 * working at once on every replica.
 */
public class AuthenticationFilter {

    static final String ACCESS_TOKEN_HEADER = "X-Extend-Access-Token";

    @Inject
    Credentials credentials;

    @Inject
    ProtectionConfig config;

    @Inject
    CurrentTenant currentTenant;

    @Inject
    RateLimits limits;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Void> authenticate(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/my/")) {
            // The customer's page: its link is the credential, and it keeps its own limits (customer package).
            return Uni.createFrom().voidItem();
        }
        String address = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        // An address that keeps failing is refused before anything is looked up.
        limits.checkFailures(address);
        if (path.equals(TokenResource.PATH)) {
            return Uni.createFrom().voidItem();
        }
        if (path.equals("/admin") || path.startsWith("/admin/")) {
            checkAdmin(bearer(request), address);
            return Uni.createFrom().voidItem();
        }
        String key = Optional.ofNullable(request.getHeaderString(ACCESS_TOKEN_HEADER)).orElseGet(() -> bearer(request));
        if (key == null || key.isBlank()) {
            throw ProblemException.unauthorized("Send the store's API key in " + ACCESS_TOKEN_HEADER
                    + " or as a bearer token");
        }
        return credentials.resolve(ApiKey.hash(key.trim()))
                .map(tenant -> {
                    if (tenant == null) {
                        limits.failed(address);
                        throw ProblemException.unauthorized("Unknown or revoked API key, or expired access token");
                    }
                    limits.request(tenant.keyId());
                    currentTenant.set(tenant);
                    return null;
                });
    }

    private void checkAdmin(String token, String address) {
        Optional<String> expected = config.adminToken().filter(t -> !t.isBlank());
        if (expected.isEmpty()) {
            throw ProblemException.unauthorized("The admin API is disabled: no admin token is configured");
        }
        if (token == null || !MessageDigest.isEqual(expected.get().getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            limits.failed(address);
            throw ProblemException.unauthorized("A valid admin bearer token is required");
        }
    }

    private static String bearer(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return null;
    }
}
