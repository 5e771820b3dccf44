package io.protection.orders.feed;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One order record of a Hakuna-style feed, in Hakuna's snake_case (an {@code order_placed} event is
 * turned into one). Amounts are integers in minor units. A protection line's brand is {@code hakuna};
 * it names its plan in {@code custom_properties.plan_id} (else its product id is the plan id), and
 * either it points at the product it protects ({@code custom_properties.product_reference}) or that
 * product points at it ({@code custom_properties.protection_line_item_id}).
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HakunaOrder(String id, String status, Instant placedAt, Instant cancelledAt, Customer customer,
        Map<String, Object> customerBillingAddress, List<Line> lineItems) {

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Customer(String firstName, String lastName, String email, String phone) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(String id, Integer quantity, ProductData productData, Map<String, Object> customProperties,
            List<Fulfillment> fulfillments, List<Refund> refunds) {

        public int units() {
            return quantity == null ? 1 : quantity;
        }

        /** On a protected product: the id of its protection line. */
        public String protectionLineItemId() {
            return customProperty("protection_line_item_id");
        }

        /** On a protection line: the product it protects (its line id, or its product id). */
        public String productReference() {
            return customProperty("product_reference");
        }

        /** On a protection line: its plan, {@code custom_properties.plan_id}, else the line's product id. */
        public String planId() {
            String planId = customProperty("plan_id");
            return planId != null ? planId : productData == null ? null : productData.id();
        }

        /** Whether this is a protection line: brand {@code hakuna}, in any case. */
        public boolean protection() {
            return productData != null && FeedMapping.PROTECTION_BRAND.equalsIgnoreCase(productData.brand());
        }

        private String customProperty(String name) {
            Object value = customProperties == null ? null : customProperties.get(name);
            return value == null || value.toString().isBlank() ? null : value.toString().trim();
        }
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProductData(String id, Price price, String brand, String title, String category) {
    }

    @RegisterForReflection
    public record Price(Long amount, String currency) {
    }

    /** Units fulfilled at one instant; no quantity means every unit of the line. */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fulfillment(Integer quantity, Instant fulfilledAt) {
    }

    /** Units refunded at one instant; no quantity means every unit of the line. */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Refund(Integer quantity, Instant refundedAt) {
    }

    public boolean cancelled() {
        return "cancelled".equalsIgnoreCase(status);
    }
}
