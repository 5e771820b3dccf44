-- One merchant's bad data must not stop the background work of the others.

-- An order whose release fails is retried later, and set aside after PROTECTION_RELEASE_MAX_ATTEMPTS
-- tries: the release job then no longer claims it (an operator clears release_set_aside_at to retry it).
alter table orders add column release_attempts integer not null default 0;
alter table orders add column release_error text;
alter table orders add column release_retry_at timestamptz;
alter table orders add column release_set_aside_at timestamptz;
drop index orders_pending_open_at_idx;
create index orders_release_due_idx on orders (open_at) where status = 'PENDING' and release_set_aside_at is null;
create index orders_release_set_aside_idx on orders (release_set_aside_at) where release_set_aside_at is not null;

-- The feed worker takes each store's due items in turn (by store, then in order), and purges the
-- processed ones after PROTECTION_FEED_RETENTION.
drop index feed_item_pending_idx;
create index feed_item_store_pending_idx on feed_item (store_id, available_at, position) where status = 'PENDING';
create index feed_item_processed_idx on feed_item (processed_at) where status <> 'PENDING';
create index feed_request_received_idx on feed_request (received_at);
