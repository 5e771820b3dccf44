-- Hakuna-style order feeds and events: stored before they are acknowledged, processed in the
-- background one order record at a time, and reported per order.
create table feed_request (
    id           uuid primary key,
    store_id     uuid        not null references store (id),
    api_key_id   uuid        not null,
    kind         text        not null,     -- FEED or EVENT
    format       text        not null,     -- json, csv
    dedupe_key   text,                     -- events: the same event twice is one event
    received_at  timestamptz not null,
    items        integer     not null,
    constraint feed_request_dedupe_uq unique (store_id, dedupe_key)
);

create table feed_item (
    id            uuid primary key,
    request_id    uuid        not null references feed_request (id),
    store_id      uuid        not null references store (id),
    position      integer     not null,
    order_ref     text        not null,    -- the merchant's order id
    record        jsonb,                   -- a feed's order record, or
    event         jsonb,                   -- an event: {type, payload}
    status        text        not null,    -- PENDING, SUCCESSFUL, FAILED
    errors        jsonb,
    attempts      integer     not null default 0,
    available_at  timestamptz not null,
    processed_at  timestamptz
);
create index feed_item_request_idx on feed_item (request_id, position);
create index feed_item_pending_idx on feed_item (available_at, position) where status = 'PENDING';
