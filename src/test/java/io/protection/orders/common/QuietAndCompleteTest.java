package io.protection.orders.common;

import static io.protection.orders.support.Api.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.protection.orders.support.Management;
import io.protection.orders.support.Api.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Expected failures are answered whole and log nothing above DEBUG; every service metric has HELP text. */
@QuarkusTest
class QuietAndCompleteTest {

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() > Level.FINE.intValue()) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void aTypeErrorAndMissingFieldsAreListedTogether() {
        TestStore store = newStore();
        store.request().body("""
                {"transactionId": "t-%s", "total": {"amount": 5}, "customer": {"name": "Ada"},
                 "lineItems": [{"lineItemTransactionId": "1", "quantity": "1.5",
                                "product": {"id": "tv", "purchasePrice": 100}}]}""".formatted(unique()))
                .post("/orders").then().statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("errors.field", hasItems("total", "lineItems[0].quantity", "currency", "customer.email"))
                .body("errors.field", not(hasItem("body")));
        assertEquals(List.of(), messages());
    }

    @Test
    void aBareTypeErrorStillNamesItsField() {
        TestStore store = newStore();
        store.request().body(order("t-" + unique(), List.of(line("1", Map.of("product", Map.of("id", Map.of("x", 1),
                "purchasePrice", 100)))))).post("/orders").then().statusCode(400)
                .body("errors.field", contains("lineItems[0].product.id"))
                .body("errors.message", contains("must be a string"));
    }

    @Test
    void aDuplicateOrderLogsNothing() {
        TestStore store = newStore();
        Map<String, Object> body = order("t-" + unique(), List.of(line("1", Map.of("product", product("tv", 100, "tv")))));
        String id = store.request().body(body).post("/orders").then().statusCode(201).extract().path("id");
        logged.clear();
        store.request().body(body).post("/orders").then().statusCode(409)
                .body("code", equalTo("duplicate_transaction")).body("orderId", equalTo(id));
        store.request().body(Map.of("transactionId", "x")).post("/orders").then().statusCode(400);
        assertEquals(List.of(), messages());
    }

    @Test
    void everyServiceMetricHasHelpText() {
        TestStore store = newStore();
        store.request().body(order("t-" + unique(), List.of(line("1", Map.of("product", product("tv", 100, "tv"))))))
                .post("/orders").then().statusCode(201);
        String metrics = RestAssured.given().get(Management.url("metrics")).then().statusCode(200).extract().asString();
        List<String> names = metrics.lines().filter(l -> l.startsWith("protection_")).map(l -> l.split("[{ ]")[0])
                .distinct().toList();
        assertTrue(names.size() >= 2, names.toString());
        for (String name : names) {
            String family = name.replaceAll("_(total|count|sum|max)$", "");
            assertTrue(metrics.lines().anyMatch(l -> l.matches("# HELP " + family + "(_total)? \\S.*")),
                    "no HELP text for " + name);
        }
    }

    static Map<String, Object> line(String id, Map<String, ?> fields) {
        Map<String, Object> line = new java.util.HashMap<>(fields);
        line.put("lineItemTransactionId", id);
        return line;
    }

    private List<String> messages() {
        return logged.stream().map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()).toList();
    }
}
