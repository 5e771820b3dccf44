-- Transactional outbox: every message is written in the transaction of the change that causes it.
-- The dispatcher fans each message out into deliveries (one per matching webhook subscription, one
-- email for customer mail) and delivers those at least once.
create table outbox_message (
    id            uuid primary key,          -- stable: the Webhook-Id receivers de-duplicate on
    store_id      uuid        not null references store (id),
    type          text        not null,      -- contract.created, ..., or email.<template>
    data          json        not null,      -- json, not jsonb: the text is kept as written
    created_at    timestamptz not null,
    fanned_out_at timestamptz
);
create index outbox_message_pending_idx on outbox_message (created_at) where fanned_out_at is null;

create table webhook_subscription (
    id          text        not null,
    store_id    uuid        not null references store (id),
    url         text        not null,
    events      text[]      not null,
    secret      text        not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    primary key (store_id, id)
);

create table outbox_delivery (
    id               uuid primary key,
    message_id       uuid        not null references outbox_message (id),
    store_id         uuid        not null references store (id),
    channel          text        not null check (channel in ('webhook', 'email')),
    subscription_id  text,
    status           text        not null check (status in ('pending', 'delivered', 'failed', 'dead')),
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz not null,
    retry_until      timestamptz not null,
    last_status_code integer,
    last_error       text,
    delivered_at     timestamptz,
    created_at       timestamptz not null
);
create index outbox_delivery_due_idx on outbox_delivery (next_attempt_at) where status in ('pending', 'failed');
create index outbox_delivery_subscription_idx on outbox_delivery (store_id, subscription_id, id);
create index outbox_delivery_message_idx on outbox_delivery (message_id);

-- A customer's request to revoke a protection, recorded by support; the merchant's refund closes it.
create table revocation (
    id            uuid primary key,
    store_id      uuid        not null references store (id),
    contract_id   uuid        not null references contract (id),
    order_id      uuid        not null references orders (id),
    status        text        not null check (status in ('open', 'closed')),
    reason        text        not null,
    requested_at  timestamptz not null,
    created_at    timestamptz not null,
    closed_at     timestamptz
);
create unique index revocation_open_uq on revocation (contract_id) where status = 'open';
create index revocation_store_idx on revocation (store_id, status, id);
