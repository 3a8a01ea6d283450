"""S3 checksums (sigv4presign.core.checksums) on MicroPython 1.27 (its WebAssembly port).

``tests/micropython/run_snippet.mjs`` writes the core package (the ``core/`` folder and
the error classes it imports, under an empty package ``__init__``, so nothing outside
the core can be imported by accident) into MicroPython and runs a snippet there that
prints, as JSON, the checksums of a few inputs given as bytes, chunks and an in-memory
file. Each must equal what awscrt, zlib and hashlib give on CPython. SHA1, absent from
MicroPython's hashlib, must be refused with a clear message.
"""

import base64
import hashlib
import json
import os
import random
import shutil
import subprocess
import zlib
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest
from awscrt import checksums as crt
from support import ROOT

HERE = ROOT / "tests" / "micropython"
NPM_PACKAGE = HERE / "node_modules" / "@micropython" / "micropython-webassembly-pyscript"
PACKAGE = ROOT / "sigv4presign"

_rng = random.Random(1227)
INPUTS: Dict[str, bytes] = {
    "empty": b"",
    "one byte": b"\x00",
    "one byte 0xff": b"\xff",
    "check string": b"123456789",
    "seven bytes": b"abcdefg",
    "all byte values": bytes(range(256)),
    "random 5000": _rng.randbytes(5000),
    "random 20001": _rng.randbytes(20001),
}
ALGORITHMS = ["CRC32", "CRC32C", "CRC64NVME", "SHA256"]


def expected(data: bytes, algorithm: str) -> str:
    """The base64 big-endian digest, from C implementations on CPython."""
    raw = {
        "CRC32": lambda: zlib.crc32(data).to_bytes(4, "big"),
        "CRC32C": lambda: crt.crc32c(data).to_bytes(4, "big"),
        "CRC64NVME": lambda: crt.crc64nvme(data).to_bytes(8, "big"),
        "SHA256": lambda: hashlib.sha256(data).digest(),
    }[algorithm]()
    return base64.b64encode(raw).decode()


SNIPPET = r"""
import io, json, binascii
from sigv4presign.core import checksums as c

inputs = json.loads(INPUTS_JSON)
for name in sorted(inputs):
    data = binascii.unhexlify(inputs[name])
    third = len(data) // 3
    forms = {
        "bytes": data,
        "chunks": [data[:third], b"", data[third:2 * third], data[2 * third:]],
        "file": io.BytesIO(data),
    }
    for form in sorted(forms):
        for algorithm in ALGORITHMS:
            print(json.dumps([name, form, algorithm, c.checksum(forms[form], algorithm)]))
    # the pure-Python CRC-32 too (the port has binascii.crc32, which crc32() prefers)
    print(json.dumps([name, "bytes", "pure CRC32", c._pure_crc32(data)]))
try:
    c.checksum(b"abc", "sha1")
    print(json.dumps(["sha1", "no error"]))
except Exception as e:
    print(json.dumps(["sha1", type(e).__name__, str(e)]))
import sys
print(json.dumps(["implementation", sys.implementation.name, list(sys.implementation.version[:3]), c.SLICES]))
"""


def _package_files() -> Dict[str, str]:
    """The core folder and the error classes, under an empty package ``__init__``."""
    files = {"/lib/sigv4presign/__init__.py": ""}
    top_errors = PACKAGE / "errors.py"  # the core's errors live here or in core/
    if top_errors.is_file():
        files["/lib/sigv4presign/errors.py"] = top_errors.read_text()
    for path in sorted((PACKAGE / "core").glob("*.py")):
        files["/lib/sigv4presign/core/" + path.name] = path.read_text()
    return files


def _missing_tool() -> str:
    if shutil.which("node") is None:
        return "node is not installed (the MicroPython WebAssembly port runs on Node)"
    if not (NPM_PACKAGE / "package.json").is_file():
        return "@micropython/micropython-webassembly-pyscript is not installed: run `npm ci` in tests/micropython"
    return ""


@pytest.fixture(scope="module")
def lines(tmp_path_factory: pytest.TempPathFactory) -> List[List[Any]]:
    missing = _missing_tool()
    if missing:
        if os.environ.get("CI"):
            pytest.fail("CI must run the MicroPython tests: " + missing)
        pytest.skip(missing)
    code = "INPUTS_JSON = %r\nALGORITHMS = %r\n" % (
        json.dumps({name: data.hex() for name, data in INPUTS.items()}), ALGORITHMS,
    ) + SNIPPET
    job = tmp_path_factory.mktemp("micropython") / "job.json"
    job.write_text(json.dumps({"files": _package_files(), "code": code}))
    proc = subprocess.run(["node", str(HERE / "run_snippet.mjs"), str(job)],
                          capture_output=True, encoding="utf-8", timeout=300)
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def test_runs_on_micropython_1_27_with_one_table(lines: List[List[Any]]) -> None:
    assert ["implementation", "micropython", [1, 27, 0], 1] in lines


def _results(lines: List[List[Any]]) -> Dict[Tuple[str, str, str], Any]:
    return {(line[0], line[1], line[2]): line[3] for line in lines if len(line) == 4 and line[0] in INPUTS}


def test_every_checksum_was_computed(lines: List[List[Any]]) -> None:
    assert len(_results(lines)) == len(INPUTS) * (3 * len(ALGORITHMS) + 1)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("name", sorted(INPUTS))
def test_same_as_cpython(lines: List[List[Any]], name: str, algorithm: str) -> None:
    results = _results(lines)
    want = expected(INPUTS[name], algorithm)
    assert [results[(name, form, algorithm)] for form in ("bytes", "chunks", "file")] == [want] * 3


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_pure_crc32_same_as_zlib(lines: List[List[Any]], name: str) -> None:
    assert _results(lines)[(name, "bytes", "pure CRC32")] == zlib.crc32(INPUTS[name])


def test_sha1_is_refused_clearly(lines: List[List[Any]]) -> None:
    refusal = [line for line in lines if line[0] == "sha1"]
    assert refusal == [["sha1", "InvalidInputError",
                        "SHA1 is not available on this Python: its hashlib has no sha1 "
                        "(MicroPython's has only sha256); use SHA256 or a CRC"]]


def test_package_files_are_the_core_only() -> None:
    names = sorted(Path(path).name for path in _package_files())
    assert "checksums.py" in names
    assert not {"services.py", "verify.py", "credentials.py", "compat.py"} & set(names)
