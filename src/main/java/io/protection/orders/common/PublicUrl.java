package io.protection.orders.common;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** {@code PROTECTION_PUBLIC_URL}: the service's address as customers reach it, for the links in their email. */
public final class PublicUrl {

    static final String EXAMPLE = "PROTECTION_PUBLIC_URL=https://protection.example.com";

    private PublicUrl() {
    }

    /**
     * The base URL without a trailing slash, or empty when none is set.
     *
     * @throws IllegalArgumentException when it is not an absolute http(s) URL without query or fragment
     */
    public static Optional<String> base(String configured) {
        if (configured == null || configured.isBlank()) {
            return Optional.empty();
        }
        String trimmed = configured.trim();
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PROTECTION_PUBLIC_URL is not a URL: set it to the address customers "
                    + "reach the service at, e.g. " + EXAMPLE, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("PROTECTION_PUBLIC_URL is malformed: it must be an absolute http(s) URL "
                    + "without query or fragment, e.g. " + EXAMPLE);
        }
        return Optional.of(trimmed.replaceAll("/+$", ""));
    }

    /** Whether customers reach the service over https (cookies are then Secure, and pages ask for HSTS). */
    public static boolean https(Optional<String> configured) {
        return configured.map(url -> url.trim().toLowerCase(Locale.ROOT).startsWith("https:")).orElse(false);
    }
}
