package io.protection.orders.feed;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.protection.orders.support.Restarted;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;

/** In a new instance of the app (another test profile makes Quarkus restart it), the feed is applied. */
@QuarkusTest
@TestProfile(Restarted.class)
class FeedAfterRestartTest {

    @Inject
    FeedWorker worker;

    @Test
    void aFeedAcceptedBeforeARestartIsAppliedAfterIt() throws Throwable {
        String requestId = System.getProperty(FeedBeforeRestartTest.REQUEST);
        String key = System.getProperty(FeedBeforeRestartTest.KEY);
        assertNotNull(requestId, "FeedBeforeRestartTest runs first");
        given().header("X-Extend-Access-Token", key).get("/feeds/order/" + requestId).then()
                .body("processing_status", equalTo("in_progress"));
        VertxContextSupport.subscribeAndAwait(() -> worker.drain(0));
        given().header("X-Extend-Access-Token", key).get("/feeds/order/" + requestId).then()
                .body("processing_status", equalTo("done")).body("statuses[0].status", equalTo("successful"));
        given().header("X-Extend-Access-Token", key).queryParam("transactionId", "restart-1").get("/orders/search")
                .then().body("orders[0].lineItems[0].type", equalTo("contract"));
    }
}
