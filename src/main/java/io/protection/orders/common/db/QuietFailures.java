package io.protection.orders.common.db;

import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.protection.orders.common.DatabaseFailures;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.FailedExecution;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

/**
 * Keeps a database outage from flooding the log. Scheduled jobs (release, outbox, feed, purges) fail
 * every run while the database is down; Quarkus's scheduler would log each failure with its stack
 * trace, so its logger is off ({@code application.properties}) and the failures are logged here
 * through {@link DatabaseFailures}: one line per job and kind of failure every 30 s, anything else
 * with its stack trace.
 * <p>
 * Vert.x's SQL pool also fails a promise twice when a query on the pool itself ({@code
 * pool.preparedQuery(...)}) can't get a connection: once with the cause, and again when the
 * acquisition timer fires, which Vert.x reports as an unhandled {@code IllegalStateException:
 * Result is already complete} (eclipse-vertx/vertx-sql-client#1706; the caller has its answer by
 * then). Those are dropped; every other unhandled exception goes to Quarkus's handler.
 * <p>
 * A request whose client disconnects (or times out) is cancelled, and its session closed; work that
 * was already under way then fails with nobody to tell, and Mutiny logs each such failure with its
 * stack trace. Its transaction never commits. Those are logged here in one line per kind every 30 s;
 * any other failure with its stack trace, as before.
 */
public class QuietFailures {

    private static final Logger JOBS = Logger.getLogger("io.protection.orders.jobs");
    private static final Logger LOG = Logger.getLogger(QuietFailures.class);
    private static final Logger DROPPED = Logger.getLogger("io.protection.orders.dropped");

    /** Set once the service stops: a run that the closing pool cuts short is expected then, and not logged. */
    private static volatile boolean stopping;

    void stopping(@Observes ShutdownEvent event) {
        stopping = true;
    }

    void failed(@Observes FailedExecution failed) {
        String job = failed.getExecution().getTrigger().getMethodDescription();
        job = job != null ? job : failed.getExecution().getTrigger().getId();
        if (stopping) {
            // Its transaction did not commit; the next start runs it again.
            JOBS.debugf(failed.getException(), "Scheduled job %s stopped with the service", job);
            return;
        }
        DatabaseFailures.log(JOBS, "Scheduled job " + job + " failed; its next run retries", failed.getException());
    }

    void quietDropped(@Observes StartupEvent started) {
        Infrastructure.setDroppedExceptionHandler(failure -> {
            String kind = DatabaseFailures.classify(failure);
            String message = String.valueOf(failure.getMessage());
            if (kind == null && message.startsWith("No current Mutiny.Session found")) {
                kind = "its session was closed when it was cancelled";
            } else if (kind == null && message.startsWith("HR000090")) {
                kind = "its transaction was rolled back when it was cancelled";
            }
            if (kind != null) {
                DatabaseFailures.quietly(DROPPED, "A failure after its request had gone", kind);
            } else {
                DROPPED.warn("A failure after its request had gone (the client disconnected or timed out)", failure);
            }
        });
    }

    void filterUnhandled(@Observes StartupEvent started, Vertx vertx) {
        Handler<Throwable> quarkus = vertx.exceptionHandler();
        vertx.exceptionHandler(failure -> {
            if (isPoolTimerBug(failure)) {
                LOG.debug("A pool query's acquisition timer fired after its failure (vertx-sql-client#1706)");
            } else if (quarkus != null) {
                quarkus.handle(failure);
            } else {
                LOG.error("Uncaught exception received by Vert.x", failure);
            }
        });
    }

    static boolean isPoolTimerBug(Throwable failure) {
        if (!(failure instanceof IllegalStateException) || !"Result is already complete".equals(failure.getMessage())) {
            return false;
        }
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().startsWith("io.vertx.sqlclient.impl.pool.SqlConnectionPool")) {
                return true;
            }
        }
        return false;
    }
}
