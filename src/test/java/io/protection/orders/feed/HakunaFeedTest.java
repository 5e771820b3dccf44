package io.protection.orders.feed;

import static io.protection.orders.support.Api.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.protection.orders.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** Feed records as Hakuna documents them: plans, customers and the dates they state. */
@QuarkusTest
class HakunaFeedTest {

    @Inject
    FeedWorker worker;

    @Inject
    TestClock clock;

    @Test
    void theProtectionLineNamesItsPlanInPlanIdAndMayPointAtItsProduct() throws Throwable {
        Shop shop = new Shop();
        Instant placed = clock.instant().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        Instant shipped = placed.plus(Duration.ofDays(1));
        // The product points at its protection; the protection's product id is Hakuna's offer, not the plan.
        Map<String, Object> byProduct = shop.record("f-1", placed,
                shop.tv("tv-line", Map.of("protection_line_item_id", "prot-line"), shipped),
                shop.protection("prot-line", "offer-1", Map.of("plan_id", shop.plan)));
        // The protection points at its product (by line id), and the product has no category.
        Map<String, Object> tv = shop.tv("tv-line", Map.of(), shipped);
        tv.put("product_data", Map.of("id", "tv", "title", "TV", "brand", "acme",
                "price", Map.of("amount", 50_000, "currency", "EUR")));
        Map<String, Object> byReference = shop.record("f-2", placed, tv,
                shop.protection("prot-line", shop.anyCategoryPlan, Map.of("product_reference", "tv-line")));
        String requestId = shop.post(List.of(byProduct, byReference), false);
        work();
        shop.status(requestId).body("statuses.status", contains("successful", "successful"));

        var first = shop.order("f-1");
        assertEquals(List.of("tv-line"), first.<List<String>> path("lineItems.lineItemTransactionId"));
        assertEquals("contract", first.path("lineItems[0].type"));
        assertEquals(shop.plan, first.path("lineItems[0].plan.id"));
        List<String> contracts = first.path("lineItems[0].contractIds");
        assertEquals(1, contracts.size());
        shop.store.request().get("/contracts/" + contracts.get(0)).then().body("planId", equalTo(shop.plan))
                .body("termStart", equalTo(shipped.toString()));

        var second = shop.order("f-2");
        assertEquals("contract", second.path("lineItems[0].type"));
        assertEquals(shop.anyCategoryPlan, second.path("lineItems[0].plan.id"));
        assertNull(second.path("lineItems[0].product.category"));
        assertEquals(1, second.<List<?>> path("lineItems[0].contractIds").size());
    }

    @Test
    void everyCustomerFieldMayBeEmptyButTheCountry() throws Throwable {
        Shop shop = new Shop();
        Instant placed = clock.instant().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> empty = shop.record("f-3", placed, shop.tv("tv-line", Map.of("protection_line_item_id",
                "prot-line"), null), shop.protection("prot-line", shop.plan, Map.of()));
        empty.put("customer", Map.of("first_name", "", "last_name", "", "email", "", "phone", ""));
        empty.put("customer_billing_address", Map.of("street", "", "city", "", "zip", "", "country", "DE"));
        Map<String, Object> noCountry = new HashMap<>(empty);
        noCountry.put("id", "f-4");
        noCountry.put("customer_billing_address", Map.of("street", "", "city", "", "zip", "", "country", ""));
        String requestId = shop.post(List.of(empty, noCountry), false);
        work();
        shop.status(requestId).body("statuses.status", contains("successful", "failed"))
                .body("failed_orders", contains("f-4"))
                .body("statuses[1].errors[0].error_code", equalTo("validation_failed"))
                .body("statuses[1].errors.field", contains("customer_billing_address.country"));
        var order = shop.order("f-3");
        assertEquals("", order.path("customer.email"));
        assertEquals("", order.path("customer.name"));
        assertEquals("", order.path("customer.phone"));
        assertEquals("DE", order.path("customer.billingAddress.countryCode"));
        assertEquals("", order.path("customer.billingAddress.city"));
        assertEquals("contract", order.path("lineItems[0].type"));
    }

