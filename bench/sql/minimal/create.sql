-- POST /orders, as few statements as a hand-written implementation of the same rules would issue: the
-- key from memory, then one statement that checks the plan (active, the store's or shared) and the
-- transaction id (unique per store) and writes the order, its three lines, the lead, the history entry
-- and the outbox messages (the same JSON as the service's).
\set k :k + 1
\set n (:run * 100 + :client_id) * 1000000 + :k + 500000
with o as (
    insert into orders (id, store_id, transaction_id, currency, customer, customer_email, status, total,
                        open_at, created_at, created_at_stated, inserted_at, updated_at, version,
                        wait_period_seconds, is_test)
    select fx(3, :n), :store, 'pgm-' || :n::text, 'USD', cast('{"name": "Ada Lovelace", "email": "ada@example.com"}' as jsonb),
           'ada@example.com', 'OPEN', 131997, now(), now(), 'f', now(), now(), 0, 0, 'f'
    from plan p
    where p.id = 'bench-tv-24' and p.active and (p.store_id is null or p.store_id = :store) and p.currency = 'USD'
    on conflict do nothing
    returning id),
l as (
    insert into line_item (id, order_id, store_id, position, line_item_transaction_id, type, status, product,
                           product_id, quantity, fulfilled_quantity, canceled_quantity, refunded_quantity,
                           plan_id, plan_purchase_price, lead_token, details)
    select v.id, o.id, :store, v.position, v.txn, v.type, 'UNFULFILLED', cast(v.product as jsonb), v.product_id, 1, 0,
           0, 0, v.plan_id, v.plan_price, v.lead_token, cast('{}' as jsonb)
    from o, (values
        (fx(4, :n), 0, '1', 'CONTRACT', '{"id": "tv-55", "category": "tv", "purchasePrice": 59999}', 'tv-55',
         'bench-tv-24', 5999, null),
        (fx(5, :n), 1, '2', 'LEAD', '{"id": "tv-65", "category": "tv", "purchasePrice": 69999}', 'tv-65', null, null,
         'lt_pgm_' || :n::text),
        (fx(6, :n), 2, '3', 'NON_WARRANTABLE', '{"id": "hdmi", "category": "cable", "purchasePrice": 1999}', 'hdmi',
         null, null, null))
        as v(id, position, txn, type, product, product_id, plan_id, plan_price, lead_token)),
ld as (
    insert into lead (token, store_id, order_id, line_item_id, product_id, product, currency, quantity,
                      quantity_consumed, created_at, expires_at)
    select 'lt_pgm_' || :n::text, :store, o.id, fx(5, :n), 'tv-65',
           cast('{"id": "tv-65", "category": "tv", "purchasePrice": 69999}' as jsonb), 'USD', 1, 0, now(), now() + interval '90 days'
    from o),
e as (
    insert into order_event (id, store_id, order_id, type, at, actor, data)
    select fx(7, :n), :store, o.id, 'created', now(), 'api_key=bench', cast('{"status": "open", "contracts": 0, "lineItems": 3}' as jsonb) from o),
m as (
    insert into outbox_message (id, store_id, type, data, created_at)
    select x.id, :store, x.type, cast(x.data as json), now()
    from o, unnest(array[fx(11, :n), fx(12, :n)], cast('{order.created,lead.created}' as text[]),
                   cast('{"{\"id\":\"01a23364-7da9-743b-9a57-45ab4c2ce3c5\",\"storeId\":\"01a23364-51a5-71da-8dcd-8ae52656ad24\",\"transactionId\":\"capture-1\",\"status\":\"open\",\"currency\":\"USD\",\"createdAt\":\"2026-12-01T20.55.53.505558Z\",\"openAt\":\"2026-12-01T20.55.53.505558Z\",\"waitPeriod\":\"PT0S\",\"customer\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"},\"total\": 131997,\"isTest\": false,\"version\": 0,\"updatedAt\":\"2026-12-01T20.55.53.505558Z\",\"lineItems\":[{\"id\":\"01a23364-7db7-79a5-9c43-2cf95836c45d\",\"orderId\":\"01a23364-7da9-743b-9a57-45ab4c2ce3c5\",\"transactionId\":\"capture-1\",\"lineItemTransactionId\":\"1\",\"type\":\"contract\",\"status\":\"unfulfilled\",\"quantity\": 1,\"fulfilledQuantity\": 0,\"canceledQuantity\": 0,\"refundedQuantity\": 0,\"product\":{\"id\":\"tv-55\",\"category\":\"tv\",\"purchasePrice\": 59999},\"plan\":{\"id\":\"bench-tv-24\",\"purchasePrice\": 5999},\"contractIds\":[]},{\"id\":\"01a23364-7db7-79a5-9c43-2cf95836c45e\",\"orderId\":\"01a23364-7da9-743b-9a57-45ab4c2ce3c5\",\"transactionId\":\"capture-1\",\"lineItemTransactionId\":\"2\",\"type\":\"lead\",\"status\":\"unfulfilled\",\"quantity\": 1,\"fulfilledQuantity\": 0,\"canceledQuantity\": 0,\"refundedQuantity\": 0,\"product\":{\"id\":\"tv-65\",\"category\":\"tv\",\"purchasePrice\": 69999},\"leadToken\":\"lt_A6bxCRRWTfwLdc2X8L_vkTD1ish6V6wR\",\"contractIds\":[]},{\"id\":\"01a23364-7db7-79a5-9c43-2cf95836c45f\",\"orderId\":\"01a23364-7da9-743b-9a57-45ab4c2ce3c5\",\"transactionId\":\"capture-1\",\"lineItemTransactionId\":\"3\",\"type\":\"non_warrantable\",\"status\":\"unfulfilled\",\"quantity\": 1,\"fulfilledQuantity\": 0,\"canceledQuantity\": 0,\"refundedQuantity\": 0,\"product\":{\"id\":\"hdmi\",\"category\":\"cable\",\"purchasePrice\": 1999},\"contractIds\":[]}]}","{\"leadToken\":\"lt_A6bxCRRWTfwLdc2X8L_vkTD1ish6V6wR\",\"productId\":\"tv-65\",\"quantity\": 1,\"quantityConsumed\": 0,\"status\":\"live\",\"expiresAt\":\"2027-03-01T20.55.53.505558Z\",\"expirationDate\": 1803934553505}"}' as text[])) as x(id, type, data))
select id from o;
