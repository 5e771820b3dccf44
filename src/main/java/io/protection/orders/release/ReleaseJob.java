package io.protection.orders.release;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.order.OrderLifecycle;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Releases orders whose wait period has ended, every {@code PROTECTION_RELEASE_EVERY}. Each batch
 * is one transaction that claims its orders with {@code FOR UPDATE SKIP LOCKED}, so any number of
 * replicas can run it at once. Exports {@code protection_release_lag_seconds}: the age of the oldest
 * order that is due and still pending, as seen at the end of the last run.
 */
@ApplicationScoped
public class ReleaseJob {

    private static final Logger LOG = Logger.getLogger(ReleaseJob.class);

    @Inject
    OrderLifecycle lifecycle;

    @Inject
    ProtectionConfig config;

    @Inject
    Clock clock;

    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(15);

    private final AtomicLong lagSeconds = new AtomicLong();
    private final AtomicReference<CompletableFuture<Void>> idle = new AtomicReference<>(
            CompletableFuture.completedFuture(null));
    private volatile boolean stopping;
    private final Counter released;

    @Inject
    public ReleaseJob(MeterRegistry registry) {
        Gauge.builder("protection.release.lag.seconds", lagSeconds, AtomicLong::get)
                .description("Age of the oldest order whose wait period has ended but is still pending")
                .register(registry);
        released = Counter.builder("protection.orders.released").register(registry);
    }

    @Scheduled(every = "${protection.release-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> run() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        idle.set(new CompletableFuture<>());
        return drain(0, 0).invoke(count -> {
            if (count > 0) {
                LOG.debugf("Released %d orders", count);
            }
        }).chain(this::measureLag).eventually(() -> idle.get().complete(null));
    }

    /**
     * Releases batch after batch until one comes back short, the run's batch budget is spent, or the
     * service is stopping.
     */
    public Uni<Integer> drain(int batches, int total) {
        int size = config.releaseBatchSize();
        return lifecycle.releaseDue(size).invoke(count -> released.increment(count)).chain(count -> {
            int sum = total + count;
            boolean more = count == size && batches + 1 < config.releaseMaxBatches() && !stopping;
            return more ? drain(batches + 1, sum) : Uni.createFrom().item(sum);
        });
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
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                "select min(open_at) from orders where status = 'PENDING' and open_at <= :now", Instant.class)
                .setParameter("now", now).getSingleResultOrNull()))
                .invoke(oldest -> lagSeconds.set(oldest == null ? 0 : Duration.between(oldest, now).toSeconds()))
                .replaceWithVoid();
    }

    public long lagSeconds() {
        return lagSeconds.get();
    }
}
