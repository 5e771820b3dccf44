package io.protection.orders.feed;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One order record of a Hakuna-style feed, in Hakuna's snake_case. Amounts are integers in minor
 * units. A protected product names its protection line in
 * {@code custom_properties.protection_line_item_id}; the protection line's brand is {@code hakuna} and
 * its product id is the plan id.
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

        public String protectionLineItemId() {
            Object value = customProperties == null ? null : customProperties.get("protection_line_item_id");
            return value == null ? null : value.toString();
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
