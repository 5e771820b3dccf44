-- Extend's client-credentials flow: short-lived access tokens issued for an API key. Only the
-- SHA-256 of a token is stored; a token works while it is unexpired and its key is not revoked.
create table access_token (
    token_hash  text primary key,
    key_id      uuid        not null references api_key (id),
    store_id    uuid        not null references store (id),
    created_at  timestamptz not null,
    expires_at  timestamptz not null
);
create index access_token_key_idx on access_token (key_id, expires_at);

-- The currency a store sells in: offers without a currency are in it.
alter table store add column currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$');
