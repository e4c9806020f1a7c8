-- wrk: POST /v3/directline/conversations with the secret (LOAD_SECRET), LOAD_STARTS in all over every thread, as fast
-- as they go; each of the LOAD_THREADS threads stops when its share is answered (wrk itself runs on until its -d).
-- Prints the count of each status and the seconds from the first answer to the last (os.time, to the second).
local secret = os.getenv("LOAD_SECRET")
local total = tonumber(os.getenv("LOAD_STARTS") or "20000")
local threads = {}
local share = 0
local sent = 0
local watched = { 200, 201, 400, 404, 429, 500, 503 }

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  share = math.ceil(total / tonumber(os.getenv("LOAD_THREADS") or "1"))
end

function request()
  return wrk.format("POST", "/v3/directline/conversations", { ["Authorization"] = "Bearer " .. secret }, "")
end

-- Counts live in globals named s<status> (wrk copies numbers, not tables, between threads).
function response(status, headers, body)
  local name = "s" .. status
  _G[name] = (_G[name] or 0) + 1
  sent = sent + 1
  last = os.time()
  first = first or last
  if sent >= share then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local line = "statuses:"
  for _, status in ipairs(watched) do
    local n = 0
    for _, thread in ipairs(threads) do n = n + (thread:get("s" .. status) or 0) end
    if n > 0 then line = line .. " " .. status .. "x" .. n end
  end
  local from, to = nil, nil
  for _, thread in ipairs(threads) do
    local f, l = thread:get("first"), thread:get("last")
    if f and (not from or f < from) then from = f end
    if l and (not to or l > to) then to = l end
  end
  io.write(line .. "; " .. summary.requests .. " answered within " .. ((to or 0) - (from or 0) + 1) .. " s\n")
end
