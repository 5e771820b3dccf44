-- POST /orders: an order with three lines (a contract, a lead, a non-warrantable line), as the service issues it.
\set k :k + 1
\set n (:run * 100 + :client_id) * 1000000 + :k
select k.id, k.store_id, s.refund_window_seconds, s.wait_period_seconds,
       s.shipping_rate_bp, s.shipping_minimum_premium
from api_key k join store s on s.id = k.store_id
where k.key_hash = :keyhash and k.revoked_at is null;
begin;
select p1_0.id,p1_0.active,p1_0.created_at,p1_0.currency,p1_0.eligibility,p1_0.store_id,p1_0.term_months,p1_0.title,p1_0.updated_at from plan p1_0 where (p1_0.active=true or p1_0.id in ('bench-tv-24')) and (p1_0.store_id is null or p1_0.store_id=:store);
insert into orders (created_at,currency,customer,customer_email,customer_phone,discount_amount_total,inserted_at,is_test,open_at,po_number,product_cost_total,sale_origin,shipping_cost_total,shipping_tax_cost_total,status,store_id,tax_cost_total,total,transaction_id,updated_at,version,wait_period_seconds,id) values (now(),'USD','{"name": "Ada Lovelace", "email": "ada@example.com"}','ada@example.com',NULL,NULL,now(),'f',now(),NULL,NULL,NULL,NULL,NULL,'OPEN',:store,NULL,131997,'pg-' || :n::text,now(),0,0,fx(3, :n));
insert into line_item (canceled_quantity,details,discount_amount,failure_reason,fulfilled_quantity,lead_token,line_item_transaction_id,order_id,plan_id,plan_purchase_price,position,premium,product,product_id,quantity,quote_id,refunded_quantity,status,store_id,tax_cost,type,id) values (0,'{}',NULL,NULL,0,NULL,'1',fx(3, :n),'bench-tv-24',5999,0,NULL,'{"id": "tv-55", "category": "tv", "purchasePrice": 59999}','tv-55',1,NULL,0,'UNFULFILLED',:store,NULL,'CONTRACT',fx(4, :n));
insert into line_item (canceled_quantity,details,discount_amount,failure_reason,fulfilled_quantity,lead_token,line_item_transaction_id,order_id,plan_id,plan_purchase_price,position,premium,product,product_id,quantity,quote_id,refunded_quantity,status,store_id,tax_cost,type,id) values (0,'{}',NULL,NULL,0,'lt_pg_' || :n::text,'2',fx(3, :n),NULL,NULL,1,NULL,'{"id": "tv-65", "category": "tv", "purchasePrice": 69999}','tv-65',1,NULL,0,'UNFULFILLED',:store,NULL,'LEAD',fx(5, :n));
insert into line_item (canceled_quantity,details,discount_amount,failure_reason,fulfilled_quantity,lead_token,line_item_transaction_id,order_id,plan_id,plan_purchase_price,position,premium,product,product_id,quantity,quote_id,refunded_quantity,status,store_id,tax_cost,type,id) values (0,'{}',NULL,NULL,0,NULL,'3',fx(3, :n),NULL,NULL,2,NULL,'{"id": "hdmi", "category": "cable", "purchasePrice": 1999}','hdmi',1,NULL,0,'UNFULFILLED',:store,NULL,'NON_WARRANTABLE',fx(6, :n));
insert into lead (created_at,currency,expires_at,line_item_id,order_id,product,product_id,quantity,quantity_consumed,store_id,token) values (now(),'USD',now() + interval '90 days',fx(5, :n),fx(3, :n),'{"id": "tv-65", "category": "tv", "purchasePrice": 69999}','tv-65',1,0,:store,'lt_pg_' || :n::text);
insert into order_event (actor,at,data,order_id,reason,store_id,type,id) values ('api_key=bench',now(),'{"status": "open", "contracts": 0, "lineItems": 3}',fx(3, :n),NULL,:store,'created',fx(7, :n));
commit;
