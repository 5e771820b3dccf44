package io.protection.orders.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/** Which failures are the database being unavailable (503), whatever wraps them, and which are bugs (500). */
class DatabaseFailuresTest {

    @Test
    void theDatabaseBeingDownRestartingOrSlowIsUnavailable() {
        assertEquals("connection refused", DatabaseFailures.classify(new HibernateException(
                new CompletionException(new ConnectException("Connection refused: /127.0.0.1:5432")))));
        assertEquals("connection lost", DatabaseFailures.classify(new CompletionException(ClosedConnectionException.INSTANCE)));
        assertEquals("the database is shutting down", DatabaseFailures.classify(
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)));
        assertEquals("the database is starting up", DatabaseFailures.classify(
                new PgException("the database system is starting up", "FATAL", "57P03", null)));
        assertEquals("a statement timed out", DatabaseFailures.classify(
                new PgException("canceling statement due to statement timeout", "ERROR", "57014", null)));
        assertEquals("connection failure 08006", DatabaseFailures.classify(new PgException("x", "FATAL", "08006", null)));
        assertEquals("connection lost", DatabaseFailures.classify(new CompletionException(
                new io.vertx.core.impl.NoStackTraceThrowable("Connection is not active now, current status: CLOSED"))));
        assertEquals("no connection within the acquisition timeout", DatabaseFailures.classify(
                new io.vertx.core.impl.NoStackTraceThrowable("Timeout")));
        // Netty writing a query into a connection the crashing server had just reset.
        assertEquals("connection lost", DatabaseFailures.classify(new CompletionException(
                new java.io.IOException("Connection reset by peer"))));
        assertEquals("connection lost", DatabaseFailures.classify(new java.io.IOException("Broken pipe")));
    }

    @Test
    void bugsAndRefusedDataAreNot() {
        assertNull(DatabaseFailures.classify(new IllegalStateException("Timeout")));
        assertNull(DatabaseFailures.classify(new PgException("duplicate key value", "ERROR", "23505", null)));
        assertNull(DatabaseFailures.classify(new HibernateException("HR000056: lazy load")));
        assertNull(DatabaseFailures.classify(new java.io.IOException("No space left on device")));
    }
}
