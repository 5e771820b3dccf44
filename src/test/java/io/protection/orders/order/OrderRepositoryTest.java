package io.protection.orders.order;

import static io.protection.orders.support.Api.newStore;
import static io.protection.orders.support.Api.plan;
import static io.protection.orders.support.Api.product;
import static io.protection.orders.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.protection.orders.common.ProblemException;
import io.protection.orders.contract.ContractRepository;
import io.protection.orders.support.Api;
import io.protection.orders.support.Api.TestStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * The order and contract repositories against PostgreSQL: every lookup by a merchant-supplied id is
 * scoped by store, locks load what a change needs, and ambiguous line ids are told apart. The orders
 * are made over HTTP first, as a merchant makes them; each repository call runs on a Vert.x context
 * in a session of its own ({@code quarkus-test-vertx}'s {@code UniAsserter} is not served here).
 */
@QuarkusTest
class OrderRepositoryTest {

    static TestStore store;
    static TestStore other;
    static UUID orderId;
    static String transactionId;
    static UUID lineId;
    static String sharedLineTransactionId;

    @Inject
    OrderRepository orders;

    @Inject
    ContractRepository contracts;

    @BeforeEach
    void orders() {
        if (store != null) {
            return;
        }
        store = newStore();
        other = newStore();
        String tvPlan = plan(store, "USD", List.of("tv"), 10_000, 200_000, 4_999);
        sharedLineTransactionId = "shared-" + unique();
        transactionId = "repo-" + unique();
        var created = store.request().body(Api.order(transactionId, List.of(
                Map.of("lineItemTransactionId", sharedLineTransactionId, "quantity", 2, "product",
                        product("tv", 60_000, "tv"), "plan", Map.of("id", tvPlan, "purchasePrice", 4_999)))))
                .post("/orders").then().statusCode(201).extract();
        orderId = UUID.fromString(created.path("id"));
        lineId = UUID.fromString(created.path("lineItems[0].id"));
        store.request().body(Map.of("lineItemId", lineId.toString(), "quantity", 1)).post("/line-items/fulfill")
                .then().statusCode(200);
        store.request().body(Api.order("repo-" + unique(), List.of(Map.of("lineItemTransactionId",
                sharedLineTransactionId, "quantity", 1, "product", product("cable", 1_999, "cable")))))
                .post("/orders").then().statusCode(201);
    }

    @Test
    void lockForChangeLoadsTheLinesAndSeesNoOtherStoresOrder() throws Throwable {
        Order order = await(() -> Panache.withTransaction(() -> orders.lockForChange(UUID.fromString(store.id()), orderId)));
        assertNotNull(order);
        assertEquals(1, order.lineItems.size());
        assertEquals(1, order.lineItems.get(0).fulfilledQuantity);
        assertNull(await(() -> Panache.withTransaction(() -> orders.lockForChange(UUID.fromString(other.id()), orderId))));
    }

    @Test
    void transactionIdsAreLookedUpWithinTheStore() throws Throwable {
        assertEquals(orderId, await(() -> Panache.withSession(() -> orders.findIdByTransactionId(
                UUID.fromString(store.id()), transactionId))));
        assertNull(await(() -> Panache.withSession(() -> orders.findIdByTransactionId(UUID.fromString(other.id()),
                transactionId))));
    }

    @Test
    void aLineTransactionIdOfSeveralOrdersIsAmbiguousUnlessTheOrderIsNamed() throws Throwable {
        UUID storeId = UUID.fromString(store.id());
        ProblemException ambiguous = assertThrows(ProblemException.class, () -> await(() -> Panache.withSession(
                () -> orders.findLine(storeId, null, null, sharedLineTransactionId))));
        assertEquals("ambiguous_line_item", ambiguous.code());
        assertEquals(new OrderRepository.LineRef(orderId, lineId), await(() -> Panache.withSession(
                () -> orders.findLine(storeId, null, transactionId, sharedLineTransactionId))));
        ProblemException foreign = assertThrows(ProblemException.class, () -> await(() -> Panache.withSession(
                () -> orders.findLine(UUID.fromString(other.id()), lineId.toString(), null, null))));
        assertEquals(404, foreign.status());
    }

    @Test
    void fulfillmentsAndContractsOfALine() throws Throwable {
        var fulfillments = await(() -> Panache.withSession(() -> orders.fulfillmentsOf(List.of(lineId))));
        assertEquals(1, fulfillments.size());
        assertEquals(1, fulfillments.get(0).quantity);
        assertEquals(1, await(() -> Panache.withSession(() -> contracts.listByLines(List.of(lineId)))).size());
        assertNull(await(() -> Panache.withSession(() -> contracts.findInStore(UUID.fromString(other.id()),
                UUID.randomUUID()))));
    }

    @Test
    void snapshotsHoldWhatTheSessionLoadsNewestFirstWithEachLinesContractsOldestFirst() throws Throwable {
        String tvPlan = plan(store, "USD", List.of("tv"), 10_000, 200_000, 4_999);
        var created = store.request().body(Api.order("snap-" + unique(), List.of(
                Map.of("lineItemTransactionId", "cable", "quantity", 1, "product", product("cable", 1_999, "cable")),
                Map.of("lineItemTransactionId", "tv", "quantity", 2, "product", product("tv", 60_000, "tv"),
                        "plan", Map.of("id", tvPlan, "purchasePrice", 4_999)))))
                .post("/orders").then().statusCode(201).extract();
        UUID id = UUID.fromString(created.path("id"));
        UUID tvLine = UUID.fromString(created.path("lineItems[1].id"));
        store.request().body(Map.of("lineItemId", tvLine.toString(), "quantity", 2)).post("/line-items/fulfill")
                .then().statusCode(200);
        UUID storeId = UUID.fromString(store.id());

        OrderRepository.OrderSnapshot snapshot = await(() -> orders.findSnapshot(storeId, id));
        Order loaded = await(() -> Panache.withSession(() -> orders.findWithLines(storeId, id)));
        assertSameColumns(loaded, snapshot.order());
        assertEquals(2, snapshot.order().lineItems.size());
        for (int i = 0; i < 2; i++) {
            assertSameColumns(loaded.lineItems.get(i), snapshot.order().lineItems.get(i));
            assertEquals(snapshot.order(), snapshot.order().lineItems.get(i).order);
        }
        List<UUID> issued = await(() -> Panache.withSession(() -> contracts.listByLines(List.of(tvLine)))).stream()
                .map(c -> c.id).sorted(java.util.Comparator.comparing(UUID::toString)).toList();
        assertEquals(2, issued.size());
        assertEquals(issued, snapshot.contractIds().get(tvLine));
        assertEquals(List.of(), snapshot.contractIds().get(loaded.lineItems.get(0).id));

        assertEquals(List.of(id, orderId), await(() -> orders.findSnapshots(storeId, List.of(orderId, id))).stream()
                .map(found -> found.order().id).toList());
        assertEquals(List.of(), await(() -> orders.findSnapshots(UUID.fromString(other.id()), List.of(orderId, id))));
        assertNull(await(() -> orders.findSnapshot(UUID.fromString(other.id()), id)));
        assertNull(await(() -> orders.findSnapshot(storeId, UUID.randomUUID())));
    }

    /** Every mapped column of the entity, compared field by field: a column the snapshot leaves out fails here. */
    private static void assertSameColumns(Object expected, Object actual) throws IllegalAccessException {
        int compared = 0;
        for (java.lang.reflect.Field field : expected.getClass().getDeclaredFields()) {
            // The build's entity enhancement adds fields of its own (and makes the mapped ones private).
            if (java.lang.reflect.Modifier.isStatic(field.getModifiers()) || field.getName().startsWith("$$")
                    || field.getType() == List.class || field.getType() == Order.class) {
                continue;
            }
            field.setAccessible(true);
            assertEquals(field.get(expected), field.get(actual), field.getName());
            compared++;
        }
        assertTrue(compared > 20, compared + " columns compared");
    }

    private static <T> T await(java.util.function.Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
