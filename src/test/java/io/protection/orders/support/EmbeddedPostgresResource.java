package io.protection.orders.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The database of the {@code *IT} suites, which run the packaged application in its production
 * profile: {@code TEST_DB_URL} if set, otherwise an embedded PostgreSQL on a free port.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        String url = System.getenv("TEST_DB_URL");
        String user = System.getenv().getOrDefault("TEST_DB_USER", "postgres");
        String password = System.getenv().getOrDefault("TEST_DB_PASSWORD", "");
        if (url == null || url.isBlank()) {
            try {
                postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            url = "postgresql://localhost:" + postgres.getPort() + "/postgres";
            user = "postgres";
            password = "";
        }
        // The launcher sets the HTTP port (a random one), not the management interface's: random too (9000 could be
        // taken, and the HTTP metrics of two servers must both have a port tag or neither), read from the log.
        String managementPort = "0";
        System.setProperty(Management.IT_PORT, Management.FROM_LOG);
        return Map.of("DB_URL", url, "DB_USER", user, "DB_PASSWORD", password,
                "protection.admin-token", Api.ADMIN_TOKEN, "quarkus.management.port", managementPort,
                // The launcher reads the port from the log, which it can't do in JSON.
                "quarkus.log.console.json.enabled", "false");
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
