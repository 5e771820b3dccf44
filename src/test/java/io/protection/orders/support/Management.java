package io.protection.orders.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The management interface (health, metrics, OpenAPI) of the application under test: on a port of its
 * own, chosen at random: in tests Quarkus says which, for the {@code *IT} suites the packaged application's
 * log does ({@link EmbeddedPostgresResource}).
 */
public final class Management {

    /** Set by {@link EmbeddedPostgresResource} for the {@code *IT} suites. */
    static final String IT_PORT = "protection.it.management-port";
    static final String FROM_LOG = "from-log";
    private static final Path IT_LOG = Path.of("target/quarkus.log");
    private static final Pattern LISTENING = Pattern.compile("Management interface listening on https?://[^\\s\"]*:(\\d+)");

    private Management() {
    }

    /** The port of the management interface. */
    public static int port() {
        if (FROM_LOG.equals(System.getProperty(IT_PORT))) {
            return fromLog();
        }
        // Once the application runs, the configured 0 reads as the port it took.
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    /** The port the last start of the packaged application logged. */
    private static int fromLog() {
        try {
            Matcher matcher = LISTENING.matcher(Files.readString(IT_LOG));
            int port = -1;
            while (matcher.find()) {
                port = Integer.parseInt(matcher.group(1));
            }
            if (port < 0) {
                throw new IllegalStateException("no management port in " + IT_LOG);
            }
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL of a management path, e.g. {@code url("health/ready")} for {@code /q/health/ready}. */
    public static String url(String path) {
        return "http://localhost:" + port() + "/q/" + path;
    }
}
