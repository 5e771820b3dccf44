package io.protection.orders.common.db;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.protection.orders.common.ResilienceConfig;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * Bounds every wait on the database of the reactive pool (Quarkus has no settings for these): opening
 * a connection ({@code PROTECTION_DB_CONNECT_TIMEOUT}), waiting for a pooled one
 * ({@code PROTECTION_DB_ACQUIRE_TIMEOUT}), and one statement ({@code PROTECTION_DB_STATEMENT_TIMEOUT},
 * PostgreSQL's {@code statement_timeout}). A statement the server cancels fails cleanly; a connection
 * on which nothing at all arrives for five seconds longer (the network stalled, the server is gone
 * without a word) is closed, which fails what was waiting on it. Without these a request waits for TCP
 * to give up, which takes minutes, while the pool's waiters queue behind it.
 *
 * <p>That read-idle close also fires on a connection resting in the pool, and when it fired just as a
 * request (or a job) took the connection, the request failed "connection lost" (503) on a healthy
 * database. So the pool retires a connection idle for a statement timeout itself, seconds before
 * the read-idle close could.
 */
@ApplicationScoped
public class DatabaseTimeouts implements PgPoolCreator {

    /** The longest statement text whose preparation each connection keeps (characters). */
    static final int PREPARED_STATEMENT_SQL_LIMIT = 32 * 1024;

    @Inject
    ResilienceConfig config;

    @Override
    public Pool create(Input input) {
        long statement = config.dbStatementTimeout().toMillis();
        PoolOptions pool = input.poolOptions()
                .setConnectionTimeout((int) config.dbAcquireTimeout().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                .setIdleTimeout((int) statement).setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setPoolCleanerPeriod(1000);
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            options.setConnectTimeout((int) config.dbConnectTimeout().toMillis());
            options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setReadIdleTimeout((int) (statement + 5000));
            options.addProperty("statement_timeout", String.valueOf(statement));
            // A change's writes go as one statement of a few KB (Writes): above the driver's default limit of
            // 2 KB, a statement is prepared again on every execution.
            options.setPreparedStatementCacheSqlLimit(PREPARED_STATEMENT_SQL_LIMIT);
        }
        return PgPool.pool(input.vertx(), input.pgConnectOptionsList(), pool);
    }
}
