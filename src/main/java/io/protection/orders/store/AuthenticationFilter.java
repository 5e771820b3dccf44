package io.protection.orders.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
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
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Authenticates every API call. {@code /admin/**} takes the admin token as a bearer token; every
 * other resource takes a store's API key, or an access token issued for one by
 * {@code POST /auth/oauth/token}, in {@code X-Extend-Access-Token} or as a bearer token. Keys and
 * tokens are looked up on every request, so a revoked key (and every token issued for it) stops
 * working at once on every replica.
 */
public class AuthenticationFilter {

    static final String ACCESS_TOKEN_HEADER = "X-Extend-Access-Token";

    private static final String KEY_QUERY = """
            with credential as (
                select id as key_id from api_key where key_hash = $1
                union all
                select key_id from access_token where token_hash = $1 and expires_at > $2)
            select k.id, k.store_id, s.refund_window_seconds, s.wait_period_seconds,
                   s.shipping_rate_bp, s.shipping_minimum_premium, s.currency
            from credential c join api_key k on k.id = c.key_id join store s on s.id = k.store_id
            where k.revoked_at is null
            limit 1""";

    @Inject
    Pool pool;

    @Inject
    ProtectionConfig config;

    @Inject
    CurrentTenant currentTenant;

    @Inject
    Clock clock;

    @Inject
    RateLimits limits;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Void> authenticate(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
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
        return pool.preparedQuery(KEY_QUERY).execute(Tuple.of(ApiKey.hash(key.trim()), clock.instant().atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        limits.failed(address);
                        throw ProblemException.unauthorized("Unknown or revoked API key, or expired access token");
                    }
                    Tenant tenant = tenant(rows.iterator().next());
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

    private static Tenant tenant(Row row) {
        return new Tenant(row.getUUID(1), row.getUUID(0),
                Duration.ofSeconds(row.getLong(2)), Duration.ofSeconds(row.getLong(3)),
                row.getInteger(4), row.getLong(5), row.getString(6));
    }
}
