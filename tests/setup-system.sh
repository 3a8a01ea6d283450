#!/usr/bin/env bash
# System packages the tests need beyond Python's: headless Chromium and its chromedriver
# (Debian's chromium and chromium-driver) for the real-browser tests, and PyPy (Debian's
# pypy3) for the PyPy run. Installs them only when missing, with apt-get as root (or sudo).
# Without root or apt-get: under CI that is a failure; elsewhere it says what is missing and
# the tests that need it are skipped with that reason.
# Usage: bash tests/setup-system.sh
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
{ command -v pypy3 >/dev/null 2>&1 && pypy3 -c 'import venv, ensurepip' >/dev/null 2>&1; } || missing+=(pypy3 pypy3-venv)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

cannot() {
  if [ "${CI:-}" = "true" ]; then
    echo "tests/setup-system.sh: $1" >&2
    exit 1
  fi
  echo "tests/setup-system.sh: $1; the tests that need them will be skipped" >&2
  exit 0
}

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  cannot "need root (or sudo) to install: ${missing[*]}"
fi
if ! command -v apt-get >/dev/null 2>&1; then
  cannot "no apt-get here; install ${missing[*]} (Chromium, its chromedriver, PyPy 3) by hand"
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
command -v pypy3 >/dev/null 2>&1 || { echo "tests/setup-system.sh: pypy3 is still missing after apt-get install" >&2; exit 1; }
