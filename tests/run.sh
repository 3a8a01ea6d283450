#!/usr/bin/env bash
# The whole test suite from a fresh machine: creates .venv, installs the package with its
# test extra and the MicroPython (WebAssembly) runner, then runs pytest, mypy and ruff.
# Usage: bash tests/run.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q -e '.[test]'

if [ -f tests/micropython/package.json ]; then
  (cd tests/micropython && npm ci --no-audit --no-fund --silent)
fi

if [ -f tests/uppy/package.json ]; then
  (cd tests/uppy && npm ci --no-audit --no-fund --silent && node build.mjs)
fi

if [ -x tests/setup-system.sh ]; then
  bash tests/setup-system.sh
fi

.venv/bin/python -m pytest "$@"
.venv/bin/python -m mypy
.venv/bin/python -m ruff check sigv4presign tests benchmarks
echo "tests/run.sh: all checks passed"
