-- POST /orders: an order with three lines (a contract, a lead, a non-warrantable line), as the service issues it:
-- the transaction id checked, then every write in one statement (common/db/Writes), with the outbox messages
-- (order.created, lead.created; the JSON as the service wrote it, ids constant).
\set k :k + 1
\set n (:run * 100 + :client_id) * 1000000 + :k
begin;
select id from orders where store_id = :store and transaction_id = 'pg-' || :n::text;
with w0 as (insert into orders (id, store_id, transaction_id, status, currency, created_at, created_at_stated, open_at,
    wait_period_seconds, customer, customer_email, customer_phone, total, tax_cost_total, product_cost_total,
    discount_amount_total, shipping_cost_total, shipping_tax_cost_total, sale_origin, po_number, is_test,
    version, inserted_at, updated_at)
values (fx(3, :n), :store, 'pg-' || :n::text, 'OPEN', 'USD', now(), 'f', now(), 0, cast(cast('{"name":"Ada Lovelace","email":"ada@example.com"}' as text) as jsonb), 'ada@example.com', NULL, 131997, NULL, NULL, NULL,
    NULL, NULL, cast(cast(NULL as text) as jsonb), NULL, 'f', 0, now(), now())),
     w1 as (insert into line_item (id, store_id, order_id, position, line_item_transaction_id, type, status,
    failure_reason, quantity, fulfilled_quantity, canceled_quantity, refunded_quantity, product, product_id,
    plan_id, plan_purchase_price, lead_token, quote_id, premium, details, discount_amount, tax_cost)
select * from unnest(cast(cast(array[fx(4, :n), fx(5, :n), fx(6, :n)] as text) as uuid[]), cast(cast(array[:store::uuid, :store::uuid, :store::uuid] as text) as uuid[]),
    cast(cast(array[fx(3, :n), fx(3, :n), fx(3, :n)] as text) as uuid[]), cast(cast('{"0","1","2"}' as text) as integer[]), cast(cast('{"1","2","3"}' as text) as text[]),
    cast(cast('{"CONTRACT","LEAD","NON_WARRANTABLE"}' as text) as text[]), cast(cast('{"UNFULFILLED","UNFULFILLED","UNFULFILLED"}' as text) as text[]), cast(cast('{NULL,NULL,NULL}' as text) as text[]),
    cast(cast('{"1","1","1"}' as text) as integer[]), cast(cast('{"0","0","0"}' as text) as integer[]),
    cast(cast('{"0","0","0"}' as text) as integer[]), cast(cast('{"0","0","0"}' as text) as integer[]),
    cast(cast('{"{\"id\":\"tv-55\",\"category\":\"tv\",\"purchasePrice\": 59999}","{\"id\":\"tv-65\",\"category\":\"tv\",\"purchasePrice\": 69999}","{\"id\":\"hdmi\",\"category\":\"cable\",\"purchasePrice\": 1999}"}' as text) as jsonb[]), cast(cast('{"tv-55","tv-65","hdmi"}' as text) as text[]), cast(cast('{"bench-tv-24",NULL,NULL}' as text) as text[]),
    cast(cast('{"5999",NULL,NULL}' as text) as bigint[]), cast(cast('{NULL,"lt_pg_' || :n::text || '",NULL}' as text) as text[]), cast(cast('{NULL,NULL,NULL}' as text) as text[]),
    cast(cast('{NULL,NULL,NULL}' as text) as bigint[]), cast(cast('{"{}","{}","{}"}' as text) as jsonb[]),
    cast(cast('{NULL,NULL,NULL}' as text) as bigint[]), cast(cast('{NULL,NULL,NULL}' as text) as bigint[]))),
     w2 as (insert into order_event (id, store_id, order_id, type, at, actor, reason, data)
values (fx(7, :n), :store, fx(3, :n), 'created', now(), 'api_key=bench', NULL, cast(cast('{"lineItems": 3,"contracts": 0,"status":"open"}' as text) as jsonb))),
     w3 as (insert into lead (token, store_id, order_id, line_item_id, product_id, product, currency, quantity,
    quantity_consumed, expires_at, created_at)
select * from unnest(cast(cast(array['lt_pg_' || :n::text] as text) as text[]), cast(cast(array[:store::uuid] as text) as uuid[]),
    cast(cast(array[fx(3, :n)] as text) as uuid[]), cast(cast(array[fx(5, :n)] as text) as uuid[]), cast(cast('{"tv-65"}' as text) as text[]),
    cast(cast('{"{\"id\":\"tv-65\",\"category\":\"tv\",\"purchasePrice\": 69999}"}' as text) as jsonb[]), cast(cast('{"USD"}' as text) as text[]),
    cast(cast('{"1"}' as text) as integer[]), cast(cast('{"0"}' as text) as integer[]),
    cast(cast(array[now() + interval '90 days'] as text) as timestamptz[]), cast(cast(array[now()] as text) as timestamptz[]))),
     w4 as (insert into outbox_message (id, store_id, type, data, created_at)
select m.id, m.store_id, m.type, cast(m.data as json), now()
from unnest(cast(cast(array[fx(11, :n), fx(12, :n)] as text) as uuid[]), cast(cast(array[:store::uuid, :store::uuid] as text) as uuid[]), cast(cast('{order.created,lead.created}' as text) as text[]), cast(cast('{"{\"id\":\"01a23364-7da9-743b-9a57-45ab4c2ce3c5\",\"storeId\":\"01a23364-51a5-71da-8dcd-8ae52656ad24\",\"transactionId\":\"capture-1\",\"status\":\"open\",\"currency\":\"USD\",\"createdAt\":\"2026-12-01T20.55.53.505558Z\",\"openAt\":\"2026-12-01T20.55.53.505558Z\",\"waitPeriod\":\"PT0S\",\"customer\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"},\"total\": 131997,\"isTest\": false,\"version\": 0,\"updatedAt\":\"2026-12-01T20.55.53.505558Z\",\"lineItems\":[{\"id\":\"01a23364-7db7-79a5-9c43-2cf95836c45d\",\"orderId\":\"01a23364-7da9-743b-9a57-45ab4c2ce3c5\",\"transactionId\":\"capture-1\",\"lineItemTransactionId\":\"1\",\"type\":\"contract\",\"status\":\"unfulfilled\",\"quantity\": 1,\"fulfilledQuantity\": 0,\"canceledQuantity\": 0,\"refundedQuantity\": 0,\"product\":{\"id\":\"tv-55\",\"category\":\"tv\",\"purchasePrice\": 59999},\"plan\":{\"id\":\"bench-tv-24\",\"purchasePrice\": 5999},\"contractIds\":[]},{\"id\":\"01a23364-7db7-79a5-9c43-2cf95836c45e\",\"orderId\":\"01a23364-7da9-743b-9a57-45ab4c2ce3c5\",\"transactionId\":\"capture-1\",\"lineItemTransactionId\":\"2\",\"type\":\"lead\",\"status\":\"unfulfilled\",\"quantity\": 1,\"fulfilledQuantity\": 0,\"canceledQuantity\": 0,\"refundedQuantity\": 0,\"product\":{\"id\":\"tv-65\",\"category\":\"tv\",\"purchasePrice\": 69999},\"leadToken\":\"lt_A6bxCRRWTfwLdc2X8L_vkTD1ish6V6wR\",\"contractIds\":[]},{\"id\":\"01a23364-7db7-79a5-9c43-2cf95836c45f\",\"orderId\":\"01a23364-7da9-743b-9a57-45ab4c2ce3c5\",\"transactionId\":\"capture-1\",\"lineItemTransactionId\":\"3\",\"type\":\"non_warrantable\",\"status\":\"unfulfilled\",\"quantity\": 1,\"fulfilledQuantity\": 0,\"canceledQuantity\": 0,\"refundedQuantity\": 0,\"product\":{\"id\":\"hdmi\",\"category\":\"cable\",\"purchasePrice\": 1999},\"contractIds\":[]}]}","{\"leadToken\":\"lt_A6bxCRRWTfwLdc2X8L_vkTD1ish6V6wR\",\"productId\":\"tv-65\",\"quantity\": 1,\"quantityConsumed\": 0,\"status\":\"live\",\"expiresAt\":\"2027-03-01T20.55.53.505558Z\",\"expirationDate\": 1803934553505}"}' as text) as text[]))
     as m(id, store_id, type, data))
select 1;
commit;
