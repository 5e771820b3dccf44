package io.protection.orders.feed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.protection.orders.common.ProtectionConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Applies accepted feed records in the background, every {@code PROTECTION_FEED_EVERY}, in batches of
 * {@code PROTECTION_FEED_BATCH_SIZE} that take each store's due records in turn: a store's backlog delays
 * another store's first record by at most one batch.
 */
@ApplicationScoped
public class FeedWorker {

    /** Records one run applies at most; the next run goes on. */
    static final int MAX_PER_RUN = 2_000;

    @Inject
    FeedService feeds;

    @Inject
    ProtectionConfig config;

    @Scheduled(every = "${protection.feed-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> run() {
        return drain(0).replaceWithVoid();
    }

    /** Applies batches until none is due or the run's budget is spent; returns how many records it took. */
    public Uni<Integer> drain(int done) {
        if (done >= MAX_PER_RUN) {
            return Uni.createFrom().item(done);
        }
        return feeds.processBatch(config.feedBatchSize())
                .chain(taken -> taken == 0 ? Uni.createFrom().item(done) : drain(done + taken));
    }

    /** Applies one batch; returns how many records it took. */
    public Uni<Integer> runBatch() {
        return feeds.processBatch(config.feedBatchSize());
    }
}
