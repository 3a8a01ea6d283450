"""The signing core on MicroPython 1.27 (its WebAssembly port, run by Node).

``tests/micropython/run.mjs`` copies the core modules into MicroPython and runs the
AWS v4 query vectors and the S3 documentation example through ``presign()`` and
``presign_s3()`` there: canonical request, string to sign and signature (and, for the
docs example, the whole URL) each compared exactly. Here we run it once and read its
JSON lines: every case must be reported, and every case must pass.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest
from conftest import ROOT, vectors_dir

HERE = ROOT / "tests" / "micropython"
NPM_PACKAGE = HERE / "node_modules" / "@micropython" / "micropython-webassembly-pyscript"
V4_DIR = vectors_dir() / "v4"
V4_CASES = sorted(p.name for p in V4_DIR.iterdir()) if V4_DIR.is_dir() else []


def _missing_tool() -> str:
    if shutil.which("node") is None:
        return "node is not installed (the MicroPython WebAssembly port runs on Node)"
    if not (NPM_PACKAGE / "package.json").is_file():
        return "@micropython/micropython-webassembly-pyscript is not installed: run `npm ci` in tests/micropython"
    return ""


@pytest.fixture(scope="module")
def run(vectors: Path) -> Dict[str, Any]:
    """The runner's exit status, its JSON lines by (set, case) and its summary."""
    missing = _missing_tool()
    if missing:
        if os.environ.get("CI"):
            pytest.fail("CI must run the MicroPython tests: " + missing)
        pytest.skip(missing)
    proc = subprocess.run(
        ["node", str(HERE / "run.mjs")],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, SIGV4_VECTORS=str(vectors)),
    )
    lines: List[Dict[str, Any]] = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    summaries = [line for line in lines if line.get("summary")]
    assert len(summaries) == 1, "no summary from the runner:\n" + proc.stdout + proc.stderr
    return {
        "returncode": proc.returncode,
        "stderr": proc.stderr,
        "cases": {(line["set"], line["case"]): line for line in lines if "case" in line},
        "summary": summaries[0],
    }


def test_runs_on_micropython_1_27(run: Dict[str, Any]) -> None:
    assert run["summary"]["implementation"] == "micropython"
    assert run["summary"]["version"] == [1, 27, 0]


def test_all_38_v4_cases_pass(run: Dict[str, Any]) -> None:
    assert len(V4_CASES) == 38
    assert run["summary"]["v4_total"] == 38
    assert run["summary"]["v4_passed"] == 38
    assert sorted(case for kind, case in run["cases"] if kind == "v4") == V4_CASES


@pytest.mark.parametrize("name", V4_CASES)
def test_v4_case(run: Dict[str, Any], name: str) -> None:
    """Canonical request, string to sign and signature equal AWS's, on MicroPython."""
    result = run["cases"][("v4", name)]
    assert "error" not in result, result.get("error")
    assert result["mismatches"] == []
    assert result["ok"] is True


def test_s3_docs_example_whole_url(run: Dict[str, Any]) -> None:
    result = run["cases"][("s3-docs", "s3-presigned-get-object")]
    assert "error" not in result, result.get("error")
    assert result["mismatches"] == []
    assert run["summary"]["docs_passed"] is True


def test_runner_exit_status(run: Dict[str, Any]) -> None:
    assert run["returncode"] == 0, run["stderr"]
