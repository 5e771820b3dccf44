package io.protection.orders.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

/** The start without a database is one line without a stack trace; every other record passes as it was. */
class StartupFailureFilterTest {

    private final StartupFailureFilter filter = new StartupFailureFilter();

    private static LogRecord failedStart(Throwable cause) {
        LogRecord record = new LogRecord(Level.SEVERE, "Failed to start application");
        record.setLoggerName(StartupFailureFilter.STARTUP_LOGGER);
        record.setThrown(new RuntimeException("Failed to start quarkus", cause));
        return record;
    }

    @Test
    void anUnreachableDatabaseBecomesOneLine() {
        SQLException refused = new SQLException("Connection to db.internal:5432 refused. Check that the hostname and port "
                + "are correct and that the postmaster is accepting TCP/IP connections.", "08001");
        LogRecord record = failedStart(new IllegalStateException("Unable to obtain connection from database: "
                + refused.getMessage() + "\n----\nSQL State  : 08001", refused));
        assertTrue(filter.isLoggable(record));
        assertNull(record.getThrown());
        assertEquals("The database can't be reached (Connection to db.internal:5432 refused): the service waited for it "
                + "and exits. Start it again once PostgreSQL accepts connections; check DB_URL, DB_USER and DB_PASSWORD.",
                record.getMessage());
    }

    @Test
    void aDatabaseStillStartingUpCountsAsUnreachable() {
        LogRecord record = failedStart(new SQLException("FATAL: the database system is starting up", "57P03"));
        filter.isLoggable(record);
        assertTrue(record.getMessage().contains("(FATAL: the database system is starting up)"), record.getMessage());
    }

    @Test
    void anyOtherFailureKeepsItsStackTrace() {
        IllegalStateException bug = new IllegalStateException("Migration V8 failed");
        LogRecord record = failedStart(bug);
        assertTrue(filter.isLoggable(record));
        assertSame(bug, record.getThrown().getCause());
        assertEquals("Failed to start application", record.getMessage());

        LogRecord other = new LogRecord(Level.SEVERE, "Something else");
        other.setLoggerName("io.protection.orders");
        other.setThrown(new SQLException("refused", "08001"));
        filter.isLoggable(other);
        assertEquals("Something else", other.getMessage());
    }
}
