#!/usr/bin/env bash
# HTTP load with wrk against MarocAssistant (Release build) and, in the same run, against a minimal Bot Framework JS SDK
# echo bot (eng/load/echo-bot, npm botbuilder) as the reference. Reports throughput, p50/p99 latency, errors and peak
# RSS of each server, and the ratio. Everything listens on 127.0.0.1 only, and every run is bounded in time.
#
# Usage: eng/load/load.sh            (DURATION=20s CONNECTIONS=32 THREADS=2 WARMUP=5s by default)
#        DURATION=60s CONNECTIONS=64 eng/load/load.sh
#        COLD=1 eng/load/load.sh     cold start: the host as published (ReadyToRun, as the Dockerfile does) and the
#                                    echo bot, each a freshly started process loaded for its first COLD_DURATION
#                                    (10s) as soon as it says it is ready, no warm-up run; COLD_HOST_DIR=<folder>
#                                    measures another build of the host (e.g. bin/Release/net10.0, not ReadyToRun);
#                                    COLD_HOST_ARGS="--WarmUp:Rounds=0" passes settings to the host
# Needs: dotnet, wrk (Debian package), node + npm (botbuilder is installed into eng/load/echo-bot on first use).
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
HOST_PORT=${HOST_PORT:-5181}
ECHO_PORT=${ECHO_PORT:-3978}
DL_CONVERSATIONS=${DL_CONVERSATIONS:-200}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
SECRET=load-directline-secret-0123456789

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk (eng/install-test-deps.sh)" >&2; exit 1; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

COLD=${COLD:-0}
COLD_DURATION=${COLD_DURATION:-10s}
HOST_DIR=$PWD/src/MarocAssistant.Host/bin/Release/net10.0
if [ "$COLD" = 1 ] && [ -z "${COLD_HOST_DIR:-}" ]; then
  echo "== publishing the host (Release, ReadyToRun, as the Dockerfile does)"
  HOST_DIR=$OUT/publish
  dotnet publish -c Release src/MarocAssistant.Host --use-current-runtime --self-contained false -o "$HOST_DIR" --nologo -v q -clp:ErrorsOnly >/dev/null
elif [ "$COLD" = 1 ]; then
  HOST_DIR=$(cd "$COLD_HOST_DIR" && pwd)
else
  echo "== building the host (Release)"
  dotnet build -c Release src/MarocAssistant.Host --nologo -v q -clp:ErrorsOnly >/dev/null
