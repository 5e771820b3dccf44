package io.protection.orders.common;

import java.util.List;
import java.util.UUID;

/**
 * A failure that the caller can act on, answered as an RFC 9457 problem. Services throw it; the
 * exception mappers turn it into the response.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final List<FieldError> errors;
    private final UUID orderId;
    private Long retryAfterSeconds;

    public ProblemException(int status, String code, String title, String detail, List<FieldError> errors,
            UUID orderId) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.orderId = orderId;
    }

    public static ProblemException validation(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ProblemException(400, "validation_failed", "Invalid request", detail, errors, null);
    }

    public static ProblemException validation(String field, String message) {
        return validation(List.of(new FieldError(field, message)));
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "validation_failed", "Invalid request", detail, List.of(), null);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthorized", "Unauthorized", detail, List.of(), null);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail, List.of(), null);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not_found", "Not found", what + " not found", List.of(), null);
    }

    /** 413 {@code payload_too_large}: a body over the operation's limit. */
    public static ProblemException payloadTooLarge(String detail) {
        return new ProblemException(413, "payload_too_large", "Payload too large", detail, List.of(), null);
    }

    /** 414 {@code uri_too_long}: a request target over the service's limit. */
    public static ProblemException uriTooLong(String detail) {
        return new ProblemException(414, "uri_too_long", "URI too long", detail, List.of(), null);
    }

    /** 429 {@code rate_limited}, with the seconds to wait for {@code Retry-After}. */
    public static ProblemException rateLimited(String detail, long retryAfterSeconds) {
        ProblemException e = new ProblemException(429, "rate_limited", "Too many requests", detail, List.of(), null);
        e.retryAfterSeconds = retryAfterSeconds;
        return e;
    }

    /**
     * 503 {@code unavailable}, with the seconds to wait for {@code Retry-After}: the database can't
     * serve now, or the service is at its limit. The request may or may not have been applied; a retry
     * with the same {@code Idempotency-Key} answers what it came to.
     */
    public static ProblemException unavailable(String detail, long retryAfterSeconds) {
        ProblemException e = new ProblemException(503, "unavailable", "Service unavailable", detail, List.of(), null);
        e.retryAfterSeconds = retryAfterSeconds;
        return e;
    }

    /** Seconds for a {@code Retry-After} header, or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(409, code, "Conflict", detail, List.of(), null);
    }

    public static ProblemException duplicateTransaction(String transactionId, UUID orderId) {
        return new ProblemException(409, "duplicate_transaction", "Duplicate transaction",
                "transactionId " + transactionId + " already belongs to order " + orderId, List.of(), orderId);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Problem toProblem() {
        return new Problem(Problem.typeOf(code), title, status, getMessage(), code, errors, orderId);
    }
}
