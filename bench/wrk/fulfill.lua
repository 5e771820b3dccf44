-- POST /line-items/fulfill: one unit of the contract line of the cloned orders offset + 1, offset + 2, ...
-- (the threads interleave) up to `fixtures` (the first half of them; pgbench fulfills the other half).
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

function request()
  local n = (offset + id + sent * threads) % fixtures + 1
  sent = sent + 1
  return wrk.format("POST", "/line-items/fulfill", nil, '{"lineItemId": "' .. fx(16, n) .. '"}')
end
