package io.protection.orders.common.db;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.protection.orders.common.DatabaseFailures;
import io.protection.orders.common.ResilienceConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * Readiness follows the database: {@code select 1} within {@value #TIMEOUT_SECONDS} s, on a connection of
 * its own (a pool of one). Not through the request pool, so that a busy pool (overload) doesn't make
 * the replica look down. Replaces Quarkus's datasource check, which logs a stack trace at every probe
 * while the database is down; this one logs one line when readiness changes:
 *
 * <pre>
 * GET /q/health/ready → 503 {"status":"DOWN","checks":[{"name":"Database","status":"DOWN","data":{"reason":"connection refused"}}]}
 * </pre>
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    static final long TIMEOUT_SECONDS = 2;
    private static final Logger LOG = Logger.getLogger(DatabaseReadiness.class);

    @Inject
    Vertx vertx;

    @Inject
    ResilienceConfig config;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private volatile PgPool pool;
    private volatile Boolean lastUp;

    @Override
    public Uni<HealthCheckResponse> call() {
        return ping().onFailure(e -> "connection lost".equals(DatabaseFailures.classify(e))).retry().atMost(1)
                .map(ok -> changed(true, null))
                .onFailure().recoverWithItem(e -> changed(false, e));
    }

    /** One query; a connection kept from before a restart of the database is lost at once, hence the one retry above. */
    private Uni<Boolean> ping() {
        return pool().withConnection(c -> c.query("select 1").execute()).map(rows -> true)
                .ifNoItem().after(Duration.ofSeconds(TIMEOUT_SECONDS))
                .failWith(() -> new TimeoutException("no answer within " + TIMEOUT_SECONDS + " s"));
    }

    /**
     * The pool is made at start, on no Vert.x context: made during a probe, it would belong to the HTTP
     * server's context and be closed with it, waiting on any connection attempt still under way.
     */
    void open(@Observes StartupEvent started) {
        pool();
    }

    private PgPool pool() {
        PgPool current = pool;
        if (current == null) {
            synchronized (this) {
                if (pool == null) {
                    int timeout = (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS);
                    PgConnectOptions options = PgConnectOptions.fromUri(url.split(",")[0].trim())
                            .setConnectTimeout((int) Math.min(timeout, config.dbConnectTimeout().toMillis()));
                    // A connection that stalls is closed, or a stalled probe would hold the only connection for good.
                    options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setReadIdleTimeout(timeout + 1000);
                    user.ifPresent(options::setUser);
                    password.ifPresent(options::setPassword);
                    pool = PgPool.pool(vertx, options, new PoolOptions().setMaxSize(1).setName("readiness")
                            .setConnectionTimeout(timeout).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS));
                }
                current = pool;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (pool != null) {
            pool.closeAndForget();
        }
    }

    private HealthCheckResponse changed(boolean up, Throwable failure) {
        String reason = failure == null ? null : describe(failure);
        if (up && Boolean.FALSE.equals(lastUp)) {
            LOG.info("The database answers again: ready");
        } else if (!up && !Boolean.FALSE.equals(lastUp)) {
            LOG.warnf("The database does not answer (%s): not ready", reason);
        }
        lastUp = up;
        return up ? HealthCheckResponse.named("Database").up().build()
                : HealthCheckResponse.named("Database").down().withData("reason", reason).build();
    }

    private static String describe(Throwable failure) {
        String kind = DatabaseFailures.classify(failure);
        return kind != null ? kind : failure.getMessage();
    }
}
