#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine (CI runs this as root before the tests).
# Idempotent: packages already present are skipped, so a developer can run it too.
set -euo pipefail

cd "$(dirname "$0")/.."

apt_packages=(
  python3-onnx          # the ONNX project's own checker validates our model files
)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
