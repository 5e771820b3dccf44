package io.protection.orders.common;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the service behaves when the database or the load misbehaves: every wait on the database is
 * bounded, and so is the work one replica takes on at once (environment: {@code PROTECTION_*}).
 */
@ConfigMapping(prefix = "protection")
public interface ResilienceConfig {

    /** How long opening a database connection may take. */
    @WithDefault("2s")
    Duration dbConnectTimeout();

    /** How long a request waits for a pooled database connection before it is answered 503. */
    @WithDefault("2s")
    Duration dbAcquireTimeout();

    /**
     * How long one statement may run (PostgreSQL's {@code statement_timeout}). A connection on which
     * nothing arrives for a second longer is closed, so that a stalled network fails the request
     * instead of hanging it.
     */
    @WithDefault("5s")
    Duration dbStatementTimeout();

    /**
     * How many times the service retries reaching the database at start (1 s, 2 s, 4 s, then every
     * 5 s: 8 retries wait about 32 s) before it exits with a message that says so.
     */
    @WithDefault("8")
    int dbStartupRetries();

    /**
     * How long an API request may take before it is answered 503 {@code unavailable} with
     * {@code Retry-After}: the bound a client can count on when the network to the database stalls and
     * no timeout of the database's can fire. Its work may still complete; a retry with the same
     * {@code Idempotency-Key} answers what it came to.
     */
    @WithDefault("30s")
    Duration requestTimeout();

    /**
     * API requests one replica works on at once; more are answered 503 {@code unavailable} at once. With
     * the default pool of 20 connections, 32 keeps every connection busy with a short queue behind them;
     * at 64 the queue alone outlasted a second on a slow machine (faults/: overload).
     */
    @WithDefault("32")
    int maxInFlight();
}
