package io.protection.orders.store;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ResourceInfo;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.arc.Arc;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * One log line per API request, when its response has been sent: method, path template (never the
 * ids in the path, never a query string or a header, so never a key), status, duration and store.
 * In production (JSON logs) the fields are in the line's {@code mdc}:
 *
 * <pre>
 * {"loggerName":"io.protection.orders.access","level":"INFO","message":"POST /orders 201 14 ms",
 *  "mdc":{"method":"POST","path":"/orders","status":"201","durationMs":"14","storeId":"0190..."}, ...}
 * </pre>
 *
 * Quarkus's own paths ({@code /q/health}, {@code /q/metrics}, ...) are not logged: probes would drown
 * the requests.
 */
public class AccessLog {

    private static final Logger LOG = Logger.getLogger("io.protection.orders.access");
    private static final String TEMPLATE = "protection.access.path";
    private static final String STORE = "protection.access.store";
    private static final Map<Method, String> TEMPLATES = new ConcurrentHashMap<>();
    /** Every template a request has been routed to; with Micrometer's own values, the only {@code uri} tags. */
    private static final Set<String> ROUTES = ConcurrentHashMap.newKeySet();
    private static final Set<String> MICROMETER_URIS = Set.of("NOT_FOUND", "REDIRECTION", "UNKNOWN", "root", "/");
    static final String UNROUTED = "UNROUTED";

    @Inject
    CurrentTenant tenant;

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            if (LOG.isInfoEnabled() && !context.request().path().startsWith("/q/")) {
                long start = System.nanoTime();
                context.addEndHandler(ended -> log(context, (System.nanoTime() - start) / 1_000_000));
            }
            context.next();
        });
    }

    /** Notes the matched resource's path template and the caller's store while the request is in scope. */
    @ServerResponseFilter
    public void note(RoutingContext context, ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method != null) {
            String template = TEMPLATES.computeIfAbsent(method, key -> template(resource.getResourceClass(), method));
            ROUTES.add(template);
            context.put(TEMPLATE, template);
        }
        // A request refused while its body was read (413) never had its request scope activated.
        Tenant current = Arc.container().requestContext().isActive() ? tenant.orNull() : null;
        if (current != null) {
            context.put(STORE, current.storeId().toString());
        }
    }

    /**
     * A request answered before it was routed (405, 413, 414, 415, or shed with 503) is tagged in
     * {@code http_server_requests} with its raw path: a scanner's random paths would use up Micrometer's
     * budget of 100 {@code uri} values, after which no new route is tagged at all. Any value that is not a
     * route's template is counted as one, {@value #UNROUTED}.
     */
    @Produces
    @Singleton
    MeterFilter oneUriForUnroutedRequests() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String uri = id.getTag("uri");
                if (uri == null || !id.getName().equals("http.server.requests") || ROUTES.contains(uri)
                        || MICROMETER_URIS.contains(uri)) {
                    return id;
                }
                return id.replaceTags(Tags.of(id.getTagsAsIterable()).and("uri", UNROUTED));
            }
        };
    }

    private static void log(RoutingContext context, long millis) {
        String method = context.request().method().name();
        String path = context.get(TEMPLATE);
        if (path == null) {
            path = "(no route)";
        }
        int status = context.response().getStatusCode();
        String store = context.get(STORE);
        MDC.put("method", method);
        MDC.put("path", path);
        MDC.put("status", String.valueOf(status));
        MDC.put("durationMs", String.valueOf(millis));
        if (store != null) {
            MDC.put("storeId", store);
        }
        try {
            LOG.infof("%s %s %d %d ms", method, path, status, millis);
        } finally {
            MDC.remove("method");
            MDC.remove("path");
            MDC.remove("status");
            MDC.remove("durationMs");
            MDC.remove("storeId");
        }
    }

    private static String template(Class<?> resource, Method method) {
        Path classPath = resource.getAnnotation(Path.class);
        Path methodPath = method.getAnnotation(Path.class);
        String joined = "/" + (classPath == null ? "" : classPath.value()) + "/" + (methodPath == null ? "" : methodPath.value());
        String normalized = joined.replaceAll("/+", "/");
        return normalized.length() > 1 && normalized.endsWith("/") ? normalized.substring(0, normalized.length() - 1) : normalized;
    }
}
