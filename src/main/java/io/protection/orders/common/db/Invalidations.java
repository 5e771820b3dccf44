package io.protection.orders.common.db;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

/**
 * What other replicas changed and every replica's memory must forget: PostgreSQL {@code LISTEN} on
 * {@value #CHANNEL}, each notice fired as an {@link Invalidation} CDI event. A change is announced
 * with {@code pg_notify} in its own transaction, so the notice goes out when it commits. Whenever the
 * listening connection is (re)established, {@link Invalidation#EVERYTHING} is fired, since notices
 * sent while it was down are lost; while it is down, {@link #listening()} is false and caches must
 * not answer from memory.
 */
@ApplicationScoped
public class Invalidations {

    public static final String CHANNEL = "protection_invalidate";

    private static final Logger LOG = Logger.getLogger(Invalidations.class);

    /** A notice: {@code kind} names the cache ({@code api_key}, {@code plan}), {@code id} the entry. */
    public record Invalidation(String kind, String id) {

        public static final Invalidation EVERYTHING = new Invalidation("*", null);

        /** The payload {@code kind:id}, as announced. */
        static Invalidation parse(String payload) {
            int colon = payload.indexOf(':');
            return colon < 0 ? EVERYTHING : new Invalidation(payload.substring(0, colon), payload.substring(colon + 1));
        }

        public boolean concerns(String cache) {
            return kind.equals("*") || kind.equals(cache);
        }

        public String payload() {
            return kind + ":" + id;
        }
    }

    @Inject
    Vertx vertx;

    @Inject
    Event<Invalidation> events;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private PgSubscriber subscriber;
    private volatile boolean listening;

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> 1000L);
        subscriber.closeHandler(() -> {
            if (listening) {
                LOG.warn("Caches off: the invalidation listener lost its database connection; it reconnects");
            }
            listening = false;
        });
        subscriber.channel(CHANNEL)
                .subscribeHandler(() -> {
                    events.fire(Invalidation.EVERYTHING);
                    listening = true;
                })
                .handler(payload -> events.fire(Invalidation.parse(payload)));
        subscriber.connect().subscribe().with(ignored -> {
        }, failure -> LOG.warnf("Caches off until the invalidation listener connects: %s", failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        listening = false;
        if (subscriber != null) {
            subscriber.closeAndAwait();
        }
    }

    /** Whether notices are being heard, so that what is in memory is current. */
    public boolean listening() {
        return listening;
    }
}
