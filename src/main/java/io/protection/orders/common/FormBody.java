package io.protection.orders.common;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * An {@code application/x-www-form-urlencoded} body, decoded by the resource that reads it as text. The
 * framework's own form decoding leaves a request with a malformed escape ({@code %zz}) without any
 * answer, and fails a field over its size limit outside the request; a body read as text is bounded by
 * the body limit like any other, and a malformed one is a 400.
 */
public final class FormBody {

    static final int MAX_FIELDS = 32;

    private final Map<String, List<String>> fields;

    private FormBody(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    /** @throws ProblemException 400 when the body is not a form */
    public static FormBody parse(String body) {
        try {
            return new FormBody(new QueryStringDecoder(body == null ? "" : body, StandardCharsets.UTF_8, false,
                    MAX_FIELDS).parameters());
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation("body", "is not a valid form (" + e.getMessage() + ")");
        }
    }

    /** The field's first value, or null. */
    public String get(String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
