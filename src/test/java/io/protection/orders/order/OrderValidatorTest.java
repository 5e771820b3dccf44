package io.protection.orders.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.protection.orders.common.FieldError;
import io.protection.orders.common.ProblemException;
import io.protection.orders.order.OrderInput.Customer;
import io.protection.orders.order.OrderInput.LineItem;
import io.protection.orders.order.OrderInput.PlanRef;
import io.protection.orders.order.OrderInput.Product;

/** Which requests are malformed, and that every bad field is named. */
class OrderValidatorTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Customer CUSTOMER = new Customer("Ada", "ada@example.com", null, null, null, null);
    static final Product TV = new Product("tv", null, null, "tv", 100L, 100L, null, null, null, null, null);

    @Test
    void aWellFormedOrderPassesAndItsCurrencyIsUpperCased() {
        assertEquals("USD", OrderValidator.validate(order("usd", List.of(line("1", 1, null, TV, null))), NOW));
    }

    @Test
    void everyBadFieldIsListed() {
        LineItem bad = new LineItem("", 0, 3, null, "gadget", null, new PlanRef(null, -1L), null, null, null, -5L,
                null, -1L, null);
        OrderInput.Order order = new OrderInput.Order(null, null, null, "ZZZ", NOW.plus(Duration.ofHours(1)),
                Duration.ofDays(400), null, new Customer(null, "not-an-email", null, null, null, null), -1L, null, null,
                null, null, null, null, null, List.of(bad));
        List<String> fields = fields(order);
        for (String expected : List.of("transactionId", "currency", "createdAt", "waitPeriod", "customer.email",
                "total", "lineItems[0].lineItemTransactionId", "lineItems[0].quantity",
                "lineItems[0].type", "lineItems[0].plan.id", "lineItems[0].plan.purchasePrice",
                "lineItems[0].premium", "lineItems[0].discountAmount", "lineItems[0].product")) {
            assertEquals(true, fields.contains(expected), expected + " missing from " + fields);
        }
    }

    @Test
    void lineCountLimits() {
        assertEquals(List.of("lineItems"), fields(order("USD", List.of())));
        List<LineItem> many = new ArrayList<>();
        for (int i = 0; i <= OrderValidator.MAX_LINE_ITEMS; i++) {
            many.add(line("l" + i, 1, null, TV, null));
        }
        assertEquals(List.of("lineItems"), fields(order("USD", many)));
        assertEquals("USD", OrderValidator.validate(order("USD", many.subList(0, OrderValidator.MAX_LINE_ITEMS)), NOW));
    }

    @Test
    void duplicateLineIdsAndOverFulfillment() {
        assertEquals(List.of("lineItems[1].lineItemTransactionId"),
                fields(order("USD", List.of(line("a", 1, null, TV, null), line("a", 1, null, TV, null)))));
        assertEquals(List.of("lineItems[0].fulfilledQuantity"), fields(order("USD", List.of(line("a", 2, 3, TV, null)))));
    }

    @Test
    void lineShapes() {
        assertEquals(List.of("lineItems[0].product"), fields(order("USD", List.of(line("a", 1, null, null, null)))));
        assertEquals(List.of("lineItems[0].product"),
                fields(order("USD", List.of(line("a", 1, null, null, new PlanRef("p", 1L))))));
        LineItem leadWithoutPlan = new LineItem("a", 1, null, null, null, TV, null, "lt_x", null, null, null, null,
                null, null);
        assertEquals(List.of("lineItems[0].plan"), fields(order("USD", List.of(leadWithoutPlan))));
        LineItem quoteWithPlan = new LineItem("a", 1, null, null, null, null, new PlanRef("p", 1L), null, null, "q", 1L,
                null, null, null);
        assertEquals(List.of("lineItems[0].plan"), fields(order("USD", List.of(quoteWithPlan))));
        LineItem categoryWithoutProducts = new LineItem("a", 1, null, null, "category_contract", null,
                new PlanRef("p", 1L), null, Collections.emptyList(), null, null, null, null, null);
        assertEquals(List.of("lineItems[0].products"), fields(order("USD", List.of(categoryWithoutProducts))));
        LineItem contractDeclaredOnProduct = new LineItem("a", 1, null, null, "contract", TV, null, null, null, null,
                null, null, null, null);
        assertEquals(List.of("lineItems[0].type"), fields(order("USD", List.of(contractDeclaredOnProduct))));
    }

    @Test
    void aMissingBodyIsRefused() {
        assertThrows(ProblemException.class, () -> OrderValidator.validate(null, NOW));
    }

    static List<String> fields(OrderInput.Order order) {
        ProblemException e = assertThrows(ProblemException.class, () -> OrderValidator.validate(order, NOW));
        assertEquals(400, e.status());
        return e.errors().stream().map(FieldError::field).toList();
    }

    static OrderInput.Order order(String currency, List<LineItem> lines) {
        return new OrderInput.Order("t-1", null, null, currency, null, null, null, CUSTOMER, 100L, null, null, null,
                null, null, null, null, lines);
    }

    static LineItem line(String id, int quantity, Integer fulfilled, Product product, PlanRef plan) {
        return new LineItem(id, quantity, fulfilled, null, null, product, plan, null, null, null, null, null, null,
                null);
    }
}
