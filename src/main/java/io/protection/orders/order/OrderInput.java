package io.protection.orders.order;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The order as a merchant sends it, in Extend's field names. Money is in minor units; instants are
 * epoch seconds, epoch milliseconds or ISO-8601. Unknown fields are ignored. The nested records are
 * also how the merchant's customer, product and shipment data are stored.
 */
public final class OrderInput {

    private OrderInput() {
    }

    public record Order(String transactionId, String storeId, String storeName, String currency, Instant createdAt,
            Duration waitPeriod, @JsonProperty("isTest") Boolean isTest, Customer customer, Long total,
            Long taxCostTotal, Long productCostTotal, Long discountAmountTotal, Long shippingCostTotal,
            Long shippingTaxCostTotal, SaleOrigin saleOrigin, String poNumber, List<LineItem> lineItems) {
    }

    /**
     * A line. {@code fulfilledQuantity} units arrive already fulfilled, at {@code fulfilledAt} (default:
     * when the order is received). {@code premium} is the price of a shipping-protection line.
     */
    public record LineItem(String lineItemTransactionId, Integer quantity, Integer fulfilledQuantity,
            Instant fulfilledAt, String type, Product product, PlanRef plan, String leadToken, List<Product> products,
            String quoteId, Long premium, List<Shipment> shipmentInfo, Long discountAmount, Long taxCost) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Product(String id, String title, String name, String category, Long listPrice, Long purchasePrice,
            String serialNumber, String variantId, Instant purchaseDate, String imageUrl, String deliveryStatus) {
    }

    @RegisterForReflection
    public record PlanRef(String id, Long purchasePrice) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Shipment(String trackingId, String shippingProvider, Instant shipmentDate, List<String> productIds,
            String trackingUrl, Address destination, Address source) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Customer(String name, String email, String phone, String locale, Address billingAddress,
            Address shippingAddress) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Address(String address1, String address2, String city, String countryCode, String postalCode,
            String province) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SaleOrigin(String platform, String channel, String integratorId, String locationId, String agentId) {
    }
}
