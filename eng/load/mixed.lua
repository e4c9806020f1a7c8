-- wrk: mixed traffic for the soak: Bot Framework turns (new and returning conversations), Direct Line turns and
-- polling, widget tokens, health and metrics. Direct Line conversations come from LOAD_DL_FILE (id token per line).
local file = os.getenv("LOAD_DL_FILE")
local dl = {}
for line in io.lines(file) do
  local id, token = line:match("^(%S+)%s+(%S+)$")
  if id then dl[#dl + 1] = { id = id, token = token } end
end
local texts = { "bghit njded lbasbor dyali", "البطاقة الوطنية ديالي ضاعت شنو ندير", "Comment obtenir un extrait de casier judiciaire ?", "salam", "chhal kaykhlles?", "merci", "3afak fin ndir lakarta" }
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  counter = thread_id * 104729
end

function request()
  counter = counter + 1
  local kind = counter % 10
  local text = texts[(counter % #texts) + 1]
  if kind <= 3 then
    -- Bot Framework: conversations come back (state grows, then expires) and new ones start all the time.
    local c = counter % 20000
    local body = '{"type":"message","id":"soak-' .. counter .. '","channelId":"emulator","serviceUrl":"http://127.0.0.1:9",' ..
      '"from":{"id":"soak-user-' .. c .. '"},"recipient":{"id":"bot"},"conversation":{"id":"soak-' .. c .. '"},"text":"' .. text .. '","deliveryMode":"expectReplies"}'
    return wrk.format("POST", "/api/messages", { ["Content-Type"] = "application/json" }, body)
  elseif kind <= 6 then
    local p = dl[(counter % #dl) + 1]
    return wrk.format("POST", "/v3/directline/conversations/" .. p.id .. "/activities",
      { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. p.token }, '{"type":"message","from":{"id":"soak"},"text":"' .. text .. '"}')
  elseif kind == 7 then
    local p = dl[(counter % #dl) + 1]
    return wrk.format("GET", "/v3/directline/conversations/" .. p.id .. "/activities?watermark=" .. (counter % 50), { ["Authorization"] = "Bearer " .. p.token })
  elseif kind == 8 then
    return wrk.format("POST", "/api/widget/token", { ["Content-Type"] = "application/json", ["Origin"] = "http://127.0.0.1:" .. os.getenv("LOAD_PORT") }, '{"administration":"demo"}')
  else
    return wrk.format("GET", (counter % 20 == 9) and "/metrics" or "/readyz")
  end
end
