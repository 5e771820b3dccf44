package io.protection.orders.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque keyset cursors: the id of the last item of a page. Ids are time-ordered and never change,
 * so a walk through the pages returns every item that existed when it began exactly once.
 */
public final class Cursor {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private Cursor() {
    }

    public static String encode(UUID lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The id a cursor stands for; null for no cursor; a 400 for one this service did not write. */
    public static UUID decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            UUID id = Ids.parseOrNull(new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8));
            if (id != null) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ProblemException.validation("cursor", "is not a cursor returned by this API");
    }

    /** Parses {@code limit}: 1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}. */
    public static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.validation("limit", "must be an integer from 1 to " + MAX_LIMIT);
    }
}
