package io.protection.orders.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.protection.orders.common.ProblemException;

/** Domain rule 10, without I/O: what a stated date is recorded or judged as. */
class StatedDatesTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Instant PLACED = NOW.minus(Duration.ofDays(10));
    static final Duration TOLERANCE = Duration.ofHours(72);

    @Test
    void aFulfillmentIsRecordedAsStated() {
        Instant shipped = PLACED.plus(Duration.ofDays(1));
        assertEquals(shipped, StatedDates.fulfillment(shipped, PLACED, NOW, "fulfilledAt"));
        assertEquals(PLACED, StatedDates.fulfillment(PLACED, PLACED, NOW, "fulfilledAt"));
        assertEquals(NOW, StatedDates.fulfillment(null, PLACED, NOW, "fulfilledAt"));
        // Clock drift: a minute ahead is now.
        assertEquals(NOW, StatedDates.fulfillment(NOW.plusSeconds(60), PLACED, NOW, "fulfilledAt"));
        // Without a stated placement there is no lower bound.
        assertEquals(PLACED.minus(Duration.ofDays(5)),
                StatedDates.fulfillment(PLACED.minus(Duration.ofDays(5)), null, NOW, "fulfilledAt"));
    }

    @Test
    void aFulfillmentInTheFutureOrBeforeThePlacementIsMalformed() {
        ProblemException future = assertThrows(ProblemException.class,
                () -> StatedDates.fulfillment(NOW.plus(Duration.ofHours(1)), PLACED, NOW, "fulfilledAt"));
        assertEquals(400, future.toProblem().status());
        assertEquals("fulfilledAt", future.toProblem().errors().get(0).field());
        ProblemException early = assertThrows(ProblemException.class,
                () -> StatedDates.fulfillment(PLACED.minusSeconds(1), PLACED, NOW, "lineItems.tv.fulfilledAt"));
        assertEquals("lineItems.tv.fulfilledAt", early.toProblem().errors().get(0).field());
        assertTrue(StatedDates.inFuture(NOW.plus(Duration.ofMinutes(6)), NOW));
        assertFalse(StatedDates.inFuture(NOW.plus(Duration.ofMinutes(4)), NOW));
    }

    @Test
    void aReportedRefundIsJudgedNoEarlierThanTheToleranceBeforeItsReceipt() {
        Instant yesterday = NOW.minus(Duration.ofDays(1));
        assertEquals(yesterday, StatedDates.judged(yesterday, NOW, TOLERANCE, false));
        assertEquals(NOW.minus(TOLERANCE), StatedDates.judged(NOW.minus(Duration.ofDays(365)), NOW, TOLERANCE, false));
        assertEquals(NOW, StatedDates.judged(null, NOW, TOLERANCE, false));
        assertEquals(NOW, StatedDates.judged(NOW.plusSeconds(30), NOW, TOLERANCE, false));
        // A historical import is judged at whatever date it states.
        assertEquals(NOW.minus(Duration.ofDays(365)), StatedDates.judged(NOW.minus(Duration.ofDays(365)), NOW,
                TOLERANCE, true));
    }
}
