package io.protection.orders.notification;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.notification.OutboxRepository.Claimed;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * Posts one webhook delivery, signed the Standard Webhooks way, with Vert.x's non-blocking client:
 * short timeouts, redirects never followed, and the target checked again before each attempt (a
 * name may resolve elsewhere than when the subscription was made).
 */
@ApplicationScoped
public class WebhookSender {

    @Inject
    Vertx vertx;

    @Inject
    ProtectionConfig config;

    @Inject
    Clock clock;

    private HttpClient client;

    @PostConstruct
    void init() {
        int timeout = (int) config.webhookTimeout().toMillis();
        client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeout)
                .setIdleTimeout(timeout).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxPoolSize(config.outboxConcurrency()).setKeepAlive(true));
    }

    /** The HTTP status the receiver answered; a failure when it could not be reached in time. */
    public Uni<Integer> send(Claimed delivery) {
        String body = body(delivery);
        long timestamp = clock.instant().getEpochSecond();
        String signature = WebhookSignature.sign(delivery.secret(), delivery.messageId().toString(), timestamp, body);
        Duration timeout = config.webhookTimeout();
        Uni<String> checked = config.webhookAllowInsecure() ? Uni.createFrom().nullItem()
                : Uni.createFrom().item(() -> WebhookTarget.refusal(delivery.url(), false))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return checked.chain(refusal -> {
            if (refusal != null) {
                return Uni.createFrom().failure(new IllegalStateException("the URL " + refusal));
            }
            RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(delivery.url())
                    .setFollowRedirects(false).setIdleTimeout(timeout.toMillis())
                    .putHeader("Content-Type", "application/json")
                    .putHeader("User-Agent", "protection-orders-webhooks/1")
                    .putHeader("Webhook-Id", delivery.messageId().toString())
                    .putHeader("Webhook-Timestamp", String.valueOf(timestamp))
                    .putHeader("Webhook-Signature", signature);
            return client.request(request)
                    .chain(req -> req.send(Buffer.buffer(body)))
                    .chain(response -> response.body().replaceWith(response.statusCode()));
        }).ifNoItem().after(timeout.plusSeconds(1)).fail();
    }

    /** The envelope {@code {id, type, createdAt, storeId, data}}, with the message's JSON as written. */
    static String body(Claimed delivery) {
        return "{\"id\":\"" + delivery.messageId() + "\",\"type\":\"" + delivery.type() + "\",\"createdAt\":\""
                + delivery.messageCreatedAt() + "\",\"storeId\":\"" + delivery.storeId() + "\",\"data\":"
                + delivery.data() + "}";
    }
}
