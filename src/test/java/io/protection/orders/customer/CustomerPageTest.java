package io.protection.orders.customer;

import static io.protection.orders.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.protection.orders.common.Hashes;
import io.protection.orders.common.ProblemException;
import io.protection.orders.notification.OutboxDispatcher;
import io.protection.orders.order.service.RevocationService;
import io.protection.orders.order.service.RevocationService.RevocationRequest;
import io.protection.orders.support.MailServer;
import io.protection.orders.support.Mails;
import io.protection.orders.support.TestClock;
import io.protection.orders.support.WebhookReceiver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The customer's contract page over HTTP: links from the email, the 404 rules, the revocation form and its CSRF check. */
@QuarkusTest
@QuarkusTestResource(MailServer.class)
class CustomerPageTest {

    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Inject
    OutboxDispatcher dispatcher;

    @Inject
    TestClock clock;

    @Inject
    Pool pool;

    @Inject
    LinkPurgeJob purgeJob;

    @Inject
    RevocationService revocations;

    WebhookReceiver receiver = WebhookReceiver.get();
    TestStore store;
    String plan;

    @BeforeEach
    void setUp() throws Throwable {
        drain();
        receiver.reset();
        store = newStore(Map.of("name", "Acme <Electronics>"));
        plan = plan(store, "USD", List.of("tv"), 10_000, 100_000, 4_999);
        store.request().body(Map.of("url", receiver.url("hooks/" + store.id()), "events",
                List.of("protection.revocation_requested"))).put("/webhooks/all").then().statusCode(201);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theEmailLinksToThePageOfEachContractAndOnlyTheHashIsStored() throws Throwable {
        Customer customer = customer("en-US");
        List<String> contracts = createOrder(customer, 2).getList("lineItems[0].contractIds");
        List<String> links = links(customer.email());
        assertEquals(2, links.size(), "one link per contract");
        assertNotEquals(links.get(0), links.get(1));
        for (String link : links) {
            assertTrue(link.startsWith("http://localhost:8081/my/contracts/"), link);
            String token = token(link);
            assertEquals(43, token.length(), "256 random bits, base64url");
            assertEquals(1L, count("select count(*) from customer_link where token_hash = $1", Hashes.sha256Hex(token)));
            assertEquals(0L, count("select count(*) from customer_link where token_hash = $1 or customer_email = $1", token));
        }

        Response page = given().get(path(links.get(0)));
        page.then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", allOf(containsString("default-src 'none'"),
                        containsString("frame-ancestors 'none'"), not(containsString("unsafe-inline"))))
                .header("Referrer-Policy", "no-referrer").header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY").header("Cache-Control", "no-store")
                // HSTS only under an https public URL (the test's is http).
                .header("Strict-Transport-Security", nullValue())
                .body(containsString("<html lang=\"en\">"), containsString(contracts.get(0)),
                        containsString("Plan " + plan), containsString("tv-1"), containsString("$49.99"),
                        containsString("Acme &lt;Electronics&gt;"), containsString("In force"),
                        containsString("How to claim"), containsString("<form method=\"post\""),
                        not(containsString("<script")));
        String cookie = page.getDetailedCookie(FormToken.COOKIE).toString();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict")
                && cookie.contains("Path=" + path(links.get(0))), cookie);
        given().get(path(links.get(1))).then().statusCode(200).body(containsString(contracts.get(1)));
        given().get("/my/assets/page.css").then().statusCode(200).contentType(containsString("text/css"))
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void aWrongExpiredOrSupersededTokenIsThePlain404Page() throws Throwable {
        Customer customer = customer("en-US");
        var order = createOrder(customer, 1);
        String link = links(customer.email()).get(0);
        String wrong = "/my/contracts/" + CustomerLinks.newToken();
        String notFound = given().get(wrong).then().statusCode(404).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .body(containsString("Page not found"), not(containsString(store.id())), not(containsString("Acme")))
                .extract().asString();
        given().get("/my/contracts/too-short").then().statusCode(404).body(equalTo(notFound));
        given().get(path(link)).then().statusCode(200);

        // The customer's email changed: the old link no longer opens the page.
        Map<String, Object> snapshot = orderBody(customer.withEmail("new-" + customer.email()), 1,
                order.getString("transactionId"));
        store.request().body(snapshot).put("/orders").then().statusCode(200);
        given().get(path(link)).then().statusCode(404).body(equalTo(notFound));
        store.request().body(orderBody(customer, 1, order.getString("transactionId"))).put("/orders").then()
                .statusCode(200);
        given().get(path(link)).then().statusCode(200);

        // The term (24 months) ends: so does the link; the purge then deletes it.
        clock.advance(Duration.ofDays(24 * 31));
        given().get(path(link)).then().statusCode(404).body(equalTo(notFound));
        long hash = count("select count(*) from customer_link where token_hash = $1", Hashes.sha256Hex(token(link)));
        assertEquals(1L, hash);
        assertTrue(VertxContextSupport.subscribeAndAwait(() -> purgeJob.purge()) >= 1);
        assertEquals(0L, count("select count(*) from customer_link where token_hash = $1", Hashes.sha256Hex(token(link))));
    }

    @Test
    void theFormNeedsItsCookieAndItsValueAndRecordsARevocationLikeSupport() throws Throwable {
        Customer customer = customer("en-US");
        var order = createOrder(customer, 2);
        List<String> links = links(customer.email());
        Form first = form(links.get(0));
        Form second = form(links.get(1));
        String contract = order.getString("lineItems[0].contractIds[0]");

        post(links.get(0), null, first.value(), "yes").then().statusCode(403).body(containsString("This form has expired"));
        post(links.get(0), first.cookie(), "x" + first.value(), "yes").then().statusCode(403);
        post(links.get(0), first.cookie(), null, "yes").then().statusCode(403);
        // Another link's pair (cookie and value) is not this link's.
        post(links.get(0), second.cookie(), second.value(), "yes").then().statusCode(403);
        store.request().get("/revocations").then().body("revocations", empty());

        post(links.get(0), first.cookie(), first.value(), "yes").then().statusCode(303)
                .header("Location", endsWith(path(links.get(0)) + "?lang=en"));
        given().get(path(links.get(0))).then().statusCode(200)
                .body(containsString("Revocation requested"), containsString("the shop will refund you"),
                        not(containsString("<form")));
        store.request().get("/revocations").then().body("revocations.contractId", contains(contract))
                .body("revocations[0].status", equalTo("open"))
                .body("revocations[0].reason", equalTo("Revoked by the customer on the contract page"));
        store.request().get("/orders/" + order.getString("id") + "/history").then()
                .body("events.findAll { it.type == 'revocation_requested' }.actor", contains("customer"));
        drain();
        List<WebhookReceiver.Received> hooks = receiver.ofType("protection.revocation_requested");
        assertEquals(1, hooks.size());
        assertTrue(hooks.get(0).body().contains(contract));
        // The other contract of the order is untouched.
        given().get(path(links.get(1))).then().body(containsString("<form method=\"post\""));
    }

    @Test
    void submittingTwiceRecordsOneRevocation() throws Throwable {
        Customer customer = customer("en-US");
        createOrder(customer, 1);
        String link = links(customer.email()).get(0);
        Form form = form(link);
        List<CompletableFuture<Integer>> posts = IntStream.range(0, 4).mapToObj(i -> CompletableFuture.supplyAsync(
                () -> post(link, form.cookie(), form.value(), "yes").statusCode())).toList();
        posts.forEach(p -> assertEquals(303, p.join()));
        post(link, form.cookie(), form.value(), "yes").then().statusCode(303);
        store.request().get("/revocations").then().body("revocations", hasSize(1));
        drain();
        assertEquals(1, receiver.ofType("protection.revocation_requested").size());
    }

    @Test
    void aFormWithoutTheConfirmationIsShownAgainWithTheError() throws Throwable {
        Customer customer = customer("en-US");
        createOrder(customer, 1);
        String link = links(customer.email()).get(0);
        Form form = form(link);
        post(link, form.cookie(), form.value(), null).then().statusCode(400)
                .body(containsString("Tick the box to confirm"), containsString("aria-invalid=\"true\""),
                        containsString("<form method=\"post\""));
        given().cookie(FormToken.COOKIE, form.cookie()).contentType("application/x-www-form-urlencoded")
                .formParam("csrf", form.value()).formParam("confirm", "yes").formParam("reason", "x".repeat(1001))
                .redirects().follow(false).post(path(link) + "/revocation").then().statusCode(400)
                .body(containsString("at most 1000 characters"));
        store.request().get("/revocations").then().body("revocations", empty());
    }

    @Test
    void aLongReasonInAnyScriptIsTakenAndAMalformedFormIsAnExpiredOne() throws Throwable {
        Customer customer = customer("de-DE");
        createOrder(customer, 1);
        String link = links(customer.email()).get(0);
        Form form = form(link);
        // Malformed escapes were left without any answer.
        given().cookie(FormToken.COOKIE, form.cookie()).contentType("application/x-www-form-urlencoded")
                .body("csrf=" + form.value() + "&confirm=yes&reason=%zz").redirects().follow(false)
                .post(path(link) + "/revocation").then().statusCode(403).body(containsString("This form has expired"));
        store.request().get("/revocations").then().body("revocations", empty());
        // 1,000 characters with umlauts are 4,750 bytes as a form (over the framework's 2,048 for a field).
        String reason = "äöü ".repeat(250);
        // As a browser sends it: UTF-8, the page's charset.
        given().cookie(FormToken.COOKIE, form.cookie()).contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("csrf", form.value()).formParam("confirm", "yes").formParam("reason", reason)
                .redirects().follow(false).post(path(link) + "/revocation").then().statusCode(303);
        store.request().get("/revocations").then().body("revocations[0].reason", equalTo(reason.trim()));
    }

    @Test
    void afterThePeriodOrOnceRefundedThePageSaysSoAndOffersNoForm() throws Throwable {
        Customer customer = customer("en-US");
        var order = createOrder(customer, 2);
        List<String> links = links(customer.email());
        Form form = form(links.get(0));

        // Revoked, then refunded by the merchant: the revocation is closed.
        Form other = form(links.get(1));
        post(links.get(1), other.cookie(), other.value(), "yes").then().statusCode(303);
        store.request().body(Map.of("contractId", order.getString("lineItems[0].contractIds[1]"))).post("/refunds")
                .then().statusCode(201);
        given().get(path(links.get(1))).then().statusCode(200)
                .body(containsString("has refunded you"), containsString("Refunded"), not(containsString("<form")));

        // Exactly at the end of the period the form is still there; a minute later it is gone.
        clock.advance(Duration.ofDays(14).minusMinutes(1));
        given().get(path(links.get(0))).then().body(containsString("<form method=\"post\""));
        clock.advance(Duration.ofMinutes(2));
        given().get(path(links.get(0))).then().statusCode(200)
                .body(containsString("The period to revoke this protection ended on"), containsString("In force"),
                        not(containsString("<form")));
        post(links.get(0), form.cookie(), form.value(), "yes").then().statusCode(409).body(not(containsString("<form")));
        // A submission that passed the page's check and got the contract's lock after the period records nothing.
        UUID contract = UUID.fromString(order.getString("lineItems[0].contractIds[0]"));
        ProblemException late = assertThrows(ProblemException.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> revocations.request(contract, new RevocationRequest("late", null), "customer",
                        clock.instant().minusSeconds(1))));
        assertEquals(409, late.status());
        store.request().queryParam("status", "open").get("/revocations").then().body("revocations", empty());
    }

    @Test
    void theRevocationPeriodIsAStoreSetting() throws Throwable {
        admin().body(Map.of("name", "Bad", "revocationPeriod", "PT1H")).post("/admin/stores").then().statusCode(400)
                .body("errors.field", contains("revocationPeriod"));
        store = newStore(Map.of("revocationPeriod", "P30D"));
        admin().get("/admin/stores/" + store.id()).then().body("revocationPeriod", equalTo("P30D"));
        plan = plan(store, "USD", List.of("tv"), 10_000, 100_000, 4_999);
        Customer customer = customer("en-US");
        createOrder(customer, 1);
        MimeMessage mail = Mails.to(MailServer.get(), customer.email()).get(0);
        assertTrue(Mails.text(mail).contains("within 30 days"), "the email names the store's period");
        String link = Mails.pageLinks(mail).get(0);
        clock.advance(Duration.ofDays(20));
        given().get(path(link)).then().body(containsString("<form method=\"post\""));
        clock.advance(Duration.ofDays(11));
        given().get(path(link)).then().body(not(containsString("<form")));
    }

    @Test
    void aGermanCustomerGetsTheGermanPageAndCanSwitch() throws Throwable {
        Customer customer = customer("de-DE");
        createOrder(customer, 1);
        MimeMessage mail = Mails.to(MailServer.get(), customer.email()).get(0);
        assertTrue(Mails.text(mail).contains("Vertragsseite: http://localhost:8081/my/contracts/"));
        String link = Mails.pageLinks(mail).get(0);
        given().get(path(link)).then().statusCode(200)
                .body(containsString("<html lang=\"de\">"), containsString("Ihr Produktschutz"),
                        containsString("In Kraft"), containsString("49,99"), containsString("Widerrufsrecht"),
                        containsString("value=\"de\""));
        given().queryParam("lang", "en").get(path(link)).then().body(containsString("<html lang=\"en\">"),
                containsString("Your right to revoke"));
        given().queryParam("lang", "fr").get(path(link)).then().body(containsString("<html lang=\"de\">"));
        Form form = form(link);
        post(link, form.cookie(), form.value(), "yes").then().statusCode(303).header("Location", endsWith("?lang=de"));
        given().get(path(link)).then().body(containsString("Widerruf eingegangen"));
    }

    // --- helpers

    record Customer(String name, String email, String locale) {
        Customer withEmail(String other) {
            return new Customer(name, other, locale);
        }
    }

    record Form(String cookie, String value) {
    }

    static Customer customer(String locale) {
        return new Customer("Ada Lovelace", "c-" + unique() + "@example.com", locale);
    }

    io.restassured.path.json.JsonPath createOrder(Customer customer, int units) throws Throwable {
        var order = store.request().body(orderBody(customer, units, "cp-" + unique())).post("/orders").then()
                .statusCode(201).extract().jsonPath();
        drain();
        return order;
    }

    Map<String, Object> orderBody(Customer customer, int units, String transactionId) {
        Map<String, Object> body = new HashMap<>(order(transactionId, List.of(Map.of("lineItemTransactionId", "tv",
                "quantity", units, "fulfilledQuantity", units, "product", product("tv-1", 50_000, "tv"),
                "plan", Map.of("id", plan, "purchasePrice", 4_999)))));
        body.put("customer", Map.of("name", customer.name(), "email", customer.email(), "locale", customer.locale()));
        return body;
    }

    static List<String> links(String email) {
        List<MimeMessage> mail = Mails.to(MailServer.get(), email);
        assertEquals(1, mail.size(), "one contract email to " + email);
        return Mails.pageLinks(mail.get(0));
    }

    static Form form(String link) {
        Response page = given().get(path(link));
        page.then().statusCode(200);
        Matcher m = CSRF.matcher(page.asString());
        assertTrue(m.find(), "the page has the form");
        return new Form(page.getCookie(FormToken.COOKIE), m.group(1));
    }

    static Response post(String link, String cookie, String value, String confirm) {
        var request = given().contentType("application/x-www-form-urlencoded").redirects().follow(false)
                .formParam("lang", "");
        if (cookie != null) {
            request.cookie(FormToken.COOKIE, cookie);
        }
        if (value != null) {
            request.formParam("csrf", value);
        }
        if (confirm != null) {
            request.formParam("confirm", confirm);
        }
        return request.post(path(link) + "/revocation");
    }

    static String path(String link) {
        return link.substring(link.indexOf("/my/contracts/"));
    }

    static String token(String link) {
        return link.substring(link.lastIndexOf('/') + 1);
    }

    long count(String sql, String parameter) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(sql).execute(Tuple.of(parameter))
                .map(rows -> rows.iterator().next().getLong(0)));
    }

    void drain() throws Throwable {
        for (int i = 0; i < 20 && VertxContextSupport.subscribeAndAwait(() -> dispatcher.dispatch()) > 0; i++) {
            // until nothing is due
        }
    }
}
