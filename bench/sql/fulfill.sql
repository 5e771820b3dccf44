-- POST /line-items/fulfill: one unit of a cloned order's contract line, each client through its own
-- range of orders, as the service issues it.
\set k :k + 1
\set n :base + :client_id * :per + :k
select k.id, k.store_id, s.refund_window_seconds, s.wait_period_seconds,
       s.shipping_rate_bp, s.shipping_minimum_premium
from api_key k join store s on s.id = k.store_id
where k.key_hash = :keyhash and k.revoked_at is null;
begin;
select li1_0.order_id,li1_0.id from line_item li1_0 where li1_0.id=fx(16, :n) and li1_0.store_id=:store;
select o1_0.id,o1_0.created_at,o1_0.currency,o1_0.customer,o1_0.customer_email,o1_0.customer_phone,o1_0.discount_amount_total,o1_0.inserted_at,o1_0.is_test,o1_0.open_at,o1_0.po_number,o1_0.product_cost_total,o1_0.sale_origin,o1_0.shipping_cost_total,o1_0.shipping_tax_cost_total,o1_0.status,o1_0.store_id,o1_0.tax_cost_total,o1_0.total,o1_0.transaction_id,o1_0.updated_at,o1_0.version,o1_0.wait_period_seconds from orders o1_0 where o1_0.id=fx(1, :n) and o1_0.store_id=:store offset 0 rows fetch first 1 rows only for no key update of o1_0;
select li1_0.order_id,li1_0.id,li1_0.canceled_quantity,li1_0.details,li1_0.discount_amount,li1_0.failure_reason,li1_0.fulfilled_quantity,li1_0.lead_token,li1_0.line_item_transaction_id,li1_0.plan_id,li1_0.plan_purchase_price,li1_0.position,li1_0.premium,li1_0.product,li1_0.product_id,li1_0.quantity,li1_0.quote_id,li1_0.refunded_quantity,li1_0.status,li1_0.store_id,li1_0.tax_cost,li1_0.type from line_item li1_0 where li1_0.order_id=fx(1, :n) order by li1_0.position;
select c1_0.id,c1_0.created_at,c1_0.currency,c1_0.customer,c1_0.fulfillment_id,c1_0.line_item_id,c1_0.order_id,c1_0.plan_id,c1_0.products,c1_0.purchase_price,c1_0.status,c1_0.store_id,c1_0.term_end,c1_0.term_start,c1_0.type,c1_0.updated_at from contract c1_0 where c1_0.order_id=fx(1, :n);
select p1_0.id,p1_0.active,p1_0.created_at,p1_0.currency,p1_0.eligibility,p1_0.store_id,p1_0.term_months,p1_0.title,p1_0.updated_at from plan p1_0 where p1_0.id='bench-tv-24';
insert into fulfillment (fulfilled_at,line_item_id,quantity,recorded_at,refunded_quantity,store_id,id) values (now(),fx(16, :n),1,now(),0,:store,fx(24, :n));
insert into order_event (actor,at,data,order_id,reason,store_id,type,id) values ('api_key=bench',now(),'{"quantity": 1, "contractIds": ["x"], "fulfilledAt": "2026-11-23T11.30.44.153315Z"}',fx(1, :n),NULL,:store,'fulfilled',fx(9, :n));
insert into contract (created_at,currency,customer,fulfillment_id,line_item_id,order_id,plan_id,products,purchase_price,status,store_id,term_end,term_start,type,updated_at,id) values (now(),'USD','{"name": "Ada Lovelace", "email": "ada@example.com"}',fx(24, :n),fx(16, :n),fx(1, :n),'bench-tv-24','{"products": [{"id": "tv-55", "category": "tv", "purchasePrice": 59999}]}',5999,'LIVE',:store,now() + interval '24 months',now(),'PRODUCT_PROTECTION',now(),fx(10, :n));
update line_item set canceled_quantity=0,details='{}',discount_amount=NULL,failure_reason=NULL,fulfilled_quantity=1,lead_token=NULL,line_item_transaction_id='1',order_id=fx(1, :n),plan_id='bench-tv-24',plan_purchase_price=5999,position=0,premium=NULL,product='{"id": "tv-55", "category": "tv", "purchasePrice": 59999}',product_id='tv-55',quantity=1,quote_id=NULL,refunded_quantity=0,status='FULFILLED',store_id=:store,tax_cost=NULL,type='CONTRACT' where id=fx(16, :n);
update orders set created_at=now(),currency='USD',customer='{"name": "Ada Lovelace", "email": "ada@example.com"}',customer_email='ada@example.com',customer_phone=NULL,discount_amount_total=NULL,inserted_at=now(),is_test='f',open_at=now(),po_number=NULL,product_cost_total=NULL,sale_origin=NULL,shipping_cost_total=NULL,shipping_tax_cost_total=NULL,status='OPEN',store_id=:store,tax_cost_total=NULL,total=131997,transaction_id='fx-1-' || :n::text,updated_at=now(),version=1,wait_period_seconds=0 where id=fx(1, :n) and version=0;
commit;
