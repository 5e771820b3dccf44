-- GET /orders/{id}: a random one of the cloned orders, as bench/sql/get.sql reads it.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

function request()
  return wrk.format("GET", "/orders/" .. fx(1, math.random(1, fixtures)))
end
