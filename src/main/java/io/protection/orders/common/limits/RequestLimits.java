package io.protection.orders.common.limits;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.protection.orders.common.Problem;
import io.protection.orders.common.ProblemException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The limits of one request that are checked before anything reads it ({@code domain.md}, Limits),
 * each answered with a problem like every other rejection:
 *
 * <pre>
 * HTTP/1.1 413 Request Entity Too Large
 * Content-Type: application/problem+json
 *
 * {"type":"/problems/payload_too_large","title":"Payload too large","status":413,
 *  "detail":"The body has 2097152 bytes; this operation takes at most 1048576 (1 MiB)","code":"payload_too_large"}
 * </pre>
 *
 * A request target over {@value #MAX_URI} characters is 414 {@code uri_too_long}, one with a malformed
 * percent-encoding, a NUL ({@code %00}) or anything else {@link URI} refuses 400 (Quarkus's own check,
 * which answers with an empty body, is turned off: {@code Main}). A body is at most 1 MiB, an order feed's 5 MiB: a
 * {@code Content-Length} over the limit is refused here, before a byte of the body is read; a chunked
 * body is counted while it is read ({@link ChunkedBodies}). After a 413 the rest of the body is read
 * and dropped (up to {@value #MAX_DRAIN} bytes), so that the client gets the answer rather than a
 * connection reset in the middle of its upload; a client that sent {@code Expect: 100-continue} never
 * sends it. Runs just before Quarkus's own body limit ({@code quarkus.http.limits.max-body-size}), which
 * stays as a backstop; a request line over {@code quarkus.http.limits.max-initial-line-length} is
 * refused by the HTTP decoder itself, with a bare 414.
 */
@Singleton
public class RequestLimits {

    /** The largest body of a request but an order feed (domain.md: 1 MiB per JSON body). */
    public static final long MAX_BODY = 1L << 20;
    /** The largest order feed, JSON or CSV (domain.md: feeds 5 MiB). */
    public static final long MAX_FEED_BODY = 5L << 20;
    /** The longest request target (path and query). */
    public static final int MAX_URI = 8 * 1024;
    /** How much of a refused body is read and dropped before the connection is closed instead. */
    static final long MAX_DRAIN = 32L << 20;
    /** Where a chunked request's limit is left for {@link ChunkedBodies}. */
    static final String CHUNKED_LIMIT = "protection.limits.chunked-body";

    static final String FEED_PATH = "/feeds/order";

    @Inject
    ObjectMapper mapper;

    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
        // What the router refuses before any route runs: a path or query it can't decode while it matches routes.
        router.errorHandler(400, this::unroutable);
    }

    void unroutable(RoutingContext context) {
        if (context.response().ended() || context.response().closed()) {
            return;
        }
        HttpServerRequest request = context.request();
        ProblemException problem = request.authority() == null && request.version() != HttpVersion.HTTP_1_0
                ? ProblemException.badRequest("The Host header is required")
                : ProblemException.validation("url", "is not a well-formed request target (a malformed %-escape, "
                        + "or a character a URL can't hold)");
        write(context.response(), mapper, problem);
    }

    void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String uri = request.uri();
        if (uri.length() > MAX_URI) {
            refuse(context, ProblemException.uriTooLong("The request target has " + uri.length()
                    + " characters; the service takes at most " + MAX_URI), null);
            return;
        }
        String malformed = urlProblem(uri);
        if (malformed == null) {
            try {
                new URI(uri);
            } catch (URISyntaxException e) {
                malformed = "is not a well-formed request target: " + e.getReason();
            }
        }
        if (malformed != null) {
            refuse(context, ProblemException.validation("url", malformed), null);
            return;
        }
        long limit = limitFor(request.method().name(), request.path());
        String length = request.getHeader(HttpHeaderNames.CONTENT_LENGTH);
        Long declared = null;
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                refuse(context, ProblemException.badRequest("Content-Length is not a number"), null);
                return;
            }
            if (declared > limit) {
                refuse(context, tooLarge(declared, limit), declared);
                return;
            }
        } else if (request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING, "chunked", true)) {
            context.put(CHUNKED_LIMIT, limit);
        }
        if (api(request.path()) && !acceptsJson(request.getHeader(HttpHeaderNames.ACCEPT))) {
            refuse(context, new ProblemException(406, "not_acceptable", "Not Acceptable",
                    "This resource only produces application/json; send Accept: application/json or none", List.of(),
                    null), declared);
            return;
        }
        context.next();
    }

    /** The API's paths: every one but the customer's pages and Quarkus's own. */
    static boolean api(String path) {
        return path != null && !path.startsWith("/my/") && !path.startsWith("/q/");
    }

    /**
     * Whether an {@code Accept} header takes JSON (no header does). Checked before any work: the
     * framework's own check comes after the resource method has run, so a refused request had committed.
     */
    static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            if (!type.equals("*/*") && !type.equals("application/*") && !type.equals("application/json")) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
                refused |= parameter.matches("q\\s*=\\s*0(\\.0*)?");
            }
            if (!refused) {
                return true;
            }
        }
        return false;
    }

    /** The body limit of an operation: order feeds 5 MiB, every other request 1 MiB. */
    static long limitFor(String method, String path) {
        boolean feed = "POST".equals(method) && path != null
                && (path.equals(FEED_PATH) || path.equals(FEED_PATH + "/"));
        return feed ? MAX_FEED_BODY : MAX_BODY;
    }

    static ProblemException tooLarge(Long declared, long limit) {
        String size = limit == MAX_FEED_BODY ? "5 MiB" : "1 MiB";
        String what = declared == null ? "The body is larger than " + limit + " bytes"
                : "The body has " + declared + " bytes";
        return ProblemException.payloadTooLarge(what + "; this operation takes at most " + limit + " (" + size + ")");
    }

    /** What is wrong with a request target's escapes, or null. */
    static String urlProblem(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '%') {
                if (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0
                        || Character.digit(uri.charAt(i + 2), 16) < 0) {
                    return "has a malformed percent-encoding (a % must be followed by two hexadecimal digits)";
                }
                if (uri.charAt(i + 1) == '0' && uri.charAt(i + 2) == '0') {
                    return "must not contain a NUL character (%00)";
                }
            } else if (c < 0x20 || c == 0x7f) {
                return "must not contain control characters";
            }
        }
        return null;
    }

    /**
     * Answers with a problem. With {@code declared} (a body that is refused unread) the rest of the body is
     * dropped as it comes, unless the client waits for a 100-continue (it then sends nothing) or the body
     * is too large to be worth reading: the connection is then closed once the answer is written.
     */
    private void refuse(RoutingContext context, ProblemException problem, Long declared) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        boolean continues = "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaderNames.EXPECT));
        if (declared != null && (continues || declared > MAX_DRAIN)) {
            response.putHeader(HttpHeaderNames.CONNECTION, "close");
            response.endHandler(ended -> request.connection().close());
        } else if (declared != null) {
            drop(request, MAX_DRAIN);
        }
        write(response, mapper, problem);
    }

    /** Reads what is left of a request's body and drops it; past {@code max} bytes the connection is closed. */
    static void drop(HttpServerRequest request, long max) {
        long[] dropped = { 0 };
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > max) {
                request.connection().close();
            }
        });
        request.exceptionHandler(ignored -> {
        });
        request.resume();
    }

    static void write(HttpServerResponse response, ObjectMapper mapper, ProblemException problem) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(problem.toProblem());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatusCode(problem.status()).putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Buffer.buffer(body));
    }
}
