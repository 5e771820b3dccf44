-- A row of an order (its lines, their fulfillments and contracts, its history) belongs to the order's store.
-- One deferred key on (store_id, order_id) or (store_id, line_item_id) checks that, where a key on each
-- column checked the two apart, never that they agree, and cost a lookup each per row written. The unique
-- (store_id, id) indexes replace the plain ones on the same columns, so no write maintains one more index.
create unique index orders_store_id_uq on orders (store_id, id);
drop index orders_store_id_idx;
alter table orders add constraint orders_store_id_key unique using index orders_store_id_uq;
create unique index line_item_store_id_uq on line_item (store_id, id);
drop index line_item_store_id_idx;
alter table line_item add constraint line_item_store_id_key unique using index line_item_store_id_uq;

alter table line_item
    drop constraint line_item_store_id_fkey,
    drop constraint line_item_order_id_fkey,
    add constraint line_item_order_fkey foreign key (store_id, order_id) references orders (store_id, id)
        deferrable initially deferred;
alter table fulfillment
    drop constraint fulfillment_store_id_fkey,
    drop constraint fulfillment_line_item_id_fkey,
    add constraint fulfillment_line_item_fkey foreign key (store_id, line_item_id) references line_item (store_id, id)
        deferrable initially deferred;
alter table contract
    drop constraint contract_store_id_fkey,
    drop constraint contract_order_id_fkey,
    drop constraint contract_line_item_id_fkey,
    add constraint contract_order_fkey foreign key (store_id, order_id) references orders (store_id, id)
        deferrable initially deferred,
    add constraint contract_line_item_fkey foreign key (store_id, line_item_id) references line_item (store_id, id)
        deferrable initially deferred;
alter table order_event
    drop constraint order_event_store_id_fkey,
    drop constraint order_event_order_id_fkey,
    add constraint order_event_order_fkey foreign key (store_id, order_id) references orders (store_id, id)
        deferrable initially deferred;

-- An outbox message is written in the transaction of the change it tells of, whose rows hold the store by
-- the keys above; a key of its own checked the store again for each of the three or so messages of a change.
alter table outbox_message drop constraint outbox_message_store_id_fkey;
