#!/usr/bin/env bash
# Runs every test project of the solution and prints one closing line: "N passed, N failed, N skipped".
# Usage: eng/test.sh [extra dotnet test arguments]
set -uo pipefail
cd "$(dirname "$0")/.."

# What the tests need from outside .NET (Chromium, ONNX checker, Redis...): installed once, skipped when present.
if ! eng/install-test-deps.sh; then
  echo "warning: could not install every test dependency (run eng/install-test-deps.sh as root); tests that need them will skip" >&2
fi

log=$(mktemp)
dotnet test MarocAssistant.sln --nologo --blame-hang-timeout 10m "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One summary line per test assembly: "Passed!  - Failed: 0, Passed: 25, Skipped: 0, Total: 25, ..."
read -r passed failed skipped < <(grep -E '^(Passed|Failed)! +- ' "$log" | awk -F'[:,]' '
  { for (i = 1; i <= NF; i++) { gsub(/ /, "", $i) }
    for (i = 1; i < NF; i++) {
      if ($i ~ /Failed$/) f += $(i+1); if ($i == "Passed") p += $(i+1); if ($i == "Skipped") s += $(i+1) } }
  END { print p+0, f+0, s+0 }')

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before tests could report: count it as a failure, never as a pass.
  failed=1
fi
rm -f "$log"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
