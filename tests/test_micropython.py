"""The signing core on MicroPython 1.27 (its WebAssembly port, run by Node).

``tests/micropython/run.mjs`` copies the core modules into MicroPython and runs the
AWS v4 query vectors and the S3 documentation example through ``presign()`` and
``presign_s3()`` there: canonical request, string to sign and signature (and, for the
docs example, the whole URL) each compared exactly. Here we run it once and read its
JSON lines: every case must be reported, and every case must pass.

The same run also makes a table of awkward calls and a batch of random S3 keys and
URLs (all of Unicode) on MicroPython; each result (URL, headers, times, canonical
request, string to sign, signature, or the error and its message) must equal what
CPython gives for the same call.
"""

import json
import os
import random
import shutil
import subprocess
import sys
from typing import Any, Dict, List

import pytest
from support import ROOT
from support.vectorfiles import v4_cases

HERE = ROOT / "tests" / "micropython"
sys.path.insert(0, str(HERE))
from vector_runner import run_call  # noqa: E402  (plain Python, shared with MicroPython)

NPM_PACKAGE = HERE / "node_modules" / "@micropython" / "micropython-webassembly-pyscript"
V4_CASES = v4_cases()


NOW = 1440938160  # 2015-08-30T12:36:00Z, the time of the AWS vectors
KEYS = ["AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None]
TOKEN_KEYS = KEYS[:2] + ["FwoGZXIvYXdzEJr//////////wEaDO+/=AQoDYXdz"]
HOST = "https://example.amazonaws.com"


def generic(url: str, creds: List[Any] = KEYS, **kwargs: Any) -> Dict[str, Any]:
    kwargs.setdefault("region", "us-east-1")
    kwargs.setdefault("service", "service")
    kwargs.setdefault("now", NOW)
    return {"fn": "presign", "args": ["GET", url], "kwargs": kwargs, "credentials": creds}


def s3(method: str, bucket: str, key: Any, creds: List[Any] = KEYS, **kwargs: Any) -> Dict[str, Any]:
    kwargs.setdefault("region", "eu-west-1")
    kwargs.setdefault("now", NOW)
    return {"fn": "presign_s3", "args": [method, bucket, key], "kwargs": kwargs, "credentials": creds}


# id -> a call, as JSON data, run on MicroPython and on CPython
CALLS: Dict[str, Dict[str, Any]] = {
    "raw space and non-ASCII path": generic(HOST + "/a b/\u00fc/%20x"),
    "awkward query": generic(HOST + "/?b=2&a=1&a=&c&d=x+y&e=%2B%25&f=\u1234"),
    "repeated and folded headers": generic(
        HOST + "/", headers=[["X-Amz-Meta", "  a   b  "], ["x-amz-meta", "c"], ["Content-Type", "text/plain"]]
    ),
    "headers as a mapping": generic(HOST + "/", headers={"Content-MD5": "abc==", "X-Custom": "1"}),
    "host header given": generic(HOST + "/", headers=[["Host", "other.example.com"]]),
    "double, normalised": generic(HOST + "/a/./b/../%FF//c/", double_encode=True, normalize_path=True),
    "double, as given": generic(HOST + "/a/./b/../%FF//c/", double_encode=True, normalize_path=False),
    "single, normalised": generic(HOST + "/a/./b/../%FF//c/", double_encode=False, normalize_path=True),
    "single, as given": generic(HOST + "/a/./b/../%FF//c/", double_encode=False, normalize_path=False),
    "token signed": generic(HOST + "/", TOKEN_KEYS, session_token="signed"),
    "token unsigned": generic(HOST + "/", TOKEN_KEYS, session_token="unsigned"),
    "token omitted": generic(HOST + "/", TOKEN_KEYS, session_token="omit"),
    "payload hash given": generic(HOST + "/", payload_hash="UNSIGNED-PAYLOAD"),
    "fractional now": generic(HOST + "/", now=NOW + 0.75),
    "default port dropped": generic("https://Example.AmazonAWS.com:443/x"),
    "other port kept": generic("http://127.0.0.1:8080/x"),
    "IPv6 host": generic("http://[::1]:9000/x"),
    "params as pairs": generic(HOST + "/?z=0", params=[["b", "1"], ["a", 2]]),
    "params as a mapping": generic(HOST + "/", params={"b": "\u00e9", "a": ""}),
    "seven days": generic(HOST + "/", expires_in=604800),
    "IoT websocket": generic(
        "wss://abc-ats.iot.eu-west-1.amazonaws.com/mqtt", TOKEN_KEYS, region="eu-west-1",
        service="iotdevicegateway", session_token="unsigned",
    ),
    "RDS token": generic(
        "https://db.example.us-east-1.rds.amazonaws.com:3306/?Action=connect&DBUser=app",
        service="rds-db", expires_in=900,
    ),
    "S3 us-east-1": s3("GET", "examplebucket", "test.txt", region="us-east-1"),
    "S3 eu-west-1": s3("GET", "examplebucket", "test.txt"),
    "S3 China": s3("GET", "examplebucket", "test.txt", region="cn-north-1"),
    "S3 awkward key": s3("GET", "examplebucket", "a b/\u00fc/+=&?%~//./../x"),
    "S3 bucket itself": s3("GET", "examplebucket", None),
    "S3 path style": s3("PUT", "examplebucket", "k/\u00fc", endpoint_url="http://127.0.0.1:9000"),
    "S3 path style under a base": s3("GET", "examplebucket", "k", endpoint_url="https://minio.example.com/base/"),
    "S3 params": s3("GET", "examplebucket", "k", params={
        "versionId": "3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo",
        "partNumber": 2,
        "response-content-disposition": 'attachment; filename="\u00fc.txt"',
    }),
    "S3 PUT with headers": s3("PUT", "examplebucket", "k", headers={"Content-Type": "image/jpeg", "x-amz-meta-Note": " a\tb  ok "}),
    "S3 session token": s3("HEAD", "examplebucket", "k", TOKEN_KEYS),
    "S3 lower-case method": s3("delete", "examplebucket", "k"),
    "S3 path addressing": s3("GET", "examplebucket", "k", addressing="path"),
    "S3 dotted bucket": s3("GET", "my.dotted.bucket", "k"),
    "S3 dual-stack": s3("GET", "examplebucket", "k", dualstack=True),
    "S3 FIPS": s3("GET", "examplebucket", "k", region="us-east-2", fips=True),
    "S3 Transfer Acceleration": s3("GET", "examplebucket", "k", accelerate=True),
    "S3 access point ARN": s3("GET", "arn:aws:s3:eu-west-1:123456789012:accesspoint/my-ap", "k"),
    "S3Presigner urls": dict(s3("PUT", "examplebucket", None, expires_in=600), fn="s3_urls",
                             args=["examplebucket", ["a b", "\u00fc/" + "\u20ac" * 30, "k" * 200, None], "PUT"]),
    "SigV4a, the v4a vector get-vanilla": generic(
        HOST + "/", region=None, algorithm="AWS4-ECDSA-P256-SHA256", region_set=["us-east-1"]
    ),
    "SigV4a, every region": generic(HOST + "/a b/\u00fc?x=1", region=None, algorithm="AWS4-ECDSA-P256-SHA256"),
    "SigV4a, two regions, token": generic(
        HOST + "/", TOKEN_KEYS, region=None, algorithm="AWS4-ECDSA-P256-SHA256", region_set=["us-east-1", "us-west-2"]
    ),
    "S3 multi-Region access point": s3("GET", "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap", "a b/\u00fc", TOKEN_KEYS),
    "error: SigV4a with a region": generic(HOST + "/", algorithm="AWS4-ECDSA-P256-SHA256"),
    "error: SigV4a empty region set": generic(HOST + "/", region=None, algorithm="AWS4-ECDSA-P256-SHA256", region_set=[]),
    "error: algorithm": generic(HOST + "/", algorithm="AWS4-HMAC-SHA1"),
    "error: multi-Region access point, dual-stack": s3(
        "GET", "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap", "k", dualstack=True
    ),
    "error: expires_in 0": s3("GET", "examplebucket", "k", expires_in=0),
    "error: expires_in over 7 days": s3("GET", "examplebucket", "k", expires_in=604801),
    "error: expires_in a bool": s3("GET", "examplebucket", "k", expires_in=True),
    "error: expires_in with a fraction": s3("GET", "examplebucket", "k", expires_in=1.5),
    "error: region with a space": s3("GET", "examplebucket", "k", region="us east-1"),
    "error: empty service": generic(HOST + "/", service=""),
    "error: method": s3("G T", "examplebucket", "k"),
    "error: header with a line break": s3("GET", "examplebucket", "k", headers={"X-A": "a\nb"}),
    "error: header name": s3("GET", "examplebucket", "k", headers={"X A": "1"}),
    "error: non-ASCII header value": s3("PUT", "examplebucket", "k", headers={"x-amz-meta-Note": "\u00fc"}),
    "error: params signed already": s3("GET", "examplebucket", "k", params={"X-Amz-Date": "x"}),
    "error: relative url": generic("/path"),
    "error: fragment": generic(HOST + "/x#frag"),
    "error: user info": generic("https://u:p@example.com/x"),
    "error: port": generic("https://example.com:99999/"),
    "error: signed already": generic(HOST + "/x?X-Amz-Signature=abc"),
    "error: session_token mode": generic(HOST + "/", session_token="bogus"),
    "error: empty key": s3("GET", "examplebucket", ""),
    "error: key over 1024 bytes": s3("GET", "examplebucket", "k" * 1025),
    "error: bucket with a slash": s3("GET", "a/b", "k"),
    "error: upper-case bucket": s3("GET", "Legacy_Bucket", "k"),
    "error: access key with a space": s3("GET", "examplebucket", "k", ["AKID EXAMPLE", "secret", None]),
    "error: now a string": s3("GET", "examplebucket", "k", now="yesterday"),
    "error: now after year 9999": s3("GET", "examplebucket", "k", now=253402300800),
    "error: endpoint with a query": s3("GET", "examplebucket", "k", endpoint_url="http://127.0.0.1:9000/?x=1"),
    "error: parameter value None": s3("GET", "examplebucket", "k", params={"a": None}),
}

AWKWARD = "/ +=&?%~.-_*'()!$,;:@\"<>#[]{}|\\^`\t"
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1"]


def _random_text(rng: random.Random, size: int) -> str:
    chars = []
    for _ in range(size):
        pick = rng.random()
        if pick < 0.5:
            chars.append(rng.choice(AWKWARD) if rng.random() < 0.6 else chr(rng.randint(32, 126)))
        else:
            top = 0xFFFF if pick < 0.8 else 0x10FFFF
            code = rng.randint(0, top)
            chars.append(chr(code if not 0xD800 <= code <= 0xDFFF else code - 0x800))
    return "".join(chars)


def random_calls(count: int, seed: int = 20130524) -> Dict[str, Dict[str, Any]]:
    """S3 keys and generic URLs drawn from all of Unicode (no surrogates), with tokens,
    regions, methods and path-style endpoints varied; fixed seed, so reruns agree."""
    rng = random.Random(seed)
    calls = {}
    for i in range(count):
        creds = TOKEN_KEYS if rng.random() < 0.5 else KEYS
        now = NOW + rng.randint(0, 10**9)
        if i % 2:
            key = _random_text(rng, rng.randint(1, 40))
            extra = {"endpoint_url": "http://127.0.0.1:9000"} if rng.random() < 0.3 else {}
            calls["random S3 %d" % i] = s3(
                rng.choice(["GET", "PUT", "HEAD", "DELETE"]), "bucket", key, creds,
                region=rng.choice(REGIONS), now=now, **extra,
            )
        else:
            path = "/" + _random_text(rng, rng.randint(0, 30)).replace("#", "").replace("?", "")
            value = _random_text(rng, rng.randint(0, 10)).replace("#", "")
            calls["random URL %d" % i] = generic(
                HOST + path + "?q=" + value, creds, region=rng.choice(REGIONS), now=now,
                params=[[_random_text(rng, 3), _random_text(rng, 5)]],
                normalize_path=rng.random() < 0.5,
            )
    return calls


RANDOM_CALLS = random_calls(600 if os.environ.get("CI") else 150)


def _missing_tool() -> str:
    if shutil.which("node") is None:
        return "node is not installed (the MicroPython WebAssembly port runs on Node)"
    if not (NPM_PACKAGE / "package.json").is_file():
        return "@micropython/micropython-webassembly-pyscript is not installed: run `npm ci` in tests/micropython"
    return ""


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Any]:
    """The runner's exit status, its JSON lines by (set, case) and its summary."""
    missing = _missing_tool()
    if missing:
        if os.environ.get("CI"):
            pytest.fail("CI must run the MicroPython tests: " + missing)
        pytest.skip(missing)
    calls = tmp_path_factory.mktemp("micropython") / "calls.json"
    everything = dict(CALLS, **RANDOM_CALLS)
    calls.write_text(json.dumps([dict(call, id=name) for name, call in everything.items()]))
    proc = subprocess.run(
        ["node", str(HERE / "run.mjs"), "--calls", str(calls)],
        capture_output=True,
        encoding="utf-8",
        timeout=300,
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


def _comparable(result: Dict[str, Any], call: Dict[str, Any]) -> Dict[str, Any]:
    # MicroPython's dicts do not keep insertion order, so the parameters of a params
    # mapping reach the URL in another (equally valid) order there; they are signed
    # sorted, so everything else must match exactly.
    if isinstance(call["kwargs"].get("params"), dict) and "url" in result:
        base, _, query = result["url"].partition("?")
        result = dict(result, url=[base, sorted(query.split("&"))])
    return result


def _on_micropython(run: Dict[str, Any], name: str, call: Dict[str, Any]) -> Any:
    line = run["cases"][("calls", name)]
    assert line["ok"] is True, line.get("error")
    return _comparable(line["result"], call)


def _on_cpython(call: Dict[str, Any]) -> Any:
    return _comparable(json.loads(json.dumps(run_call(call))), call)  # as JSON carries it


def test_every_call_ran(run: Dict[str, Any]) -> None:
    assert run["summary"]["calls_run"] == len(CALLS) + len(RANDOM_CALLS)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_same_as_cpython(run: Dict[str, Any], name: str) -> None:
    """URL, headers, times, canonical request, string to sign and signature, or the
    error class and message: identical on MicroPython and CPython."""
    assert _on_micropython(run, name, CALLS[name]) == _on_cpython(CALLS[name])


def test_the_table_covers_errors_and_results(run: Dict[str, Any]) -> None:
    results = [_on_micropython(run, name, call) for name, call in CALLS.items()]
    errors = [r for r in results if "error" in r]
    assert len(errors) == sum(name.startswith("error:") for name in CALLS)
    assert {r["error"] for r in errors} == {"InvalidInputError"}


def test_random_keys_and_urls_same_as_cpython(run: Dict[str, Any]) -> None:
    differ = [
        name for name, call in RANDOM_CALLS.items()
        if _on_micropython(run, name, call) != _on_cpython(call)
    ]
    assert differ == []
    signed = [name for name, call in RANDOM_CALLS.items() if "url" in _on_micropython(run, name, call)]
    assert len(signed) > len(RANDOM_CALLS) * 0.9


def test_sigv4a_vector_through_presign_on_micropython(run: Dict[str, Any]) -> None:
    """presign(algorithm="AWS4-ECDSA-P256-SHA256") on MicroPython: the v4a vector
    get-vanilla's query canonical request and string to sign exactly, and a signature
    that `cryptography` verifies against the vector's public key."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from support.v4a import public_key, v4a_dir
    from support.vectorfiles import read

    case = v4a_dir() / "get-vanilla"
    result = _on_micropython(run, "SigV4a, the v4a vector get-vanilla", CALLS["SigV4a, the v4a vector get-vanilla"])
    assert result["canonical_request"] == read(case, "query-canonical-request.txt")
    assert result["string_to_sign"] == read(case, "query-string-to-sign.txt")
    x, y = public_key(case)
    key = ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
    key.verify(bytes.fromhex(result["signature"]), result["string_to_sign"].encode(), ec.ECDSA(hashes.SHA256()))
