-- GET /orders/{id}: a random one of the cloned orders, as the service reads it.
\set n random(1, :fixtures)
with credential as (
    select id as key_id from api_key where key_hash = :keyhash
    union all
    select key_id from access_token where token_hash = :keyhash and expires_at > now())
select k.id, k.store_id, s.refund_window_seconds, s.wait_period_seconds,
       s.shipping_rate_bp, s.shipping_minimum_premium, s.currency
from credential c join api_key k on k.id = c.key_id join store s on s.id = k.store_id
where k.revoked_at is null
limit 1;
select o1_0.id,o1_0.created_at,o1_0.created_at_stated,o1_0.currency,o1_0.customer,o1_0.customer_email,o1_0.customer_phone,o1_0.discount_amount_total,o1_0.inserted_at,o1_0.is_test,li1_0.order_id,li1_0.id,li1_0.canceled_quantity,li1_0.details,li1_0.discount_amount,li1_0.failure_reason,li1_0.fulfilled_quantity,li1_0.lead_token,li1_0.line_item_transaction_id,li1_0.plan_id,li1_0.plan_purchase_price,li1_0.position,li1_0.premium,li1_0.product,li1_0.product_id,li1_0.quantity,li1_0.quote_id,li1_0.refunded_quantity,li1_0.status,li1_0.store_id,li1_0.tax_cost,li1_0.type,o1_0.open_at,o1_0.po_number,o1_0.product_cost_total,o1_0.sale_origin,o1_0.shipping_cost_total,o1_0.shipping_tax_cost_total,o1_0.status,o1_0.store_id,o1_0.tax_cost_total,o1_0.total,o1_0.transaction_id,o1_0.updated_at,o1_0.version,o1_0.wait_period_seconds from orders o1_0 left join line_item li1_0 on o1_0.id=li1_0.order_id where o1_0.id=fx(1, :n) and o1_0.store_id=:store order by li1_0.position;
select c1_0.id,c1_0.created_at,c1_0.currency,c1_0.customer,c1_0.fulfillment_id,c1_0.line_item_id,c1_0.order_id,c1_0.plan_id,c1_0.products,c1_0.purchase_price,c1_0.status,c1_0.store_id,c1_0.term_end,c1_0.term_start,c1_0.type,c1_0.updated_at from contract c1_0 where c1_0.order_id in (fx(1, :n));
