package io.protection.orders.common.devdb;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.graalvm.nativeimage.ImageInfo;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Points dev mode and tests at a database when none is configured.
 *
 * <ul>
 * <li>dev: {@code DB_URL} if set, otherwise an embedded PostgreSQL started on a free port;</li>
 * <li>test: {@code TEST_DB_URL} if set, otherwise an embedded PostgreSQL. {@code DB_URL} is
 * deliberately ignored so that a test run can never write into a configured server;</li>
 * <li>prod: nothing, {@code DB_URL} is required.</li>
 * </ul>
 * The embedded server's library is a {@code provided} dependency: on the dev and test class paths,
 * never in the packaged application, which never reaches this code.
 */
public class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        if (profiles.contains("test")) {
            String url = value(context, "TEST_DB_URL");
            Map<String, String> db = url != null
                    ? Map.of("DB_URL", url,
                            "DB_USER", orDefault(value(context, "TEST_DB_USER"), "postgres"),
                            "DB_PASSWORD", orDefault(value(context, "TEST_DB_PASSWORD"), ""))
                    : embedded();
            // Above the environment (300): the test database wins over a DB_URL in the shell.
            return List.of(new PropertiesConfigSource(db, "test database", 500));
        }
        if (profiles.contains("dev") && value(context, "DB_URL") == null) {
            return List.of(new PropertiesConfigSource(embedded(), "embedded dev database", 50));
        }
        return List.of();
    }

    /**
     * The embedded server. Only dev and test get here, and never a native executable: the check folds
     * to {@code true} when the image is built, so the server's classes (not in the image) are never reached.
     */
    private static Map<String, String> embedded() {
        if (ImageInfo.inImageCode()) {
            throw new IllegalStateException("A native executable has no embedded database: set DB_URL");
        }
        return EmbeddedDatabase.properties();
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }

    private static String orDefault(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
