package io.protection.orders;

import static io.protection.orders.support.Api.*;
import static org.hamcrest.Matchers.*;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OrderSmokeTest {

    @Test
    void createsAndReadsAnOrder() {
        TestStore store = newStore();
        String plan = plan(store, "USD", List.of("tv"), 0, 100_000, 1_999);
        Map<String, Object> line = Map.of("lineItemTransactionId", "l1", "quantity", 2,
                "product", product("sku-1", 50_000, "tv"), "plan", Map.of("id", plan, "purchasePrice", 1_999));
        String id = store.request().body(order("t-" + unique(), List.of(line))).post("/orders")
                .then().log().ifValidationFails().statusCode(201)
                .body("status", equalTo("open"))
                .body("lineItems[0].type", equalTo("contract"))
                .body("lineItems[0].status", equalTo("unfulfilled"))
                .extract().path("id");
        store.request().get("/orders/" + id).then().log().ifValidationFails().statusCode(200)
                .body("lineItems[0].product.id", equalTo("sku-1"));
    }
}
