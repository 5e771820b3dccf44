-- POST /line-items/fulfill, as few statements as a hand-written implementation of the same rules would
-- issue: the key from memory; in one transaction, the order locked with the line and its plan's term read
-- (scoped by store), then one statement that records the fulfillment, the contract, the line's and the
-- order's new state (version + 1), the history entry and the outbox messages (the service's JSON).
\set k :k + 1
\set n :base + :client_id * :per + :k
begin;
select o.status, o.version, l.quantity, l.fulfilled_quantity, l.canceled_quantity, l.refunded_quantity, l.type,
       l.plan_id, p.term_months
from line_item l join orders o on o.id = l.order_id left join plan p on p.id = l.plan_id
where l.id = fx(16, :n) and l.store_id = :store and o.store_id = :store
for update of o;
with f as (
    insert into fulfillment (id, line_item_id, store_id, quantity, refunded_quantity, fulfilled_at, recorded_at)
    values (fx(24, :n), fx(16, :n), :store, 1, 0, now(), now())),
c as (
    insert into contract (id, store_id, order_id, line_item_id, fulfillment_id, type, plan_id, products,
                          purchase_price, currency, customer, status, term_start, term_end, created_at, updated_at)
    values (fx(10, :n), :store, fx(1, :n), fx(16, :n), fx(24, :n), 'PRODUCT_PROTECTION', 'bench-tv-24',
            cast('{"products": [{"id": "tv-55", "category": "tv", "purchasePrice": 59999}]}' as jsonb), 5999, 'USD',
            cast('{"name": "Ada Lovelace", "email": "ada@example.com"}' as jsonb), 'LIVE', now(), now() + interval '24 months', now(),
            now())),
u as (
    update line_item set fulfilled_quantity = fulfilled_quantity + 1, status = 'FULFILLED' where id = fx(16, :n)),
v as (
    update orders set version = version + 1, updated_at = now() where id = fx(1, :n)),
e as (
    insert into order_event (id, store_id, order_id, type, at, actor, data)
    values (fx(9, :n), :store, fx(1, :n), 'fulfilled', now(), 'api_key=bench', cast('{"quantity": 1, "lineItemId": "00000010-0000-7000-8000-000000000002", "contractIds": ["01a23364-7fa1-7cba-a159-a36d61f20e1f"], "fulfilledAt": "2026-12-01T20.55.53.948615Z"}' as jsonb)))
insert into outbox_message (id, store_id, type, data, created_at)
select x.id, :store, x.type, cast(x.data as json), now()
from unnest(array[fx(13, :n), fx(14, :n)], cast('{contract.created,email.contract_created}' as text[]),
            cast('{"{\"id\":\"01a23364-7fa1-7cba-a159-a36d61f20e1f\",\"storeId\":\"01a23364-51a5-71da-8dcd-8ae52656ad24\",\"orderId\":\"00000001-0000-7000-8000-000000000002\",\"lineItemId\":\"00000010-0000-7000-8000-000000000002\",\"type\":\"product_protection\",\"planId\":\"bench-tv-24\",\"products\":[{\"id\":\"tv-55\",\"category\":\"tv\",\"purchasePrice\": 59999}],\"purchasePrice\": 5999,\"currency\":\"USD\",\"customer\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"},\"termStart\":\"2026-12-01T20.55.53.948615Z\",\"termEnd\":\"2028-12-01T20.55.53.948615Z\",\"status\":\"live\",\"createdAt\":\"2026-12-01T20.55.53.948615Z\"}","{\"orderId\":\"00000001-0000-7000-8000-000000000002\",\"contractIds\":[\"01a23364-7fa1-7cba-a159-a36d61f20e1f\"]}"}' as text[])) as x(id, type, data);
commit;
