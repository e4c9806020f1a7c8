-- wrk: POST /v3/directline/conversations/{id}/activities over the conversations listed (id token per line) in the
-- file named by LOAD_DL_FILE, round-robin: each POST is one turn (echo stored, pipeline run, replies stored).
local file = os.getenv("LOAD_DL_FILE")
local pairs_ = {}
for line in io.lines(file) do
  local id, token = line:match("^(%S+)%s+(%S+)$")
  if id then pairs_[#pairs_ + 1] = { id = id, token = token } end
end
local texts = { "bghit njded lbasbor dyali", "البطاقة الوطنية ديالي ضاعت شنو ندير", "Comment obtenir un extrait de casier judiciaire ?", "salam" }
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
  local p = pairs_[(counter % #pairs_) + 1]
  local body = '{"type":"message","from":{"id":"load"},"text":"' .. texts[(counter % #texts) + 1] .. '"}'
  return wrk.format("POST", "/v3/directline/conversations/" .. p.id .. "/activities",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. p.token }, body)
end
