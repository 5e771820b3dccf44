-- Dev mode only: a demo store whose API key is sk_demo_0123456789, and a small plan catalog.
insert into store (id, name, refund_window_seconds, wait_period_seconds, shipping_rate_bp,
                   shipping_minimum_premium, created_at)
values ('00000000-0000-7000-8000-000000000001', 'Demo Store', 1209600, 0, 150, 98, now())
on conflict (id) do nothing;

insert into api_key (id, store_id, key_hash, key_prefix, created_at)
values ('00000000-0000-7000-8000-000000000002', '00000000-0000-7000-8000-000000000001',
        'e435660244612b5c1a1154b976ae82be9862670b1d3564a648d0f457d78a715f', 'sk_demo', now())
on conflict (id) do nothing;

insert into plan (id, store_id, title, term_months, currency, eligibility, active, created_at, updated_at)
values
  ('demo-tv-24', null, 'TV protection, 2 years', 24, 'USD',
   '{"categories": ["tv"], "priceBands": [{"minPrice": 0, "maxPrice": 49999, "price": 2999},
                                          {"minPrice": 50000, "maxPrice": 199999, "price": 5999}]}', true, now(), now()),
  ('demo-laptop-36', null, 'Laptop protection, 3 years', 36, 'USD',
   '{"categories": ["laptop"], "priceBands": [{"minPrice": 20000, "maxPrice": 300000, "price": 12999}]}', true, now(), now()),
  ('demo-any-12', null, 'Accident protection, 1 year', 12, 'USD',
   '{"categories": [], "priceBands": [{"minPrice": 1000, "maxPrice": 20000, "price": 499}]}', true, now(), now())
on conflict (id) do nothing;
