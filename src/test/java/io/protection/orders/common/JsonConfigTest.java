package io.protection.orders.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class JsonConfigTest {

    @Test
    void epochSecondsAndMillisAreToldApartByMagnitude() {
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), JsonConfig.parseInstant("1767225600"));
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), JsonConfig.parseInstant("1767225600000"));
        assertEquals(Instant.parse("2026-01-01T00:00:00.123Z"), JsonConfig.parseInstant("1767225600123"));
        assertEquals(Instant.ofEpochSecond(99_999_999_999L), JsonConfig.fromEpoch(99_999_999_999L));
        assertEquals(Instant.ofEpochMilli(100_000_000_000L), JsonConfig.fromEpoch(100_000_000_000L));
    }

    @Test
    void isoInstantsWithOffsetsAndPlainDates() {
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), JsonConfig.parseInstant("2026-01-01T01:00:00+01:00"));
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), JsonConfig.parseInstant("2026-01-01"));
        assertNull(JsonConfig.parseInstant("yesterday"));
        assertNull(JsonConfig.parseInstant("2026-13-01"));
    }

    @Test
    void durationsAreIsoOrSeconds() {
        assertEquals(Duration.ofHours(2), JsonConfig.parseDuration("PT2H"));
        assertEquals(Duration.ofDays(14), JsonConfig.parseDuration("P14D"));
        assertEquals(Duration.ofSeconds(3600), JsonConfig.parseDuration("3600"));
        assertNull(JsonConfig.parseDuration("-PT1H"));
        assertNull(JsonConfig.parseDuration("two hours"));
        assertEquals("P14D", JsonConfig.formatDuration(Duration.ofDays(14)));
        assertEquals("PT0S", JsonConfig.formatDuration(Duration.ZERO));
        assertEquals("PT1H30M", JsonConfig.formatDuration(Duration.ofMinutes(90)));
    }
}
