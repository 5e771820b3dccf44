package io.protection.orders.feed;

import java.time.Duration;
import java.time.Instant;

import io.protection.orders.order.StatedDates;

/**
 * When the service received a feed or an event, and what that means for the refund and cancellation
 * dates it states: they are judged no earlier than the store's reporting tolerance before
 * {@code receivedAt}, unless the feed is a historical import.
 */
public record Receipt(Instant receivedAt, Duration reportingTolerance, boolean historical) {

    /** The instant a stated refund or cancellation date is judged at. */
    public Instant judged(Instant stated) {
        return StatedDates.judged(stated, receivedAt, reportingTolerance, historical);
    }
}
