package io.protection.orders.order.rest;

/** Longer OpenAPI descriptions of the order endpoints. */
final class OrderDocs {

    private OrderDocs() {
    }

    static final String CREATE = """
            Creates an order from Extend's order fields. Amounts are integers in minor units; `createdAt` and \
            `fulfilledAt` accept epoch seconds, epoch milliseconds or ISO-8601; `waitPeriod` accepts an \
            ISO-8601 duration or whole seconds (default: the store's).

            Each line is categorised:

            | type | recognised by |
            |---|---|
            | `contract` | `plan` + `product`, or `plan` + `leadToken` |
            | `category_contract` | `type: "category_contract"` + `plan` + `products` |
            | `category_product` | a `product` listed by a `category_contract` line of the order |
            | `lead` | a warrantable `product` without `plan` (a lead is created; its token is the line's `leadToken`) |
            | `shipments` | `quoteId` + `shipmentInfo`; `premium` must equal the quote's |
            | `non_warrantable` | anything else, or a product-only line sent with `type: "non_warrantable"` |

            A malformed request is refused whole (400, every bad field listed). A well-formed line whose \
            protection can't be honoured is kept with status `contract_failed`, `quote_failed` or `lead_failed` \
            and a `failureReason`: `plan_not_found`, `plan_inactive`, `plan_currency_mismatch`, \
            `plan_not_eligible`, `plan_price_mismatch`, `lead_not_found`, `lead_expired`, `lead_consumed`, \
            `lead_currency_mismatch`, `lead_product_mismatch`, `quote_not_found`, `quote_expired`, \
            `quote_already_used`, `quote_currency_mismatch`, `quote_premium_mismatch`, `lead_duplicate`, \
            `product_not_warrantable`.

            A category contract's plan is priced on the sum of its products' purchase prices and must cover \
            each product's category. Units sent in `fulfilledQuantity` are recorded as fulfilled at the line's \
            `fulfilledAt` (default: now), the start of their contracts' term and of their refund window; a \
            `fulfilledAt` in the future, or before the order's `createdAt` when one is sent, is 400 \
            (`lineItems.<lineItemTransactionId>.fulfilledAt`). A `transactionId` the store already used is 409 \
            `duplicate_transaction` with the existing `orderId`.""";

    static final String CREATE_EXAMPLE = """
            {"transactionId": "1001", "currency": "USD", "createdAt": 1767225600,
             "customer": {"name": "Ada Lovelace", "email": "ada@example.com"},
             "total": 64998, "taxCostTotal": 0,
             "lineItems": [
               {"lineItemTransactionId": "1", "quantity": 1,
                "product": {"id": "tv-55", "title": "55in TV", "category": "tv", "listPrice": 59999, "purchasePrice": 59999},
                "plan": {"id": "demo-tv-24", "purchasePrice": 5999}},
               {"lineItemTransactionId": "2", "product": {"id": "hdmi-cable", "purchasePrice": 1999}, "fulfilledQuantity": 1}
             ]}""";
}
