package io.protection.orders.common;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one source of "now", so that time-dependent rules can be tested with a fixed clock. */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        // PostgreSQL keeps microseconds: a response must show the instant that a later read returns.
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
