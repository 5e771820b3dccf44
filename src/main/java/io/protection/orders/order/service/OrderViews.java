package io.protection.orders.order.service;

import io.protection.orders.order.LineItem;
import io.protection.orders.order.Order;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.protection.orders.common.JsonConfig;
import io.protection.orders.contract.Contract;
import io.protection.orders.order.OrderInput.Customer;
import io.protection.orders.order.OrderInput.PlanRef;
import io.protection.orders.order.OrderInput.Product;
import io.protection.orders.order.OrderInput.SaleOrigin;
import io.protection.orders.order.OrderInput.Shipment;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Response bodies of orders and line items. Built inside the session that loaded the entities. */
public final class OrderViews {

    private OrderViews() {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OrderView(UUID id, UUID storeId, String transactionId, String status, String currency,
            Instant createdAt, Instant openAt, String waitPeriod, Customer customer, Long total, Long taxCostTotal,
            Long productCostTotal, Long discountAmountTotal, Long shippingCostTotal, Long shippingTaxCostTotal,
            SaleOrigin saleOrigin, String poNumber, @JsonProperty("isTest") boolean isTest, int version,
            Instant updatedAt, List<LineItemView> lineItems) {

        /** The order with the ids of its contracts (any of the store's contracts may be passed). */
        public static OrderView of(Order order, List<Contract> contracts) {
            return of(order, contractIds(order, contracts));
        }

        /** The order with its lines' contract ids, oldest first (a line with no entry has none). */
        public static OrderView of(Order order, Map<UUID, List<UUID>> byLine) {
            return new OrderView(order.id, order.storeId, order.transactionId, order.status.wire(), order.currency,
                    order.createdAt, order.openAt, JsonConfig.formatDuration(Duration.ofSeconds(order.waitPeriodSeconds)),
                    order.customer, order.total, order.taxCostTotal, order.productCostTotal, order.discountAmountTotal,
                    order.shippingCostTotal, order.shippingTaxCostTotal, order.saleOrigin, order.poNumber, order.isTest,
                    order.version, order.updatedAt, order.lineItems.stream()
                            .map(l -> LineItemView.of(order, l, byLine.getOrDefault(l.id, List.of()))).toList());
        }
    }

    /**
     * A line. {@code contractId} is the first of {@code contractIds} (Extend's clients read one per
     * line); {@code product.name} falls back to its {@code title}.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LineItemView(UUID id, UUID orderId, String transactionId, String lineItemTransactionId, String type,
            String status, String failureReason, int quantity, int fulfilledQuantity, int canceledQuantity,
            int refundedQuantity, Product product, PlanRef plan, String leadToken, String quoteId, Long premium,
            List<Product> products, List<Shipment> shipmentInfo, Long discountAmount, Long taxCost,
            List<UUID> contractIds, UUID contractId) {

        public static LineItemView of(Order order, LineItem line, List<UUID> contractIds) {
            PlanRef plan = line.planId == null ? null : new PlanRef(line.planId, line.planPurchasePrice);
            return new LineItemView(line.id, order.id, order.transactionId, line.lineItemTransactionId,
                    line.type.wire(), line.status.wire(), line.failureReason, line.quantity, line.fulfilledQuantity,
                    line.canceledQuantity, line.refundedQuantity, named(line.product), plan, line.leadToken,
                    line.quoteId, line.premium, line.details.products(), line.details.shipmentInfo(),
                    line.discountAmount, line.taxCost, contractIds, contractIds.isEmpty() ? null : contractIds.get(0));
        }

        /** The line as one of its contracts' entries: {@code contractId} set to that contract. */
        public LineItemView withContractId(UUID id) {
            return new LineItemView(this.id, orderId, transactionId, lineItemTransactionId, type, status, failureReason,
                    quantity, fulfilledQuantity, canceledQuantity, refundedQuantity, product, plan, leadToken, quoteId,
                    premium, products, shipmentInfo, discountAmount, taxCost, contractIds, id);
        }

        private static Product named(Product product) {
            return product == null || product.name() != null || product.title() == null ? product
                    : product.withName(product.title());
        }
    }

    /** The ids of the order's contracts among {@code contracts}, by line, oldest first. */
    public static Map<UUID, List<UUID>> contractIds(Order order, List<Contract> contracts) {
        // Ids are time-ordered, and their text sorts as they were made.
        return contracts.stream().filter(c -> c.orderId.equals(order.id))
                .sorted(Comparator.comparing(c -> c.id.toString()))
                .collect(Collectors.groupingBy(c -> c.lineItemId, Collectors.mapping(c -> c.id, Collectors.toList())));
    }

    @RegisterForReflection
    public record OrderPage(List<OrderView> orders, String nextCursor) {
    }

    @RegisterForReflection
    public record LineItemPage(List<LineItemView> lineItems, String nextCursor) {
    }
}
