-- wrk script: stop after a fixed number of requests per thread, count status codes and the
-- tasks the server reports as processed.  Set by load-test.sh: REQUESTS_PER_THREAD, PAUSE_MS.
local threads = {}
local per_thread = tonumber(os.getenv("REQUESTS_PER_THREAD") or "0")
local pause_ms = tonumber(os.getenv("PAUSE_MS") or "0")

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  responses = 0
  processed = 0
  statuses = {}
end

function delay()
  return pause_ms
end

function response(status, headers, body)
  responses = responses + 1
  statuses[status] = (statuses[status] or 0) + 1
  local n = body and body:match('"processed":(%d+)')
  if n then processed = processed + tonumber(n) end
  if per_thread > 0 and responses >= per_thread then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local total, tasks, by_status = 0, 0, {}
  for _, thread in ipairs(threads) do
    total = total + thread:get("responses")
    tasks = tasks + thread:get("processed")
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(by_status) do table.insert(parts, status .. "=" .. count) end
  table.sort(parts)
  io.write(string.format("RESULT responses=%d processed=%d statuses=%s errors=%d p50_ms=%.2f p99_ms=%.2f\n",
    total, tasks, table.concat(parts, ","), summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
