package io.protection.orders.common.db;

import static io.protection.orders.support.Api.newStore;
import static io.protection.orders.support.Api.product;
import static io.protection.orders.support.Api.unique;
import static io.quarkus.vertx.VertxContextSupport.subscribeAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.protection.orders.order.Order;
import io.protection.orders.order.OrderRepository;
import io.protection.orders.support.Api;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

/**
 * A read use case's session writes nothing, even when code changes what it loaded and then queries
 * again (which would flush it in a default session); inside a transaction the annotation changes
 * nothing; and a transaction that follows the reads in the same session still writes its changes.
 */
@QuarkusTest
class ReadOnlySessionTest {

    /** Loads the order, changes its PO number, and queries again. */
    @ApplicationScoped
    static class Reads {

        @Inject
        OrderRepository orders;

        @ReadOnlySession
        Uni<Order> changeAndQuery(UUID orderId, String poNumber) {
            return orders.findById(orderId).invoke(order -> order.poNumber = poNumber)
                    .call(order -> orders.count());
        }
    }

    @Inject
    Reads reads;

    @Inject
    OrderRepository orders;

    UUID orderId;

    @BeforeEach
    void order() {
        var store = newStore();
        orderId = UUID.fromString(store.request().body(Api.order("ro-" + unique(), List.of(Map.of(
                "lineItemTransactionId", "1", "product", product("cable", 1_999, "cable"))))).post("/orders")
                .then().statusCode(201).extract().path("id"));
    }

    @Test
    void readsWriteNothing() throws Throwable {
        subscribeAndAwait(() -> reads.changeAndQuery(orderId, "changed"));
        assertNull(poNumber());
    }

    @Test
    void insideATransactionTheChangeIsWritten() throws Throwable {
        subscribeAndAwait(() -> Panache.withTransaction(() -> reads.changeAndQuery(orderId, "in-transaction")));
        assertEquals("in-transaction", poNumber());
    }

    @Test
    void aTransactionAfterTheReadsInTheSameSessionWritesItsChanges() throws Throwable {
        subscribeAndAwait(() -> Panache.withSession(() -> reads.changeAndQuery(orderId, "read")
                .chain(() -> Panache.withTransaction(() -> orders.findById(orderId)
                        .invoke(order -> order.poNumber = "written")))));
        assertEquals("written", poNumber());
    }

    private String poNumber() throws Throwable {
        return subscribeAndAwait(() -> Panache.withSession(() -> orders.findById(orderId)).map(order -> order.poNumber));
    }
}
