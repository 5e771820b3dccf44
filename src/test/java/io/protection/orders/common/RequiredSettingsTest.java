package io.protection.orders.common;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The settings the packaged service refuses to start with, and the line it says why in. */
class RequiredSettingsTest {

    static final String DB = "postgresql://db.internal:5432/orders";

    @Test
    void placeholderAdminTokensStopTheStart() {
        for (String token : new String[] { "change-me", "CHANGE_ME", "changeme", "secret", "admin", "password",
                "change-me-change-me-change-me-change-me", "secretsecretsecretsecretsecretsecret",
                "replace-me-with-a-long-random-value-please", "<your-secret-token-goes-here-at-least-32>",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "00000000000000000000000000000000",
                "abababababababababababababababab", "admin-token-admin-token-admin-token" }) {
            String problem = RequiredSettings.problem(DB, token);
            assertNotNull(problem, token);
            assertTrue(problem.startsWith("PROTECTION_ADMIN_TOKEN is a placeholder"), token + ": " + problem);
        }
    }

    @Test
    void shortTokensStopTheStartAndRandomOnesDont() {
        assertTrue(RequiredSettings.problem(DB, "k3Jq9-xZ2").startsWith("PROTECTION_ADMIN_TOKEN is too short"));
        // openssl rand -hex 32, openssl rand -base64 33, and the tokens the tests and the benchmark use
        for (String token : new String[] { "5f0c3b2a9e8d47c1b6a0f3e2d1c4b5a69e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b",
                "q7R2vXk9LmN3pZ8sT1wY4bC6dF0gH5jK+aE/uI2oP9s=", "test-admin-token-0123456789abcdef",
                "bench-admin-token-0123456789abcdef" }) {
            assertNull(RequiredSettings.problem(DB, token), token);
        }
        assertNull(RequiredSettings.problem(DB, null), "no token: the admin API is off");
    }

    @Test
    void aMissingOrMalformedDatabaseUrlStopsTheStart() {
        assertTrue(RequiredSettings.problem(null, null).startsWith("DB_URL is not set"));
        assertTrue(RequiredSettings.problem("jdbc:postgresql://db/orders", null).startsWith("DB_URL is malformed"));
    }
}
