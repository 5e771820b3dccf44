package io.protection.orders.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.protection.orders.common.db.ReadOnlySession;
import io.protection.orders.common.Ids;
import io.protection.orders.common.JsonConfig;
import io.protection.orders.common.ProblemException;
import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.common.Violations;
import io.protection.orders.store.StoreDtos.CreateStore;
import io.protection.orders.store.StoreDtos.KeyView;
import io.protection.orders.store.StoreDtos.StoreView;
import io.protection.orders.store.TokenResource.TokenRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Creates stores and issues and revokes their API keys. */
@ApplicationScoped
public class StoreService {

    private static final Duration MAX_WINDOW = Duration.ofDays(3650);

    @Inject
    ProtectionConfig config;

    @Inject
    Clock clock;

    @Inject
    StoreRepository stores;

    @Inject
    ApiKeyRepository keys;

    @Inject
    Credentials credentials;

    @WithTransaction
    public Uni<StoreView> create(CreateStore request) {
        Violations v = new Violations();
        if (request == null) {
            throw ProblemException.badRequest("A JSON body is required");
        }
        if (v.required(request.name(), "name")) {
            v.text(request.name(), "name", 200);
        }
        v.check(request.refundWindow() == null || request.refundWindow().compareTo(MAX_WINDOW) <= 0, "refundWindow",
                "must be at most 3650 days");
        v.check(request.waitPeriod() == null || request.waitPeriod().compareTo(MAX_WINDOW) <= 0, "waitPeriod",
                "must be at most 3650 days");
        v.check(request.reportingTolerance() == null || !request.reportingTolerance().isNegative()
                && request.reportingTolerance().compareTo(MAX_WINDOW) <= 0, "reportingTolerance",
                "must be between 0 and 3650 days");
        v.check(request.revocationPeriod() == null || !request.revocationPeriod().isNegative()
                && request.revocationPeriod().compareTo(MAX_WINDOW) <= 0
                && request.revocationPeriod().toSeconds() % 86_400 == 0, "revocationPeriod",
                "must be whole days between 0 and 3650");
        v.check(request.shippingProtectionRate() == null || request.shippingProtectionRate() >= 0
                && request.shippingProtectionRate() <= 10_000, "shippingProtectionRate",
                "must be between 0 and 10000 basis points");
        v.nonNegative(request.shippingProtectionMinimumPremium(), "shippingProtectionMinimumPremium");
        String currency = request.currency() == null ? config.defaultCurrency() : v.currency(request.currency(), "currency");
        v.throwIfAny();

        Instant now = clock.instant();
        Store store = new Store();
        store.id = Ids.next();
        store.name = request.name().trim();
        store.refundWindowSeconds = orDefault(request.refundWindow(), config.defaultRefundWindow()).toSeconds();
        store.waitPeriodSeconds = orDefault(request.waitPeriod(), config.defaultWaitPeriod()).toSeconds();
        store.reportingToleranceSeconds = orDefault(request.reportingTolerance(), config.defaultReportingTolerance())
                .toSeconds();
        store.revocationPeriodSeconds = orDefault(request.revocationPeriod(), config.defaultRevocationPeriod())
                .toSeconds();
        store.shippingRateBasisPoints = request.shippingProtectionRate() != null ? request.shippingProtectionRate()
                : config.defaultShippingRateBasisPoints();
        store.shippingMinimumPremium = request.shippingProtectionMinimumPremium() != null
                ? request.shippingProtectionMinimumPremium()
                : config.defaultShippingMinimumPremium();
        store.currency = currency;
        store.createdAt = now;
        String secret = ApiKey.newSecret();
        ApiKey key = newKey(store.id, secret, now);
        return stores.persist(store).chain(() -> keys.persist(key)).map(ignored -> view(store, key, secret, null));
    }

    @ReadOnlySession
    public Uni<StoreView> get(UUID storeId) {
        return stores.findById(storeId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("store " + storeId))
                .chain(store -> keys.listByStore(storeId)
                        .map(keys -> view(store, null, null, keys.stream().map(k -> keyView(k, null)).toList())));
    }

