package io.protection.orders.customer;

import static io.protection.orders.support.Api.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.regex.Matcher;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import io.protection.orders.support.EmbeddedPostgresResource;
import io.protection.orders.support.MailServer;
import io.protection.orders.support.Mails;
import io.protection.orders.support.WebhookReceiver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;

/**
 * The customer's page in a real browser (Debian's headless Chromium, driven by Selenium) against the
 * packaged service, which sends its email to the test SMTP server and its webhooks to the test
 * receiver on its own schedule. Each state leaves a screenshot in {@code target/screenshots/} and the
 * page's HTML, as the service sent it, in {@code target/customer-pages/} (CI validates those).
 */
@QuarkusIntegrationTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(MailServer.class)
@WithTestResource(CustomerPageBrowserIT.PublicAddress.class)
class CustomerPageBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Path PAGES = Path.of("target", "customer-pages");
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Duration WAIT = Duration.ofSeconds(30);

    /** The service on a port chosen here, so that its public URL (the emails' links) is known before it starts. */
    public static class PublicAddress implements QuarkusTestResourceLifecycleManager {
        static int port;

        @Override
        public Map<String, String> start() {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("quarkus.http.port", String.valueOf(port),
                    "protection.public-url", "http://127.0.0.1:" + port,
                    "protection.webhook-allow-insecure", "true", "protection.outbox-every", "200ms");
        }

        @Override
        public void stop() {
        }
    }

    static ChromeDriver browser;
    final WebhookReceiver receiver = WebhookReceiver.get();
    final HttpClient http = HttpClient.newHttpClient();
    TestStore store;
    String plan;

    @BeforeAll
    static void startBrowser() throws IOException {
        assertTrue(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "these tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver "
                        + "(.ci/run installs them)");
        Files.createDirectories(SCREENSHOTS);
        Files.createDirectories(PAGES);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // The machine has no network but loopback: no background connections, no component updates.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void setUp() {
        receiver.reset();
        store = newStore(Map.of("name", "Acme Electronics"));
        plan = plan(24);
        store.request().body(Map.of("url", receiver.url("hooks/" + store.id()), "events",
                List.of("protection.revocation_requested"))).put("/webhooks/all").then().statusCode(201);
        browser.manage().window().setSize(new Dimension(1280, 900));
        browserErrors();
    }

    @Test
    void theCustomerOpensTheLinkFromTheEmailSeesTheContractAndRevokesIt() throws Exception {
        String email = email();
        JsonPath order = placeOrder(email, "en-US", null);
        String contract = order.getString("lineItems[0].contractId");
        String link = linkFromEmail(email);
        assertTrue(link.startsWith("http://127.0.0.1:" + PublicAddress.port + "/my/contracts/"), link);

        browser.get(link);
        assertEquals("en", browser.findElement(By.tagName("html")).getAttribute("lang"));
        assertEquals("Your product protection", browser.findElement(By.tagName("h1")).getText());
        String details = browser.findElement(By.cssSelector("dl.details")).getText();
        assertTrue(details.contains(contract) && details.contains("Plan " + plan) && details.contains("$49.99")
                && details.contains("Acme Electronics") && details.contains("In force"), details);
        assertTrue(browser.findElement(By.id("claim-heading")).isDisplayed());
        assertEquals("Reason (optional)", browser.findElement(By.cssSelector("label[for=reason]")).getText());
        capture("01-contract-en");
        save("contract-en", browser.getCurrentUrl());
        assertNoBrowserErrors();

        // With the keyboard alone: Tab to the box, Space ticks it, Tab to the button, Enter sends the form.
        WebElement box = browser.findElement(By.id("confirm"));
        tabTo(box);
        assertNotEquals("none", browser.switchTo().activeElement().getCssValue("outline-style"),
                "the focused control shows its focus");
        browser.switchTo().activeElement().sendKeys(Keys.SPACE);
        assertTrue(box.isSelected());
        WebElement button = browser.findElement(By.cssSelector("form.revoke button"));
        tabTo(button);
        capture("02-form-keyboard-focus");
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);

        waitFor(() -> !browser.findElements(By.id("state-heading")).isEmpty(), "the confirmation");
        assertEquals("Revocation requested", browser.findElement(By.id("state-heading")).getText());
        assertTrue(browser.findElement(By.cssSelector("[role=status]")).getText().contains("the shop will refund you"));
        assertTrue(browser.findElements(By.tagName("form")).isEmpty(), "no form once revoked");
        capture("03-revocation-requested");
        save("revocation-requested", browser.getCurrentUrl());
        assertNoBrowserErrors();

        waitFor(() -> receiver.ofType("protection.revocation_requested").stream()
                .anyMatch(hook -> hook.body().contains(contract)), "the merchant's webhook");
        store.request().get("/revocations").then().body("revocations.contractId", contains(contract))
                .body("revocations[0].status", equalTo("open"));
    }

    @Test
    void sendingTheFormFromTwoTabsRecordsOneRevocation() throws Exception {
        String email = email();
        String contract = placeOrder(email, "en-US", null).getString("lineItems[0].contractId");
        String link = linkFromEmail(email);
        String first = browser.getWindowHandle();
        browser.get(link);
        browser.switchTo().newWindow(WindowType.TAB);
        String second = browser.getWindowHandle();
        browser.get(link);
        for (String tab : List.of(first, second)) {
            browser.switchTo().window(tab);
            browser.findElement(By.id("confirm")).click();
            browser.findElement(By.cssSelector("form.revoke button")).click();
            waitFor(() -> !browser.findElements(By.id("state-heading")).isEmpty(), "the confirmation");
        }
        assertNoBrowserErrors();
        browser.close();
        browser.switchTo().window(first);
        store.request().get("/revocations").then().body("revocations.contractId", contains(contract));
    }

    @Test
    void aGermanCustomerSeesTheGermanPageAlsoOnANarrowScreen() throws Exception {
        String email = email();
        placeOrder(email, "de-DE", null);
        String link = linkFromEmail(email);
        browser.get(link);
        assertEquals("de", browser.findElement(By.tagName("html")).getAttribute("lang"));
        assertEquals("Ihr Produktschutz", browser.findElement(By.tagName("h1")).getText());
        assertTrue(browser.findElement(By.cssSelector("dl.details")).getText().contains("In Kraft"));
        assertEquals("Produktschutz widerrufen", browser.findElement(By.cssSelector("form.revoke button")).getText());
        capture("04-contract-de");
        save("contract-de", browser.getCurrentUrl());

        browser.manage().window().setSize(new Dimension(360, 800));
        long viewport = number("return window.innerWidth");
        assertTrue(viewport <= 360, "viewport " + viewport);
        assertTrue(number("return document.documentElement.scrollWidth") <= viewport, "no sideways scrolling at 360 px");
        capture("05-contract-de-360px");

        browser.findElement(By.linkText("English")).click();
        waitFor(() -> "en".equals(browser.findElement(By.tagName("html")).getAttribute("lang")), "the English page");
        assertEquals("Your product protection", browser.findElement(By.tagName("h1")).getText());
        capture("06-contract-en-360px");
        assertNoBrowserErrors();
    }

    @Test
    void anExpiredLinkShowsTheNotFoundPage() throws Exception {
        plan = plan(1);
        String email = email();
        // Placed and shipped two months ago with a one-month plan: the contract's term is over.
        placeOrder(email, "en-US", Instant.now().minus(65, ChronoUnit.DAYS));
        String link = linkFromEmail(email);
        browser.get(link);
        assertEquals("Page not found", browser.findElement(By.tagName("h1")).getText());
        assertTrue(!browser.getPageSource().contains("Acme"), "nothing about the contract");
        capture("07-expired-link");
        save("not-found", browser.getCurrentUrl());
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(link)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        List<String> errors = browserErrors();
        assertTrue(errors.stream().allMatch(e -> e.contains("status of 404")), "only the page's own 404: " + errors);
    }

    @Test
    void afterTheRevocationPeriodTheFormIsGone() throws Exception {
        String email = email();
        placeOrder(email, "en-US", Instant.now().minus(20, ChronoUnit.DAYS));
        String link = linkFromEmail(email);
        browser.get(link);
        assertTrue(browser.findElements(By.tagName("form")).isEmpty(), "no form after the period");
        assertTrue(browser.findElement(By.tagName("main")).getText()
                .contains("The period to revoke this protection ended on"));
        capture("08-period-over");
        save("period-over", browser.getCurrentUrl());
        assertNoBrowserErrors();
    }

    @Test
    void aFormSentWithoutTheConfirmationIsShownAgainWithItsError() throws Exception {
        String email = email();
        placeOrder(email, "en-US", null);
        String link = linkFromEmail(email);
        // The browser won't send it (the box is required); a client without that check can.
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(link)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CustomerPageTest.CSRF.matcher(page.body());
        assertTrue(csrf.find());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(link + "/revocation"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf.group(1) + "&lang=en&reason=")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("Tick the box to confirm"));
        Files.writeString(PAGES.resolve("form-error.html"), refused.body(), StandardCharsets.UTF_8);
    }

    // --- helpers

    static String email() {
        return "browser-" + unique() + "@example.com";
    }

    /** A plan of this store with a term of {@code months}; its price is $49.99 for products of $100 to $1,000. */
    String plan(int months) {
        String id = "plan-" + unique();
        admin().body(Map.of("title", "Plan " + id, "termMonths", months, "currency", "USD", "categories", List.of("tv"),
                "priceBands", List.of(Map.of("minPrice", 10_000, "maxPrice", 100_000, "price", 4_999)),
                "storeId", store.id())).put("/admin/plans/" + id).then().statusCode(201);
        return id;
    }

    /** An order with one protected TV, shipped at once; placed and shipped {@code at} (default now). */
    JsonPath placeOrder(String email, String locale, Instant at) {
        Map<String, Object> line = new HashMap<>(Map.of("lineItemTransactionId", "tv", "quantity", 1,
                "fulfilledQuantity", 1, "product", product("tv-55", 50_000, "tv"),
                "plan", Map.of("id", plan, "purchasePrice", 4_999)));
        Map<String, Object> body = new HashMap<>(order("b-" + unique(), List.of(line)));
        body.put("customer", Map.of("name", "Ada Lovelace", "email", email, "locale", locale));
        if (at != null) {
            body.put("createdAt", at.toString());
            line.put("fulfilledAt", at.plusSeconds(60).toString());
        }
        return store.request().body(body).post("/orders").then().statusCode(201).extract().jsonPath();
    }

    /** The page link in the contract email the test SMTP server received for this address. */
    static String linkFromEmail(String email) {
        waitFor(() -> !Mails.to(MailServer.get(), email).isEmpty(), "the contract email to " + email);
        MimeMessage mail = Mails.to(MailServer.get(), email).get(0);
        List<String> links = Mails.pageLinks(mail);
        assertEquals(1, links.size(), "one link for the one contract");
        return links.get(0);
    }

    static void tabTo(WebElement target) {
        for (int i = 0; i < 30 && !target.equals(browser.switchTo().activeElement()); i++) {
            browser.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        assertEquals(target, browser.switchTo().activeElement(), "reachable with the Tab key");
    }

    static long number(String script) {
        return ((Number) browser.executeScript(script)).longValue();
    }

    /** A screenshot of the whole page at the window's width (Chromium's own full-page capture). */
    @SuppressWarnings("unchecked")
    static void capture(String name) throws IOException {
        Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "scale", 1,
                        // The window's width, scrollbar and all: the 360 px shot is 360 px wide.
                        "width", Math.max(((Number) size.get("width")).doubleValue(), number("return window.innerWidth")),
                        "height", ((Number) size.get("height")).doubleValue())));
        Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    /** The page at a URL as the service sends it (not the browser's DOM), for the HTML validator. */
    void save(String name, String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        Files.writeString(PAGES.resolve(name + ".html"), response.body(), StandardCharsets.UTF_8);
    }

    /** What the browser reported as a warning or error since the last call. */
    static List<String> browserErrors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).map(LogEntry::getMessage).toList();
    }

    static void assertNoBrowserErrors() {
        List<String> errors = browserErrors();
        assertTrue(errors.isEmpty(), "browser console: " + errors);
    }

    static void waitFor(Supplier<Boolean> condition, String what) {
        Instant until = Instant.now().plus(WAIT);
        while (!condition.get()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("gave up waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
