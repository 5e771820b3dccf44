-- POST /orders: the bench's order (a TV with a plan, a TV without, a cable), a new transactionId each time.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

local body = [[{"transactionId": "wrk-%s-%d-%d", "currency": "USD", "total": 131997,
 "customer": {"name": "Ada Lovelace", "email": "ada@example.com"},
 "lineItems": [
  {"lineItemTransactionId": "1", "product": {"id": "tv-55", "category": "tv", "purchasePrice": 59999},
   "plan": {"id": "bench-tv-24", "purchasePrice": 5999}},
  {"lineItemTransactionId": "2", "product": {"id": "tv-65", "category": "tv", "purchasePrice": 69999}},
  {"lineItemTransactionId": "3", "product": {"id": "hdmi", "category": "cable", "purchasePrice": 1999}}]}]]

function request()
  sent = sent + 1
  return wrk.format("POST", "/orders", nil, string.format(body, run, id, sent))
end
