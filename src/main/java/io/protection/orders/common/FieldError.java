package io.protection.orders.common;

/** One bad field of a request, as listed in a {@code validation_failed} problem. */
public record FieldError(String field, String message) {
}
