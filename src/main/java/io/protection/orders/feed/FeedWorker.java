package io.protection.orders.feed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Applies accepted feed records in the background, every {@code PROTECTION_FEED_EVERY}. */
@ApplicationScoped
public class FeedWorker {

    /** Records one run applies at most; the next run goes on. */
    static final int MAX_PER_RUN = 2_000;

    @Inject
    FeedService feeds;

    @Scheduled(every = "${protection.feed-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> run() {
        return drain(0).replaceWithVoid();
    }

    /** Applies records until none is due; returns how many it applied. */
    public Uni<Integer> drain(int done) {
        if (done >= MAX_PER_RUN) {
            return Uni.createFrom().item(done);
        }
        return feeds.processNext().chain(found -> found ? drain(done + 1) : Uni.createFrom().item(done));
    }
}
