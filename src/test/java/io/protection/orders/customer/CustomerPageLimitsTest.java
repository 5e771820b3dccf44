package io.protection.orders.customer;

import static io.protection.orders.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;

/** The customer page's rate limits, the API's own on low settings: per contract, and per address for wrong tokens. */
@QuarkusTest
@TestProfile(CustomerPageLimitsTest.LowLimits.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomerPageLimitsTest {

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("protection.rate-limit-per-second", "1", "protection.rate-limit-burst", "10",
                    "protection.auth-failures-per-minute", "1", "protection.auth-failure-burst", "5");
        }
    }

    @Inject
    CustomerLinks customerLinks;

    static List<String> links;

    @Test
    @Order(1)
    void aLinkOverItsContractsRateGetsThe429PageAndOtherContractsDont() throws Throwable {
        links = links();
        List<Integer> statuses = new ArrayList<>();
        Response limited = null;
        for (int i = 0; i < 30; i++) {
            Response response = given().get(CustomerPageTest.path(links.get(0)));
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }
        assertTrue(statuses.stream().filter(s -> s == 200).count() >= 10, statuses::toString);
        assertTrue(limited != null, statuses::toString);
        limited.then().contentType(containsString("text/html")).body(containsString("Too many requests"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
        // The form spends the same budget (without its cookie it is refused, 403, while there is budget left).
        List<Integer> posts = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            posts.add(given().contentType("application/x-www-form-urlencoded").formParam("confirm", "yes")
                    .post(CustomerPageTest.path(links.get(0)) + "/revocation").statusCode());
        }
        assertTrue(posts.contains(429) && posts.stream().allMatch(s -> s == 429 || s == 403), posts::toString);
        given().get(CustomerPageTest.path(links.get(1))).then().statusCode(200);
    }

    /** Last: afterwards this address (every test's) is refused for a while, valid links and all. */
    @Test
    @Order(2)
    void wrongTokensCountAsFailedAuthenticationsOfTheAddress() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(given().get("/my/contracts/" + CustomerLinks.newToken()).statusCode());
        }
        assertEquals(List.of(404, 404, 404, 404, 404), statuses.subList(0, 5), statuses::toString);
        assertEquals(429, statuses.get(statuses.size() - 1), statuses::toString);
        given().get(CustomerPageTest.path(links.get(1))).then().statusCode(429).header("Retry-After", notNullValue())
                .body(containsString("Too many requests"));
    }

    List<String> links() throws Throwable {
        TestStore store = newStore();
        String plan = plan(store, "USD", List.of("tv"), 10_000, 100_000, 4_999);
        String email = "limits-" + unique() + "@example.com";
        Map<String, Object> body = new HashMap<>(order("lim-" + unique(), List.of(Map.of("lineItemTransactionId", "tv",
                "quantity", 2, "fulfilledQuantity", 2, "product", product("tv-1", 50_000, "tv"),
                "plan", Map.of("id", plan, "purchasePrice", 4_999)))));
        body.put("customer", Map.of("name", "Ada", "email", email));
        List<String> contracts = store.request().body(body).post("/orders").then().statusCode(201).extract()
                .path("lineItems[0].contractIds");
        // Issued as the email would (the outbox stays as it is: the restart tests after this profile rely on it).
        List<CustomerLinks.Target> targets = contracts.stream()
                .map(id -> new CustomerLinks.Target(UUID.fromString(id), Instant.now().plus(Duration.ofDays(30)))).toList();
        Map<UUID, String> urls = VertxContextSupport.subscribeAndAwait(
                () -> customerLinks.issue(UUID.fromString(store.id()), email, targets));
        assertEquals(2, urls.size());
        return contracts.stream().map(id -> urls.get(UUID.fromString(id))).toList();
    }
}
