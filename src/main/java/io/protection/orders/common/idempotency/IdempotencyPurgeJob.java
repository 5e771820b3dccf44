package io.protection.orders.common.idempotency;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Deletes idempotency keys whose time is up. */
@ApplicationScoped
public class IdempotencyPurgeJob {

    @Inject
    Clock clock;

    @Scheduled(every = "${protection.idempotency-purge-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> purge() {
        return Panache.withTransaction(() -> IdempotencyRecord.delete("expiresAt < ?1", clock.instant()))
                .replaceWithVoid();
    }
}
