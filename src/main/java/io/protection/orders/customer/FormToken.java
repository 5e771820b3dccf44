package io.protection.orders.customer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF protection of the revocation form, a signed double submit that needs no server-side state or
 * key (any replica checks it): the page sets a random secret in an HttpOnly, SameSite=Strict cookie
 * scoped to the link's path, and the form carries the HMAC-SHA256 of the link's token hash under that
 * secret. A cross-site form post carries no such cookie; a forged cookie without the form's value, or
 * a value taken from another link or browser, does not match.
 */
final class FormToken {

    static final String COOKIE = "revocation_form";
    static final String FIELD = "csrf";
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private FormToken() {
    }

    static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a cookie value is a secret this page could have set. */
    static boolean validSecret(String secret) {
        return CustomerLinks.wellFormed(secret);
    }

    /** The form's value for a link, under the browser's secret. */
    static String field(String secret, String tokenHash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getUrlDecoder().decode(secret), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(tokenHash.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    /** Whether a submitted form value belongs to this browser's secret and this link (constant time). */
    static boolean matches(String secret, String tokenHash, String submitted) {
        if (!validSecret(secret) || submitted == null) {
            return false;
        }
        return MessageDigest.isEqual(field(secret, tokenHash).getBytes(StandardCharsets.UTF_8),
                submitted.getBytes(StandardCharsets.UTF_8));
    }
}
