package io.protection.orders.common;

import static io.protection.orders.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Per-key request rates and per-address failed authentications, on low limits of their own. */
@QuarkusTest
@TestProfile(RateLimitTest.LowLimits.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitTest {

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("protection.rate-limit-per-second", "1", "protection.rate-limit-burst", "10",
                    "protection.auth-failures-per-minute", "1", "protection.auth-failure-burst", "5");
        }
    }

    @Test
    @Order(1)
    void aKeyOverItsRateGets429WithRetryAfterAndOtherKeysDont() {
        TestStore busy = newStore();
        TestStore calm = newStore();
        List<Integer> statuses = new ArrayList<>();
        String retryAfter = null;
        for (int i = 0; i < 30; i++) {
            var response = busy.request().get("/plans");
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                retryAfter = response.header("Retry-After");
                response.then().contentType("application/problem+json").body("code", equalTo("rate_limited"));
            }
        }
        assertTrue(statuses.stream().filter(s -> s == 200).count() >= 10, statuses::toString);
        assertTrue(statuses.contains(429), statuses::toString);
        assertTrue(retryAfter != null && Integer.parseInt(retryAfter) >= 1, "Retry-After: " + retryAfter);
        calm.request().get("/plans").then().statusCode(200);
    }

    /** Last: afterwards this address (every test's) is refused for a minute, valid keys and all. */
    @Test
    @Order(2)
    void anAddressThatKeepsFailingIsSlowedDown() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(given().header("X-Extend-Access-Token", "sk_guess_" + i).get("/plans").statusCode());
        }
        assertEquals(List.of(401, 401, 401, 401, 401), statuses.subList(0, 5));
        assertTrue(statuses.subList(5, 8).stream().allMatch(s -> s == 429), statuses::toString);
    }
}
