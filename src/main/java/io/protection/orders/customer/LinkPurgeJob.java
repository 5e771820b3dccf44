package io.protection.orders.customer;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Deletes the links of contracts whose term has ended: they can never open a page again. */
@ApplicationScoped
public class LinkPurgeJob {

    static final int BATCH = 10_000;

    @Inject
    CustomerLinkRepository links;

    @Inject
    Clock clock;

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return purge().replaceWithVoid();
    }

    /** One batch of expired links; answers how many were deleted. */
    public Uni<Integer> purge() {
        return links.purgeExpired(clock.instant(), BATCH);
    }
}
