"""The SigV4a core (sigv4presign/core/sigv4a.py) on MicroPython 1.27 (WebAssembly port).

``tests/micropython/sigv4a_run.mjs`` copies only sigv4presign/core/ (and errors.py) into
MicroPython and runs ``sigv4a_runner.py`` there on data written here: RFC 6979's P-256
key and signatures, the string to sign of every complete v4a case (from its canonical
request), one case's derived public key, both of its stored signatures verified, and
our own signature, which must equal CPython's (RFC 6979 nonces are deterministic).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest
from support import ROOT
from support.rfc6979 import RFC_SIGNATURES, RFC_UX, RFC_UY, RFC_X
from support.v4a import complete_cases, credentials, public_key, stored_signatures, v4a_dir
from support.vectorfiles import context, read

from sigv4presign.core import sigv4a

HERE = ROOT / "tests" / "micropython"
NPM_PACKAGE = HERE / "node_modules" / "@micropython" / "micropython-webassembly-pyscript"
ONE = "get-vanilla"


def _missing_tool() -> str:
    if shutil.which("node") is None:
        return "node is not installed (the MicroPython WebAssembly port runs on Node)"
    if not (NPM_PACKAGE / "package.json").is_file():
        return "@micropython/micropython-webassembly-pyscript is not installed: run `npm ci` in tests/micropython"
    return ""


def _data() -> Dict[str, Any]:
    cases = []
    for name in complete_cases():
        case = v4a_dir() / name
        ctx = context(case)
        stamp = ctx["timestamp"].replace("-", "").replace(":", "")
        cases.append({
            "name": name,
            "date": stamp[:8],
            "amz_date": stamp,
            "service": ctx["service"],
            "canonical_request": read(case, "query-canonical-request.txt"),
            "string_to_sign": read(case, "query-string-to-sign.txt"),
        })
    one = v4a_dir() / ONE
    access_key_id, secret = credentials(one)
    sts = read(one, "query-string-to-sign.txt")
    return {
        "rfc6979": {
            "x": "%064x" % RFC_X,
            "public_key": ["%064x" % RFC_UX, "%064x" % RFC_UY],
            "signatures": {
                message.decode(): sigv4a.encode_der(values["r"], values["s"]).hex()
                for message, values in RFC_SIGNATURES.items()
            },
        },
        "cases": cases,
        "one": {
            "access_key_id": access_key_id,
            "secret_access_key": secret,
            "public_key": ["%064x" % v for v in public_key(one)],
            "string_to_sign": sts,
            "signatures": stored_signatures(one),
            # CPython's own signature: MicroPython must give exactly this
            "own_signature": sigv4a.signature(sigv4a.derive_private_key(access_key_id, secret), sts),
        },
    }


@pytest.fixture(scope="module")
def run(vectors: Path, tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Any]:
    missing = _missing_tool()
    if missing:
        if os.environ.get("CI"):
            pytest.fail("CI must run the MicroPython tests: " + missing)
        pytest.skip(missing)
    data = tmp_path_factory.mktemp("sigv4a-micropython") / "sigv4a.json"
    data.write_text(json.dumps(_data()))
    proc = subprocess.run(
        ["node", str(HERE / "sigv4a_run.mjs"), str(data)],
        capture_output=True, encoding="utf-8", timeout=300,
    )
    lines: List[Dict[str, Any]] = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    summaries = [line for line in lines if line.get("summary")]
    assert proc.returncode == 0 and len(summaries) == 1, proc.stdout + proc.stderr
    return {"checks": {line["check"]: line for line in lines if "check" in line}, "summary": summaries[0]}


def _check(run: Dict[str, Any], name: str) -> None:
    line = run["checks"][name]
    assert line["got"] == line["expected"]
    assert line["ok"] is True


def test_runs_on_micropython_1_27(run: Dict[str, Any]) -> None:
    assert run["summary"]["implementation"] == "micropython"
    assert run["summary"]["version"] == [1, 27, 0]


def test_rfc6979_public_key(run: Dict[str, Any]) -> None:
    _check(run, "rfc6979 public key")


@pytest.mark.parametrize("message", ["sample", "test"])
def test_rfc6979_signature(run: Dict[str, Any], message: str) -> None:
    _check(run, "rfc6979 signature " + message)


def test_every_case_has_its_string_to_sign(run: Dict[str, Any]) -> None:
    names = sorted(name[len("string to sign "):] for name in run["checks"] if name.startswith("string to sign "))
    assert names == complete_cases() and len(names) == 38


@pytest.mark.parametrize("name", complete_cases())
def test_string_to_sign(run: Dict[str, Any], name: str) -> None:
    _check(run, "string to sign " + name)


def test_derived_public_key(run: Dict[str, Any]) -> None:
    _check(run, "derived public key")


@pytest.mark.parametrize("source", ["query-signature.txt", "query-signed-request.txt"])
def test_stored_signature_verifies(run: Dict[str, Any], source: str) -> None:
    _check(run, "stored signature verifies: " + source)


def test_bad_signatures_do_not_verify(run: Dict[str, Any]) -> None:
    _check(run, "altered message does not verify")
    _check(run, "malformed DER does not verify")


def test_own_signature_equals_cpythons(run: Dict[str, Any]) -> None:
    _check(run, "own signature equals CPython's")
    _check(run, "own signature verifies")


def test_timings_are_reported(run: Dict[str, Any]) -> None:
    timings = run["summary"]["timings"]
    assert set(timings) == {"comb_table_ms", "derive_ms", "public_key_ms", "verify_ms", "sign_ms"}
