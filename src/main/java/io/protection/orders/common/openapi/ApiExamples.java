package io.protection.orders.common.openapi;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Request-body examples of the OpenAPI document, by operation id and media type: the usual body first,
 * then what Extend's own clients send (numbers for ids, whole-number strings for integers, a bare
 * array for a batch), which the service takes as they are.
 */
final class ApiExamples {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";

    private ApiExamples() {
    }

    /** Examples for a body that has none. */
    static Map<String, String> of(String operationId, String type) {
        Map<String, String> examples = new LinkedHashMap<>();
        boolean csv = type.startsWith("text/");
        switch (operationId) {
            case "createStore" -> {
                examples.put("store", """
                        {"name": "Acme Electronics", "refundWindow": "P30D", "waitPeriod": "PT0S", "currency": "USD"}""");
                examples.put("name only", """
                        {"name": "Acme Electronics"}""");
            }
            case "upsertOrder" -> {
                examples.put("snapshot after shipping", """
                        {"transactionId": "1001", "currency": "USD",
                         "customer": {"name": "Ada Lovelace", "email": "ada@example.com"}, "total": 64998,
                         "lineItems": [{"lineItemTransactionId": "1", "fulfilledQuantity": 1,
                                        "product": {"id": "tv-55", "category": "tv", "purchasePrice": 59999},
                                        "plan": {"id": "tv-24", "purchasePrice": 5999}}]}""");
                examples.put("Extend client (Magento: numbers and decimal strings)", """
                        {"transactionId": 1001, "currency": "usd",
                         "customer": {"name": "Ada Lovelace", "email": "ada@example.com"}, "total": "64998",
                         "lineItems": [{"lineItemTransactionId": 17, "quantity": "1.0000", "status": "fulfilled",
                                        "product": {"id": 5501, "category": "tv", "purchasePrice": "59999"},
                                        "plan": {"id": "tv-24", "purchasePrice": "5999"}}]}""");
            }
            case "upsertOrders" -> {
                examples.put("orders object", """
                        {"orders": [{"transactionId": "1001", "currency": "USD",
                                     "customer": {"email": "ada@example.com"},
                                     "lineItems": [{"lineItemTransactionId": "1",
                                                    "product": {"id": "tv-55", "category": "tv", "purchasePrice": 59999}}]}]}""");
                examples.put("bare array (Magento, SFCC; answered 201 with a bare array)", """
                        [{"transactionId": 1001, "currency": "USD", "customer": {"email": "ada@example.com"},
                          "lineItems": [{"lineItemTransactionId": 1, "quantity": "2",
                                         "product": {"id": 5501, "category": "tv", "purchasePrice": "59999"}}]}]""");
            }
            case "cancelOrder" -> examples.put("with a reason", """
                    {"reason": "customer changed their mind"}""");
            case "voidOrder" -> examples.put("fraud", """
                    {"reason": "chargeback: stolen card"}""");
            case "fulfillLineItem" -> {
                examples.put("by line id", """
                        {"lineItemId": "0193b6a2-4f1e-7c3a-9d2b-5e8f7a6c1d40", "quantity": 1,
                         "fulfilledAt": "2026-03-01T10:00:00Z"}""");
                examples.put("by the merchant's ids", """
                        {"transactionId": "1001", "lineItemTransactionId": "1", "quantity": 1}""");
                examples.put("Extend client (Magento: line id alone, a number)", """
                        {"lineItemTransactionId": 17, "quantity": "1"}""");
            }
            case "cancelLineItem" -> examples.put("two units", """
                    {"quantity": 2}""");
            case "createRefund" -> {
                examples.put("a contract", """
                        {"contractId": "0193b6a2-4f1e-7c3a-9d2b-5e8f7a6c1d41", "reason": "returned"}""");
                examples.put("units of a line", """
                        {"lineItemId": "0193b6a2-4f1e-7c3a-9d2b-5e8f7a6c1d40", "quantity": 1}""");
                examples.put("Extend client (Magento: line id alone, numbers)", """
                        {"lineItemTransactionId": 17, "quantity": "1.0000"}""");
            }
            case "createShippingQuote" -> {
                examples.put("two products", """
                        {"currency": "USD", "items": [{"productId": "tv-55", "purchasePrice": 59999, "quantity": 1},
                                                      {"productId": "hdmi-cable", "purchasePrice": 1999, "quantity": 2}]}""");
                examples.put("Extend client (NetSuite: referenceId, strings)", """
                        {"currency": "USD", "items": [{"referenceId": 4411, "purchasePrice": "59999", "quantity": "1"}]}""");
            }
            case "createAccessToken" -> examples.put("client credentials (form)",
                    "grant_type=client_credentials&client_id=0193b6a2-4f1e-7c3a-9d2b-5e8f7a6c1d40&client_secret=sk_...");
            case "postOrderFeed" -> {
                if (csv) {
                    examples.put("one order, two rows", "order_id,status,placed_at,customer_email,line_item_id,quantity,"
                            + "product_id,product_title,product_brand,product_category,price_amount,price_currency,"
                            + "protection_line_item_id,plan_id,fulfilled_quantity,fulfilled_at\n"
                            + "H-1001,placed,2026-03-01T10:00:00Z,ada@example.com,1,1,tv-55,TV 55\",acme,tv,59999,USD,2,,1,"
                            + "2026-03-02T10:00:00Z\n"
                            + "H-1001,placed,2026-03-01T10:00:00Z,ada@example.com,2,1,tv-24,Protection,hakuna,,5999,USD,,tv-24,,\n");
                } else {
                    examples.put("a TV and its protection", """
                            [{"id": "H-1001", "status": "placed", "placed_at": "2026-03-01T10:00:00Z",
                              "customer": {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"},
                              "line_items": [
                                {"id": "1", "quantity": 1,
                                 "product_data": {"id": "tv-55", "title": "TV 55\\"", "brand": "acme", "category": "tv",
                                                  "price": {"amount": 59999, "currency": "USD"}},
                                 "custom_properties": {"protection_line_item_id": "2"},
                                 "fulfillments": [{"quantity": 1, "fulfilled_at": "2026-03-02T10:00:00Z"}]},
                                {"id": "2", "quantity": 1,
                                 "product_data": {"id": "tv-24", "title": "Protection", "brand": "hakuna",
                                                  "price": {"amount": 5999, "currency": "USD"}},
                                 "custom_properties": {"plan_id": "tv-24"}}]}]""");
                }
            }
            default -> examples.putAll(extra(operationId, type));
        }
        if (examples.isEmpty()) {
            examples.put("empty", JSON_TYPE.equals(type) ? "{}" : "");
        }
        return examples;
    }

    /** Examples added beside those a resource declares itself. */
    static Map<String, String> extra(String operationId, String type) {
        if (operationId.equals("createOrder") && type.equals(JSON_TYPE)) {
            return Map.of("Extend client (WooCommerce: numbers for ids, strings for prices)", """
                    {"transactionId": 1001, "currency": "USD",
                     "customer": {"name": "Ada Lovelace", "email": "ada@example.com"}, "total": "64998",
                     "lineItems": [{"lineItemTransactionId": 17, "quantity": "1",
                                    "product": {"id": 5501, "category": "tv", "purchasePrice": "59999"},
                                    "plan": {"id": "tv-24", "purchasePrice": "5999"}}]}""");
        }
        return Map.of();
    }

    static Object parse(String type, String value) {
        if (!type.contains("json")) {
            return value;
        }
        try {
            return JSON.readValue(value, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Example of " + type + " is not JSON: " + value, e);
        }
    }
}
