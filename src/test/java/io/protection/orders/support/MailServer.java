package io.protection.orders.support;

import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SMTP server (GreenMail) for the tests, one per JVM so that it outlives the restarts of the
 * app between test profiles; the mailer of every test run sends to it.
 */
public class MailServer implements QuarkusTestResourceLifecycleManager {

    private static GreenMail server;

    /** The running server, started on a free port the first time. */
    public static synchronized GreenMail get() {
        if (server == null) {
            server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
            server.start();
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.mailer.mock", "false", "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(get().getSmtp().getPort()),
                "quarkus.mailer.start-tls", "DISABLED", "quarkus.mailer.from", "contracts@protection.test");
    }

    @Override
    public void stop() {
        // Kept for the next app start in this JVM; it dies with the JVM.
    }
}
