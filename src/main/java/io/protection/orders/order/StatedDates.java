package io.protection.orders.order;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.protection.orders.common.ProblemException;

/**
 * Dates the merchant states (domain rule 10): when something happened in the shop. Pure.
 * <ul>
 * <li>A fulfillment date is recorded as stated: never in the future, never before the order was placed
 * (when the merchant said when that was). The contract term and the refund window start there.</li>
 * <li>A refund or cancellation date is judged at the stated instant, but no earlier than the store's
 * reporting tolerance before the service received it; only historical imports are judged at whatever
 * date they state.</li>
 * <li>A date in the future is malformed. Clocks drift: up to {@link #CLOCK_SKEW} ahead counts as now.</li>
 * </ul>
 */
public final class StatedDates {

    /** How far ahead of the service's clock a stated instant may lie and still count as now. */
    public static final Duration CLOCK_SKEW = OrderValidator.CLOCK_SKEW;

    private StatedDates() {
    }

    /** Whether a stated instant lies in the future, beyond clock drift. */
    public static boolean inFuture(Instant stated, Instant now) {
        return stated != null && stated.isAfter(now.plus(CLOCK_SKEW));
    }

    /**
     * The fulfillment instant to record: {@code stated} (default now; within clock drift ahead, now).
     *
     * @param placedAt when the merchant says the order was placed, or null when it didn't say
     * @param field the stated date's field, for the problem
     * @throws ProblemException {@code validation_failed} when it lies in the future or before {@code placedAt}
     */
    public static Instant fulfillment(Instant stated, Instant placedAt, Instant now, String field) {
        if (stated == null) {
            return now;
        }
        if (inFuture(stated, now)) {
            throw ProblemException.validation(field, "must not be in the future");
        }
        if (placedAt != null && stated.isBefore(placedAt)) {
            throw ProblemException.validation(field, "must not be before the order was placed (" + placedAt + ")");
        }
        Instant at = stated.isAfter(now) ? now : stated;
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The instant a reported refund or cancellation is judged at: the stated one (default: when it was
     * received), but no earlier than {@code tolerance} before {@code receivedAt}, unless the report is
     * a historical import.
     */
    public static Instant judged(Instant stated, Instant receivedAt, Duration tolerance, boolean historical) {
        if (stated == null) {
            return receivedAt;
        }
        Instant at = stated.isAfter(receivedAt) ? receivedAt : stated;
        Instant earliest = receivedAt.minus(tolerance);
        if (!historical && at.isBefore(earliest)) {
            at = earliest;
        }
        return at.truncatedTo(ChronoUnit.MICROS);
    }
}
