package io.protection.orders.order;

import static io.protection.orders.support.Api.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** {@code GET /orders/search} and {@code GET /line-items/search}. */
@QuarkusTest
class OrderSearchTest {

    @Test
    void pagingReturnsEveryOrderExactlyOnceNewestFirst() {
        TestStore store = newStore();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            created.add(create(store, "t-" + unique(), "Walker@Example.com", "+1555" + (i % 2)));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = store.request().queryParam("limit", 5);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/orders/search").then().statusCode(200).extract();
            seen.addAll(page.path("orders.id"));
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(5, pages);
        assertEquals(23, new HashSet<>(seen).size());
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, seen);
    }

    @Test
    void filtersAreExact() {
        TestStore store = newStore();
        String transactionId = "t-" + unique();
        String id = create(store, transactionId, "Grace@Example.com", "+15550199");
        create(store, "t-" + unique(), "other@example.com", "+15550100");
        store.request().queryParam("transactionId", transactionId).get("/orders/search").then()
                .body("orders.id", contains(id)).body("nextCursor", nullValue());
        store.request().queryParam("customerEmail", "grace@example.COM").get("/orders/search").then()
                .body("orders.id", contains(id));
        store.request().queryParam("customerPhone", "+15550199").get("/orders/search").then()
                .body("orders.id", contains(id));
        store.request().queryParam("status", "open").get("/orders/search").then().body("orders", hasSize(2))
                .body("orders[0].lineItems", hasSize(2));
        store.request().queryParam("status", "closed").get("/orders/search").then().body("orders", empty());
    }

    @Test
    void badSearchParametersAre400() {
        TestStore store = newStore();
        store.request().queryParam("limit", 101).get("/orders/search").then().statusCode(400)
                .body("errors.field", contains("limit"));
        store.request().queryParam("limit", "ten").get("/line-items/search").then().statusCode(400);
        store.request().queryParam("cursor", "garbage!").get("/orders/search").then().statusCode(400)
                .body("errors.field", contains("cursor"));
        store.request().queryParam("status", "lost").get("/orders/search").then().statusCode(400)
                .body("errors.field", contains("status"));
    }

    @Test
    void lineItemsAreFoundByTheirTransactionIds() {
        TestStore store = newStore();
        String transactionId = "t-" + unique();
        String orderId = create(store, transactionId, "x@example.com", null);
        create(store, "t-" + unique(), "x@example.com", null);
        store.request().queryParam("transactionId", transactionId).get("/line-items/search").then().statusCode(200)
                .body("lineItems.lineItemTransactionId", containsInAnyOrder("a", "b"))
                .body("lineItems.orderId", everyItem(equalTo(orderId)))
                .body("lineItems.transactionId", everyItem(equalTo(transactionId)));
        store.request().queryParam("transactionId", transactionId).queryParam("lineItemTransactionId", "b")
                .get("/line-items/search").then().body("lineItems", hasSize(1))
                .body("lineItems[0].lineItemTransactionId", equalTo("b"));

        Set<String> all = new HashSet<>();
        String cursor = null;
        do {
            var request = store.request().queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/line-items/search").then().statusCode(200).extract();
            List<String> ids = page.path("lineItems.id");
            ids.forEach(lineId -> assertEquals(true, all.add(lineId), "line seen twice: " + lineId));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        assertEquals(4, all.size());
    }

    static String create(TestStore store, String transactionId, String email, String phone) {
        Map<String, Object> body = order(transactionId, List.of(
                Map.of("lineItemTransactionId", "a", "product", product("x", 5, null)),
                Map.of("lineItemTransactionId", "b", "product", product("y", 5, null))));
        Map<String, Object> customer = new java.util.HashMap<>(customer());
        customer.put("email", email);
        if (phone != null) {
            customer.put("phone", phone);
        } else {
            customer.remove("phone");
        }
        body.put("customer", customer);
        return store.request().body(body).post("/orders").then().statusCode(201).extract().path("id");
    }
}
