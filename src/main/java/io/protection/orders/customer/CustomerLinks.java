package io.protection.orders.customer;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.protection.orders.common.Hashes;
import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.common.PublicUrl;
import io.protection.orders.customer.CustomerLinkRepository.NewLink;
import io.smallrye.mutiny.Uni;

/**
 * The links of the contract emails to the customer's page, {@code PROTECTION_PUBLIC_URL/my/contracts/{token}}.
 * A token is 256 random bits (43 base64url characters); only its SHA-256 is stored, with the
 * contract, the customer email it was sent to and the contract's term end, after which it stops working.
 */
@ApplicationScoped
public class CustomerLinks {

    public static final String PATH = "/my/contracts/";
    private static final int TOKEN_BYTES = 32;
    private static final int TOKEN_LENGTH = 43;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    ProtectionConfig config;

    @Inject
    CustomerLinkRepository links;

    @Inject
    Clock clock;

    /** A contract to link to, with the end of its term. */
    public record Target(UUID contractId, Instant termEnd) {
    }

    /**
     * Issues a new link per contract for the customer's email address and answers each contract's
     * absolute URL. Without a public URL (or an email address) there is nothing to link to: empty.
     */
    public Uni<Map<UUID, String>> issue(UUID storeId, String customerEmail, List<Target> contracts) {
        Optional<String> base = PublicUrl.base(config.publicUrl().orElse(null));
        String email = normalizedEmail(customerEmail);
        if (base.isEmpty() || email == null || contracts.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Map<UUID, String> urls = new LinkedHashMap<>();
        List<NewLink> rows = new ArrayList<>();
        for (Target target : contracts) {
            String token = newToken();
            rows.add(new NewLink(hash(token), storeId, target.contractId(), email, target.termEnd()));
            urls.put(target.contractId(), base.get() + PATH + token);
        }
        return links.insert(rows, clock.instant()).replaceWith(urls);
    }

    static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a path segment can be a token at all (anything else is not looked up). */
    static boolean wellFormed(String token) {
        return token != null && token.length() == TOKEN_LENGTH && token.chars()
                .allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_');
    }

    static String hash(String token) {
        return Hashes.sha256Hex(token);
    }

    /** The address as orders keep it (trimmed, lower case), or null. */
    static String normalizedEmail(String email) {
        return email == null || email.isBlank() ? null : email.trim().toLowerCase(Locale.ROOT);
    }
}
