package io.protection.orders.store;

import static io.protection.orders.support.Api.admin;
import static io.protection.orders.support.Api.newStore;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.protection.orders.support.Api.TestStore;
import io.protection.orders.support.SecondReplica;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * Two replicas over one database, both serving a key from memory: a revocation made through one
 * stops the key on the other within a second (PostgreSQL {@code LISTEN/NOTIFY}).
 */
@QuarkusIntegrationTest
@WithTestResource(SecondReplica.class)
class CredentialCacheIT {

    @Test
    void aKeyRevokedOnOneReplicaStopsOnTheOtherWithinASecond() {
        TestStore store = newStore();
        String token = given().contentType("application/json")
                .body("{\"grant_type\":\"client_credentials\",\"client_id\":\"" + store.keyId()
                        + "\",\"client_secret\":\"" + store.apiKey() + "\"}")
                .post("/auth/oauth/token").then().statusCode(200).extract().path("access_token");
        // Both replicas have now resolved the key and the token, and keep them in memory.
        for (int i = 0; i < 3; i++) {
            assertEquals(200, status(SecondReplica.url(), store.apiKey()));
            assertEquals(200, status(SecondReplica.url(), token));
            given().header("X-Extend-Access-Token", store.apiKey()).get("/plans").then().statusCode(200);
        }

        String metrics = given().get(SecondReplica.managementUrl() + "/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("protection_credentials_cached ") && !l.endsWith(" 0.0")),
                "the other replica answers from memory");

        admin().delete("/admin/stores/" + store.id() + "/api-keys/" + store.keyId()).then().statusCode(204);
        Instant revoked = Instant.now();
        given().header("X-Extend-Access-Token", store.apiKey()).get("/plans").then().statusCode(401);

        Duration keyStopped = untilRefused(SecondReplica.url(), store.apiKey(), revoked);
        Duration tokenStopped = untilRefused(SecondReplica.url(), token, revoked);
        assertTrue(keyStopped.compareTo(Duration.ofSeconds(1)) <= 0, "the key still worked after " + keyStopped);
        assertTrue(tokenStopped.compareTo(Duration.ofSeconds(1)) <= 0, "the token still worked after " + tokenStopped);
    }

    private static Duration untilRefused(String url, String credential, Instant since) {
        Instant deadline = since.plusSeconds(5);
        while (Instant.now().isBefore(deadline)) {
            if (status(url, credential) == 401) {
                return Duration.between(since, Instant.now());
            }
        }
        return Duration.ofSeconds(5);
    }

    private static int status(String url, String credential) {
        return given().header("X-Extend-Access-Token", credential).get(url + "/plans").statusCode();
    }
}
