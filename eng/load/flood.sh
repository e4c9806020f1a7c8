#!/usr/bin/env bash
# Conversation floods against a Release build of the host (issue 16): STARTS Direct Line conversation starts (default
# 20,000) as fast as wrk sends them, then a widget citizen from an allowed origin asks for a token, starts its
# conversation and asks a question; reports the statuses, the time taken, the citizen's answer and the host's memory.
# Two runs, each on a fresh host: (1) the default settings, every start from one address (loopback, which is counted);
# (2) rate limits off, standing for starts from many addresses, so that DirectLine:MaxConversations is reached and the
# idlest conversations are evicted. Loopback only, bounded in time.
#
# Usage: eng/load/flood.sh                   (STARTS=20000 CONNECTIONS=32 THREADS=2)
set -euo pipefail
cd "$(dirname "$0")/../.."

STARTS=${STARTS:-20000}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-5183}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
SECRET=flood-directline-secret-0123456789
ORIGIN=https://www.commune-exemple.ma
BIN=src/MarocAssistant.Host/bin/Release/net10.0

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk (eng/install-test-deps.sh)" >&2; exit 1; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "== building the host (Release)"
dotnet build -c Release src/MarocAssistant.Host --nologo -v q -clp:ErrorsOnly >/dev/null

rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
peak_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# flood NAME ENV...: a fresh host with the given settings, the flood, the citizen, the figures.
flood() {
  local name=$1; shift
  env "$@" DirectLine__Secret=$SECRET \
    Widget__Administrations__commune__Name=Commune Widget__Administrations__commune__AllowedOrigins__0=$ORIGIN \
    dotnet $BIN/MarocAssistant.Host.dll --urls "http://127.0.0.1:$PORT" --contentRoot "$PWD/$BIN" >"$OUT/$name.log" 2>&1 &
  local host=$!; pids+=("$host")
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
  local before; before=$(rss_mb "$host")

  LOAD_SECRET=$SECRET LOAD_STARTS=$STARTS LOAD_THREADS=$THREADS \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d90s --timeout 10s -s eng/load/starts.lua "http://127.0.0.1:$PORT" >"$OUT/$name.wrk"

  # The citizen: a widget token for an allowed origin, the conversation, a question, the answer.
  local token conversation answer
  token=$(curl -sf -X POST -H "Origin: $ORIGIN" -H 'Content-Type: application/json' -d '{"administration":"commune"}' \
    "http://127.0.0.1:$PORT/api/widget/token" | sed -E 's/.*"token":"([^"]+)".*/\1/')
  conversation=$(curl -sf -X POST -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/v3/directline/conversations" \
    | sed -E 's/.*"conversationId":"([^"]+)".*/\1/')
  curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"type":"message","from":{"id":"citizen"},"text":"bghit njded lpasspor dyali"}' \
    "http://127.0.0.1:$PORT/v3/directline/conversations/$conversation/activities" >/dev/null
  answer=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/v3/directline/conversations/$conversation/activities" \
    | grep -o '"procedure":"[^"]*"' | tail -1 || true)

  echo "$name: $(grep -o 'statuses:.*' "$OUT/$name.wrk")"
  echo "  citizen: token ${token:0:12}..., conversation ${conversation:0:12}..., answer ${answer:-NONE}"
  echo "  host RSS: ${before} MB before, $(rss_mb "$host") MB after, peak $(peak_mb "$host") MB;" \
    "evictions logged: $(grep -c 'evicted the' "$OUT/$name.log" || true); error lines: $(grep -c '"LogLevel":"\(Error\|Critical\)"' "$OUT/$name.log" || true)"
  kill "$host"; wait "$host" 2>/dev/null || true
}

echo "== $STARTS starts, $CONNECTIONS connections, $THREADS wrk threads, on $(nproc) cores shared by server and wrk"
flood one-address-defaults
flood many-addresses-limits-off RateLimiting__Enabled=false
echo "host logs and wrk output in $OUT"
