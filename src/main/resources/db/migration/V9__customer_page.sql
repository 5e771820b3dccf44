-- The customer's own contract page (GET /my/contracts/{token}). Every contract email carries a link
-- per contract; its token is random and only its SHA-256 is kept here. A link works while the contract's
-- term runs and while the order's customer email is still the one it was sent to.
create table customer_link (
    token_hash     text primary key,
    store_id       uuid        not null references store (id),
    contract_id    uuid        not null references contract (id),
    customer_email text        not null,
    expires_at     timestamptz not null,
    created_at     timestamptz not null
);
create index customer_link_contract_idx on customer_link (contract_id);
create index customer_link_expiry_idx on customer_link (expires_at);

-- How long after its start the customer may revoke a contract from that page (14 days by default).
alter table store add column revocation_period_seconds bigint not null default 1209600
    check (revocation_period_seconds >= 0);
