package io.protection.orders.order;

import java.util.HashSet;
import java.util.Set;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.protection.orders.common.JsonConfig;
import io.protection.orders.common.TextList;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The order as a merchant sends it, in Extend's field names. Money is in minor units; instants are
 * epoch seconds, epoch milliseconds or ISO-8601. Unknown fields are ignored. The nested records are
 * also how the merchant's customer, product and shipment data are stored.
 */
public final class OrderInput {

    /** OpenAPI notes on the alternatives Extend's clients send. */
    static final String TEXT = "Text; a JSON number is taken as its decimal text";
    static final String WHOLE = "An integer, or a whole-number string such as \"3\" or \"1.0000\"";

    private OrderInput() {
    }

    public record Order(@Schema(oneOf = { String.class, Long.class }, description = TEXT) String transactionId,
            String storeId, String storeName, String currency, Instant createdAt,
            Duration waitPeriod, @JsonProperty("isTest") Boolean isTest, Customer customer, Long total,
            Long taxCostTotal, Long productCostTotal, Long discountAmountTotal, Long shippingCostTotal,
            Long shippingTaxCostTotal, SaleOrigin saleOrigin, String poNumber, List<LineItem> lineItems)
            implements io.protection.orders.common.Validated {

        @Override
        public List<io.protection.orders.common.FieldError> violations() {
            return OrderValidator.violations(this, java.time.Instant.now());
        }

        Order withLineItems(List<LineItem> lines) {
            return new Order(transactionId, storeId, storeName, currency, createdAt, waitPeriod, isTest, customer, total,
                    taxCostTotal, productCostTotal, discountAmountTotal, shippingCostTotal, shippingTaxCostTotal,
                    saleOrigin, poNumber, lines);
        }
    }

    /**
     * A line. {@code fulfilledQuantity} units arrive already fulfilled, at {@code fulfilledAt} (default:
     * when the order is received); {@code status: "fulfilled"} without it means every unit. {@code premium}
     * is the price of a shipping-protection line (default: its quote's).
     */
    public record LineItem(@Schema(oneOf = { String.class, Long.class }, description = TEXT) String lineItemTransactionId,
            @Schema(oneOf = { Integer.class, String.class }, description = WHOLE) Integer quantity,
            @Schema(oneOf = { Integer.class, String.class }, description = WHOLE) Integer fulfilledQuantity,
            Instant fulfilledAt, String type, Product product, PlanRef plan, String leadToken, List<Product> products,
            String quoteId, Long premium, List<Shipment> shipmentInfo, Long discountAmount, Long taxCost,
            String status) {

        /** A line without a {@code status}. */
        public LineItem(String lineItemTransactionId, Integer quantity, Integer fulfilledQuantity, Instant fulfilledAt,
                String type, Product product, PlanRef plan, String leadToken, List<Product> products, String quoteId,
                Long premium, List<Shipment> shipmentInfo, Long discountAmount, Long taxCost) {
            this(lineItemTransactionId, quantity, fulfilledQuantity, fulfilledAt, type, product, plan, leadToken,
                    products, quoteId, premium, shipmentInfo, discountAmount, taxCost, null);
        }

        public int units() {
            return quantity == null ? 1 : quantity;
        }

        LineItem withIdAndQuantities(String id, Integer units, Integer fulfilled) {
            return new LineItem(id, units, fulfilled, fulfilledAt, type, product, plan, leadToken, products, quoteId,
                    premium, shipmentInfo, discountAmount, taxCost, status);
        }
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Product(@Schema(oneOf = { String.class, Long.class }, description = TEXT) String id, String title,
            String name, String category, @Schema(oneOf = { Long.class, String.class }, description = WHOLE) Long listPrice,
            @Schema(oneOf = { Long.class, String.class }, description = WHOLE) Long purchasePrice,
            String serialNumber, String variantId, Instant purchaseDate, String imageUrl, String deliveryStatus) {

        public Product withName(String newName) {
            return new Product(id, title, newName, category, listPrice, purchasePrice, serialNumber, variantId,
                    purchaseDate, imageUrl, deliveryStatus);
        }
    }

    @RegisterForReflection
    public record PlanRef(@Schema(oneOf = { String.class, Long.class }, description = TEXT) String id,
            @Schema(oneOf = { Long.class, String.class }, description = WHOLE) Long purchasePrice) {
    }

    /**
     * A shipment of a shipping-protection line. {@code destination} and {@code source} are kept as
     * sent: nothing reads them, and clients fill them loosely (WooCommerce sends {@code address2: false}).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Shipment(String trackingId, String shippingProvider, Instant shipmentDate,
            @Schema(oneOf = { String[].class, String.class }, description = "An array of product ids, or one comma-separated string")
            @JsonDeserialize(using = TextList.class) List<String> productIds, String trackingUrl,
            Map<String, Object> destination, Map<String, Object> source) {

        /** Null entries of the addresses are dropped, as they are when stored, so that a re-sent shipment is equal. */
        public Shipment {
            destination = withoutNulls(destination);
            source = withoutNulls(source);
        }

        private static Map<String, Object> withoutNulls(Map<String, Object> address) {
            if (address != null && !JsonConfig.storable(address)) {
                throw new IllegalArgumentException("an address must not contain a NUL character");
            }
            if (address == null || !address.containsValue(null)) {
                return address;
            }
            Map<String, Object> kept = new LinkedHashMap<>(address);
            kept.values().removeIf(Objects::isNull);
            return kept;
        }
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

    /** Ids of the products that the order's category contract lines cover. */
    public static Set<String> categoryProductIds(List<LineItem> lines) {
        Set<String> ids = new HashSet<>();
        for (LineItem line : lines) {
            if (line != null && "category_contract".equals(line.type()) && line.products() != null) {
                line.products().stream().filter(p -> p != null && p.id() != null).forEach(p -> ids.add(p.id()));
            }
        }
        return ids;
    }
}
