-- Dates the merchant states (domain rule 10). A refund or cancellation date is judged no earlier
-- than the store's reporting tolerance before the service received it; a historical feed may carry
-- older ones; a fulfillment can't predate the order's placement when the merchant stated it.
alter table store add column reporting_tolerance_seconds bigint not null default 259200
    check (reporting_tolerance_seconds >= 0);

alter table feed_request add column historical boolean not null default false;

-- False when the merchant didn't say when the order was placed (created_at is then when it was received).
alter table orders add column created_at_stated boolean not null default false;
