package io.protection.orders.common;

import java.util.UUID;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * Identifiers. Time-ordered UUIDs (version 7) keep B-tree inserts local and give search results a
 * stable keyset order.
 */
public final class Ids {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private Ids() {
    }

    public static UUID next() {
        return GENERATOR.generate();
    }

    /** Parses an id from a path or body; anything that isn't a UUID can't name a row. */
    public static UUID parseOrNull(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Parses an id from a path; an id that can't exist is simply not found. */
    public static UUID pathId(String value, String what) {
        UUID id = parseOrNull(value);
        if (id == null) {
            throw ProblemException.notFound(what + " " + value);
        }
        return id;
    }
}
