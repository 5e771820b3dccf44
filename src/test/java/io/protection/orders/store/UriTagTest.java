package io.protection.orders.store;

import static io.protection.orders.support.Api.newStore;
import static io.protection.orders.support.Api.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.protection.orders.support.Api.TestStore;
import io.protection.orders.support.Management;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A thousand random paths refused before routing (405, 414) add one {@code uri} value to http_server_requests,
 * not a thousand, and a route asked for after them is still tagged with its template.
 */
@QuarkusTest
class UriTagTest {

    private static final Pattern URI = Pattern.compile("^http_server_requests_seconds_count\\{.*uri=\"([^\"]*)\"", Pattern.MULTILINE);

    @Test
    void pathsRefusedBeforeRoutingShareOneUriValue() {
        TestStore store = newStore();
        String marker = "scan" + unique();
        String longQuery = "q=" + "a".repeat(9_000);
        for (int i = 0; i < 1_000; i++) {
            if (i % 2 == 0) {
                store.request().delete("/orders/" + marker + i).then().statusCode(405);
            } else {
                store.request().get("/contracts/" + marker + i + "?" + longQuery).then().statusCode(414);
            }
        }
        store.request().get("/orders/" + java.util.UUID.randomUUID()).then().statusCode(404);

        Set<String> uris = uris();
        List<String> raw = uris.stream().filter(uri -> uri.contains(marker)).toList();
        assertEquals(List.of(), raw, "raw paths among the uri tags");
        assertTrue(uris.contains(AccessLog.UNROUTED), "no " + AccessLog.UNROUTED + " among " + uris);
        assertTrue(uris.contains("/orders/{id}"), "the route's template is missing from " + uris);
        assertTrue(uris.size() < 100, uris.size() + " uri values: " + uris);
    }

    private static Set<String> uris() {
        Matcher m = URI.matcher(given().get(Management.url("metrics")).then().statusCode(200).extract().asString());
        return m.results().map(r -> r.group(1)).collect(Collectors.toSet());
    }
}
