-- wrk script for Tern's ingestion benchmark (run by bench/ingest.sh):
--
--   wrk -t2 -c32 -d20s --latency -s bench/events.lua http://127.0.0.1:PORT -- WRITE_KEY batch|single [CONTACTS [SPREAD [messageids]]]
--
-- batch:  POST /v1/events/batch, 100 events per request, expects 200 with "accepted":100.
-- single: POST /v1/events, one event per request, expects 201.
-- Every event is a cl_order_completed with three declared properties (number, string, URL),
-- for a contact drawn uniformly from CONTACTS distinct external ids (u0 … u99999). Its "time" is
-- the current second minus a random age below SPREAD seconds: 0 (the default) is live traffic,
-- 86400 a backfill of the last day in random order. With "messageids", every event carries a
-- messageId of its own, as Segment's SDKs send. Bodies are generated per request.
-- Prints one machine-readable RESULT line at the end; counts every unexpected response.

local threads = {}
local count = 0

function setup(thread)
   count = count + 1
   thread:set("id", count)
   table.insert(threads, thread)
end

function init(args)
   local key = args[1] or error("the write key is the first argument after --")
   mode = args[2] or "batch"
   contacts = tonumber(args[3] or "100000")
   spread = tonumber(args[4] or "0")
   -- Unique across threads and wrk processes: a table's address differs between processes.
   messagePrefix = (args[5] == "messageids") and string.format("m%s-%d-", string.sub(tostring({}), 8), id) or nil
   sent = 0
   perRequest = (mode == "batch") and 100 or 1
   expected = (mode == "batch") and 200 or 201
   path = (mode == "batch") and "/v1/events/batch" or "/v1/events"
   headers = { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }
   math.randomseed(os.time() * 1000 + id)
   accepted, unexpected, partial, sample = 0, 0, 0, ""
end

local function event(now)
   local tenths = math.random(1, 99999)
   local age = (spread > 0) and math.random(0, spread - 1) or 0
   local messageId = ""
   if messagePrefix then
      sent = sent + 1
      messageId = string.format(',"messageId":"%s%d"', messagePrefix, sent)
   end
   return string.format(
      '{"event":"cl_order_completed","externalId":"u%d"%s,"time":"%s","properties":'
         .. '{"cl_price":%d.%d,"cl_sku":"SKU-%d","cl_url":"https://shop.example/p/%d"}}',
      math.random(0, contacts - 1), messageId, os.date("!%Y-%m-%dT%H:%M:%SZ", now - age),
      math.floor(tenths / 10), tenths % 10, math.random(1, 5000), math.random(1, 100000))
end

function request()
   local body, now = nil, os.time()
   if perRequest == 1 then
      body = event(now)
   else
      local parts = {}
      for i = 1, perRequest do parts[i] = event(now) end
      body = '{"events":[' .. table.concat(parts, ",") .. "]}"
   end
   return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
   if status ~= expected then
      unexpected = unexpected + 1
      if sample == "" then sample = status .. " " .. string.sub(body or "", 1, 300) end
   elseif perRequest == 1 then
      accepted = accepted + 1
   else
      local n = tonumber(string.match(body, '"accepted":(%d+)')) or 0
      accepted = accepted + n
      if n ~= perRequest then partial = partial + 1 end
   end
end

function done(summary, latency, requests)
   local total, bad, short, firstSample = 0, 0, 0, ""
   for _, thread in ipairs(threads) do
      total = total + thread:get("accepted")
      bad = bad + thread:get("unexpected")
      short = short + thread:get("partial")
      if firstSample == "" then firstSample = thread:get("sample") end
   end
   local seconds = summary.duration / 1e6
   local e = summary.errors
   if bad > 0 then io.write("UNEXPECTED first: " .. firstSample .. "\n") end
   io.write(string.format(
      "RESULT mode=%s seconds=%.2f requests=%d requests_per_s=%.1f accepted_events=%d events_per_s=%.0f "
         .. "p50_ms=%.2f p99_ms=%.2f max_ms=%.2f unexpected_responses=%d partial_batches=%d "
         .. "socket_errors=%d\n",
      threads[1]:get("mode"), seconds, summary.requests, summary.requests / seconds, total, total / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, bad, short,
      e.connect + e.read + e.write + e.timeout))
end
