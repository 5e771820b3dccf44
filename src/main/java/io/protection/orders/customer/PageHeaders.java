package io.protection.orders.customer;

import jakarta.enterprise.event.Observes;

import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.common.PublicUrl;
import io.vertx.ext.web.Router;

/**
 * Security headers of everything under {@code /my/} (pages, their stylesheet and icon): no script runs
 * and nothing but this origin's styles and images loads, the page is never framed, no referrer leaks the
 * link's token to another site, and content types are taken as sent. Served under an https public URL,
 * browsers are told to come back over https only (HSTS), so a link typed or followed as http can't be
 * read on the way.
 */
public class PageHeaders {

    static final String POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    static final String HSTS = "max-age=31536000";

    void register(@Observes Router router, ProtectionConfig config) {
        boolean https = PublicUrl.https(config.publicUrl());
        router.route("/my/*").order(Integer.MIN_VALUE + 1).handler(context -> {
            context.addHeadersEndHandler(ignored -> {
                var headers = context.response().headers()
                        .set("Content-Security-Policy", POLICY)
                        .set("X-Frame-Options", "DENY")
                        .set("Referrer-Policy", "no-referrer")
                        .set("X-Content-Type-Options", "nosniff")
                        .set("Cross-Origin-Opener-Policy", "same-origin");
                if (https || context.request().isSSL()) {
                    headers.set("Strict-Transport-Security", HSTS);
                }
            });
            context.next();
        });
    }
}
