package io.protection.orders.common;

import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

/** Collects every bad field of a request, so that one 400 lists them all. */
public final class Violations {

    /** A problem lists at most this many fields: enough to fix a request, bounded for a hostile one. */
    public static final int MAX_ERRORS = 100;

    private final List<FieldError> errors = new ArrayList<>();

    public Violations add(String field, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new FieldError(field, message));
        }
        return this;
    }

    /** Records {@code message} for {@code field} unless {@code ok}; returns {@code ok}. */
    public boolean check(boolean ok, String field, String message) {
        if (!ok) {
            add(field, message);
        }
        return ok;
    }

    public boolean required(Object value, String field) {
        boolean present = value != null && !(value instanceof String s && s.isBlank());
        return check(present, field, "is required");
    }

    public void text(String value, String field, int maxLength) {
        check(value == null || value.length() <= maxLength, field, "must be at most " + maxLength + " characters");
    }

    public void nonNegative(Long value, String field) {
        check(value == null || value >= 0, field, "must not be negative");
    }

    /** Checks an ISO-4217 code (any case) and returns it upper case, or null when it is not one. */
    public String currency(String value, String field) {
        if (!required(value, field)) {
            return null;
        }
        String upper = value.trim().toUpperCase(Locale.ROOT);
        if (upper.matches("[A-Z]{3}")) {
            try {
                Currency.getInstance(upper);
                return upper;
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        add(field, "is not an ISO-4217 currency code");
        return null;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
    }
}