fi
if [ ! -d eng/load/echo-bot/node_modules/botbuilder ]; then
  echo "== installing the echo bot (npm botbuilder)"
  (cd eng/load/echo-bot && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi

start_host() {
  # Rate limits raised far above the load (their cost is still paid per request); logs as configured (JSON console).
  RateLimiting__PermitsPerUser=1000000000 RateLimiting__PermitsPerAddress=1000000000 RateLimiting__ConversationsPerAddress=1000000000 \
  DirectLine__Secret=$SECRET \
    dotnet "$HOST_DIR/MarocAssistant.Host.dll" --urls "http://127.0.0.1:$HOST_PORT" --contentRoot "$HOST_DIR" \
    "$@" >"$OUT/host.log" 2>&1 &
  host_pid=$!; pids+=("$host_pid")
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$HOST_PORT/readyz" >/dev/null && return 0; sleep 0.1; done
  echo "host did not start; see $OUT/host.log" >&2; exit 1
}

start_echo() {
  PORT=$ECHO_PORT node eng/load/echo-bot/index.js >"$OUT/echo.log" 2>&1 &
  echo_pid=$!; pids+=("$echo_pid")
  for _ in $(seq 1 100); do
    curl -s -o /dev/null -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$ECHO_PORT/api/messages" \
      -d '{"type":"message","channelId":"emulator","serviceUrl":"http://127.0.0.1:9","from":{"id":"u"},"recipient":{"id":"b"},"conversation":{"id":"c"},"text":"x","deliveryMode":"expectReplies"}' && return 0
    sleep 0.2
  done
  echo "echo bot did not start; see $OUT/echo.log" >&2; exit 1
}

peak_rss_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# run NAME URL SCRIPT PID: warm-up, then the measured run; prints one result line.
run() {
  local name=$1 url=$2 script=$3 pid=$4
  local file; file=$(echo "$name" | tr -c 'A-Za-z0-9\n' '_')
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$script" "$url" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url" >"$OUT/$file.wrk"
  local rps p50 p99 errors requests
  rps=$(awk '/^Requests\/sec/ { print $2 }' "$OUT/$file.wrk")
  p50=$(awk '$1 == "50%" { print $2 }' "$OUT/$file.wrk")
  p99=$(awk '$1 == "99%" { print $2 }' "$OUT/$file.wrk")
  requests=$(awk '/requests in/ { print $1 }' "$OUT/$file.wrk")
  errors=$(awk '/Non-2xx or 3xx responses/ { n += $5 } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$OUT/$file.wrk")
  printf '| %-32s | %9s | %8s | %8s | %9s | %6s | %8s |\n' "$name" "$rps" "$p50" "$p99" "$requests" "$errors" "$(peak_rss_mb "$pid") MB"
  echo "$rps" >"$OUT/$file.rps"
}

# cold NAME URL SCRIPT PID: the first COLD_DURATION of load on a process that has just said it is ready.
cold() {
  local name=$1 url=$2 script=$3 pid=$4
  local file; file=$(echo "$name" | tr -c 'A-Za-z0-9\n' '_')
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$COLD_DURATION" --latency -s "$script" "$url" >"$OUT/$file.wrk"
  local rps p50 p99 requests
  rps=$(awk '/^Requests\/sec/ { print $2 }' "$OUT/$file.wrk")
  p50=$(awk '$1 == "50%" { print $2 }' "$OUT/$file.wrk")
  p99=$(awk '$1 == "99%" { print $2 }' "$OUT/$file.wrk")
  requests=$(awk '/requests in/ { print $1 }' "$OUT/$file.wrk")
  printf '| %-36s | %9s | %8s | %8s | %9s | %8s |\n' "$name" "$rps" "$p50" "$p99" "$requests" "$(peak_rss_mb "$pid") MB"
  echo "$rps" >"$OUT/$file.rps"
}

if [ "$COLD" = 1 ]; then
  echo "== cold start: $HOST_DIR; wrk -t$THREADS -c$CONNECTIONS -d$COLD_DURATION on each fresh process, on $(nproc) cores"
  started=$(date +%s.%N)
  # shellcheck disable=SC2086
  start_host ${COLD_HOST_ARGS:-}
  ready=$(date +%s.%N)
  printf '| %-36s | %9s | %8s | %8s | %9s | %8s |\n' "target (fresh process)" "req/s" "p50" "p99" "requests" "peak RSS"
  printf '|%s|%s|%s|%s|%s|%s|\n' "--------------------------------------" "-----------" "----------" "----------" "-----------" "----------"
  cold "MarocAssistant /api/messages" "http://127.0.0.1:$HOST_PORT" eng/load/messages.lua "$host_pid"
  start_echo
  cold "botbuilder echo bot /api/messages" "http://127.0.0.1:$ECHO_PORT" eng/load/messages.lua "$echo_pid"
  echo
  awk -v s="$started" -v r="$ready" 'BEGIN { printf "host start to ready (warm-up included): %.1f s\n", r - s }'
  awk -v a="$(cat "$OUT/MarocAssistant__api_messages.rps")" -v b="$(cat "$OUT/botbuilder_echo_bot__api_messages.rps")" \
    'BEGIN { printf "ratio MarocAssistant / echo bot, first %s of a fresh process: %.2fx\n", "'"$COLD_DURATION"'", a / b }'
  echo "raw wrk output in $OUT"
  exit 0
fi

echo "== starting MarocAssistant on :$HOST_PORT and the echo bot on :$ECHO_PORT"
start_host
start_echo

echo "== opening $DL_CONVERSATIONS Direct Line conversations"
: >"$OUT/directline.txt"
for _ in $(seq 1 "$DL_CONVERSATIONS"); do
  curl -sf -X POST -H "Authorization: Bearer $SECRET" "http://127.0.0.1:$HOST_PORT/v3/directline/conversations" \
    | sed -E 's/.*"conversationId":"([^"]+)".*"token":"([^"]+)".*/\1 \2\n/' >>"$OUT/directline.txt"
done

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up), on $(nproc) cores shared by server and wrk"
echo
printf '| %-32s | %9s | %8s | %8s | %9s | %6s | %8s |\n' "target" "req/s" "p50" "p99" "requests" "errors" "peak RSS"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' "----------------------------------" "-----------" "----------" "----------" "-----------" "--------" "----------"
run "MarocAssistant /api/messages" "http://127.0.0.1:$HOST_PORT" eng/load/messages.lua "$host_pid"
LOAD_DL_FILE="$OUT/directline.txt" run "MarocAssistant Direct Line POST" "http://127.0.0.1:$HOST_PORT" eng/load/directline.lua "$host_pid"
run "botbuilder echo bot /api/messages" "http://127.0.0.1:$ECHO_PORT" eng/load/messages.lua "$echo_pid"
echo
awk -v a="$(cat "$OUT/MarocAssistant__api_messages.rps")" -v b="$(cat "$OUT/botbuilder_echo_bot__api_messages.rps")" \
  'BEGIN { printf "ratio MarocAssistant / echo bot on /api/messages: %.2fx\n", a / b }'
echo "host RSS now $(rss_mb "$host_pid") MB; host log $(du -h "$OUT/host.log" | cut -f1); raw wrk output in $OUT"
