-- Merchants and their API keys.
create table store (
    id                        uuid primary key,
    name                      text        not null,
    refund_window_seconds     bigint      not null check (refund_window_seconds >= 0),
    wait_period_seconds       bigint      not null check (wait_period_seconds >= 0),
    shipping_rate_bp          integer     not null check (shipping_rate_bp >= 0),
    shipping_minimum_premium  bigint      not null check (shipping_minimum_premium >= 0),
    created_at                timestamptz not null
);

create table api_key (
    id          uuid primary key,
    store_id    uuid        not null references store (id),
    key_hash    text        not null unique,
    key_prefix  text        not null,
    created_at  timestamptz not null,
    revoked_at  timestamptz
);
create index api_key_store_idx on api_key (store_id);

-- The provider's plan catalog. A plan with a store_id is offered to that store only.
create table plan (
    id           text primary key,
    store_id     uuid references store (id),
    title        text        not null,
    term_months  integer     not null check (term_months > 0),
    currency     text        not null check (currency ~ '^[A-Z]{3}$'),
    eligibility  jsonb       not null,
    active       boolean     not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);
create index plan_active_idx on plan (store_id) where active;

create table shipping_quote (
    id              uuid primary key,
    store_id        uuid        not null references store (id),
    currency        text        not null check (currency ~ '^[A-Z]{3}$'),
    covered_value   bigint      not null check (covered_value >= 0),
    premium         bigint      not null check (premium >= 0),
    items           jsonb       not null,
    expires_at      timestamptz not null,
    created_at      timestamptz not null,
    order_id        uuid
);
create index shipping_quote_store_idx on shipping_quote (store_id, id);

-- Orders and their line items. Quantities are per unit; see the check constraints.
create table orders (
    id                       uuid primary key,
    store_id                 uuid        not null references store (id),
    transaction_id           text        not null,
    status                   text        not null,
    currency                 text        not null check (currency ~ '^[A-Z]{3}$'),
    created_at               timestamptz not null,
    open_at                  timestamptz not null,
    wait_period_seconds      bigint      not null,
    customer                 jsonb       not null,
    customer_email           text,
    customer_phone           text,
    total                    bigint,
    tax_cost_total           bigint,
    product_cost_total       bigint,
    discount_amount_total    bigint,
    shipping_cost_total      bigint,
    shipping_tax_cost_total  bigint,
    sale_origin              jsonb,
    po_number                text,
    is_test                  boolean     not null,
    version                  integer     not null,
    inserted_at              timestamptz not null,
    updated_at               timestamptz not null,
    constraint orders_transaction_uq unique (store_id, transaction_id)
);
create index orders_store_id_idx on orders (store_id, id);
create index orders_store_email_idx on orders (store_id, customer_email, id);
create index orders_store_phone_idx on orders (store_id, customer_phone, id);
create index orders_store_status_idx on orders (store_id, status, id);
create index orders_pending_open_at_idx on orders (open_at) where status = 'PENDING';

create table line_item (
    id                        uuid primary key,
    store_id                  uuid        not null references store (id),
    order_id                  uuid        not null references orders (id) deferrable initially deferred,
    position                  integer     not null,
    line_item_transaction_id  text        not null,
    type                      text        not null,
    status                    text        not null,
    failure_reason            text,
    quantity                  integer     not null check (quantity > 0),
    fulfilled_quantity        integer     not null check (fulfilled_quantity >= 0),
    canceled_quantity         integer     not null check (canceled_quantity >= 0),
    refunded_quantity         integer     not null check (refunded_quantity >= 0),
    product                   jsonb,
    product_id                text,
    plan_id                   text,
    plan_purchase_price       bigint,
    lead_token                text,
    quote_id                  text,
    premium                   bigint,
    details                   jsonb       not null,
    discount_amount           bigint,
    tax_cost                  bigint,
    constraint line_item_units_ck check (fulfilled_quantity + canceled_quantity <= quantity
                                         and refunded_quantity <= fulfilled_quantity),
    constraint line_item_transaction_uq unique (order_id, line_item_transaction_id)
);
create index line_item_order_idx on line_item (order_id, position);
create index line_item_store_id_idx on line_item (store_id, id);
create index line_item_store_txn_idx on line_item (store_id, line_item_transaction_id, id);

-- Each fulfillment of units of a line, with the merchant's own instant (the refund window counts from it).
create table fulfillment (
    id             uuid primary key,
    store_id       uuid        not null references store (id),
    line_item_id   uuid        not null references line_item (id) deferrable initially deferred,
    quantity       integer     not null check (quantity > 0),
    fulfilled_at   timestamptz not null,
    recorded_at    timestamptz not null
);
create index fulfillment_line_idx on fulfillment (line_item_id);

create table lead (
    token              text primary key,
    store_id           uuid        not null references store (id),
    order_id           uuid        not null references orders (id) deferrable initially deferred,
    line_item_id       uuid        not null references line_item (id) deferrable initially deferred,
    product_id         text        not null,
    product            jsonb       not null,
    currency           text        not null check (currency ~ '^[A-Z]{3}$'),
    quantity           integer     not null check (quantity > 0),
    quantity_consumed  integer     not null check (quantity_consumed >= 0 and quantity_consumed <= quantity),
    expires_at         timestamptz not null,
    created_at         timestamptz not null
);
create index lead_store_idx on lead (store_id);
