#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine (CI runs this as root before the tests).
# Idempotent: packages already present are skipped, so a developer can run it too.
set -euo pipefail

cd "$(dirname "$0")/.."

apt_packages=(
  python3-onnx          # the ONNX project's own checker validates our model files
  chromium              # the widget's browser test (Microsoft.Playwright drives /usr/bin/chromium; it never downloads one)
  fonts-noto-core       # Arabic (Noto Sans/Naskh Arabic) and Tifinagh glyphs in the widget screenshots
  fonts-dejavu-core     # the default sans-serif of headless Chromium
  redis-server          # shared state tests: a real Redis on 127.0.0.1, two hosts, Redis killed mid-run
  wrk                   # HTTP load and soak scripts (eng/load); not needed by the tests themselves
)
command -v npm >/dev/null 2>&1 || apt_packages+=(nodejs npm)   # Botium, and the build's npm pack of Web Chat

missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Botium (tests/botium): botium-cli and its Direct Line connector, as locked in package-lock.json. Their install scripts
# and run-time analytics phone home, so scripts are skipped and analytics switched off. Reinstalled only when the lock
# file changed since the last install.
export BOTIUM_ANALYTICS=false SCARF_ANALYTICS=false DO_NOT_TRACK=1
lock_sum=$(sha256sum tests/botium/package-lock.json | cut -d' ' -f1)
if [ "$(cat tests/botium/node_modules/.installed-lock.sha256 2>/dev/null)" != "$lock_sum" ]; then
  (cd tests/botium && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > tests/botium/node_modules/.installed-lock.sha256
fi
