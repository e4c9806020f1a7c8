#!/usr/bin/env bash
# Soak: mixed traffic (Bot Framework and Direct Line turns, Direct Line polling, widget tokens, health, metrics) against
# a Release build of the host for DURATION seconds (default 600), sampling the host's resident memory every SAMPLE
# seconds. Reports errors (non-2xx, socket errors, error lines in the host log) and RSS over time. Loopback only.
#
# Usage: eng/load/soak.sh                    (DURATION=600 CONNECTIONS=8 THREADS=2 SAMPLE=15)
#        DURATION=180 eng/load/soak.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-600}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
SAMPLE=${SAMPLE:-15}
PORT=${PORT:-5182}
DL_CONVERSATIONS=${DL_CONVERSATIONS:-300}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
SECRET=soak-directline-secret-0123456789

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk (eng/install-test-deps.sh)" >&2; exit 1; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

dotnet build -c Release src/MarocAssistant.Host --nologo -v q -clp:ErrorsOnly >/dev/null
RateLimiting__PermitsPerUser=1000000000 RateLimiting__PermitsPerAddress=1000000000 RateLimiting__ConversationsPerAddress=1000000000 DirectLine__Secret=$SECRET \
  dotnet src/MarocAssistant.Host/bin/Release/net10.0/MarocAssistant.Host.dll --urls "http://127.0.0.1:$PORT" \
  --contentRoot "$PWD/src/MarocAssistant.Host/bin/Release/net10.0" >"$OUT/host.log" 2>&1 &
host=$!; pids+=("$host")
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done

: >"$OUT/directline.txt"
for _ in $(seq 1 "$DL_CONVERSATIONS"); do
  curl -sf -X POST -H "Authorization: Bearer $SECRET" "http://127.0.0.1:$PORT/v3/directline/conversations" \
    | sed -E 's/.*"conversationId":"([^"]+)".*"token":"([^"]+)".*/\1 \2\n/' >>"$OUT/directline.txt"
done

rss() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$host/status"; }
echo "second,rss_mb" >"$OUT/rss.csv"
echo "0,$(rss)" >>"$OUT/rss.csv"
LOAD_DL_FILE="$OUT/directline.txt" LOAD_PORT=$PORT \
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency --timeout 10s -s eng/load/mixed.lua "http://127.0.0.1:$PORT" >"$OUT/soak.wrk" &
wrk_pid=$!; pids+=("$wrk_pid")
elapsed=0
while kill -0 "$wrk_pid" 2>/dev/null && [ "$elapsed" -lt "$DURATION" ]; do
  sleep "$SAMPLE"; elapsed=$((elapsed + SAMPLE))
  echo "$elapsed,$(rss)" >>"$OUT/rss.csv"
done
wait "$wrk_pid" || true
# Live managed heap after the last GC, to tell data the host holds from memory the GC keeps committed.
heap=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^dotnet_gc_heap_size_bytes/ { printf "%.1f", $2 / 1048576 }')

requests=$(awk '/requests in/ { print $1 }' "$OUT/soak.wrk")
non2xx=$(awk '/Non-2xx or 3xx responses/ { print $5 }' "$OUT/soak.wrk"); non2xx=${non2xx:-0}
socket=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$OUT/soak.wrk"); socket=${socket:-0}
logged=$(grep -c '"LogLevel":"\(Error\|Critical\)"' "$OUT/host.log" || true)
echo "soak: ${DURATION}s, $CONNECTIONS connections, $(awk '/^Requests\/sec/ { print $2 }' "$OUT/soak.wrk") req/s, $requests requests"
echo "errors: $non2xx non-2xx, $socket socket errors, $logged error lines in the host log"
awk '$1 == "50%" || $1 == "99%" { printf "latency %s %s\n", $1, $2 }' "$OUT/soak.wrk"
echo "RSS over time (MB):"
column -t -s, "$OUT/rss.csv" | sed 's/^/  /'
awk -F, 'NR > 1 { n++; x[n] = $1; y[n] = $2 } END {
  h = int(n / 2); for (i = 1; i <= h; i++) a += y[i]; for (i = h + 1; i <= n; i++) b += y[i];
  printf "mean RSS first half %.1f MB, second half %.1f MB, peak %.1f MB\n", a / h, b / (n - h), max(y, n) }
  function max(v, n,   m, i) { m = 0; for (i = 1; i <= n; i++) if (v[i] + 0 > m) m = v[i] + 0; return m }' "$OUT/rss.csv"
echo "managed heap at the end: ${heap:-?} MB (the rest of RSS is the runtime, ONNX Runtime and GC-committed space)"
echo "raw output in $OUT"
[ "$non2xx" -eq 0 ] && [ "$socket" -eq 0 ] && [ "$logged" -eq 0 ]
