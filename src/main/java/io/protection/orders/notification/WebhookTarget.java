package io.protection.orders.notification;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which webhook URLs may be called: {@code https} only, and never a host that resolves to a loopback,
 * private, link-local or otherwise internal address (the service must not be a way into its own
 * network). {@code PROTECTION_WEBHOOK_ALLOW_INSECURE} lifts both rules, for tests and local work.
 * Resolving a name blocks: call {@link #refusal} off the event loop.
 */
final class WebhookTarget {

    private WebhookTarget() {
    }

    /** Why a URL can't be a webhook target, by its form alone (no lookup), or null when it may be. */
    static String shapeRefusal(String url, boolean allowInsecure) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "must be an absolute https URL";
        }
        if (uri.getUserInfo() != null) {
            return "must not carry credentials";
        }
        if (allowInsecure) {
            return null;
        }
        if (!scheme.equals("https")) {
            return "must be https";
        }
        return null;
    }

    /** Why a URL can't be a webhook target, or null when it can; resolves its host (blocking). */
    static String refusal(String url, boolean allowInsecure) {
        String refusal = shapeRefusal(url, allowInsecure);
        if (refusal != null || allowInsecure) {
            return refusal;
        }
        URI uri = URI.create(url);
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (internal(address)) {
                    return "must not point at a loopback, private or link-local address";
                }
            }
        } catch (UnknownHostException e) {
            return "names a host that doesn't resolve";
        }
        return null;
    }

    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        // Unique local IPv6 (fc00::/7) and carrier-grade NAT (100.64.0.0/10) are internal too.
        return b.length == 16 && (b[0] & 0xfe) == 0xfc || b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }
}
