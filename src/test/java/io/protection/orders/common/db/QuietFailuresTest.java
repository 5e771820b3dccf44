package io.protection.orders.common.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Only the pool's late acquisition timer (vertx-sql-client#1706) is dropped from the unhandled exceptions. */
class QuietFailuresTest {

    private static IllegalStateException thrownAt(String className, String message) {
        IllegalStateException e = new IllegalStateException(message);
        e.setStackTrace(new StackTraceElement[] { new StackTraceElement("io.vertx.core.Promise", "fail", null, 90),
                new StackTraceElement(className, "lambda$execute$3", null, 216) });
        return e;
    }

    @Test
    void thePoolTimerFailingACompletedPromiseIsRecognised() {
        assertTrue(QuietFailures.isPoolTimerBug(thrownAt("io.vertx.sqlclient.impl.pool.SqlConnectionPool",
                "Result is already complete")));
    }

    @Test
    void anythingElseIsNot() {
        assertFalse(QuietFailures.isPoolTimerBug(thrownAt("io.protection.orders.Something", "Result is already complete")));
        assertFalse(QuietFailures.isPoolTimerBug(thrownAt("io.vertx.sqlclient.impl.pool.SqlConnectionPool", "Other")));
        assertFalse(QuietFailures.isPoolTimerBug(new IllegalArgumentException("Result is already complete")));
    }
}
