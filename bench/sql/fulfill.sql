-- POST /line-items/fulfill: one unit of a cloned order's contract line, each client through its own
-- range of orders, as the service issues it, with its outbox messages (contract.created, email.contract_created;
-- the JSON as the service wrote it, ids constant).
\set k :k + 1
\set n :base + :client_id * :per + :k
with credential as (
    select id as key_id from api_key where key_hash = :keyhash
    union all
    select key_id from access_token where token_hash = :keyhash and expires_at > now())
select k.id, k.store_id, s.refund_window_seconds, s.wait_period_seconds,
       s.shipping_rate_bp, s.shipping_minimum_premium, s.currency
from credential c join api_key k on k.id = c.key_id join store s on s.id = k.store_id
where k.revoked_at is null
limit 1;
begin;
select li1_0.order_id,li1_0.id from line_item li1_0 where li1_0.id=fx(16, :n) and li1_0.store_id=:store fetch first 2 rows only;
select o1_0.id,o1_0.created_at,o1_0.created_at_stated,o1_0.currency,o1_0.customer,o1_0.customer_email,o1_0.customer_phone,o1_0.discount_amount_total,o1_0.inserted_at,o1_0.is_test,o1_0.open_at,o1_0.po_number,o1_0.product_cost_total,o1_0.sale_origin,o1_0.shipping_cost_total,o1_0.shipping_tax_cost_total,o1_0.status,o1_0.store_id,o1_0.tax_cost_total,o1_0.total,o1_0.transaction_id,o1_0.updated_at,o1_0.version,o1_0.wait_period_seconds from orders o1_0 where o1_0.id=fx(1, :n) and o1_0.store_id=:store offset 0 rows fetch first 1 rows only for no key update of o1_0;
select li1_0.order_id,li1_0.id,li1_0.canceled_quantity,li1_0.details,li1_0.discount_amount,li1_0.failure_reason,li1_0.fulfilled_quantity,li1_0.lead_token,li1_0.line_item_transaction_id,li1_0.plan_id,li1_0.plan_purchase_price,li1_0.position,li1_0.premium,li1_0.product,li1_0.product_id,li1_0.quantity,li1_0.quote_id,li1_0.refunded_quantity,li1_0.status,li1_0.store_id,li1_0.tax_cost,li1_0.type from line_item li1_0 where li1_0.order_id=fx(1, :n) order by li1_0.position;
select c1_0.id,c1_0.created_at,c1_0.currency,c1_0.customer,c1_0.fulfillment_id,c1_0.line_item_id,c1_0.order_id,c1_0.plan_id,c1_0.products,c1_0.purchase_price,c1_0.status,c1_0.store_id,c1_0.term_end,c1_0.term_start,c1_0.type,c1_0.updated_at from contract c1_0 where c1_0.order_id=fx(1, :n);
select p1_0.id,p1_0.active,p1_0.created_at,p1_0.currency,p1_0.eligibility,p1_0.store_id,p1_0.term_months,p1_0.title,p1_0.updated_at from plan p1_0 where p1_0.id='bench-tv-24';
insert into fulfillment (fulfilled_at,line_item_id,quantity,recorded_at,refunded_quantity,store_id,id) values (now(),fx(16, :n),1,now(),0,:store,fx(24, :n));
insert into order_event (actor,at,data,order_id,reason,store_id,type,id) values ('api_key=bench',now(),'{"quantity": 1, "lineItemId": "00000010-0000-7000-8000-000000000002", "contractIds": ["01a23364-7fa1-7cba-a159-a36d61f20e1f"], "fulfilledAt": "2026-12-01T20.55.53.948615Z"}',fx(1, :n),NULL,:store,'fulfilled',fx(9, :n));
insert into contract (created_at,currency,customer,fulfillment_id,line_item_id,order_id,plan_id,products,purchase_price,status,store_id,term_end,term_start,type,updated_at,id) values (now(),'USD','{"name": "Ada Lovelace", "email": "ada@example.com"}',fx(24, :n),fx(16, :n),fx(1, :n),'bench-tv-24','{"products": [{"id": "tv-55", "category": "tv", "purchasePrice": 59999}]}',5999,'LIVE',:store,now() + interval '24 months',now(),'PRODUCT_PROTECTION',now(),fx(10, :n));
update line_item set canceled_quantity=0,details='{}',discount_amount=NULL,failure_reason=NULL,fulfilled_quantity=1,lead_token=NULL,line_item_transaction_id='1',order_id=fx(1, :n),plan_id='bench-tv-24',plan_purchase_price=5999,position=0,premium=NULL,product='{"id": "tv-55", "category": "tv", "purchasePrice": 59999}',product_id='tv-55',quantity=1,quote_id=NULL,refunded_quantity=0,status='FULFILLED',store_id=:store,tax_cost=NULL,type='CONTRACT' where id=fx(16, :n);
update orders set created_at=now(),created_at_stated='f',currency='USD',customer='{"name": "Ada Lovelace", "email": "ada@example.com"}',customer_email='ada@example.com',customer_phone=NULL,discount_amount_total=NULL,inserted_at=now(),is_test='f',open_at=now(),po_number=NULL,product_cost_total=NULL,sale_origin=NULL,shipping_cost_total=NULL,shipping_tax_cost_total=NULL,status='OPEN',store_id=:store,tax_cost_total=NULL,total=131997,transaction_id='fx-1-' || :n::text,updated_at=now(),version=1,wait_period_seconds=0 where id=fx(1, :n) and version=0;
insert into outbox_message (id, store_id, type, data, created_at)
select m.id, m.store_id, m.type, cast(m.data as json), now()
from unnest(cast(array[fx(13, :n), fx(14, :n)] as uuid[]), cast(array[:store::uuid, :store::uuid] as uuid[]), cast('{contract.created,email.contract_created}' as text[]), cast('{"{\"id\":\"01a23364-7fa1-7cba-a159-a36d61f20e1f\",\"storeId\":\"01a23364-51a5-71da-8dcd-8ae52656ad24\",\"orderId\":\"00000001-0000-7000-8000-000000000002\",\"lineItemId\":\"00000010-0000-7000-8000-000000000002\",\"type\":\"product_protection\",\"planId\":\"bench-tv-24\",\"products\":[{\"id\":\"tv-55\",\"category\":\"tv\",\"purchasePrice\": 59999}],\"purchasePrice\": 5999,\"currency\":\"USD\",\"customer\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"},\"termStart\":\"2026-12-01T20.55.53.948615Z\",\"termEnd\":\"2028-12-01T20.55.53.948615Z\",\"status\":\"live\",\"createdAt\":\"2026-12-01T20.55.53.948615Z\"}","{\"orderId\":\"00000001-0000-7000-8000-000000000002\",\"contractIds\":[\"01a23364-7fa1-7cba-a159-a36d61f20e1f\"]}"}' as text[]))
     as m(id, store_id, type, data);
commit;
