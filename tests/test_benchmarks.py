"""The benchmark harness runs: ``python -m benchmarks --quick`` and its two scripts exit 0
and print their tables, and a peer that signs differently stops the run.

No timing is asserted: the figures depend on the machine and its load.
"""

import importlib.util
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import List, Tuple

ROOT = Path(__file__).resolve().parent.parent


def run(args: List[str], timeout: float = 300) -> Tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``python ARGS`` in the checkout, AWS settings hidden."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "BOTO_"))}
    env.update({
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "PYTHONIOENCODING": "utf-8",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p),
    })
    done = subprocess.run(
        [sys.executable] + args, cwd=ROOT, env=env, capture_output=True, text=True,
        encoding="utf-8", timeout=timeout,
    )
    return done.returncode, done.stdout, done.stderr


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def load_bench_presign():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "bench_presign_under_test", ROOT / "benchmarks" / "bench_presign.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_run_prints_the_table_the_cold_start_and_the_targets(tmp_path: Path) -> None:
    plot = tmp_path / "plot.png"
    status, out, err = run(["-m", "benchmarks", "--quick", "--plot", str(plot)])
    assert status == 0, err
    lines = out.splitlines()
    assert "| workload | implementation | µs per call | best µs | x presign_s3 | check | note |" in lines
    ours = [line for line in lines if line.startswith("| GET | sigv4presign presign_s3 |")]
    assert len(ours) == 1 and "| 1.00 | reference |" in ours[0]
    # Every workload has its row for sigv4presign, timed.
    for group in ("GET + 633-char token", "key 10 B ASCII", "key 1000 B mixed", "0 params",
                  "20 params"):
        row = [line for line in lines if line.startswith("| %s | sigv4presign presign_s3 |" % group)]
        assert len(row) == 1 and "| reference |" in row[0], group
    assert any(line.startswith("| verify | sigv4presign verify_presigned |") and "| verified |"
               in line for line in lines)
    assert any(line.startswith("| POST | sigv4presign presign_s3_post |") for line in lines)
    assert any(line.startswith("| SigV4a | sigv4presign presign (SigV4a) |") for line in lines)
    # The installed peers were checked to sign the same request.
    for module, name in (("awscrt", "awscrt aws_sign_request"),
                         ("botocore", "botocore S3SigV4QueryAuth"),
                         ("boto3", "boto3 generate_presigned_url")):
        row = [line for line in lines if line.startswith("| GET | %s |" % name)][0]
        assert ("| same URL |" in row) == installed(module), row
        assert ("| not installed |" in row) != installed(module), row
    assert "## Cold start" in lines
    assert any(line.startswith("| import sigv4presign + first URL |") for line in lines)
    assert "## Targets (issue 13)" in lines
    for label in ("presign_s3 / awscrt:", "boto3 / presign_s3:", "20 params / 0 params:",
                  "1000-byte mixed key / 10-byte mixed key:", "boto3 post / presign_s3_post:",
                  "verify / presign_s3:", "SigV4a presign:", "import sigv4presign, over bare",
                  "import + first URL, over bare", "peak RSS of import + first URL, over bare:"):
        assert any(line.startswith("- " + label) for line in lines), label
    assert any(platform.python_implementation() in line and "CPUs" in line for line in lines)
    if installed("matplotlib"):
        assert "plot: saved to %s" % plot in lines
        assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        assert "plot: matplotlib is not installed; no plot saved" in lines
        assert not plot.exists()


def test_the_scripts_run_on_their_own() -> None:
    status, out, err = run(["benchmarks/bench_presign.py", "--quick", "--repeat", "1",
                            "--min-time", "0.0005"])
    assert status == 0, err
    assert "| workload | implementation | µs per call | best µs | x presign_s3 | check | note |" in out
    status, out, err = run(["benchmarks/import_time.py", "--quick", "--no-peers",
                            "--limit", "100000"])
    assert status == 0, err
    assert "| process | CPU ms | over bare | wall ms | over bare | peak RSS MB | over bare |" in out
    assert "| import sigv4presign |" in out


def test_an_implementation_that_signs_differently_stops_the_run() -> None:
    code = (
        "import sys\n"
        "from benchmarks import bench_presign as b\n"
        "real = b.ours_generic\n"
        "def wrong():\n"
        "    make, note = real()\n"
        "    return (lambda: make().replace('X-Amz-Signature=', 'X-Amz-Signature=0')), note\n"
        "b.ours_generic = wrong\n"
        "sys.exit(b.main(['--quick']))\n"
    )
    status, out, err = run(["-c", code])
    assert status == 1
    assert "FAIL: not every implementation signs the same request" in err
    assert "GET, sigv4presign presign (generic): URL differs" in err
    assert "| workload |" not in out  # nothing was timed


def test_sized_keys_have_the_asked_size_in_utf8_bytes() -> None:
    bench = load_bench_presign()
    for size in (10, 100, 1000):
        ascii_key = bench.sized_key(size, False)
        mixed_key = bench.sized_key(size, True)
        assert len(ascii_key.encode("utf-8")) == size
        assert len(mixed_key.encode("utf-8")) == size
        assert all(ord(c) < 128 for c in ascii_key)
        assert any(ord(c) > 127 for c in mixed_key)
