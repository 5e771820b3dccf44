package io.protection.orders;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the service. Quarkus answers a request target that {@link java.net.URI} can't parse (a
 * malformed {@code %} escape, a {@code {}) with an empty 400 before any handler sees it; with its check
 * turned off, {@code common/limits/RequestLimits} makes the same check first and answers with a problem,
 * like every other rejection. (The tests set the same property in the build, and the native image at its
 * build, when the class that reads it is initialized.)
 */
@QuarkusMain
public class Main {

    static final String URI_VALIDATION = "vertx.disableURIValidation";

    public static void main(String... args) {
        System.setProperty(URI_VALIDATION, "true");
        Quarkus.run(args);
    }
}
