package io.protection.orders.release;

import io.protection.orders.order.OrderRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.protection.orders.common.DatabaseFailures;
import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.order.service.OrderLifecycle;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Releases orders whose wait period has ended, every {@code PROTECTION_RELEASE_EVERY}. Each batch
 * is one transaction that claims its orders with {@code FOR UPDATE SKIP LOCKED}, so any number of
 * replicas can run it at once. A batch that fails rolls back whole; its orders are then released one
 * at a time, so that an order that can't be released holds back no other: it is tried again later and
 * set aside after {@code PROTECTION_RELEASE_MAX_ATTEMPTS} tries ({@link ReleaseFailureRepository}). Exports
 * {@code protection_release_lag_seconds} (the age of the oldest order that is due and still pending but
 * not set aside, as seen at the end of the last run), {@code protection_release_failures_total} and
 * {@code protection_release_set_aside} (the orders set aside now).
 */
@ApplicationScoped
public class ReleaseJob {

    private static final Logger LOG = Logger.getLogger(ReleaseJob.class);

    @Inject
    OrderLifecycle lifecycle;

    @Inject
    OrderRepository orders;

    @Inject
    ProtectionConfig config;

    @Inject
    Clock clock;

    @Inject
    ReleaseFailureRepository failures;

    @Inject
    Vertx vertx;

    /** With the delay and the requests' timeout, within the platform's 30 s grace (docker/k8s). */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

    private final AtomicLong lagSeconds = new AtomicLong();
    private final AtomicLong setAside = new AtomicLong();
    private final AtomicReference<CompletableFuture<Void>> idle = new AtomicReference<>(
            CompletableFuture.completedFuture(null));
    private volatile boolean stopping;
    private final Counter released;
    private final Counter failed;

    @Inject
    public ReleaseJob(MeterRegistry registry) {
        Gauge.builder("protection.release.lag.seconds", lagSeconds, AtomicLong::get)
                .description("Age of the oldest order whose wait period has ended but is still pending")
                .register(registry);
        released = Counter.builder("protection.orders.released").register(registry);
        failed = Counter.builder("protection.release.failures")
                .description("Failed releases of one order (each is retried, up to the last try)").register(registry);
        Gauge.builder("protection.release.set.aside", setAside, AtomicLong::get)
                .description("Pending orders set aside after their last failed release").register(registry);
    }

    @Scheduled(every = "${protection.release-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> run() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        idle.set(new CompletableFuture<>());
        return drainInLanes().invoke(count -> {
            if (count > 0) {
                LOG.debugf("Released %d orders", count);
            }
        }).chain(this::measureLag).eventually(() -> idle.get().complete(null));
    }

    /**
     * Runs {@code PROTECTION_RELEASE_LANES} drains at once, each on a Vert.x context of its own (so
     * each has its own session and connection) on this event loop: while one lane's batch waits for the
     * database, another's is built. They share the run's batch budget, and {@code FOR UPDATE SKIP
     * LOCKED} gives them disjoint orders, as it does replicas.
     */
    private Uni<Integer> drainInLanes() {
        AtomicInteger budget = new AtomicInteger(config.releaseMaxBatches());
        Context here = vertx.getOrCreateContext();
        List<Uni<Integer>> lanes = new ArrayList<>();
        for (int i = 0; i < config.releaseLanes(); i++) {
            Context lane = VertxContext.createNewDuplicatedContext(here);
            VertxContextSafetyToggle.setContextSafe(lane, true);
            lanes.add(Uni.createFrom().deferred(() -> drain(budget))
                    .runSubscriptionOn(task -> lane.runOnContext(ignored -> task.run())));
        }
        return Uni.join().all(lanes).andCollectFailures().map(counts -> counts.stream().mapToInt(Integer::intValue).sum())
                .onFailure(CompositeException.class).transform(failure -> ((CompositeException) failure).getCauses().get(0));
    }

    /**
     * Releases batch after batch until one comes back short, the run's batch budget is spent, or the
     * service is stopping.
     */
    private Uni<Integer> drain(AtomicInteger budget) {
        if (stopping || budget.getAndDecrement() <= 0) {
            return Uni.createFrom().item(0);
        }
        int size = config.releaseBatchSize();
        // The database itself failing is no order's fault: the run fails (logged quietly) and the next one retries.
        return lifecycle.releaseDue(size).onFailure(failure -> !DatabaseFailures.isUnavailable(failure))
                .recoverWithUni(failure -> releaseEach(size, failure))
                .invoke(count -> released.increment(count))
                .chain(count -> count < size ? Uni.createFrom().item(count) : drain(budget).map(more -> count + more));
    }

    /** After a batch failed and rolled back: its orders one by one, noting those that fail. */
    private Uni<Integer> releaseEach(int size, Throwable batchFailure) {
        LOG.warnf("A release batch failed (%s); releasing its orders one at a time", summary(batchFailure));
        return failures.due(clock.instant(), size).chain(ids -> releaseEach(ids.iterator(), 0));
    }

    private Uni<Integer> releaseEach(Iterator<UUID> ids, int done) {
        if (!ids.hasNext() || stopping) {
            return Uni.createFrom().item(done);
        }
        UUID id = ids.next();
        return lifecycle.releaseOne(id)
                .onFailure(failure -> !DatabaseFailures.isUnavailable(failure))
                .recoverWithUni(failure -> noteFailure(id, failure).replaceWith(0))
                .chain(count -> releaseEach(ids, done + count));
    }

    private Uni<Boolean> noteFailure(UUID orderId, Throwable failure) {
        String error = summary(failure);
        failed.increment();
        return failures.record(orderId, error, clock.instant(), config.releaseMaxAttempts(), config.releaseRetryDelay())
                .invoke(asideNow -> {
                    if (asideNow) {
                        LOG.errorf("Order %s is set aside after %d failed releases; last error: %s", orderId,
                                config.releaseMaxAttempts(), error);
                    } else {
                        LOG.warnf("Order %s could not be released; it is tried again later: %s", orderId, error);
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "The failed release of order %s could not be noted", orderId);
                    return false;
                });
    }

    private static String summary(Throwable failure) {
        Throwable cause = failure instanceof CompositeException composite ? composite.getCause() : failure;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** When the shutdown begins (readiness goes down): start no new batch from now on. */
    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        stopping = true;
    }

    /** On shutdown: start no new batch, and let the running one commit (a batch is one transaction). */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        try {
            idle.get().get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("The release batch did not finish before shutdown; its transaction rolls back");
        }
    }

    private Uni<Void> measureLag(int ignored) {
        Instant now = clock.instant();
        return Panache.withSession(() -> orders.oldestDue(now))
                .invoke(oldest -> lagSeconds.set(oldest == null ? 0 : Duration.between(oldest, now).toSeconds()))
                .chain(() -> failures.setAside()).invoke(setAside::set)
                .replaceWithVoid();
    }

    public long lagSeconds() {
        return lagSeconds.get();
    }
}
