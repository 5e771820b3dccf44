package io.protection.orders.contract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.protection.orders.order.OrderInput.Customer;
import io.protection.orders.order.OrderInput.Product;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A contract as the API shows it. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContractView(UUID id, UUID storeId, UUID orderId, UUID lineItemId, String type, String planId,
        List<Product> products, long purchasePrice, String currency, Customer customer, Instant termStart,
        Instant termEnd, String status, Instant createdAt) {

    public static ContractView of(Contract c) {
        return new ContractView(c.id, c.storeId, c.orderId, c.lineItemId, c.type.wire(), c.planId, c.products.products(),
                c.purchasePrice, c.currency, c.customer, c.termStart, c.termEnd, c.status.wire(), c.createdAt);
    }

    @RegisterForReflection
    public record Page(List<ContractView> contracts, String nextCursor) {
    }
}
