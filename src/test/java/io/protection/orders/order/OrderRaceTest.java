package io.protection.orders.order;

import static io.protection.orders.support.Api.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.protection.orders.order.service.OrderLifecycle;
import io.protection.orders.release.ReleaseJob;
import io.protection.orders.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.restassured.response.Response;

/** Racing requests on one order, and release jobs racing over many orders. */
@QuarkusTest
class OrderRaceTest {

    @Inject
    TestClock clock;

    @Inject
    OrderLifecycle lifecycle;

    @Inject
    ReleaseJob releaseJob;

    @Inject
    Pool pool;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void twentyParallelFulfillsOfAFiveUnitLineFulfillFive() throws Exception {
        TestStore store = newStore();
        String plan = plan(store, "USD", List.of("tv"), 0, 100_000, 999);
        var order = store.request().body(order("t-" + unique(), List.of(Map.of("lineItemTransactionId", "tv",
                "quantity", 5, "product", product("tv", 50_000, "tv"), "plan", Map.of("id", plan, "purchasePrice", 999)))))
                .post("/orders").then().statusCode(201).extract();
        String lineId = order.path("lineItems[0].id");

        List<Integer> statuses = parallel(20, i -> () -> answer(() -> store.request()
                .body(Map.of("lineItemId", lineId, "quantity", 1)).post("/line-items/fulfill")));

        assertEquals(5, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(15, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        assertEquals(5L, count("select count(*) from contract where line_item_id = $1", UUID.fromString(lineId)));
        assertEquals(5, store.request().get("/orders/" + order.path("id")).then().extract()
                .<Integer> path("lineItems[0].fulfilledQuantity"));
    }

    @Test
    void cancelAndFulfillRacingOnAnOrderNeverBothWin() throws Exception {
        TestStore store = newStore();
        String plan = plan(store, "USD", List.of("tv"), 0, 100_000, 999);
        int orders = 20;
        List<String[]> created = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            var order = store.request().body(order("t-" + unique(), List.of(Map.of("lineItemTransactionId", "tv",
                    "product", product("tv", 50_000, "tv"), "plan", Map.of("id", plan, "purchasePrice", 999)))))
                    .post("/orders").then().statusCode(201).extract();
            created.add(new String[] { order.path("id"), order.path("lineItems[0].id") });
        }
        List<Integer> statuses = parallel(orders * 2, i -> {
            String[] order = created.get(i / 2);
            return i % 2 == 0
                    ? () -> answer(() -> store.request().body(Map.of()).post("/orders/" + order[0] + "/cancel"))
                    : () -> answer(() -> store.request().body(Map.of("lineItemId", order[1])).post("/line-items/fulfill"));
        });
        for (int i = 0; i < orders; i++) {
            int cancel = statuses.get(2 * i);
            int fulfill = statuses.get(2 * i + 1);
            assertTrue(cancel == 200 ^ fulfill == 200, "order " + i + ": cancel " + cancel + ", fulfill " + fulfill);
            assertEquals(409, cancel == 200 ? fulfill : cancel);
            UUID lineId = UUID.fromString(created.get(i)[1]);
            Row line = pool.preparedQuery("select fulfilled_quantity, canceled_quantity from line_item where id = $1")
                    .execute(Tuple.of(lineId)).await().indefinitely().iterator().next();
            assertEquals(cancel == 200 ? 0 : 1, line.getInteger(0));
            assertEquals(cancel == 200 ? 1 : 0, line.getInteger(1));
            assertEquals(cancel == 200 ? 0L : 1L, count("select count(*) from contract where line_item_id = $1", lineId));
        }
    }

    @Test
    void twoReleaseJobsAtOnceReleaseEachOrderExactlyOnce() throws Exception {
        TestStore store = newStore();
        int orders = 2_000;
        pendingOrders(store, orders, 1);
        UUID storeId = UUID.fromString(store.id());
        assertEquals((long) orders, count("select count(*) from orders where store_id = $1 and status = 'PENDING'", storeId));

        clock.advance(Duration.ofHours(2));
        long started = System.nanoTime();
        List<Integer> released = parallel(2, i -> () -> {
            int total = 0;
            int batch;
            do {
                batch = releaseBatch();
                total += batch;
            } while (batch > 0);
            return total;
        });

        System.out.printf("two release jobs released %s orders in %d ms%n", released,
                (System.nanoTime() - started) / 1_000_000);
        assertTrue(released.get(0) > 0 && released.get(1) > 0, "both jobs took part: " + released);
        assertEquals(0L, count("select count(*) from orders where store_id = $1 and status = 'PENDING'", storeId));
        assertEquals((long) orders, count("""
                select count(*) from order_event where store_id = $1 and type = 'released'""", storeId));
        assertEquals(0L, count("""
                select count(*) from (select order_id from order_event where store_id = $1 and type = 'released'
                                      group by order_id having count(*) > 1) twice""", storeId));
        assertEquals((long) orders, count("select count(*) from contract where store_id = $1", storeId));
        assertEquals(0L, count("""
                select count(*) from (select line_item_id from contract where store_id = $1
                                      group by line_item_id having count(*) > 1) twice""", storeId));
    }

    @Test
    void theJobsLanesReleaseEachOrderExactlyOnce() throws Throwable {
        TestStore store = newStore();
        // Three batches of 500 and a short one: the job's two lanes release batches side by side.
        int orders = 1_600;
        pendingOrders(store, orders, 2);
        UUID storeId = UUID.fromString(store.id());

        clock.advance(Duration.ofHours(2));
        VertxContextSupport.subscribeAndAwait(() -> releaseJob.run());

        assertEquals(0L, count("select count(*) from orders where store_id = $1 and status = 'PENDING'", storeId));
        assertEquals(0L, count("""
                select count(*) from orders o where store_id = $1 and (select count(*) from order_event e
                    where e.order_id = o.id and e.type = 'released') <> 1""", storeId));
        assertEquals(2L * orders, count("select count(*) from contract where store_id = $1", storeId));
        assertEquals(0L, count("""
                select count(*) from line_item l where store_id = $1
                    and (select count(*) from contract c where c.line_item_id = l.id) <> 2""", storeId));
        assertEquals(2L * orders, count("""
                select count(*) from outbox_message where store_id = $1 and type = 'contract.created'""", storeId));
    }

    /** {@code orders} orders waiting an hour, each a TV with a plan, {@code units} units, all fulfilled. */
    void pendingOrders(TestStore store, int orders, int units) throws Exception {
        String plan = plan(store, "USD", List.of("tv"), 0, 100_000, 999);
        parallel(orders, i -> () -> {
            Map<String, Object> body = order("t-" + unique(), List.of(Map.of("lineItemTransactionId", "tv",
                    "quantity", units, "fulfilledQuantity", units, "product", product("tv", 50_000, "tv"),
                    "plan", Map.of("id", plan, "purchasePrice", 999))));
            body.put("waitPeriod", "PT1H");
            return answer(() -> store.request().body(body).post("/orders"));
        });
    }

    int releaseBatch() throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> lifecycle.releaseDue(50));
        } catch (Throwable e) {
            throw new Exception(e);
        }
    }

    long count(String sql, UUID id) {
        return pool.preparedQuery(sql).execute(Tuple.of(id)).await().indefinitely().iterator().next().getLong(0);
    }

    /**
     * The status of the request's answer once it is not 503: a 503 (a statement or connection wait timed out on
     * a loaded machine) rolled back and is retried after its Retry-After, as a client does. What it said is
     * printed, so that a run that needed it shows why.
     */
    static int answer(Supplier<Response> request) throws InterruptedException {
        for (int attempt = 1;; attempt++) {
            Response response = request.get();
            if (response.statusCode() != 503 || attempt == 5) {
                return response.statusCode();
            }
            System.out.println("503, retried: " + response.body().asString());
            Thread.sleep(Long.parseLong(response.header("Retry-After")) * 1_000);
        }
    }

    interface Task {
        Callable<Integer> at(int index);
    }

    static List<Integer> parallel(int count, Task task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(count, 16));
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                calls.add(task.at(i));
            }
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> f : executor.invokeAll(calls)) {
                results.add(f.get());
            }
            return results;
        } finally {
            executor.shutdown();
        }
    }
}
