package io.protection.orders.common;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem body. {@code code} is the stable machine-readable name of the problem;
 * {@code message} repeats {@code detail} (Extend's clients log {@code {code, message}});
 * {@code orderId} is only set for {@code duplicate_transaction}.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "type", "title", "status", "detail", "code", "message", "errors", "orderId" })
public record Problem(String type, String title, int status, String detail, String code,
        List<FieldError> errors, UUID orderId) {

    public String getMessage() {
        return detail;
    }

    public static final String MEDIA_TYPE = "application/problem+json";

    static String typeOf(String code) {
        return "/problems/" + code;
    }
}
