-- Responses of mutating requests sent with an Idempotency-Key, replayed for retries of the same
-- request. Written in the transaction of the change; purged after they expire.
create table idempotency_key (
    id            text primary key,           -- "<store id or admin>:<key>"
    request_hash  text        not null,
    status        integer     not null,
    body          text        not null,
    location      text,
    etag          text,
    created_at    timestamptz not null,
    expires_at    timestamptz not null
);
create index idempotency_key_expires_idx on idempotency_key (expires_at);
