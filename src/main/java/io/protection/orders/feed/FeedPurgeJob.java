package io.protection.orders.feed;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.protection.orders.common.ProtectionConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Deletes feed records and events that were applied or failed more than {@code PROTECTION_FEED_RETENTION}
 * (30 days) ago, then the feeds left with no record; {@code GET /feeds/order/{request_id}} of such a feed
 * is then 404, and the same event posted again is a new event. Pending records are never purged.
 * Deletes in bounded steps, every {@code PROTECTION_FEED_PURGE_EVERY}.
 */
@ApplicationScoped
public class FeedPurgeJob {

    /** Rows one statement deletes at most. */
    static final int STEP = 5_000;
    /** Statements one run makes at most; the next run goes on. */
    static final int MAX_STEPS = 40;

    @Inject
    FeedQueueRepository queue;

    @Inject
    ProtectionConfig config;

    @Inject
    Clock clock;

    @Scheduled(every = "${protection.feed-purge-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> run() {
        return purgeBefore(clock.instant().minus(config.feedRetention())).replaceWithVoid();
    }

    /** Purges what was processed before {@code cutoff}; returns how many records and feeds it deleted. */
    public Uni<Integer> purgeBefore(Instant cutoff) {
        return items(cutoff, 0, 0).chain(items -> requests(cutoff, 0, items));
    }

    private Uni<Integer> items(Instant cutoff, int steps, int total) {
        return queue.purgeItems(cutoff, STEP).chain(deleted -> deleted == STEP && steps + 1 < MAX_STEPS
                ? items(cutoff, steps + 1, total + deleted) : Uni.createFrom().item(total + deleted));
    }

    private Uni<Integer> requests(Instant cutoff, int steps, int total) {
        return queue.purgeRequests(cutoff, STEP).chain(deleted -> deleted == STEP && steps + 1 < MAX_STEPS
                ? requests(cutoff, steps + 1, total + deleted) : Uni.createFrom().item(total + deleted));
    }
}
