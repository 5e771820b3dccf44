package io.protection.orders.support;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The request bodies of Extend's own integrations, as files under {@code src/test/resources/clients/}
 * (see the README there): templates whose {@code ${name}} placeholders are filled in textually, so
 * that a number stays a JSON number and a string a string, exactly as each client sends them.
 */
public final class ClientFixtures {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

    private ClientFixtures() {
    }

    /** The body of {@code clients/<path>} with every placeholder replaced; a missing value fails the test. */
    public static String body(String path, Map<String, ?> values) {
        String template;
        try (InputStream in = ClientFixtures.class.getClassLoader().getResourceAsStream("clients/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture clients/" + path);
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("clients/" + path + " needs a value for ${" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value.toString()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A request as an Extend client sends it: its API version in {@code Accept}, its token in Extend's header. */
    public static RequestSpecification client(String token, String version) {
        RequestSpecification request = given().accept("application/json; version=" + version)
                .contentType(ContentType.JSON);
        return token == null ? request : request.header("X-Extend-Access-Token", token);
    }

    /** {@code POST /auth/oauth/token} with a client's token body; answers the access token. */
    public static String token(String path, Api.TestStore store, String version) {
        return client(null, version).body(body(path, Map.of("clientId", store.keyId(), "clientSecret", store.apiKey())))
                .post("/auth/oauth/token").then().statusCode(200)
                .body("token_type", org.hamcrest.Matchers.equalTo("Bearer"))
                .body("expires_in", org.hamcrest.Matchers.equalTo(10_800))
                .extract().path("access_token");
    }
}
