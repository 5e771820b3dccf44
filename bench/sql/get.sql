-- GET /orders/{id}: a random one of the cloned orders, as the service reads it (one statement).
\set n random(1, :fixtures)
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
