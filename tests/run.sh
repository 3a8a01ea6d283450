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

# The same core, vector and property tests under PyPy 3 (the tests that need awscrt,
# SeaweedFS, a browser or MicroPython run on CPython above).
if command -v pypy3 >/dev/null 2>&1; then
  if [ ! -x .venv-pypy/bin/python ]; then
    pypy3 -m venv .venv-pypy
  fi
  .venv-pypy/bin/python -m pip install -q -e . 'pytest>=8' 'hypothesis>=6.100' 'freezegun>=1.4' 'botocore>=1.34'
  .venv-pypy/bin/python -m pytest "$@" tests/test_vectors.py tests/test_canonical.py tests/test_encoding.py \
    tests/test_signing.py tests/test_timefmt.py tests/test_urls.py tests/test_rules.py tests/test_values.py \
    tests/test_presign.py tests/test_s3.py tests/test_s3_express.py tests/test_post.py tests/test_verify.py \
    tests/test_differential_botocore.py tests/test_verify_properties.py tests/test_concurrency.py \
    --deselect tests/test_verify_properties.py::test_atheris_fuzzes_verification_briefly
elif [ "${CI:-}" = "true" ]; then
  echo "tests/run.sh: pypy3 is missing (tests/setup-system.sh installs it as root)" >&2
  exit 1
else
  echo "tests/run.sh: pypy3 not found; the PyPy run is skipped" >&2
fi
.venv/bin/python -m mypy
.venv/bin/python -m ruff check sigv4presign tests benchmarks
echo "tests/run.sh: all checks passed"
