package io.protection.orders.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.protection.orders.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A healthy database never fails a request because a pooled connection rested: bursts that use every
 * connection at once, separated by pauses around the time after which a silent connection is closed
 * (a statement timeout of 1 s here), are all answered. Before the pool retired idle connections itself,
 * about one request in twenty of these bursts failed "connection lost" (503).
 */
@QuarkusTest
@TestProfile(IdleConnectionTest.ShortTimeouts.class)
class IdleConnectionTest {

    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Above the bursts, so that none of their requests is shed.
            return Map.of("protection.db-statement-timeout", "1s", "protection.max-in-flight", "64");
        }
    }

    @Test
    void burstsAfterPausesAroundTheIdleCloseAreAllAnswered() throws Exception {
        int burst = 40;
        List<Integer> failures = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(burst);
        try {
            for (int pause = 1_900; pause <= 2_200; pause += 20) {
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < burst; i++) {
                    answers.add(clients.submit(() -> Api.admin().get("/admin/stores/00000000-0000-0000-0000-000000000001")
                            .then().extract().statusCode()));
                }
                for (Future<Integer> answer : answers) {
                    if (answer.get() != 404) {
                        failures.add(answer.get());
                    }
                }
                Thread.sleep(pause);
            }
        } finally {
            clients.shutdown();
        }
        assertEquals(List.of(), failures, "answers other than 404 (the store does not exist)");
    }
}
