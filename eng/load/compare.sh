#!/usr/bin/env bash
# A/B throughput of two Release builds of the host on /api/messages (expectReplies turns), run in turns so that both
# see the same machine load: A, B, A, B, ... Besides req/s and latency, each line gives the host's CPU time per
# request (user + system, from /proc), which other load on the machine disturbs much less than req/s.
# Everything listens on 127.0.0.1 only; every run is bounded in time.
#
# Usage: eng/load/compare.sh BASE_ROOT [NEW_ROOT]     (each a repository checkout whose Host is built in Release)
#        ROUNDS=3 DURATION=15s CONNECTIONS=32 EXTRA_NEW="--OpenTelemetry:Endpoint=http://127.0.0.1:4318" eng/load/compare.sh /tmp/base
# EXTRA_BASE / EXTRA_NEW: extra host arguments of each side (e.g. settings given as --Section:Key=value).
set -euo pipefail
cd "$(dirname "$0")/../.."

BASE_ROOT=${1:?usage: compare.sh BASE_ROOT [NEW_ROOT]}
NEW_ROOT=${2:-$PWD}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-5182}
SCRIPT=$PWD/eng/load/messages.lua
OUT=${OUT:-$(mktemp -d)}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk (eng/install-test-deps.sh)" >&2; exit 1; }

host_pid=""
cleanup() { [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

# User + system clock ticks of a process so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# run LABEL ROOT EXTRA: starts that build, warms up, measures, stops it; prints one line.
run() {
  local label=$1 root=$2 extra=$3 bin
  bin="$root/src/MarocAssistant.Host/bin/Release/net10.0"
  # shellcheck disable=SC2086
  RateLimiting__PermitsPerUser=1000000000 RateLimiting__PermitsPerAddress=1000000000 RateLimiting__ConversationsPerAddress=1000000000 \
    dotnet "$bin/MarocAssistant.Host.dll" --urls "http://127.0.0.1:$PORT" --contentRoot "$bin" $extra >"$OUT/$label.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$SCRIPT" "http://127.0.0.1:$PORT" >/dev/null
  local cpu_before cpu_after requests
  cpu_before=$(cpu_ticks "$host_pid")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$SCRIPT" "http://127.0.0.1:$PORT" >"$OUT/$label.wrk"
  cpu_after=$(cpu_ticks "$host_pid")
  requests=$(awk '/requests in/ { print $1 }' "$OUT/$label.wrk")
  printf '| %-6s | %9s | %8s | %8s | %6s | %9s | %s |\n' "$label" \
    "$(awk '/^Requests\/sec/ { print $2 }' "$OUT/$label.wrk")" \
    "$(awk '$1 == "50%" { print $2 }' "$OUT/$label.wrk")" "$(awk '$1 == "99%" { print $2 }' "$OUT/$label.wrk")" \
    "$(awk '/Non-2xx or 3xx responses/ { n += $5 } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$OUT/$label.wrk")" \
    "$(awk -v t=$((cpu_after - cpu_before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", t * 1e6 / hz / n }')" \
    "$(cut -d' ' -f1 /proc/loadavg)"
  kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; host_pid=""
}

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after $WARMUP) on /api/messages; $ROUNDS rounds; raw output in $OUT"
printf '| %-6s | %9s | %8s | %8s | %6s | %9s | %s |\n' side req/s p50 p99 errors "CPU µs/req" "load avg"
for round in $(seq 1 "$ROUNDS"); do
  run "A$round" "$BASE_ROOT" "${EXTRA_BASE:-}"
  run "B$round" "$NEW_ROOT" "${EXTRA_NEW:-}"
done
