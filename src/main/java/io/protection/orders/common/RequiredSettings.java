package io.protection.orders.common;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;

/**
 * Stops the packaged service before anything starts when a setting it can't run without is missing or
 * malformed, with one line that names the variable and shows a value, for example:
 *
 * <pre>
 * DB_URL is not set: set it to the PostgreSQL database, e.g. DB_URL=postgresql://db.internal:5432/orders
 * </pre>
 *
 * Quarkus prints a {@link ConfigurationException} as its message alone. Dev mode and tests are left
 * alone (they run on an embedded database, see {@code common/devdb}), and so is the build.
 */
public class RequiredSettings implements ConfigSourceFactory {

    static final String DB_URL_EXAMPLE = "DB_URL=postgresql://db.internal:5432/orders";
    static final String TOKEN_EXAMPLE = "PROTECTION_ADMIN_TOKEN=$(openssl rand -hex 32)";
    static final int MIN_TOKEN_LENGTH = 32;

    /**
     * What the shipped examples and common habits put in place of a secret, as lower-case letters and
     * digits: a token made only of these words (once or repeated) is a placeholder.
     */
    static final List<String> PLACEHOLDERS = List.of("changeme", "changethis", "changeit", "replaceme", "secret", "admin",
            "password", "passwd", "token", "admintoken", "default", "example", "placeholder", "test", "dummy", "sample",
            "letmein", "qwerty", "none", "null", "todo", "fixme", "xxx", "x", "0", "1", "123456", "12345678", "abc");
    /** Words that give a placeholder away wherever they stand in it. */
    static final List<String> PLACEHOLDER_MARKS = List.of("changeme", "replaceme", "placeholder", "yoursecret", "yourtoken",
            "insertyour", "putyour", "notasecret");
    /** A random token of 32 characters has many more; one with fewer is a pattern, not a secret. */
    static final int MIN_DISTINCT_CHARACTERS = 8;
    private static final Pattern ONLY_PLACEHOLDER_WORDS = Pattern.compile("(" + String.join("|", PLACEHOLDERS) + ")+");

    /** {@code postgresql://[user@]host[:port]/database[?parameters]}, as both pools take it. */
    private static final Pattern DB_URL = Pattern.compile("postgresql://[^/\\s?#]+/[^/\\s?#]+(\\?\\S*)?");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (runningPackaged() && !context.getProfiles().contains("dev") && !context.getProfiles().contains("test")) {
            String problem = problem(value(context, "DB_URL"), value(context, "protection.admin-token"));
            if (problem == null) {
                problem = publicUrlProblem(value(context, "protection.public-url"));
            }
            if (problem != null) {
                throw new ConfigurationException(problem);
            }
        }
        return List.of();
    }

    /** What is wrong with the settings, in one line, or null. */
    static String problem(String dbUrl, String adminToken) {
        if (dbUrl == null) {
            return "DB_URL is not set: set it to the PostgreSQL database, e.g. " + DB_URL_EXAMPLE;
        }
        if (!DB_URL.matcher(dbUrl.trim()).matches()) {
            return "DB_URL is malformed: it must look like postgresql://host:port/database (no jdbc: prefix), e.g. "
                    + DB_URL_EXAMPLE;
        }
        if (adminToken != null && placeholder(adminToken)) {
            return "PROTECTION_ADMIN_TOKEN is a placeholder (such as change-me or secret), which anyone can guess: set a "
                    + "random one, e.g. " + TOKEN_EXAMPLE + " (or leave it unset to refuse every admin call)";
        }
        if (adminToken != null && adminToken.trim().length() < MIN_TOKEN_LENGTH) {
            return "PROTECTION_ADMIN_TOKEN is too short: it must have at least " + MIN_TOKEN_LENGTH
                    + " characters, e.g. " + TOKEN_EXAMPLE + " (or leave it unset to refuse every admin call)";
        }
        return null;
    }

    /** What is wrong with {@code PROTECTION_PUBLIC_URL} (optional: without it emails carry no page link), or null. */
    static String publicUrlProblem(String publicUrl) {
        try {
            PublicUrl.base(publicUrl);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Whether a secret is a placeholder: a known one ({@link #PLACEHOLDERS}, in any case and punctuation,
     * once or repeated), one that says it is ({@link #PLACEHOLDER_MARKS}), or one of fewer than
     * {@value #MIN_DISTINCT_CHARACTERS} different characters.
     */
    static boolean placeholder(String secret) {
        String words = secret.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return words.isEmpty() || ONLY_PLACEHOLDER_WORDS.matcher(words).matches()
                || PLACEHOLDER_MARKS.stream().anyMatch(words::contains)
                || secret.trim().chars().distinct().count() < MIN_DISTINCT_CHARACTERS;
    }

    /**
     * The packaged application (the runner jar or a native executable), not its build: the build runs
     * this factory too, in the production profile, where no database is configured.
     */
    private static boolean runningPackaged() {
        // What ImageInfo.inImageRuntimeCode() reads (the GraalVM SDK is not in the packaged application).
        return "runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode")) || RequiredSettings.class.getClassLoader().getClass().getName()
                .equals("io.quarkus.bootstrap.runner.RunnerClassLoader");
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }
}
