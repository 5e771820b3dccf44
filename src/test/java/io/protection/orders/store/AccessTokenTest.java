package io.protection.orders.store;

import static io.protection.orders.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.protection.orders.support.RawHttp;
import io.protection.orders.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Extend's client-credentials flow: {@code POST /auth/oauth/token}. */
@QuarkusTest
class AccessTokenTest {

    @Inject
    TestClock clock;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aTokenWorksWhereverItsKeyDoesUntilItExpires() {
        TestStore store = newStore();
        String token = token(store);
        given().header("X-Extend-Access-Token", token).get("/plans").then().statusCode(200);
        given().header("Authorization", "Bearer " + token).get("/plans").then().statusCode(200);
        // Only the token's hash is stored.
        given().header("X-Extend-Access-Token", token).contentType(ContentType.JSON)
                .body(order("t-" + unique(), java.util.List.of(Map.of("lineItemTransactionId", "1",
                        "product", product("cable", 1_999, null))))).post("/orders").then().statusCode(201)
                .body("storeId", equalTo(store.id()));

        clock.advance(Duration.ofHours(3).minusSeconds(1));
        given().header("X-Extend-Access-Token", token).get("/plans").then().statusCode(200);
        clock.advance(Duration.ofSeconds(1));
        given().header("X-Extend-Access-Token", token).get("/plans").then().statusCode(401)
                .body("code", equalTo("unauthorized"));
        // The key itself still works, and gets a new token.
        store.request().get("/plans").then().statusCode(200);
        given().header("X-Extend-Access-Token", token(store)).get("/plans").then().statusCode(200);
    }

    @Test
    void aFormBodyWorksToo() {
        TestStore store = newStore();
        String token = given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", store.keyId()).formParam("client_secret", store.apiKey())
                .post("/auth/oauth/token").then().statusCode(200).body("token_type", equalTo("Bearer"))
                .extract().path("access_token");
        given().header("X-Extend-Access-Token", token).get("/plans").then().statusCode(200);
    }

    @Test
    void aRequestRefusedForItsAcceptHeaderIssuesNoToken() throws Throwable {
        TestStore store = newStore();
        long before = tokens();
        given().contentType(ContentType.JSON).accept("application/problem+json")
                .body(Map.of("grant_type", "client_credentials", "client_id", store.keyId(), "client_secret", store.apiKey()))
                .post("/auth/oauth/token").then().statusCode(406);
        assertEquals(before, tokens());
    }

    long tokens() throws Throwable {
        return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> pool.query("select count(*) from access_token")
                .execute().map(rows -> rows.iterator().next().getLong(0)));
    }

    @Test
    void aMalformedOrOversizedFormIsAProblem() throws Exception {
        // A bad escape was left without any answer, and a form over the framework's limit was a 500.
        for (String body : new String[] { "grant_type=client_credentials&client_id=%zz", "client_secret=%E0%A4%",
                "grant_type=" + "x".repeat(20_000) }) {
            try (RawHttp http = new RawHttp("localhost", RestAssured.port, 10_000)) {
                RawHttp.Response answer = http.send("POST", "/auth/oauth/token",
                        Map.of("Content-Type", "application/x-www-form-urlencoded"), body.getBytes(StandardCharsets.UTF_8));
                assertEquals(400, answer.status(), answer.text());
                assertEquals("application/problem+json", answer.header("Content-Type"));
            }
        }
    }

    @Test
    void tokensDieWithTheirKey() {
        TestStore store = newStore();
        String token = token(store);
        admin().delete("/admin/stores/" + store.id() + "/api-keys/" + store.keyId()).then().statusCode(204);
        given().header("X-Extend-Access-Token", token).get("/plans").then().statusCode(401);
        tokenRequest(store.keyId(), store.apiKey(), "client_credentials").then().statusCode(401)
                .body("code", equalTo("invalid_client"));
    }

    @Test
    void wrongCredentialsAreInvalidClient() {
        TestStore store = newStore();
        TestStore other = newStore();
        tokenRequest(store.keyId(), "sk_wrong", "client_credentials").then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("invalid_client"));
        tokenRequest(other.keyId(), store.apiKey(), "client_credentials").then().statusCode(401)
                .body("code", equalTo("invalid_client"));
        tokenRequest("not-a-uuid", store.apiKey(), "client_credentials").then().statusCode(401);
        tokenRequest(UUID.randomUUID().toString(), store.apiKey(), "client_credentials").then().statusCode(401);
        tokenRequest(store.keyId(), store.apiKey(), "password").then().statusCode(400)
                .body("code", equalTo("unsupported_grant_type"));
        given().contentType(ContentType.JSON).body("{}").post("/auth/oauth/token").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("grant_type", "client_id", "client_secret"));
        // An access token is not an API key: it can't mint tokens.
        tokenRequest(store.keyId(), token(store), "client_credentials").then().statusCode(401);
    }

    static String token(TestStore store) {
        return tokenRequest(store.keyId(), store.apiKey(), "client_credentials").then().statusCode(200)
                .body("expires_in", equalTo(10_800)).extract().path("access_token");
    }

    static io.restassured.response.Response tokenRequest(String clientId, String secret, String grant) {
        return given().contentType(ContentType.JSON).accept("application/json; version=latest")
                .body(Map.of("grant_type", grant, "client_id", clientId, "client_secret", secret))
                .post("/auth/oauth/token");
    }
}
