package io.protection.orders.common.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * The start without a database, in one line. Flyway migrates before the service starts; when the
 * database can't be reached it retries ({@code PROTECTION_DB_STARTUP_RETRIES}, about 30 s), and then
 * Quarkus logs "Failed to start application" with a stack trace of some 60 frames and exits with
 * status 1. This filter turns that record into the line an operator needs, without the trace:
 *
 * <pre>
 * The database can't be reached (Connection to db.internal:5432 refused): the service waited for it and exits. Start it
 * again once PostgreSQL accepts connections; check DB_URL, DB_USER and DB_PASSWORD.
 * </pre>
 *
 * Every other record passes unchanged. The service does not start without its schema: it exits, and
 * the platform (Kubernetes, systemd) starts it again with its back-off.
 */
@LoggingFilter(name = "startup-failure")
public final class StartupFailureFilter implements Filter {

    static final String STARTUP_LOGGER = "io.quarkus.runtime.Application";

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getThrown() != null && STARTUP_LOGGER.equals(record.getLoggerName())) {
            String reason = unreachable(record.getThrown());
            if (reason != null) {
                record.setThrown(null);
                record.setParameters(null);
                record.setMessage("The database can't be reached (" + reason + "): the service waited for it and exits. "
                        + "Start it again once PostgreSQL accepts connections; check DB_URL, DB_USER and DB_PASSWORD.");
            }
        }
        return true;
    }

    /** Why the database could not be reached, in the driver's first sentence, or null when that is not the failure. */
    static String unreachable(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        String reason = null;
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            boolean connection = t instanceof ConnectException
                    || (t instanceof SQLException sql && sql.getSQLState() != null
                            && (sql.getSQLState().startsWith("08") || sql.getSQLState().equals("57P03")))
                    || t.getClass().getSimpleName().equals("FlywaySqlUnableToConnectToDbException");
            if (connection && t.getMessage() != null) {
                reason = firstSentence(t.getMessage());
            }
        }
        return reason;
    }

    private static String firstSentence(String message) {
        String line = message.lines().findFirst().orElse(message).trim();
        int end = line.indexOf(". ");
        line = end > 0 ? line.substring(0, end) : line;
        line = line.replace("Unable to obtain connection from database: ", "");
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }
}
