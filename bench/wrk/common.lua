-- Shared by the wrk scripts: each thread learns its number and the run's arguments (key, fixtures,
-- offset, threads, run), and sends the API key on every request. wrk loads one of the call scripts,
-- which loads this one first.
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  key, fixtures, offset, threads, run = args[1], tonumber(args[2]), tonumber(args[3]), tonumber(args[4]), args[5]
  wrk.headers["X-Extend-Access-Token"] = key
  wrk.headers["Content-Type"] = "application/json"
  math.randomseed(os.time() * 1000 + id)
  sent = 0
end

-- The id pgbench's fx(kind, n) computes and bench/Fixtures.id writes.
function fx(kind, n)
  return string.format("%08x-0000-7000-8000-%012x", kind, n)
end
