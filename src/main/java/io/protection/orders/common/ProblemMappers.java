package io.protection.orders.common;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;

/**
 * Maps every failure to an RFC 9457 problem, for example:
 *
 * <pre>
 * HTTP/1.1 400 Bad Request
 * Content-Type: application/problem+json
 *
 * {"type":"/problems/validation_failed","title":"Invalid request","status":400,
 *  "detail":"lineItems[0].quantity: must be at least 1","code":"validation_failed",
 *  "errors":[{"field":"lineItems[0].quantity","message":"must be at least 1"}]}
 * </pre>
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response response = respond(e.toProblem());
        if (e.retryAfterSeconds() != null) {
            response.getHeaders().putSingle("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        return response;
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return respond(jsonProblem(e));
    }

    /** Overrides the built-in mapper of Jackson's type errors, which answers with a body of its own. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return respond(jsonProblem(e));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return respond(jsonProblem(json));
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        return respond(new Problem(Problem.typeOf(codeFor(status)), titleFor(status), status, detailFor(status, e),
                codeFor(status), List.of(), null));
    }

    @ServerExceptionMapper
    public Response composite(CompositeException e) {
        Throwable cause = e.getCause();
        if (cause instanceof ProblemException p) {
            return problem(p);
        }
        return unexpected(cause);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        Problem busy = busy(e);
        if (busy != null) {
            Response response = respond(busy);
            response.getHeaders().putSingle("Retry-After", "1");
            return response;
        }
        if (DatabaseFailures.isUnavailable(e)) {
            return problem(databaseUnavailable(e));
        }
        if (e instanceof IllegalArgumentException && e.getMessage() != null
                && e.getMessage().startsWith("Failed to parse media type")) {
            // RESTEasy reads Content-Type and Accept before any resource: a malformed one is the client's.
            return respond(ProblemException.badRequest("Content-Type or Accept is not a valid media type").toProblem());
        }
        if (LoadShedding.answeredAlready(e)) {
            DatabaseFailures.quietly(LOG, "An answer came after its request had been answered 503", "PROTECTION_REQUEST_TIMEOUT");
            return Response.status(503).build();
        }
        LOG.error("Unexpected failure", e);
        return respond(new Problem(Problem.typeOf("internal_error"), "Internal error", 500,
                "The request could not be processed; it can be retried", "internal_error", List.of(), null));
    }

    /**
     * 503 {@code database_busy} for a statement that PostgreSQL cancelled because it waited too long for
     * a lock or ran too long ({@code lock_timeout}, {@code statement_timeout}): nothing was written, and a
     * retry will likely pass; else null.
     */
    static Problem busy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String state = cause instanceof PgException pg ? pg.getSqlState()
                    : cause instanceof SQLException sql ? sql.getSQLState() : null;
            // Hibernate Reactive's SQLException may carry the state in its message only: "... (55P03)".
            String message = cause instanceof SQLException && cause.getMessage() != null ? cause.getMessage() : "";
            if ("55P03".equals(state) || "57014".equals(state) || message.endsWith("(55P03)") || message.endsWith("(57014)")) {
                return new Problem(Problem.typeOf("database_busy"), "Service unavailable", 503,
                        "The data this request needs is busy with another change; retry it", "database_busy", List.of(),
                        null);
            }
        }
        return null;
    }

    /** The problem a failure is answered with, for results that report failures one by one. */
    public static Problem problemOf(Throwable failure) {
        Throwable cause = failure instanceof CompositeException composite ? composite.getCause() : failure;
        if (cause instanceof ProblemException problem) {
            return problem.toProblem();
        }
        Problem busy = busy(cause);
        if (busy != null) {
            return busy;
        }
        if (cause instanceof JsonProcessingException json) {
            return jsonProblem(json);
        }
        if (DatabaseFailures.isUnavailable(cause)) {
            return databaseUnavailable(cause).toProblem();
        }
        LOG.error("Unexpected failure", cause);
        return new Problem(Problem.typeOf("internal_error"), "Internal error", 500,
                "The order could not be processed; it can be retried", "internal_error", List.of(), null);
    }

    /**
     * The database can't serve now (down, restarting, unreachable, too slow): 503 {@code unavailable}
     * with {@code Retry-After}, and one log line per kind of failure ({@link DatabaseFailures}).
     */
    private static ProblemException databaseUnavailable(Throwable e) {
        DatabaseFailures.log(LOG, "Database unavailable: requests are answered 503", e);
        return ProblemException.unavailable("The database is unavailable; retry after the time in Retry-After, "
                + "with the same Idempotency-Key", DATABASE_RETRY_AFTER_SECONDS);
    }

    /** Seconds a client is asked to wait while the database is unavailable (a restart takes a few). */
    static final long DATABASE_RETRY_AFTER_SECONDS = 1;

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static Problem jsonProblem(JsonProcessingException e) {
        if (e instanceof TypeErrors.Collected collected) {
            return ProblemException.validation(collected.allErrors()).toProblem();
        }
        String field = e instanceof JsonMappingException mapping ? fieldPath(mapping) : "";
        String message = e instanceof MismatchedInputException mismatch ? expected(mismatch) : malformed(e);
        List<FieldError> errors = List.of(new FieldError(field.isEmpty() ? "body" : field, message));
        return ProblemException.validation(errors).toProblem();
    }

    /** What was wrong with a value: one of this service's own messages, else what its type looks like. */
    static String expected(MismatchedInputException e) {
        String original = e.getOriginalMessage();
        if (original != null) {
            for (String own : JsonConfig.OWN_MESSAGES) {
                if (original.endsWith(own)) {
                    return own;
                }
            }
        }
        return expected(e.getTargetType());
    }

    private static String malformed(JsonProcessingException e) {
        String original = e.getOriginalMessage();
        return original != null && original.startsWith("Duplicate field")
                ? "repeats a key: " + original.substring("Duplicate field".length()).trim()
                : "is not well-formed JSON";
    }

    /** What a value of the target type looks like on the wire, rather than Jackson's words for Java types. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "must be an integer";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == Instant.class) {
            return "must be epoch seconds, epoch milliseconds or an ISO-8601 instant";
        }
        if (type == Duration.class) {
            return "must be an ISO-8601 duration such as PT1H or a whole number of seconds";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        return "must be an object";
    }

    /** Renders Jackson's reference chain as {@code lineItems[2].plan.purchasePrice}. */
    static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "validation_failed";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 412 -> "precondition_failed";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
    }

    private static String titleFor(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "Error";
    }

    private static String detailFor(int status, WebApplicationException e) {
        return switch (status) {
            case 404 -> "No such resource";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "This resource only produces application/json";
            case 415 -> "Send the body as application/json";
            default -> e.getMessage();
        };
    }
}
