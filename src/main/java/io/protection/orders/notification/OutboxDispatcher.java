package io.protection.orders.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.protection.orders.common.DatabaseFailures;
import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.notification.OutboxRepository.Claimed;
import io.protection.orders.notification.OutboxRepository.Outcome;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Delivers the outbox at least once. Each run fans new messages out into deliveries, then claims due
 * deliveries (an attempt each, leased so that a dispatcher that dies mid-attempt leaves them to
 * another after the lease), sends them concurrently and records the outcomes. A failed delivery is
 * retried after 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, then hourly, until
 * {@code PROTECTION_OUTBOX_RETRY_FOR} (3 days) after it was queued; then it is {@code dead} until the
 * merchant replays it. Safe with any number of replicas: every claim is {@code FOR UPDATE SKIP LOCKED}.
 */
@ApplicationScoped
public class OutboxDispatcher {

    private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class);
    static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2),
            Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1));
    /** Runs per tick at most, so that one tick ends; the next goes on. */
    private static final int MAX_ROUNDS = 50;

    @Inject
    OutboxRepository outbox;

    @Inject
    WebhookSender webhooks;

    @Inject
    ContractMailer mailer;

    @Inject
    ProtectionConfig config;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry metrics;

    private final AtomicLong oldestPending = new AtomicLong();

    @PostConstruct
    void gauge() {
        Gauge.builder("protection.outbox.oldest.pending", oldestPending, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest outbox message or delivery not delivered yet").register(metrics);
    }

    @Scheduled(every = "{protection.outbox-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return dispatch().onFailure().invoke(e -> DatabaseFailures.log(LOG, Logger.Level.WARN,
                "Outbox dispatch failed; the next run retries", e))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    @Scheduled(every = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> purge() {
        return outbox.purge(clock.instant().minus(config.outboxRetention()), 10_000).replaceWithVoid();
    }

    /** One run: fans out and delivers until nothing is due, or {@value #MAX_ROUNDS} rounds. Answers attempts made. */
    public Uni<Integer> dispatch() {
        return fanOut(0).chain(() -> deliver(0, 0))
                .call(attempts -> outbox.oldestPendingSeconds(clock.instant()).invoke(s -> oldestPending.set(s.longValue())));
    }

    private Uni<Void> fanOut(int round) {
        Instant now = clock.instant();
        return outbox.fanOut(config.outboxBatchSize(), now, now.plus(config.outboxRetryFor()))
                .chain(n -> n == config.outboxBatchSize() && round < MAX_ROUNDS ? fanOut(round + 1)
                        : Uni.createFrom().voidItem());
    }

    private Uni<Integer> deliver(int round, int attempts) {
        Instant now = clock.instant();
        return outbox.claimDue(config.outboxBatchSize(), now, now.plus(config.webhookTimeout().multipliedBy(6)))
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(attempts)
                        : Multi.createFrom().iterable(claimed)
                                .onItem().transformToUni(this::attempt).merge(config.outboxConcurrency())
                                .collect().asList()
                                .chain(outbox::record)
                                .chain(() -> round + 1 < MAX_ROUNDS ? deliver(round + 1, attempts + claimed.size())
                                        : Uni.createFrom().item(attempts + claimed.size())));
    }

    /** One attempt of one delivery, never failing: the failure is its outcome. */
    Uni<Outcome> attempt(Claimed delivery) {
        Uni<Integer> sent;
        if (delivery.channel().equals("email")) {
            sent = mailer.send(delivery).replaceWith(250);
        } else if (delivery.url() == null) {
            return Uni.createFrom().item(count(delivery, new Outcome(delivery.id(), "dead", null,
                    "the subscription was deleted", null, null)));
        } else {
            sent = webhooks.send(delivery);
        }
        return sent.map(status -> status >= 200 && status < 300
                ? new Outcome(delivery.id(), "delivered", status, null, null, clock.instant())
                : retry(delivery, status, "the receiver answered " + status))
                .onFailure().recoverWithItem(e -> retry(delivery, null, describe(e)))
                .map(outcome -> count(delivery, outcome));
    }

    /** The next attempt after a failure, or dead when it would fall after the delivery's retry period. */
    Outcome retry(Claimed delivery, Integer status, String error) {
        Instant now = clock.instant();
        int index = Math.max(0, delivery.attempts() - 1);
        Instant next = now.plus(index < BACKOFF.size() ? BACKOFF.get(index) : Duration.ofHours(1));
        return next.isAfter(delivery.retryUntil()) ? new Outcome(delivery.id(), "dead", status, error, null, null)
                : new Outcome(delivery.id(), "failed", status, error, next, null);
    }

    private Outcome count(Claimed delivery, Outcome outcome) {
        Counter.builder("protection.outbox.deliveries").description("Outbox delivery attempts, by channel and outcome")
                .tags("channel", delivery.channel(), "result", outcome.status()).register(metrics).increment();
        return outcome;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 500 ? message.substring(0, 500) : message;
    }
}
