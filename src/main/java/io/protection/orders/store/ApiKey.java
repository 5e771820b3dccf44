package io.protection.orders.store;

import io.protection.orders.common.Hashes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;


/**
 * A store's API key. Only the SHA-256 of the key is stored: keys are 256 random bits, so a fast hash
 * is enough, and the key itself is shown once, when it is created.
 */
@Entity
@Table(name = "api_key")
public class ApiKey {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Id
    public UUID id;

    @Column(name = "store_id")
    public UUID storeId;

    @Column(name = "key_hash")
    public String keyHash;

    @Column(name = "key_prefix")
    public String keyPrefix;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** Makes a new secret key: {@code sk_} and 43 URL-safe characters. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "sk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String secret) {
        return Hashes.sha256Hex(secret);
    }
}
