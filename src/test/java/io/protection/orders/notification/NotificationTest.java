package io.protection.orders.notification;

import static io.protection.orders.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMailUtil;

import io.protection.orders.support.Management;
import io.protection.orders.order.service.OrderLifecycle;
import io.protection.orders.order.service.OrderLifecycle.FulfillRequest;
import io.protection.orders.store.Tenant;
import io.protection.orders.support.MailServer;
import io.protection.orders.support.TestClock;
import io.protection.orders.support.WebhookReceiver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** The outbox, end to end: customer email to a real SMTP server, signed webhooks to a real HTTP receiver. */
@QuarkusTest
@QuarkusTestResource(MailServer.class)
class NotificationTest {

    @Inject
    OutboxDispatcher dispatcher;

    @Inject
    OrderLifecycle lifecycle;

    @Inject
    TestClock clock;

    @Inject
    Pool pool;

    WebhookReceiver receiver = WebhookReceiver.get();
    TestStore store;
    String plan;
    String secret;

    @BeforeEach
    void subscribe() throws Throwable {
        drain();
        receiver.reset();
        MailServer.get().purgeEmailFromAllMailboxes();
        store = newStore();
        plan = plan(store, "USD", List.of("tv"), 10_000, 100_000, 4_999);
        secret = store.request().body(Map.of("url", receiver.url("hooks/" + store.id()), "events",
                List.of("contract.created", "contract.refunded", "protection.revocation_requested")))
                .put("/webhooks/all").then().statusCode(201).body("secret", startsWith("whsec_")).extract().path("secret");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aCommittedContractSendsOneEmailAndSignedWebhooks() throws Throwable {
        JsonPath order = createOrder("n-" + unique(), 3, 3, "en-US", false);
        List<String> contracts = order.getList("lineItems[0].contractIds");
        assertEquals(3, contracts.size());
        drain();

        List<WebhookReceiver.Received> hooks = receiver.ofType("contract.created");
        assertEquals(3, hooks.size());
        for (WebhookReceiver.Received hook : hooks) {
            assertEquals(sign(secret, hook.id() + "." + hook.timestamp() + "." + hook.body()), hook.signature());
            JsonPath body = new JsonPath(hook.body());
            assertEquals(hook.id(), body.getString("id"));
            assertEquals(store.id(), body.getString("storeId"));
            assertTrue(contracts.contains(body.getString("data.id")));
            assertEquals("live", body.getString("data.status"));
        }
        MimeMessage[] mail = MailServer.get().getReceivedMessages();
        assertEquals(1, mail.length, "one email for the order's three contracts");
        assertEquals("ada@example.com", mail[0].getAllRecipients()[0].toString());
        assertEquals("Your 3 product protection contracts", mail[0].getSubject());
        String content = GreenMailUtil.getBody(mail[0]);
        contracts.forEach(id -> assertTrue(content.contains(id), "the email names contract " + id));
        assertTrue(content.contains("14 days"), "the right to revoke");
        assertTrue(content.contains("How to claim"));

        // Delivered once: another run sends nothing more.
        drain();
        assertEquals(3, receiver.ofType("contract.created").size());
        assertEquals(1, MailServer.get().getReceivedMessages().length);
        store.request().get("/webhooks/all/deliveries").then().statusCode(200).body("deliveries", hasSize(3))
                .body("deliveries.status", everyItem(equalTo("delivered"))).body("deliveries.attempts", everyItem(equalTo(1)))
                .body("deliveries.event", everyItem(equalTo("contract.created")));
        given().get(Management.url("metrics")).then().body(containsString("protection_outbox_oldest_pending_seconds"))
                .body(containsString("protection_outbox_deliveries_total{channel=\"webhook\",result=\"delivered\"}"))
                .body(containsString("protection_outbox_deliveries_total{channel=\"email\",result=\"delivered\"}"));

        // Delivered rows are purged after the retention period.
        clock.advance(Duration.ofDays(8));
        VertxContextSupport.subscribeAndAwait(() -> dispatcher.purge());
        store.request().get("/webhooks/all/deliveries").then().body("deliveries", empty());
    }

    @Test
    void germanCustomersGetGermanMailAndTestOrdersNone() throws Throwable {
        createOrder("de-" + unique(), 1, 1, "de-DE", false);
        createOrder("test-" + unique(), 1, 1, "en-US", true);
        drain();
        MimeMessage[] mail = MailServer.get().getReceivedMessages();
        assertEquals(1, mail.length, "no email for the isTest order");
        assertEquals("Ihr Produktschutz-Vertrag", mail[0].getSubject());
        assertTrue(GreenMailUtil.getBody(mail[0]).contains("Widerrufsrecht"));
        assertEquals(2, receiver.ofType("contract.created").size(), "webhooks for both");
    }

    @Test
    void aChangeThatRollsBackSendsNothing() throws Throwable {
        JsonPath order = createOrder("rb-" + unique(), 1, 0, "en-US", false);
        drain();
        receiver.reset();
        Tenant tenant = new Tenant(UUID.fromString(store.id()), UUID.fromString(store.keyId()), Duration.ofDays(14),
                Duration.ZERO, 150, 98, "USD");
        String lineId = order.getString("lineItems[0].id");
        try {
            VertxContextSupport.subscribeAndAwait(() -> pool.withTransaction(tx -> lifecycle
                    .fulfill(tx, tenant, new FulfillRequest(lineId, null, null, 1, null), false, null)
                    .chain(fulfilled -> Uni.createFrom().failure(new IllegalStateException("rolled back")))));
        } catch (IllegalStateException expected) {
            // the fulfillment and its messages rolled back together
        }
        drain();
        assertEquals(0, receiver.received().size());
        assertEquals(0, MailServer.get().getReceivedMessages().length);
        store.request().get("/orders/" + order.getString("id")).then().body("lineItems[0].fulfilledQuantity", equalTo(0));
    }

    @Test
    void aReceiverThatFailsForAWhileGetsItLater() throws Throwable {
        receiver.answer(n -> n <= 2 ? 500 : 200);
        createOrder("retry-" + unique(), 1, 1, "en-US", false);
        drain();
        store.request().get("/webhooks/all/deliveries").then().body("deliveries[0].status", equalTo("failed"))
                .body("deliveries[0].lastStatusCode", equalTo(500)).body("deliveries[0].attempts", equalTo(1));
        clock.advance(Duration.ofSeconds(5));
        drain();
        store.request().get("/webhooks/all/deliveries").then().body("deliveries[0].attempts", equalTo(2));
        clock.advance(Duration.ofSeconds(29));
        drain();
        store.request().get("/webhooks/all/deliveries").then().body("deliveries[0].attempts", equalTo(2));
        clock.advance(Duration.ofSeconds(1));
        drain();
        store.request().get("/webhooks/all/deliveries").then().body("deliveries[0].status", equalTo("delivered"))
                .body("deliveries[0].attempts", equalTo(3));
        assertEquals(3, receiver.received().size());
        assertEquals(1, receiver.countsById().size(), "one message, its id the same on every attempt");
    }

    @Test
    void aReceiverThatNeverAnswersIsDeadAfterTheBudgetAndReplayDeliversIt() throws Throwable {
        receiver.answer(n -> 0);
        createOrder("dead-" + unique(), 1, 1, "en-US", false);
        drain();
        store.request().get("/webhooks/all/deliveries").then().body("deliveries[0].status", equalTo("failed"))
                .body("deliveries[0].lastError", not(emptyOrNullString()));
        clock.advance(Duration.ofDays(3));
        drain();
        String delivery = store.request().get("/webhooks/all/deliveries").then()
                .body("deliveries[0].status", equalTo("dead")).body("deliveries[0].attempts", equalTo(2))
                .extract().path("deliveries[0].id");
        receiver.answer(n -> 200);
        store.request().post("/webhooks/deliveries/" + delivery + "/replay").then().statusCode(200)
                .body("status", equalTo("pending"));
        drain();
        store.request().get("/webhooks/all/deliveries").then().body("deliveries[0].status", equalTo("delivered"))
                .body("deliveries[0].attempts", equalTo(3));
        newStore().request().post("/webhooks/deliveries/" + delivery + "/replay").then().statusCode(404);
    }

    @Test
    void twoDispatchersAtOnceDeliverEachMessageOnce() throws Throwable {
        createOrder("many-" + unique(), 1_000, 1_000, "en-US", false);
        CompletableFuture<Integer> one = CompletableFuture.supplyAsync(this::dispatchOnce);
        CompletableFuture<Integer> two = CompletableFuture.supplyAsync(this::dispatchOnce);
        int attempts = one.join() + two.join();
        // An attempt that failed under the load (a refused connection) is retried after its backoff.
        for (int i = 0; i < 5 && receiver.countsById().size() < 1_000; i++) {
            clock.advance(Duration.ofMinutes(1));
            drain();
        }
        Map<String, Long> counts = receiver.countsById();
        assertEquals(1_000, counts.size());
        assertTrue(counts.values().stream().allMatch(n -> n == 1), "no message twice");
        assertTrue(attempts >= 1_000, "both dispatchers together made the attempts: " + attempts);
    }

    @Test
    void aRevocationReachesTheMerchantAndItsRefundClosesIt() throws Throwable {
        JsonPath order = createOrder("rev-" + unique(), 1, 1, "en-US", false);
        String contract = order.getString("lineItems[0].contractId");
        admin().body(Map.of("reason", "The customer changed their mind")).post("/admin/contracts/" + contract + "/revocations")
                .then().statusCode(201).body("status", equalTo("open")).body("contractId", equalTo(contract));
        admin().body(Map.of("reason", "again")).post("/admin/contracts/" + contract + "/revocations").then()
                .statusCode(409);
        drain();
        List<WebhookReceiver.Received> requested = receiver.ofType("protection.revocation_requested");
        assertEquals(1, requested.size());
        assertEquals(contract, new JsonPath(requested.get(0).body()).getString("data.contractId"));
        store.request().queryParam("status", "open").get("/revocations").then().body("revocations.contractId",
                contains(contract));

        store.request().body(Map.of("contractId", contract)).post("/refunds").then().statusCode(201);
        store.request().queryParam("status", "open").get("/revocations").then().body("revocations", empty());
        store.request().queryParam("status", "closed").get("/revocations").then()
                .body("revocations.contractId", contains(contract)).body("revocations[0].closedAt", notNullValue());
        store.request().get("/orders/" + order.getString("id") + "/history").then()
                .body("events.type", hasItems("revocation_requested", "revocation_closed"));
        drain();
        assertEquals(1, receiver.ofType("contract.refunded").size());
        List<String> subjects = java.util.Arrays.stream(MailServer.get().getReceivedMessages()).map(m -> {
            try {
                return m.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertEquals(List.of("Your product protection contract", "Your product protection was refunded"), subjects);
        admin().body(Map.of("reason", "late")).post("/admin/contracts/" + contract + "/revocations").then()
                .statusCode(409).body("code", equalTo("invalid_transition"));
        newStore().request().queryParam("status", "closed").get("/revocations").then().body("revocations", empty());
    }

    @Test
    void subscriptionsAreCheckedAndSecretsShownOnce() {
        store.request().body(Map.of("url", "ftp://example.com/x", "events", List.of("nope"), "secret", "plain"))
                .put("/webhooks/bad").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("url", "events[0]", "secret"));
        store.request().body(Map.of("url", receiver.url("x"), "events", List.of("order.created")))
                .put("/webhooks/all").then().statusCode(200).body("secret", nullValue())
                .body("events", contains("order.created"));
        store.request().get("/webhooks").then().body("webhooks.id", contains("all")).body("webhooks[0].secret", nullValue());
        newStore().request().get("/webhooks/all/deliveries").then().statusCode(404);
        store.request().delete("/webhooks/all").then().statusCode(204);
        store.request().delete("/webhooks/all").then().statusCode(404);
    }

    // --- helpers

    JsonPath createOrder(String transactionId, int quantity, int fulfilled, String locale, boolean isTest) {
        Map<String, Object> customer = new HashMap<>(customer());
        customer.put("locale", locale);
        Map<String, Object> body = new HashMap<>(order(transactionId, List.of(Map.of("lineItemTransactionId", "tv",
                "quantity", quantity, "fulfilledQuantity", fulfilled, "product", product("tv-1", 50_000, "tv"),
                "plan", Map.of("id", plan, "purchasePrice", 4_999)))));
        body.put("customer", customer);
        body.put("isTest", isTest);
        return store.request().body(body).post("/orders").then().statusCode(201).extract().jsonPath();
    }

    void drain() throws Throwable {
        for (int i = 0; i < 20 && VertxContextSupport.subscribeAndAwait(() -> dispatcher.dispatch()) > 0; i++) {
            // until nothing is due
        }
    }

    int dispatchOnce() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> dispatcher.dispatch());
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(String secret, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }
}
