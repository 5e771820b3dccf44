-- POST /line-items/fulfill: one unit of a cloned order's contract line, each client through its own
-- range of orders, as the service issues it: the line found with its order locked, the order read as GET
-- reads it, then every write in one statement (common/db/Writes), with the outbox messages
-- (contract.created, email.contract_created; the JSON as the service wrote it, ids constant).
\set k :k + 1
\set n :base + :client_id * :per + :k
begin;
select l.order_id, l.id from line_item l join orders o on o.id = l.order_id where l.id = fx(16, :n) and l.store_id = :store limit 2 for no key update of o;
select o.id, o.store_id, o.transaction_id, o.status, o.currency, o.created_at, o.created_at_stated,
       o.open_at, o.wait_period_seconds, o.customer::text as customer, o.customer_email, o.customer_phone,
       o.total, o.tax_cost_total, o.product_cost_total, o.discount_amount_total, o.shipping_cost_total,
       o.shipping_tax_cost_total, o.sale_origin::text as sale_origin, o.po_number, o.is_test, o.version,
       o.inserted_at, o.updated_at,
       l.id as line_id, l.position, l.line_item_transaction_id, l.type, l.status as line_status,
       l.failure_reason, l.quantity, l.fulfilled_quantity, l.canceled_quantity, l.refunded_quantity,
       l.product::text as product, l.product_id, l.plan_id, l.plan_purchase_price, l.lead_token,
       l.quote_id, l.premium, l.details::text as details, l.discount_amount, l.tax_cost,
       array(select c.id from contract c where c.line_item_id = l.id and c.order_id = o.id
             order by c.id) as contract_ids
from orders o left join line_item l on l.order_id = o.id where o.id = fx(1, :n) and o.store_id = :store order by l.position;
with w0 as (insert into fulfillment (id, store_id, line_item_id, quantity, refunded_quantity, fulfilled_at, recorded_at)
values (fx(24, :n), :store, fx(16, :n), 1, 0, now(), now())),
     w1 as (update line_item set fulfilled_quantity = 1, status = 'FULFILLED' where id = fx(16, :n)),
     w2 as (update orders set status = 'OPEN', version = 1, updated_at = now() where id = fx(1, :n) and version = 0 returning 1),
     w3 as (insert into order_event (id, store_id, order_id, type, at, actor, reason, data)
values (fx(9, :n), :store, fx(1, :n), 'fulfilled', now(), 'api_key=bench', NULL, cast(cast('{"contractIds":["01a23364-7fa1-7cba-a159-a36d61f20e1f"],"fulfilledAt":"2026-12-01T20.55.53.948615Z","quantity": 1,"lineItemId":"00000010-0000-7000-8000-000000000002"}' as text) as jsonb))),
     w4 as (insert into contract (id, store_id, order_id, line_item_id, fulfillment_id, type, plan_id, products,
    purchase_price, currency, customer, term_start, term_end, status, created_at, updated_at)
select * from unnest(cast(cast(array[fx(10, :n)] as text) as uuid[]), cast(cast(array[:store::uuid] as text) as uuid[]), cast(cast(array[fx(1, :n)] as text) as uuid[]), cast(cast(array[fx(16, :n)] as text) as uuid[]), cast(cast(array[fx(24, :n)] as text) as uuid[]), cast(cast('{"PRODUCT_PROTECTION"}' as text) as text[]), cast(cast('{"bench-tv-24"}' as text) as text[]), cast(cast('{"{\"products\":[{\"id\":\"tv-55\",\"category\":\"tv\",\"purchasePrice\":59999}]}"}' as text) as jsonb[]), cast(cast('{"5999"}' as text) as bigint[]), cast(cast('{"USD"}' as text) as text[]), cast(cast('{"{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}"}' as text) as jsonb[]), cast(cast(array[now()] as text) as timestamptz[]), cast(cast(array[now() + interval '24 months'] as text) as timestamptz[]), cast(cast('{"LIVE"}' as text) as text[]), cast(cast(array[now()] as text) as timestamptz[]), cast(cast(array[now()] as text) as timestamptz[]))),
     w5 as (insert into outbox_message (id, store_id, type, data, created_at)
select m.id, m.store_id, m.type, cast(m.data as json), now()
from unnest(cast(cast(array[fx(13, :n), fx(14, :n)] as text) as uuid[]), cast(cast(array[:store::uuid, :store::uuid] as text) as uuid[]), cast(cast('{contract.created,email.contract_created}' as text) as text[]), cast(cast('{"{\"id\":\"01a23364-7fa1-7cba-a159-a36d61f20e1f\",\"storeId\":\"01a23364-51a5-71da-8dcd-8ae52656ad24\",\"orderId\":\"00000001-0000-7000-8000-000000000002\",\"lineItemId\":\"00000010-0000-7000-8000-000000000002\",\"type\":\"product_protection\",\"planId\":\"bench-tv-24\",\"products\":[{\"id\":\"tv-55\",\"category\":\"tv\",\"purchasePrice\": 59999}],\"purchasePrice\": 5999,\"currency\":\"USD\",\"customer\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"},\"termStart\":\"2026-12-01T20.55.53.948615Z\",\"termEnd\":\"2028-12-01T20.55.53.948615Z\",\"status\":\"live\",\"createdAt\":\"2026-12-01T20.55.53.948615Z\"}","{\"orderId\":\"00000001-0000-7000-8000-000000000002\",\"contractIds\":[\"01a23364-7fa1-7cba-a159-a36d61f20e1f\"]}"}' as text) as text[]))
     as m(id, store_id, type, data))
select count(*) from w2;
commit;
