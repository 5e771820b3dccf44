package io.protection.orders.common.idempotency;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Deletes idempotency keys whose time is up, {@value #BATCH} at a time, each batch a transaction: a
 * day of keys at a high rate is millions of rows, more than one statement may take
 * ({@code PROTECTION_DB_STATEMENT_TIMEOUT}).
 */
@ApplicationScoped
public class IdempotencyPurgeJob {

    @Inject
    Clock clock;

    @Inject
    IdempotencyRepository records;

    @Scheduled(every = "${protection.idempotency-purge-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> purge() {
        return purge(clock.instant());
    }

    static final int BATCH = 10_000;

    private Uni<Void> purge(Instant now) {
        return Panache.withTransaction(() -> records.deleteExpired(now, BATCH))
                .chain(deleted -> deleted == BATCH ? purge(now) : Uni.createFrom().voidItem());
    }
}
