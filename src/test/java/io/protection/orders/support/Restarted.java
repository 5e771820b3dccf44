package io.protection.orders.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile of its own, so that Quarkus restarts the app for the tests that use it: they see what
 * the default profile's tests left in the database, as a restarted replica would.
 */
public class Restarted implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("protection.feed-every", "2s");
    }
}
