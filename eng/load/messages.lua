-- wrk: POST /api/messages with deliveryMode expectReplies, spread over CONVERSATIONS conversations and users
-- (env LOAD_CONVERSATIONS, default 1000), cycling through a few real questions in Darija, Arabic and French.
local conversations = tonumber(os.getenv("LOAD_CONVERSATIONS") or "1000")
local texts = { "bghit njded lbasbor dyali", "البطاقة الوطنية ديالي ضاعت شنو ندير", "Comment obtenir un extrait de casier judiciaire ?", "salam", "chhal kaykhlles?" }
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  counter = thread_id * 7919
end

function request()
  counter = counter + 1
  local c = counter % conversations
  local text = texts[(counter % #texts) + 1]
  local body = '{"type":"message","id":"load-' .. counter .. '","channelId":"emulator","serviceUrl":"http://127.0.0.1:9",' ..
    '"from":{"id":"load-user-' .. c .. '","role":"user"},"recipient":{"id":"bot","role":"bot"},' ..
    '"conversation":{"id":"load-' .. c .. '"},"text":"' .. text .. '","deliveryMode":"expectReplies"}'
  return wrk.format("POST", "/api/messages", { ["Content-Type"] = "application/json" }, body)
end
