package io.protection.orders.common.limits;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which {@code Accept} headers the API answers, checked before any work. */
class AcceptTest {

    @Test
    void jsonAnyApplicationTypeAnythingOrNoHeaderAreAccepted() {
        for (String accept : new String[] { null, "", "*/*", "application/json", "application/json; version=2022-02-01",
                "Application/JSON;charset=utf-8", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "application/*" }) {
            assertTrue(RequestLimits.acceptsJson(accept), accept);
        }
    }

    @Test
    void otherTypesOrJsonAtQZeroAreRefused() {
        for (String accept : new String[] { "text/plain", "application/problem+json", "application/xml",
                "application/json;q=0", "text/html, application/json; q=0.0", "?" }) {
            assertFalse(RequestLimits.acceptsJson(accept), accept);
        }
    }
}