    @Test
    void reportedDatesAreJudgedWithinTheReportingToleranceExceptInHistoricalImports() throws Throwable {
        Shop shop = new Shop();
        Instant placed = clock.instant().minus(Duration.ofDays(400)).truncatedTo(ChronoUnit.SECONDS);
        Instant shipped = placed.plus(Duration.ofDays(1));
        Instant returned = shipped.plus(Duration.ofDays(2));
        Map<String, Object> tv = shop.tv("tv-line", Map.of("protection_line_item_id", "prot-line"), shipped);
        tv.put("refunds", List.of(Map.of("quantity", 1, "refunded_at", returned.toString())));
        Map<String, Object> protection = shop.protection("prot-line", shop.plan, Map.of());

        String late = shop.post(List.of(shop.record("f-5", placed, tv, protection)), false);
        String historical = shop.post(List.of(shop.record("f-6", placed, tv, protection)), true);
        work();
        shop.status(late).body("statuses[0].status", equalTo("failed"))
                .body("statuses[0].errors[0].error_code", equalTo("refund_window_expired"));
        shop.store.request().queryParam("transactionId", "f-5").get("/orders/search").then().body("orders", empty());
        shop.status(historical).body("statuses[0].status", equalTo("successful"));
        var order = shop.order("f-6");
        assertEquals("canceled", order.path("status"));
        assertEquals(1, order.<Integer> path("lineItems[0].refundedQuantity"));
        shop.store.request().get("/contracts/" + order.path("lineItems[0].contractIds[0]")).then()
                .body("termStart", equalTo(shipped.toString())).body("status", equalTo("refunded"));
    }

    @Test
    void aFulfillmentBeforeThePlacementFailsTheRecordAndAFutureDateIs400() throws Throwable {
        Shop shop = new Shop();
        Instant placed = clock.instant().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        String requestId = shop.post(List.of(shop.record("f-7", placed, shop.tv("tv-line",
                Map.of("protection_line_item_id", "prot-line"), placed.minus(Duration.ofHours(1))),
                shop.protection("prot-line", shop.plan, Map.of()))), false);
        work();
        shop.status(requestId).body("statuses[0].status", equalTo("failed"))
                .body("statuses[0].errors[0].error_code", equalTo("validation_failed"))
                .body("statuses[0].errors[0].field", equalTo("line_items.tv-line.fulfillments.fulfilled_at"));

        Instant tomorrow = clock.instant().plus(Duration.ofDays(1));
        Map<String, Object> tv = shop.tv("tv-line", Map.of("protection_line_item_id", "prot-line"), placed);
        tv.put("refunds", List.of(Map.of("quantity", 1, "refunded_at", tomorrow.toString())));
        shop.store.request().body(List.of(shop.record("f-8", placed, tv, shop.protection("prot-line", shop.plan,
                Map.of())))).post("/feeds/order").then().statusCode(400)
                .body("errors.field", contains("[0].line_items[0].refunds[0].refunded_at"));
        shop.store.request().body(List.of(shop.record("f-8", tomorrow, shop.tv("tv-line", Map.of(), null))))
                .post("/feeds/order").then().statusCode(400).body("errors.field", contains("[0].placed_at"));
    }

    // --- fixtures

    void work() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> worker.drain(0));
    }

    /** A store with the default refund window (14 days) and reporting tolerance (72 hours), posting feeds. */
    static final class Shop {
        final TestStore store = newStore();
        final String plan = plan(store, "EUR", List.of("tv"), 0, 100_000, 999);
        final String anyCategoryPlan = plan(store, "EUR", List.of(), 0, 100_000, 999);

        Map<String, Object> tv(String id, Map<String, Object> customProperties, Instant fulfilledAt) {
            Map<String, Object> tv = new HashMap<>(Map.of("id", id, "quantity", 1,
                    "product_data", Map.of("id", "tv", "title", "TV", "brand", "acme", "category", "tv",
                            "price", Map.of("amount", 50_000, "currency", "EUR")),
                    "custom_properties", customProperties));
            if (fulfilledAt != null) {
                tv.put("fulfillments", List.of(Map.of("quantity", 1, "fulfilled_at", fulfilledAt.toString())));
            }
            return tv;
        }

        Map<String, Object> protection(String id, String productId, Map<String, Object> customProperties) {
            return Map.of("id", id, "quantity", 1, "product_data", Map.of("id", productId, "title", "Protection",
                    "brand", "Hakuna", "price", Map.of("amount", 999, "currency", "EUR")),
                    "custom_properties", customProperties);
        }

        @SafeVarargs
        final Map<String, Object> record(String id, Instant placedAt, Map<String, Object>... lines) {
            return new HashMap<>(Map.of("id", id, "status", "placed", "placed_at", placedAt.toString(),
                    "customer", Map.of("first_name", "Ada", "last_name", "Lovelace", "email", "ada@example.com"),
                    "line_items", List.of(lines)));
        }

        String post(List<Map<String, Object>> feed, boolean historical) {
            return store.request().queryParam("historical", historical).body(feed).post("/feeds/order").then()
                    .statusCode(202).extract().path("request_id");
        }

        io.restassured.response.ValidatableResponse status(String requestId) {
            return store.request().get("/feeds/order/" + requestId).then().statusCode(200)
                    .body("processing_status", equalTo("done"));
        }

        ExtractableResponse<Response> order(String transactionId) {
            String id = store.request().queryParam("transactionId", transactionId).get("/orders/search").then()
                    .body("orders", hasSize(1)).extract().path("orders[0].id");
            return store.request().get("/orders/" + id).then().statusCode(200).extract();
        }
    }
}
