package io.protection.orders.common;

import static io.protection.orders.support.Api.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.protection.orders.support.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Bodies over 1 MiB (feeds: 5 MiB), long request targets and malformed escapes are refused with a
 * problem, before the body is read when its length is declared and while it is read when it is chunked,
 * and without resetting the connection under a client that is still sending.
 */
@QuarkusTest
class BodyLimitsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aJsonBodyOverOneMibIs413WithAProblemAndTheConnectionStaysUsable() throws Exception {
        TestStore store = newStore();
        byte[] order = paddedOrder((1 << 20) + 100 * 1024);
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            RawHttp.Response refused = http.send("POST", "/orders", headers(store), order);
            assertProblem(refused, 413, "payload_too_large");
            assertTrue(refused.text().length() < 1024, refused.text());
            // The whole upload was read (no reset under the client), and the connection serves the next request.
            RawHttp.Response next = http.send("GET", "/plans", Map.of("X-Extend-Access-Token", store.apiKey()), null);
            assertEquals(200, next.status());
            assertTrue(http.reused(), "the refused upload's connection was kept");
        }
        store.request().queryParam("transactionId", "padded").get("/orders/search").then().statusCode(200)
                .body("orders.size()", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void aBodyOfExactlyOneMibIsRead() throws Exception {
        TestStore store = newStore();
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            // Read, and refused for what it says (a 2 MiB order would be 413 before a byte of it is read).
            RawHttp.Response read = http.send("POST", "/orders", headers(store), paddedOrder(1 << 20));
            assertEquals(400, read.status(), read.text());
        }
    }

    @Test
    void aChunkedBodyIsCountedWhileItIsRead() throws Exception {
        TestStore store = newStore();
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            RawHttp.Response refused = http.sendChunked("POST", "/orders", headers(store),
                    paddedOrder(2 << 20), 64 * 1024);
            assertProblem(refused, 413, "payload_too_large");
            assertEquals(200, http.send("GET", "/plans", Map.of("X-Extend-Access-Token", store.apiKey()), null).status());
            // Within the limit, a chunked body reaches the resource as it was sent.
            RawHttp.Response read = http.sendChunked("POST", "/shipping-offers/quotes", headers(store),
                    "{\"currency\": \"USD\", \"items\": [{\"productId\": \"tv\", \"purchasePrice\": 60000}]}"
                            .getBytes(StandardCharsets.UTF_8), 7);
            assertEquals(200, read.status(), read.text());
        }
    }

    @Test
    void aFeedTakesFiveMib() throws Exception {
        TestStore store = newStore();
        String header = "order_id,line_item_id,quantity,price_amount,price_currency\n";
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            Map<String, String> csv = Map.of("X-Extend-Access-Token", store.apiKey(), "Content-Type", "text/csv");
            RawHttp.Response big = http.send("POST", "/feeds/order", csv, csv(header, (5 << 20) + 1));
            assertProblem(big, 413, "payload_too_large");
            RawHttp.Response chunked = http.sendChunked("POST", "/feeds/order", csv, csv(header, 6 << 20), 256 * 1024);
            assertProblem(chunked, 413, "payload_too_large");
            // Four MiB is read (and refused for its rows, not its size).
            RawHttp.Response read = http.send("POST", "/feeds/order", csv, csv(header, 4 << 20));
            assertNotEquals(413, read.status(), read.text());
        }
    }

    @Test
    void aClientThatWaitsFor100ContinueIsRefusedBeforeItSendsTheBody() throws Exception {
        TestStore store = newStore();
        // The JDK's HttpClient waits forever when the answer to Expect: 100-continue is final, so the exchange is raw.
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            RawHttp.Response refused = http.sendExpectingContinue("POST", "/orders", headers(store), paddedOrder(3 << 20));
            assertProblem(refused, 413, "payload_too_large");
        }
    }

    @Test
    void longRequestTargetsAndMalformedEscapesAreProblems() throws Exception {
        TestStore store = newStore();
        Map<String, String> key = Map.of("X-Extend-Access-Token", store.apiKey());
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            assertProblem(http.send("GET", "/orders/search?transactionId=" + "a".repeat(9_000), key, null), 414,
                    "uri_too_long");
            RawHttp.Response escape = http.send("GET", "/orders/search?transactionId=%zz", key, null);
            assertProblem(escape, 400, "validation_failed");
            assertEquals("url", JSON.readTree(escape.body()).path("errors").path(0).path("field").asText());
            assertProblem(http.send("GET", "/orders/%E0%A4%A", key, null), 400, "validation_failed");
            assertProblem(http.send("GET", "/orders/search?transactionId=a%00b", key, null), 400, "validation_failed");
            assertEquals(200, http.send("GET", "/orders/search?transactionId=" + "a".repeat(4_000), key, null).status());
        }
    }

    static void assertProblem(RawHttp.Response response, int status, String code) throws Exception {
        assertEquals(status, response.status(), response.text());
        assertEquals("application/problem+json", response.header("Content-Type"), response.headers() + " " + response.text());
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(code, problem.path("code").asText(), response.text());
        assertEquals(status, problem.path("status").asInt());
    }

    static Map<String, String> headers(TestStore store) {
        return Map.of("X-Extend-Access-Token", store.apiKey(), "Content-Type", "application/json");
    }

    /** An order whose customer name pads it to {@code size} bytes (a name that long is itself invalid). */
    static byte[] paddedOrder(int size) {
        String start = "{\"transactionId\": \"padded\", \"currency\": \"USD\", \"lineItems\": [], \"customer\": {\"name\": \"";
        String end = "\"}}";
        char[] pad = new char[size - start.length() - end.length()];
        Arrays.fill(pad, 'x');
        return (start + new String(pad) + end).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] csv(String header, int size) {
        StringBuilder csv = new StringBuilder(size + 64).append(header);
        for (int row = 0; csv.length() < size; row++) {
            csv.append("o").append(row).append(",l,1,100,USD\n");
        }
        csv.setLength(size);
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