    @WithTransaction
    public Uni<KeyView> addKey(UUID storeId) {
        return stores.findById(storeId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("store " + storeId))
                .chain(store -> {
                    String secret = ApiKey.newSecret();
                    ApiKey key = newKey(storeId, secret, clock.instant());
                    return keys.persist(key).map(ignored -> keyView(key, secret));
                });
    }

    /** Revokes a key: it and its tokens stop at once here, and on the other replicas when they hear of it. */
    public Uni<Void> revokeKey(UUID storeId, UUID keyId) {
        return Panache.withTransaction(() -> keys.findInStore(storeId, keyId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("API key " + keyId))
                .chain(key -> {
                    if (key.revokedAt != null) {
                        return Uni.createFrom().voidItem();
                    }
                    key.revokedAt = clock.instant();
                    return keys.announceRevocation(key.id);
                })).invoke(() -> credentials.forget(keyId));
    }

    /** Body of a token response, in OAuth's field names. */
    @RegisterForReflection
    public record TokenView(@JsonProperty("access_token") String accessToken,
            @JsonProperty("token_type") String tokenType, @JsonProperty("expires_in") long expiresIn) {
    }

    /**
     * Issues an access token for a live key, in one statement: the key is checked, the key's expired
     * tokens are deleted, and the new token's hash is stored.
     */
    public Uni<TokenView> issueToken(TokenRequest request) {
        Violations v = new Violations();
        if (request == null) {
            throw ProblemException.badRequest("A JSON or form body is required");
        }
        v.required(request.grantType(), "grant_type");
        v.required(request.clientId(), "client_id");
        v.required(request.clientSecret(), "client_secret");
        v.throwIfAny();
        if (!"client_credentials".equals(request.grantType().trim())) {
            throw new ProblemException(400, "unsupported_grant_type", "Unsupported grant type",
                    "grant_type must be client_credentials", List.of(), null);
        }
        UUID keyId = Ids.parseOrNull(request.clientId().trim());
        if (keyId == null) {
            return Uni.createFrom().failure(StoreService::invalidClient);
        }
        Instant now = clock.instant();
        String token = AccessToken.newToken();
        Duration ttl = config.accessTokenTtl();
        return Panache.withTransaction(() -> keys.issueToken(keyId, ApiKey.hash(request.clientSecret().trim()),
                ApiKey.hash(token), now, now.plus(ttl)))
                .map(inserted -> {
                    if (inserted == 0) {
                        throw invalidClient();
                    }
                    return new TokenView(token, "Bearer", ttl.toSeconds());
                });
    }

    private static ProblemException invalidClient() {
        return new ProblemException(401, "invalid_client", "Invalid client",
                "Unknown client_id, wrong client_secret, or a revoked key", List.of(), null);
    }

    private static ApiKey newKey(UUID storeId, String secret, Instant now) {
        ApiKey key = new ApiKey();
        key.id = Ids.next();
        key.storeId = storeId;
        key.keyHash = ApiKey.hash(secret);
        key.keyPrefix = secret.substring(0, 7);
        key.createdAt = now;
        return key;
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value != null ? value : fallback;
    }

    private static StoreView view(Store store, ApiKey key, String secret, List<KeyView> keys) {
        return new StoreView(store.id, store.name, store.currency,
                JsonConfig.formatDuration(Duration.ofSeconds(store.refundWindowSeconds)),
                JsonConfig.formatDuration(Duration.ofSeconds(store.waitPeriodSeconds)),
                JsonConfig.formatDuration(Duration.ofSeconds(store.reportingToleranceSeconds)),
                JsonConfig.formatDuration(Duration.ofSeconds(store.revocationPeriodSeconds)), store.shippingRateBasisPoints,
                store.shippingMinimumPremium, store.createdAt, secret, key == null ? null : key.id, keys);
    }

    private static KeyView keyView(ApiKey key, String secret) {
        return new KeyView(key.id, secret, key.keyPrefix, key.createdAt, key.revokedAt);
    }
}
