-- Units refunded out of each fulfillment: the refund window counts per unit from its fulfillment.
alter table fulfillment add column refunded_quantity integer not null default 0;
alter table fulfillment add constraint fulfillment_refunded_ck check (refunded_quantity between 0 and quantity);

create table contract (
    id              uuid primary key,
    store_id        uuid        not null references store (id),
    order_id        uuid        not null references orders (id) deferrable initially deferred,
    line_item_id    uuid        not null references line_item (id) deferrable initially deferred,
    fulfillment_id  uuid        not null references fulfillment (id) deferrable initially deferred,
    type            text        not null,
    plan_id         text,
    products        jsonb       not null,
    purchase_price  bigint      not null check (purchase_price >= 0),
    currency        text        not null check (currency ~ '^[A-Z]{3}$'),
    customer        jsonb       not null,
    term_start      timestamptz not null,
    term_end        timestamptz not null,
    status          text        not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);
create index contract_order_idx on contract (order_id);
create index contract_store_idx on contract (store_id, id);
create index contract_line_idx on contract (line_item_id);

create table refund (
    id            uuid primary key,
    store_id      uuid        not null references store (id),
    order_id      uuid        not null references orders (id),
    line_item_id  uuid        not null references line_item (id),
    quantity      integer     not null check (quantity > 0),
    amount        bigint      not null check (amount >= 0),
    currency      text        not null,
    reason        text,
    contract_ids  jsonb       not null,
    actor         text        not null,
    created_at    timestamptz not null
);
create index refund_line_idx on refund (line_item_id);

-- Append-only history of every change of an order, written in the transaction of the change.
create table order_event (
    id        uuid primary key,
    store_id  uuid        not null references store (id),
    order_id  uuid        not null references orders (id) deferrable initially deferred,
    type      text        not null,
    at        timestamptz not null,
    actor     text        not null,
    reason    text,
    data      jsonb       not null
);
create index order_event_order_idx on order_event (order_id, id);
