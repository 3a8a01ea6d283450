"""Microseconds per call: sigv4presign side by side with its peers, in one interleaved run.

Workload (the same for every implementation): an S3 GET URL for
``examplebucket`` / ``photos/2026/ünïcode name+1.jpg`` in eu-west-1, valid 3600 s, signed
at a fixed time with the AWS documentation's example credentials; the same with a
633-character session token; keys of 10, 100 and 1000 bytes (ASCII and mixed non-ASCII);
0, 5 and 20 extra query parameters; ``verify_presigned`` of the URL; a POST upload
(``presign_s3_post`` against boto3's ``generate_presigned_post``); and SigV4a.

Before anything is timed, every peer's result is compared with sigv4presign's (same
signature, same query up to order; same form fields for POST); a mismatch stops the run
with exit status 1. Then each row gets a calibrated number of calls per repeat, the
repeats go round-robin over all rows (so a busy moment of the machine hits every row
alike), and the median repeat is reported, with CPython's garbage collector off, as
``timeit`` does. The clock is the process's CPU time (``--clock cpu``, the default:
time spent waiting for a core of a busy machine is not counted) or the wall clock
(``--clock wall``, ``time.perf_counter_ns``).

    python benchmarks/bench_presign.py [--quick] [--repeat N] [--min-time S] [--clock cpu|wall]
                                       [--plot FILE]

Peers that are not installed are listed as "not installed"; a feature sigv4presign does
not have yet (SigV4a) is "n/a". ``python -m benchmarks`` adds the cold-start figures.
"""

import argparse
import datetime
import gc
import os
import platform
import statistics
import sys
import time
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

