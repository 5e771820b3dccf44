package io.protection.orders.common;

import java.net.ConnectException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Tells a database that can't serve right now (down, restarting, unreachable, too slow) from a bug,
 * and keeps the log of an outage short. The first kind is answered 503 {@code unavailable} with
 * {@code Retry-After} and logged as one WARN line per failure class every
 * {@value #QUIET_SECONDS} seconds, with how many more happened meanwhile:
 *
 * <pre>
 * Database unavailable (connection refused): answered 503; 1841 more since the last line
 * </pre>
 *
 * A stack trace would say nothing more, and thousands of them would bury the line that matters.
 * Anything else is logged at ERROR with its stack trace, as before.
 */
public final class DatabaseFailures {

    static final long QUIET_SECONDS = 30;

    /** SQLSTATEs of a server that can't serve now: shutting down, starting, out of connections, a statement timed out. */
    private static final Map<String, String> SQL_STATES = Map.of(
            "57P01", "the database is shutting down", "57P02", "the database crashed", "57P03", "the database is starting up",
            "53300", "the database has no connection left", "57014", "a statement timed out");

    private static final Map<String, Window> WINDOWS = new ConcurrentHashMap<>();

    private record Window(AtomicLong lastLoggedNanos, AtomicLong suppressed) {
    }

    private DatabaseFailures() {
    }

    /** The failure class when {@code failure} (or a cause) is the database being unavailable, else null. */
    public static String classify(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof ConnectException) {
                String message = String.valueOf(t.getMessage()).toLowerCase();
                return message.contains("timed out") ? "connect timeout" : "connection refused";
            }
            if (t instanceof ClosedConnectionException) {
                return "connection lost";
            }
            if (t instanceof ConnectionPoolTooBusyException) {
                return "connection pool full";
            }
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                if (SQL_STATES.containsKey(state)) {
                    return SQL_STATES.get(state);
                }
                if (state.startsWith("08")) {
                    return "connection failure " + state;
                }
            }
            String message = t.getMessage();
            String type = t.getClass().getName();
            if (message != null && (type.startsWith("io.vertx.") || type.startsWith("io.netty.")
                    || t instanceof java.io.IOException)) {
                // Vert.x's own failures carry no type of their own, only these messages; a write into a
                // connection the server reset is the JDK's plain IOException ("Connection reset by peer").
                if (message.startsWith("Timeout waiting for connection") || message.equals("Timeout")) {
                    return "no connection within the acquisition timeout";
                }
                if (message.contains("Connection closed") || message.contains("connection may have been lost")
                        || message.startsWith("Connection is not active")
                        || message.contains("Connection reset") || message.contains("Broken pipe")
                        || message.contains("Pool closed")) {
                    return "connection lost";
                }
            }
        }
        return null;
    }

    public static boolean isUnavailable(Throwable failure) {
        return classify(failure) != null;
    }

    /**
     * Logs a failure of {@code what}: a database failure as one line per class every
     * {@value #QUIET_SECONDS} seconds, anything else at ERROR with its stack trace.
     */
    public static void log(Logger log, String what, Throwable failure) {
        log(log, Logger.Level.ERROR, what, failure);
    }

    /**
     * Logs {@code what (kind)} as one WARN line every {@value #QUIET_SECONDS} seconds for each logger,
     * {@code what} and {@code kind}, with how many more happened in between.
     */
    public static void quietly(Logger log, String what, String kind) {
        Window window = WINDOWS.computeIfAbsent(log.getName() + "|" + what + "|" + kind,
                k -> new Window(new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(QUIET_SECONDS)), new AtomicLong()));
        long now = System.nanoTime();
        long last = window.lastLoggedNanos().get();
        if (now - last >= TimeUnit.SECONDS.toNanos(QUIET_SECONDS) && window.lastLoggedNanos().compareAndSet(last, now)) {
            long more = window.suppressed().getAndSet(0);
            log.warnf("%s (%s)%s", what, kind, more > 0 ? "; " + more + " more since the last line" : "");
        } else {
            window.suppressed().incrementAndGet();
        }
    }

    /** {@link #log(Logger, String, Throwable)}, with the level of a failure that is not the database's. */
    public static void log(Logger log, Logger.Level otherwise, String what, Throwable failure) {
        String kind = classify(failure);
        if (kind == null) {
            log.log(otherwise, what, failure);
            return;
        }
        quietly(log, what, kind);
    }
}
