-- wrk script of bench/lists/run.sh: one connection per wrk thread (-t N -c N), so each thread's counts are one
-- connection's (the fairness figure). Arguments after "--": LINE KEYS_FILE ADMIN_KEY
--   root       GET /                                  (the machine's ceiling: HTTP, routing, no store)
--   resources  resources_sql, a random page (1-20) of 50, empty body
--   filtered   resources_sql, a random page (1-3) of 50, body {gpu_name, cpu_count_min}
--   own        allocations_sql as a random renter (its own 100 allocations)
--   all        allocations_sql as the admin (every allocation), Accept-Encoding: gzip as the original client sends
local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

local models = {"NVIDIA GeForce RTX 4090", "NVIDIA GeForce RTX 3090", "NVIDIA A100-SXM4-80GB",
                "NVIDIA H100 80GB HBM3", "NVIDIA RTX A6000", "NVIDIA L40S"}

function init(args)
   line, admin = args[1], args[3]
   keys = {}
   for k in io.lines(args[2]) do keys[#keys + 1] = k end
   count, bad, gzipped, bytes = 0, 0, 0, 0
   math.randomseed(os.time() + id * 7919)
end

local function post(path, key, body, extra)
   local headers = {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}
   if extra then for k, v in pairs(extra) do headers[k] = v end end
   return wrk.format("POST", path, headers, body)
end

function request()
   if line == "root" then return wrk.format("GET", "/") end
   if line == "resources" then
      return post("/list/resources_sql?page_size=50&page_number=" .. math.random(20), keys[math.random(#keys)], "")
   end
   if line == "filtered" then
      local body = string.format('{"gpu_name": "%s", "cpu_count_min": %d}', models[math.random(#models)],
                                 8 * math.random(2))
      return post("/list/resources_sql?page_size=50&page_number=" .. math.random(3), keys[math.random(#keys)], body)
   end
   if line == "own" then return post("/list/allocations_sql", keys[math.random(#keys)], "") end
   if line == "all" then return post("/list/allocations_sql", admin, "", {["Accept-Encoding"] = "gzip"}) end
   error("unknown line " .. tostring(line))
end

function response(status, headers, body)
   count = count + 1
   bytes = bytes + #body
   if status ~= 200 then bad = bad + 1 end
   if headers["Content-Encoding"] == "gzip" then gzipped = gzipped + 1 end
end

function done(summary, latency, requests)
   local per, nbad, ngzip, nbytes = {}, 0, 0, 0
   for _, t in ipairs(threads) do
      per[#per + 1] = t:get("count")
      nbad = nbad + t:get("bad")
      ngzip = ngzip + t:get("gzipped")
      nbytes = nbytes + t:get("bytes")
   end
   table.sort(per)
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "RESULT requests=%d rps=%.0f p50=%.1f p90=%.1f p99=%.1f p999=%.1f max=%.1f non200=%d timeouts=%d " ..
      "conn_min=%d conn_max=%d gzip=%d avg_bytes=%.0f\n",
      summary.requests, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000, nbad,
      summary.errors.timeout, per[1], per[#per], ngzip, nbytes / math.max(1, summary.requests)))
end