BUCKET = "examplebucket"
KEY = "photos/2026/ünïcode name+1.jpg"
REGION = "eu-west-1"
EXPIRES = 3600
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SIGNED_AT = datetime.datetime(2026, 5, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
HOST = BUCKET + ".s3." + REGION + ".amazonaws.com"
# A session token of realistic size and alphabet (STS tokens are 400-1100 characters).
LONG_TOKEN = ("IQoJb3JpZ2luX2VjEH8aCXVzLWVhc3QtMSJHMEUCIQD/+abc=" * 13)[:633]
# A multi-Region access point host, for SigV4a (signed for every region: "*").
MRAP_HOST = "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com"
SIGV4A = "AWS4-ECDSA-P256-SHA256"
KEY_SIZES = (10, 100, 1000)
PARAM_COUNTS = (0, 5, 20)

Make = Callable[[], Any]


class Unsupported(Exception):
    """The implementation exists but cannot do this yet: the row reads "n/a"."""


def _pct(text: str) -> str:
    """RFC 3986 percent-encoding, for building the peers' inputs (never timed)."""
    from urllib.parse import quote

    return quote(text, safe="-_.~")


def sized_key(size: int, mixed: bool) -> str:
    """An object key of exactly ``size`` UTF-8 bytes: path-like ASCII, or (``mixed``)
    text with 2- and 3-byte characters, spaces and ``+`` that all need encoding."""
    unit = "ünïcode näme+1 €/photos/" if mixed else "photos/2026/img_0001.jpg/"
    out = ""
    used = 0
    while True:
        for char in unit:
            width = len(char.encode("utf-8"))
            if used + width > size:
                return out + "x" * (size - used)
            out += char
            used += width


def extra_params(count: int) -> List[Tuple[str, str]]:
    """``count`` query parameters, each a name and a value that needs encoding."""
    return [("x-param-%02d" % i, "value %d/ü+" % i) for i in range(count)]


def _freeze_botocore_clock() -> None:
    """botocore's clock reads (query signers, the CRT signers, POST) return SIGNED_AT."""
    import botocore.auth
    import botocore.signers

    naive = SIGNED_AT.replace(tzinfo=None)

    def now(remove_tzinfo: bool = True) -> datetime.datetime:
        return naive if remove_tzinfo else SIGNED_AT

    modules = [botocore.auth, botocore.signers]
    try:
        import botocore.crt.auth

        modules.append(botocore.crt.auth)
    except ImportError:  # botocore without awscrt
        pass
    for module in modules:
        module.get_current_datetime = now  # type: ignore[attr-defined]


# --- the implementations: each setup returns (make, note), or raises ImportError
# (not installed) or Unsupported (n/a) ------------------------------------------------------


def ours_s3(key: str = KEY, token: Optional[str] = None,
            params: Sequence[Tuple[str, str]] = ()) -> Tuple[Make, str]:
    from sigv4presign import Credentials, presign_s3

    creds = Credentials(ACCESS_KEY, SECRET_KEY, token)
    extra = list(params) or None

    def make() -> str:
        return presign_s3("GET", BUCKET, key, credentials=creds, region=REGION,
                          expires_in=EXPIRES, now=SIGNED_AT, params=extra).url

    return make, "signing key cached (the normal case)"


def _key_cache() -> Any:
    """sigv4presign's signing-key cache (wherever the package keeps it), or None."""
    import importlib

    for module in ("sigv4presign.core.signing", "sigv4presign.signing"):
        try:
            cache = getattr(importlib.import_module(module), "_KEY_CACHE", None)
        except ImportError:
            continue
        if callable(getattr(cache, "clear", None)):
            return cache
    return None


def ours_uncached() -> Tuple[Make, str]:
    make, _ = ours_s3()
    cache = _key_cache()
    if cache is None:
        raise Unsupported("no _KEY_CACHE found to clear")

    def uncached() -> str:
        cache.clear()
        return make()  # type: ignore[no-any-return]

    return uncached, "key cache emptied before each URL (four more HMACs)"


def ours_generic() -> Tuple[Make, str]:
    from sigv4presign import Credentials, presign

    creds = Credentials(ACCESS_KEY, SECRET_KEY)
    url = "https://" + HOST + "/" + KEY

    def make() -> str:
        return presign("GET", url, credentials=creds, region=REGION, service="s3",
                       expires_in=EXPIRES, now=SIGNED_AT, double_encode=False,
                       normalize_path=False, payload_hash="UNSIGNED-PAYLOAD").url

    return make, "presign() of the URL, S3 rules as arguments"


def ours_verify() -> Tuple[Make, str]:
    from sigv4presign import Credentials, presign_s3, verify_presigned

    creds = Credentials(ACCESS_KEY, SECRET_KEY)
    url = presign_s3("GET", BUCKET, KEY, credentials=creds, region=REGION,
                     expires_in=EXPIRES, now=SIGNED_AT).url

    def make() -> Any:
        return verify_presigned(url, credentials=creds, now=SIGNED_AT)

    return make, "verify_presigned of the GET URL"


def ours_post() -> Tuple[Make, str]:
    from sigv4presign import Credentials, presign_s3_post

    creds = Credentials(ACCESS_KEY, SECRET_KEY)

    def make() -> Any:
        return presign_s3_post(BUCKET, KEY, credentials=creds, region=REGION,
                               expires_in=EXPIRES, now=SIGNED_AT)

    return make, "policy, its base64 and signature"


def ours_sigv4a() -> Tuple[Make, str]:
    """SigV4a through presign(); Unsupported while presign does not take the algorithm."""
    from sigv4presign import Credentials, SigV4Error, presign

    creds = Credentials(ACCESS_KEY, SECRET_KEY)
    url = "https://" + MRAP_HOST + "/" + KEY
    s3_rules: Dict[str, Any] = dict(
        service="s3", expires_in=EXPIRES, now=SIGNED_AT, double_encode=False,
        normalize_path=False, payload_hash="UNSIGNED-PAYLOAD",
        algorithm=SIGV4A, region_set=("*",),
    )
    problem: Optional[BaseException] = None
    # The region is not part of a SigV4a scope; presign may or may not still ask for one.
    for extra in ({}, {"region": REGION}):
        kwargs = dict(s3_rules, **extra)
        try:
            presign("GET", url, credentials=creds, **kwargs)
        except (TypeError, SigV4Error, NotImplementedError) as exc:
            problem = exc
            continue

        def make(kwargs: Dict[str, Any] = kwargs) -> str:
            return presign("GET", url, credentials=creds, **kwargs).url  # type: ignore[no-any-return]

        return make, "presign(algorithm=%r, region_set=('*',))" % SIGV4A
    raise Unsupported("presign does not support %s yet (%s)" % (SIGV4A, problem))


def awscrt_s3(key: str = KEY, token: Optional[str] = None,
              params: Sequence[Tuple[str, str]] = ()) -> Tuple[Make, str]:
    from awscrt import auth, http

    config = auth.AwsSigningConfig(
        algorithm=auth.AwsSigningAlgorithm.V4,
        signature_type=auth.AwsSignatureType.HTTP_REQUEST_QUERY_PARAMS,
        credentials_provider=auth.AwsCredentialsProvider.new_static(ACCESS_KEY, SECRET_KEY, token),
        region=REGION,
        service="s3",
        date=SIGNED_AT,
        use_double_uri_encode=False,
        should_normalize_uri_path=False,
        signed_body_value=auth.AwsSignedBodyValue.UNSIGNED_PAYLOAD,
        expiration_in_seconds=EXPIRES,
    )
    path = "/" + _pct(key).replace("%2F", "/")
    if params:
        path += "?" + "&".join(_pct(n) + "=" + _pct(v) for n, v in params)

    def make() -> str:
        request = http.HttpRequest("GET", path, http.HttpHeaders([("host", HOST)]))
        auth.aws_sign_request(request, config).result()
        return "https://" + HOST + request.path  # type: ignore[no-any-return]

    return make, "aws_sign_request, config reused"


def awscrt_sigv4a() -> Tuple[Make, str]:
    from awscrt import auth, http

    config = auth.AwsSigningConfig(
        algorithm=auth.AwsSigningAlgorithm.V4_ASYMMETRIC,
        signature_type=auth.AwsSignatureType.HTTP_REQUEST_QUERY_PARAMS,
        credentials_provider=auth.AwsCredentialsProvider.new_static(ACCESS_KEY, SECRET_KEY),
        region="*",
        service="s3",
        date=SIGNED_AT,
        use_double_uri_encode=False,
        should_normalize_uri_path=False,
        signed_body_value=auth.AwsSignedBodyValue.UNSIGNED_PAYLOAD,
        expiration_in_seconds=EXPIRES,
    )
    path = "/" + _pct(KEY).replace("%2F", "/")

    def make() -> str:
        request = http.HttpRequest("GET", path, http.HttpHeaders([("host", MRAP_HOST)]))
        auth.aws_sign_request(request, config).result()
        return "https://" + MRAP_HOST + request.path  # type: ignore[no-any-return]

    return make, "aws_sign_request V4_ASYMMETRIC, config reused"


def botocore_s3(key: str = KEY, token: Optional[str] = None) -> Tuple[Make, str]:
    import botocore.auth
    import botocore.credentials
    from botocore.awsrequest import AWSRequest

    _freeze_botocore_clock()
    creds = botocore.credentials.Credentials(ACCESS_KEY, SECRET_KEY, token)
    url = "https://" + HOST + "/" + _pct(key).replace("%2F", "/")

    def make() -> str:
        request = AWSRequest(method="GET", url=url)
        botocore.auth.S3SigV4QueryAuth(creds, "s3", REGION, expires=EXPIRES).add_auth(request)
        return request.url  # type: ignore[no-any-return]

    return make, "pure-Python signer on an AWSRequest"


def botocore_sigv4a() -> Tuple[Make, str]:
    import awscrt.auth  # noqa: F401  (botocore signs SigV4a only through the CRT)
    import botocore.credentials
    from botocore.awsrequest import AWSRequest
    from botocore.crt.auth import CrtS3SigV4AsymQueryAuth

    _freeze_botocore_clock()
    creds = botocore.credentials.Credentials(ACCESS_KEY, SECRET_KEY)
    url = "https://" + MRAP_HOST + "/" + _pct(KEY).replace("%2F", "/")

    def make() -> str:
        request = AWSRequest(method="GET", url=url)
        CrtS3SigV4AsymQueryAuth(creds, "s3", "*", expires=EXPIRES).add_auth(request)
        return request.url  # type: ignore[no-any-return]

    return make, "CrtS3SigV4AsymQueryAuth on an AWSRequest"


def _boto3_client() -> Any:
    import boto3
    import botocore.config

    return boto3.session.Session(
        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY, region_name=REGION
    ).client("s3", config=botocore.config.Config(signature_version="s3v4",
                                                 s3={"addressing_style": "virtual"}))


def boto3_s3(key: str = KEY, token: Optional[str] = None, crt: bool = False) -> Tuple[Make, str]:
    import boto3
    import botocore.auth
    import botocore.config

    _freeze_botocore_clock()
    if crt:
        import awscrt.auth  # noqa: F401  (only meaningful when the CRT is there)
        from botocore.crt.auth import CRT_AUTH_TYPE_MAPS

        signer = CRT_AUTH_TYPE_MAPS["s3v4-query"]
    else:
        # With awscrt installed botocore would silently use the CRT signer.
        signer = botocore.auth.S3SigV4QueryAuth
    client = boto3.session.Session(
        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
        aws_session_token=token, region_name=REGION,
    ).client("s3", config=botocore.config.Config(signature_version="s3v4",
                                                 s3={"addressing_style": "virtual"}))
    maps = botocore.auth.AUTH_TYPE_MAPS
    params = {"Bucket": BUCKET, "Key": key}

    def make() -> str:
        # botocore looks the signer class up on every call; other rows set another.
        maps["s3v4-query"] = signer
        return client.generate_presigned_url(  # type: ignore[no-any-return]
            "get_object", Params=params, ExpiresIn=EXPIRES
        )

    return make, "client.generate_presigned_url, %s signer" % ("CRT" if crt else "pure-Python")


def boto3_post() -> Tuple[Make, str]:
    _freeze_botocore_clock()
    client = _boto3_client()

    def make() -> Any:
        return client.generate_presigned_post(BUCKET, KEY, ExpiresIn=EXPIRES)

    return make, "client.generate_presigned_post"


def minio_s3(key: str = KEY, token: Optional[str] = None) -> Tuple[Make, str]:
    from minio import Minio

    # With the region given, minio makes no network call to look the region up.
    client = Minio("s3." + REGION + ".amazonaws.com", ACCESS_KEY, SECRET_KEY,
                   session_token=token, region=REGION)
    expires = datetime.timedelta(seconds=EXPIRES)
    naive = SIGNED_AT.replace(tzinfo=None)

    def make() -> str:
        return client.presigned_get_object(  # type: ignore[no-any-return]
            BUCKET, key, expires=expires, request_date=naive
        )

    return make, "presigned_get_object, region given"


# --- the rows -------------------------------------------------------------------------------

OURS = "sigv4presign presign_s3"
AWSCRT = "awscrt aws_sign_request"
MINIO = "minio presigned_get_object"
BOTOCORE = "botocore S3SigV4QueryAuth"
BOTO3 = "boto3 generate_presigned_url"
# The implementations drawn in the plot, in its legend's order.
PLOTTED = (OURS, AWSCRT, MINIO, BOTOCORE, BOTO3)

GET = "GET"
TOKEN = "GET + %d-char token" % len(LONG_TOKEN)
VERIFY = "verify"
POST = "POST"
V4A = "SigV4a"


def key_group(size: int, mixed: bool) -> str:
    return "key %d B %s" % (size, "mixed" if mixed else "ASCII")


def params_group(count: int) -> str:
    return "%d params" % count


class Row:
    """One timed implementation of one workload; ``check`` says how its result must
    agree with the first row of its group: "url" (same query up to order, hence the
    same signature), "post" (same form fields), "v4a" (same query but the signature,
    which ECDSA randomises), "verified" (the URL verifies; no reference needed) or ""
    (the reference)."""

    def __init__(self, group: str, name: str, setup: Callable[[], Tuple[Make, str]],
                 check: str = "url") -> None:
        self.group = group
        self.name = name
        self.setup = setup
        self.check = check
        self.make: Optional[Make] = None
        self.note = ""
        self.status = ""  # what the check found, or why the row is not timed
        self.number = 0
        self.runs: List[float] = []
        self.loop: Optional[Callable[..., int]] = None

    def median(self) -> Optional[float]:
        return statistics.median(self.runs) if self.runs else None


def rows() -> List[Row]:
    """Every row of a run, groups in the order the table prints them."""
    out = [
        Row(GET, OURS, ours_s3, ""),
        Row(GET, "sigv4presign presign_s3, no key cache", ours_uncached),
        Row(GET, "sigv4presign presign (generic)", ours_generic),
        Row(GET, AWSCRT, awscrt_s3),
        Row(GET, MINIO, minio_s3),
        Row(GET, BOTOCORE, botocore_s3),
        Row(GET, BOTO3, boto3_s3),
        Row(GET, BOTO3 + " (CRT signer)", lambda: boto3_s3(crt=True)),
        Row(TOKEN, OURS, lambda: ours_s3(token=LONG_TOKEN), ""),
        Row(TOKEN, AWSCRT, lambda: awscrt_s3(token=LONG_TOKEN)),
        Row(TOKEN, MINIO, lambda: minio_s3(token=LONG_TOKEN)),
        Row(TOKEN, BOTOCORE, lambda: botocore_s3(token=LONG_TOKEN)),
        Row(TOKEN, BOTO3, lambda: boto3_s3(token=LONG_TOKEN)),
    ]
    for mixed in (False, True):
        for size in KEY_SIZES:
            key = sized_key(size, mixed)
            group = key_group(size, mixed)
            out += [
                Row(group, OURS, lambda key=key: ours_s3(key=key), ""),
                Row(group, AWSCRT, lambda key=key: awscrt_s3(key=key)),
                Row(group, MINIO, lambda key=key: minio_s3(key=key)),
                Row(group, BOTOCORE, lambda key=key: botocore_s3(key=key)),
                Row(group, BOTO3, lambda key=key: boto3_s3(key=key)),
            ]
    for count in PARAM_COUNTS:
        params = extra_params(count)
        out += [
            Row(params_group(count), OURS, lambda p=params: ours_s3(params=p), ""),
            Row(params_group(count), AWSCRT, lambda p=params: awscrt_s3(params=p)),
        ]
    out += [
        Row(VERIFY, "sigv4presign verify_presigned", ours_verify, "verified"),
        Row(POST, "sigv4presign presign_s3_post", ours_post, ""),
        Row(POST, "boto3 generate_presigned_post", boto3_post, "post"),
        Row(V4A, "sigv4presign presign (SigV4a)", ours_sigv4a, ""),
        Row(V4A, "botocore CrtS3SigV4AsymQueryAuth", botocore_sigv4a, "v4a"),
        Row(V4A, "awscrt aws_sign_request (SigV4a)", awscrt_sigv4a, "v4a"),
    ]
    return out


# --- checking that every row does the same work -------------------------------------------


def _query(url: str) -> List[str]:
    return sorted(url.split("?", 1)[1].split("&")) if "?" in url else []


def _base(url: str) -> str:
    return url.split("?", 1)[0]


def _agrees(check: str, result: Any, reference: Any) -> str:
    """'' when ``result`` does the same work as ``reference``, else what differs."""
    if check == "url":
        if _base(result) == _base(reference) and _query(result) == _query(reference):
            return ""
        return "URL differs:\n  ours:   %s\n  theirs: %s" % (reference, result)
    if check == "v4a":
        def unsigned(url: str) -> List[str]:
            return [p for p in _query(url) if not p.startswith("X-Amz-Signature=")]

        if _base(result) == _base(reference) and unsigned(result) == unsigned(reference):
            return ""
        return "SigV4a query differs:\n  first: %s\n  this:  %s" % (reference, result)
    if check == "post":
        fields = dict(result["fields"])
        if fields == dict(reference.fields):
            return ""
        return "POST fields differ:\n  ours:   %r\n  theirs: %r" % (reference.fields, fields)
    if check == "verified":
        if getattr(result, "access_key_id", None) == ACCESS_KEY:
            return ""
        return "verify_presigned returned %r" % (result,)
    raise ValueError("unknown check %r" % check)


def prepare(all_rows: List[Row]) -> List[str]:
    """Set every row up and check it against its group's first row; returns the
    mismatches (an empty list when every peer agrees)."""
    problems = []
    references: Dict[str, Any] = {}
    for row in all_rows:
        try:
            row.make, row.note = row.setup()
        except ImportError as exc:
            row.status = "not installed"
            row.note = "not installed (%s)" % (exc.name or exc)
            continue
        except Unsupported as exc:
            row.status = "n/a"
            row.note = str(exc)
            continue
        result = row.make()
        if row.group not in references and row.check != "verified":
            # The first row that runs is the group's reference (for SigV4a, a peer while
            # sigv4presign cannot sign it yet).
            references[row.group] = result
            row.status = "reference"
            continue
        problem = _agrees(row.check, result, references.get(row.group))
        if problem:
            row.status = "MISMATCH"
            problems.append("%s, %s: %s" % (row.group, row.name, problem))
        else:
            row.status = {"url": "same URL", "v4a": "same query", "post": "same fields",
                          "verified": "verified"}[row.check]
    return problems


# --- timing -------------------------------------------------------------------------------

# Each row gets its own compiled copy of the loop (as timeit compiles one per Timer), so
# PyPy's JIT traces each row's loop on its own instead of one loop for every row.
_LOOP = """
def loop(_range, _timer, _func):
    _start = _timer()
    for _ in _range:
        _func()
    return _timer() - _start
"""


def _new_loop() -> Callable[..., int]:
    namespace: Dict[str, Any] = {}
    exec(compile(_LOOP, "<benchmark loop>", "exec"), namespace)
    return namespace["loop"]  # type: ignore[no-any-return]


# "cpu": the CPU time of this process (all its threads), which a shared, busy machine
# disturbs far less than the wall clock (time waiting for a core is not counted);
# "wall": time.perf_counter_ns, as timeit.
CLOCKS = {"cpu": time.process_time_ns, "wall": time.perf_counter_ns}


# CPython's cyclic collector is switched off inside a round, as timeit does. PyPy's GC
# is left alone: with it off, PyPy's heap only grows, and the rounds measure page
# faults (and every later fork copies a huge process).
_PAUSE_GC = platform.python_implementation() == "CPython"


def _run(row: Row, number: int, clock: Callable[[], int]) -> int:
    """Nanoseconds for ``number`` calls (CPython: garbage collector off)."""
    assert row.loop is not None
    gc_was_enabled = gc.isenabled()
    if _PAUSE_GC:
        gc.disable()
    try:
        return row.loop(range(number), clock, row.make)
    finally:
        if gc_was_enabled:
            gc.enable()


def calibrate(row: Row, min_time: float, clock: Callable[[], int]) -> None:
    """Calls per repeat: doubled until one repeat takes ``min_time`` seconds."""
    row.loop = _new_loop()
    number = 1
    while _run(row, number, clock) < min_time * 1e9 and number < 1 << 22:
        number *= 2
    row.number = number


def measure(all_rows: List[Row], repeat: int, min_time: float, clock: str = "cpu") -> None:
    """Calibrate each runnable row, then time ``repeat`` rounds over all of them."""
    timer = CLOCKS[clock]
    timed = [row for row in all_rows if row.make is not None]
    for row in timed:
        calibrate(row, min_time, timer)
    # Round-robin: a busy moment of the machine slows one repeat of every row rather
    # than all repeats of one row.
    for _ in range(repeat):
        for row in timed:
            row.runs.append(_run(row, row.number, timer) / row.number / 1000.0)


# --- reporting ----------------------------------------------------------------------------


def machine_line() -> str:
    """Interpreter, version, machine, CPU model and count."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    implementation = platform.python_implementation()
    version = platform.python_version()
    if implementation == "PyPy":
        pypy = sys.pypy_version_info  # type: ignore[attr-defined]
        implementation += " %d.%d.%d" % (pypy.major, pypy.minor, pypy.micro)
    return "%s (Python %s) on %s %s, %s, %s CPUs" % (
        implementation, version, platform.system(), platform.machine(), cpu, os.cpu_count()
    )


def find(all_rows: List[Row], group: str, name: str) -> Optional[float]:
    """The median µs of one row, or None when it was not timed."""
    for row in all_rows:
        if row.group == group and row.name == name:
            return row.median()
    return None


def table(all_rows: List[Row]) -> List[str]:
    """The markdown table: one line per row."""
    base = find(all_rows, GET, OURS)
    lines = [
        "| workload | implementation | µs per call | best µs | x presign_s3 | check | note |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for row in all_rows:
        median = row.median()
        if median is None:
            lines.append("| %s | %s | - | - | - | %s | %s |" % (
                row.group, row.name, row.status, row.note))
            continue
        lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            row.group, row.name, _us(median), _us(min(row.runs)),
            "%.2f" % (median / base) if base else "-", row.status, row.note))
    return lines


def _us(value: float) -> str:
    return "%.1f" % value if value < 1000 else "%.0f" % value


def _ratio(label: str, top: Optional[float], bottom: Optional[float], target: str) -> str:
    """``label: 0.84x (target <= 0.5x: not met)``, or n/a when a side was not timed."""
    if top is None or bottom is None or not bottom:
        return "- %s: n/a (target %s)" % (label, target)
    value = top / bottom
    operator, limit = target.split()
    met = value <= float(limit.rstrip("x")) if operator == "<=" else value >= float(limit.rstrip("x"))
    return "- %s: %.2fx (target %s: %s)" % (label, value, target, "met" if met else "NOT met")


def ratio_lines(all_rows: List[Row]) -> List[str]:
    """The per-call ratios issue 13's targets are stated in."""
    def ours(group: str) -> Optional[float]:
        return find(all_rows, group, OURS)

    verify = find(all_rows, VERIFY, "sigv4presign verify_presigned")
    post = find(all_rows, POST, "sigv4presign presign_s3_post")
    boto3_post = find(all_rows, POST, "boto3 generate_presigned_post")
    v4a = find(all_rows, V4A, "sigv4presign presign (SigV4a)")
    v4a_peer = find(all_rows, V4A, "botocore CrtS3SigV4AsymQueryAuth")
    lines = [
        _ratio("presign_s3 / awscrt", ours(GET), find(all_rows, GET, AWSCRT), "<= 0.5x"),
        _ratio("presign_s3 / awscrt, with token", ours(TOKEN), find(all_rows, TOKEN, AWSCRT),
               "<= 0.5x"),
        _ratio("boto3 / presign_s3", find(all_rows, GET, BOTO3), ours(GET), ">= 25x"),
        _ratio("boto3 / presign_s3, with token", find(all_rows, TOKEN, BOTO3), ours(TOKEN),
               ">= 25x"),
        _ratio("1000-byte mixed key / 10-byte mixed key", ours(key_group(1000, True)),
               ours(key_group(10, True)), "<= 2.5x"),
        _ratio("1000-byte mixed key / 10-byte ASCII key", ours(key_group(1000, True)),
               ours(key_group(10, False)), "<= 2.5x"),
        _ratio("20 params / 0 params", ours(params_group(20)), ours(params_group(0)), "<= 3x"),
        _ratio("boto3 post / presign_s3_post", boto3_post, post, ">= 10x"),
        _ratio("verify / presign_s3", verify, ours(GET), "<= 2x"),
    ]
    if v4a is None:
        lines.append("- SigV4a presign: n/a (sigv4presign does not sign SigV4a yet; target <= 3 ms)")
    else:
        met = "met" if v4a <= 3000 else "NOT met"
        lines.append("- SigV4a presign: %.2f ms per URL (target <= 3 ms: %s)" % (v4a / 1000, met))
        if v4a_peer:
            lines.append("- SigV4a presign / botocore+awscrt: %.2fx (no target)" % (v4a / v4a_peer))
    return lines


def plot(all_rows: List[Row], path: str) -> str:
    """Save µs per URL against key length, one line per implementation (solid: ASCII
    keys, dashed: mixed); returns what happened, for the report."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "plot: matplotlib is not installed; no plot saved"
    figure, axes = plt.subplots(figsize=(10, 5))
    for index, name in enumerate(PLOTTED):
        colour = "C%d" % index
        for mixed, style in ((False, "-"), (True, "--")):
            points = [(size, find(all_rows, key_group(size, mixed), name)) for size in KEY_SIZES]
            points = [(x, y) for x, y in points if y is not None]
            if points:
                axes.plot([x for x, _ in points], [y for _, y in points], style, color=colour,
                          marker="o", label="%s (%s)" % (name, "mixed" if mixed else "ASCII"))
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("key length (UTF-8 bytes)")
    axes.set_ylabel("µs per URL (median)")
    axes.set_title("S3 GET presign by key length\n" + machine_line(), fontsize=8)
    axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    axes.grid(True, which="both", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return "plot: saved to %s" % path


def settings(quick: bool, repeat: Optional[int], min_time: Optional[float]) -> Tuple[int, float]:
    """(repeats, seconds per repeat): 11 x 0.1 s, or 3 x 0.002 s with --quick."""
    return repeat or (3 if quick else 11), min_time or (0.002 if quick else 0.1)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quick", action="store_true",
                        help="few iterations (a few seconds), to prove everything runs")
    parser.add_argument("--repeat", type=int, default=None,
                        help="repeats per row (default 11; 3 with --quick)")
    parser.add_argument("--min-time", type=float, default=None,
                        help="seconds per repeat (default 0.1; 0.002 with --quick)")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu",
                        help="cpu: CPU time of the process (default; steady on a busy "
                        "machine); wall: elapsed time")
    parser.add_argument("--plot", metavar="FILE", default=None,
                        help="save a plot of µs per URL against key length (needs matplotlib)")


def run(repeat: int, min_time: float, clock: str = "cpu") -> Tuple[List[Row], List[str]]:
    """Set up, check and time every row: (rows, mismatches). Nothing is timed when a
    peer disagrees."""
    all_rows = rows()
    problems = prepare(all_rows)
    if not problems:
        measure(all_rows, repeat, min_time, clock)
    return all_rows, problems


def header_lines(repeat: int, min_time: float, clock: str = "cpu") -> List[str]:
    return [
        machine_line(),
        "workload: S3 GET %s/%s, %s, %d s, signed at %s" % (
            BUCKET, KEY, REGION, EXPIRES, SIGNED_AT.strftime("%Y-%m-%dT%H:%M:%SZ")),
        "%d interleaved repeats of >= %g s per row; median µs per call (%s)" % (
            repeat, min_time, "CPU time" if clock == "cpu" else "wall time"),
    ]


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    repeat, min_time = settings(args.quick, args.repeat, args.min_time)
    print("\n".join(header_lines(repeat, min_time, args.clock)))
    print()
    all_rows, problems = run(repeat, min_time, args.clock)
    if problems:
        print("FAIL: not every implementation signs the same request:", file=sys.stderr)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    print("\n".join(table(all_rows)))
    print()
    print("\n".join(ratio_lines(all_rows)))
    if args.plot:
        print(plot(all_rows, args.plot))
    return 0


if __name__ == "__main__":
    sys.exit(main())
