package io.protection.orders.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.protection.orders.support.Restarted;
import io.protection.orders.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** In a new instance of the app, the messages committed before the restart are delivered. */
@QuarkusTest
@TestProfile(Restarted.class)
class OutboxAfterRestartTest {

    @Inject
    OutboxDispatcher dispatcher;

    @Test
    void messagesCommittedBeforeARestartAreDeliveredAfterIt() throws Throwable {
        String contract = System.getProperty(OutboxBeforeRestartTest.CONTRACT);
        assertNotNull(contract, "OutboxBeforeRestartTest runs first");
        assertEquals(List.of(), delivered(contract), "nothing was sent before the restart");
        // This app has classes of its own, and so a receiver of its own: the subscription moves to it.
        given().header("X-Extend-Access-Token", System.getProperty(OutboxBeforeRestartTest.KEY))
                .contentType(ContentType.JSON).body(Map.of("url", WebhookReceiver.get().url("restarted"),
                        "events", List.of("contract.created")))
                .put("/webhooks/restart").then().statusCode(200);
        for (int i = 0; i < 50 && VertxContextSupport.subscribeAndAwait(() -> dispatcher.dispatch()) > 0; i++) {
            // everything the earlier tests left pending goes out too
        }
        assertEquals(1, delivered(contract).size());
    }

    private static List<WebhookReceiver.Received> delivered(String contract) {
        return WebhookReceiver.get().ofType("contract.created").stream()
                .filter(r -> contract.equals(new JsonPath(r.body()).getString("data.id"))).toList();
    }
}
