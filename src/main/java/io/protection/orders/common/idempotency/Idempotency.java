package io.protection.orders.common.idempotency;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.protection.orders.common.Hashes;
import io.protection.orders.common.ProblemException;
import io.protection.orders.common.ProtectionConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Stripe's idempotency for every POST, PUT and DELETE: the first response to a key is stored in the
 * transaction of the change it made and replayed, byte for byte (but for the secrets a response shows
 * once, such as a new API key, which are not kept), to retries with the same request; the
 * same key with another request is 422 {@code idempotency_key_reused}; a retry while the first is still
 * running is 409 {@code idempotency_in_progress}. A request that fails changes nothing and stores
 * nothing, so it can be retried with the same key. Keys are per store and kept
 * {@code PROTECTION_IDEMPOTENCY_TTL} (24 hours).
 */
@ApplicationScoped
public class Idempotency {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    /** The scope of admin requests' keys. */
    public static final String ADMIN = "admin";

    @Inject
    RequestKey requestKey;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    @Inject
    IdempotencyRepository records;

    @Inject
    ProtectionConfig config;

    @Inject
    Pool pool;

    /**
     * Runs {@code work} once per key, in a session's transaction.
     *
     * @param scope the store id, or {@code admin}
     * @param body the request body (its JSON identifies the request, with the method and the URI)
     */
    public Uni<Response> run(String scope, Object body, Supplier<Uni<? extends RestResponse<?>>> work) {
        String key = requestKey.key();
        if (key == null) {
            return work.get().map(this::toResponse);
        }
        return Panache.withTransaction(() -> once(scope + ":" + key, body, new Records() {
            @Override
            public Uni<Boolean> tryLock(String id) {
                return records.tryLock(id);
            }

            @Override
            public Uni<IdempotencyRecord> find(String id) {
                return records.findById(id);
            }

            @Override
            public Uni<?> save(IdempotencyRecord record, boolean stored) {
                // A stored record is the session's: its new values are flushed at the commit.
                return stored ? Uni.createFrom().item(record) : records.persist(record);
            }
        }, work));
    }

    /**
     * {@link #run}, for work that runs on a connection of the pool rather than in a session: the work,
     * and the record of its answer, in one transaction of that connection.
     */
    public Uni<Response> runOnConnection(String scope, Object body,
            Function<SqlConnection, Uni<? extends RestResponse<?>>> work) {
        String key = requestKey.key();
        if (key == null) {
            return pool.withTransaction(tx -> work.apply(tx).map(this::toResponse));
        }
        return pool.withTransaction(tx -> once(scope + ":" + key, body, new Records() {
            @Override
            public Uni<Boolean> tryLock(String id) {
                return IdempotencyRepository.tryLock(tx, id);
            }

            @Override
            public Uni<IdempotencyRecord> find(String id) {
                return IdempotencyRepository.find(tx, id);
            }

            @Override
            public Uni<?> save(IdempotencyRecord record, boolean stored) {
                return IdempotencyRepository.save(tx, record);
            }
        }, () -> work.apply(tx)));
    }

    /** Where a transaction keeps the records: in a session, or on a connection. */
    private interface Records {

        /** Takes the key's lock for the transaction without waiting: false when another request holds it. */
        Uni<Boolean> tryLock(String id);

        Uni<IdempotencyRecord> find(String id);

        /** Stores a new record, or the new values of one that was stored and had expired. */
        Uni<?> save(IdempotencyRecord record, boolean stored);
    }

    private Uni<Response> once(String id, Object body, Records records, Supplier<Uni<? extends RestResponse<?>>> work) {
        String hash = fingerprint(requestKey.method(), requestKey.target(), body);
        Instant now = clock.instant();
        return records.tryLock(id)
                .chain(locked -> {
                    if (!locked) {
                        throw new ProblemException(409, "idempotency_in_progress", "Request in progress",
                                "A request with this Idempotency-Key is still being processed; retry later",
                                List.of(), null);
                    }
                    return records.find(id);
                })
                .chain(stored -> {
                    if (stored != null && stored.expiresAt.isAfter(now)) {
                        if (!stored.requestHash.equals(hash)) {
                            throw new ProblemException(422, "idempotency_key_reused", "Idempotency-Key reused",
                                    "This Idempotency-Key was used for a different request", List.of(), null);
                        }
                        return Uni.createFrom().item(replay(stored));
                    }
                    return work.get().map(this::toResponse).call(response -> records
                            .save(record(stored, id, hash, response, now), stored != null));
                });
    }

    private IdempotencyRecord record(IdempotencyRecord expired, String id, String hash, Response response, Instant now) {
        IdempotencyRecord record = expired != null ? expired : new IdempotencyRecord();
        if (expired == null) {
            record.id = id;
        }
        record.requestHash = hash;
        record.status = response.getStatus();
        // An answer without a body (204) is kept as an empty one: the column holds what to replay.
        record.body = Objects.requireNonNullElse(withoutSecrets((String) response.getEntity()), "");
        record.location = response.getHeaderString(HttpHeaders.LOCATION);
        record.etag = response.getHeaderString(HttpHeaders.ETAG);
        record.createdAt = now;
        record.expiresAt = now.plus(config.idempotencyTtl());
        return record;
    }

    /**
     * The body as it is kept: secrets shown once (a new API key, a generated signing secret) are
     * removed, so that a replay answers the same status and ids but never the secret again.
     */
    private String withoutSecrets(String body) {
        if (body == null || SECRET_FIELDS.stream().noneMatch(body::contains)) {
            return body;
        }
        try {
            JsonNode tree = mapper.readTree(body);
            if (tree instanceof ObjectNode object) {
                object.remove(SECRET_FIELDS.stream().map(f -> f.substring(1, f.length() - 1)).toList());
                return mapper.writeValueAsString(object);
            }
            return body;
        } catch (JsonProcessingException e) {
            return body;
        }
    }

    /** Fields whose values are secrets, as they appear in JSON (quoted). */
    private static final List<String> SECRET_FIELDS = List.of("\"apiKey\"", "\"secret\"", "\"access_token\"");

    private static Response replay(IdempotencyRecord stored) {
        Response.ResponseBuilder response = Response.status(stored.status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(stored.body.isEmpty() ? null : stored.body).header(REPLAYED_HEADER, "true");
        if (stored.location != null) {
            response.header(HttpHeaders.LOCATION, stored.location);
        }
        if (stored.etag != null) {
            response.header(HttpHeaders.ETAG, stored.etag);
        }
        return response.build();
    }

    /** The response as it goes on the wire: its JSON is written here, so that a replay is byte-identical. */
    private Response toResponse(RestResponse<?> result) {
        Response.ResponseBuilder response = Response.status(result.getStatus());
        if (result.hasEntity()) {
            response.type(MediaType.APPLICATION_JSON_TYPE).entity(json(result.getEntity()));
        }
        result.getHeaders().forEach((name, values) -> values.forEach(v -> response.header(name, v)));
        return response.build();
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A response could not be written as JSON", e);
        }
    }

    private String fingerprint(String method, String target, Object body) {
        return Hashes.sha256Hex(method + " " + target + "\n" + json(body));
    }
}
