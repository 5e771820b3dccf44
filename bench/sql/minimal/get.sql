-- GET /orders/{id}, as few statements as a hand-written implementation would issue: the key from memory,
-- then the order, its lines and each line's contract ids in one statement, scoped by store.
\set n random(1, :fixtures)
select o.*,
       (select json_agg(l order by l.position) from line_item l where l.order_id = o.id) as lines,
       (select json_agg(json_build_object('id', c.id, 'lineItemId', c.line_item_id) order by c.id)
        from contract c where c.order_id = o.id) as contracts
from orders o where o.id = fx(1, :n) and o.store_id = :store;
