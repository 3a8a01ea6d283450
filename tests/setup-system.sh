#!/usr/bin/env bash
# System packages the tests need beyond Python's: headless Chromium and its chromedriver
# (Debian's chromium and chromium-driver) for the real-browser upload test. Installs them
# only when missing; fails loudly when it cannot.
# Usage (as root, or with sudo available): bash tests/setup-system.sh
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo -n)
else
  echo "tests/setup-system.sh: need root (or sudo) to install: ${missing[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "tests/setup-system.sh: no apt-get here; install ${missing[*]} (Chromium and its chromedriver) by hand" >&2
  exit 1
fi

echo "tests/setup-system.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q "${missing[@]}"

for binary in /usr/bin/chromium /usr/bin/chromedriver; do
  if [ ! -x "$binary" ]; then
    echo "tests/setup-system.sh: $binary is still missing after apt-get install" >&2
    exit 1
  fi
done
