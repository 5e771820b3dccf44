package io.protection.orders.store;

import java.security.SecureRandom;
import java.util.Base64;

/** Access tokens of the client-credentials flow: 256 random bits, stored as their SHA-256 like keys. */
final class AccessToken {

    private static final SecureRandom RANDOM = new SecureRandom();

    private AccessToken() {
    }

    /** A new token: {@code at_} and 43 URL-safe characters. */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "at_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
