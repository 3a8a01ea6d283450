"""Where one ``presign_s3`` call spends its time: each stage timed alone, then cProfile.

The stages are the steps ``presign_s3`` takes on the GET workload of ``bench_presign``
(argument checks, endpoint resolution, encoding, the canonical request, hashing, the
URL), each called on its own with the same arguments, ``timeit``-style (median of
rounds, garbage collector off). Their sum is close to the whole call; the difference
is the calls between them. The hashlib floor (one SHA-256 of the canonical request and
one HMAC of the string to sign, the work no implementation can skip) is shown beside.

    python benchmarks/profile_presign.py [--token] [--calls N] [--no-cprofile]

The stages name internal functions; one that has moved or been renamed is listed as
"moved" rather than failing.
"""

import argparse
import cProfile
import gc
import hashlib
import hmac
import importlib
import io
import platform
import pstats
import statistics
import sys
import time
from typing import Any, Callable, List, Optional, Sequence, Tuple

if __package__:
    from .bench_presign import (
        ACCESS_KEY,
        BUCKET,
        EXPIRES,
        KEY,
        LONG_TOKEN,
        REGION,
        SECRET_KEY,
        SIGNED_AT,
        machine_line,
    )
else:  # run as a script
    from bench_presign import (  # type: ignore[no-redef]
        ACCESS_KEY,
        BUCKET,
        EXPIRES,
        KEY,
        LONG_TOKEN,
        REGION,
        SECRET_KEY,
        SIGNED_AT,
        machine_line,
    )


def find(name: str) -> Any:
    """``module.attribute`` from the package, in ``core/`` or at the top."""
    module, _, attribute = name.rpartition(".")
    for prefix in ("sigv4presign.core.", "sigv4presign."):
        try:
            found = getattr(importlib.import_module(prefix + module), attribute, None)
        except ImportError:
            continue
        if found is not None:
            return found
    raise LookupError(name)


_PYPY = platform.python_implementation() == "PyPy"


def per_call_ns(func: Callable[[], Any], rounds: int = 9, min_time: float = 0.05) -> float:
    """Median nanoseconds per call of ``func`` over ``rounds`` calibrated rounds (on
    PyPy after a second of warm-up, so that the JIT has compiled it)."""
    if _PYPY:
        deadline = time.process_time() + 1.0
        while time.process_time() < deadline:
            for _ in range(100):
                func()
    number = 1
    while True:
        elapsed = _time(func, number)
        if elapsed >= min_time * 1e9 or number >= 1 << 22:
            break
        number *= 2
    return statistics.median(_time(func, number) / number for _ in range(rounds))


def _time(func: Callable[[], Any], number: int) -> int:
    # CPU time of the process: steady on a busy machine (see bench_presign's --clock).
    clock = time.process_time_ns
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        start = clock()
        for _ in range(number):
            func()
        return clock() - start
    finally:
        if gc_was_enabled:
            gc.enable()


def stages(token: bool) -> List[Tuple[str, Optional[Callable[[], Any]]]]:
    """(what, a call doing just that stage) in the order ``presign_s3`` runs them, with
    the arguments it passes; None for a stage whose function is not where it was."""
    from sigv4presign import Credentials, presign_s3

    creds = Credentials(ACCESS_KEY, SECRET_KEY, LONG_TOKEN if token else None)
    whole = presign_s3("GET", BUCKET, KEY, credentials=creds, region=REGION,
                       expires_in=EXPIRES, now=SIGNED_AT)
    creq = whole.canonical_request
    sts = whole.string_to_sign
    date_time = sts.split("\n")[1]
    scope = sts.split("\n")[2]
    host = BUCKET + ".s3." + REGION + ".amazonaws.com"
    path = whole.url.split("?", 1)[0][len("https://" + host):]
    query = [p.split("=", 1) for p in whole.url.split("?", 1)[1].split("&")]
    out: List[Tuple[str, Optional[Callable[[], Any]]]] = []

    def add(what: str, build: Callable[[], Callable[[], Any]]) -> None:
        try:
            func = build()
            func()  # a changed signature shows here, not in the timing
        except Exception:  # moved, renamed or called differently now
            out.append((what, None))
            return
        out.append((what, func))

    def call(name: str, *args: Any) -> Callable[[], Callable[[], Any]]:
        return lambda: (lambda f: lambda: f(*args))(find(name))

    def first(*names: str) -> Any:
        for name in names:
            try:
                return find(name)
            except LookupError:
                pass
        raise LookupError(names)

    def endpoint() -> Callable[[], Any]:
        cache = find("s3._ENDPOINTS")
        cache_key = (BUCKET, REGION, None, "auto", False, False, False)
        if cache.get(cache_key) is None:
            raise LookupError("endpoint cache keyed otherwise")
        return lambda: cache.get(cache_key)

    def key_path() -> Callable[[], Any]:
        func = find("s3._key_path")
        base = find("s3._ENDPOINTS")[(BUCKET, REGION, None, "auto", False, False, False)]
        return lambda: func(base, KEY)

    add("check_method('GET')", lambda: (lambda f: lambda: f("GET"))(
        first("checks.check_method", "presign.check_method")))
    add("check_credentials", lambda: (lambda f: lambda: f(creds))(
        first("values.check_credentials", "presign.check_credentials")))
    add("bucket endpoint (cached: one dict lookup)", endpoint)
    add("key path: checked and encoded from one UTF-8 encoding", key_path)
    add("  of which encode_bytes(key, keep '/')", call("encoding.encode_bytes", KEY.encode("utf-8"), True))
    add("signing_time(aware datetime, the last one remembered)", lambda: (lambda f: lambda: f(SIGNED_AT))(
        first("timefmt.signing_time", "presign.signing_time")))
    add("to_expires(3600)", call("timefmt.to_expires", EXPIRES, 604800))
    add("rules_for('s3')", call("rules.rules_for", "s3"))
    if token:
        add("sign: uri_encode(session token), when not remembered", call("encoding.uri_encode", LONG_TOKEN))

    def auth_query() -> Callable[[], Any]:
        memo = find("presign._AUTH_QUERIES")
        memo_key = next(k for k in memo if k[0] == ACCESS_KEY and k[2] == date_time)
        return lambda: memo.get(memo_key)

    add("sign: the X-Amz-* texts (remembered per credentials, second and scope)", auth_query)
    parts = creq.split("\n")
    add("sign: canonical_request (join)", call(
        "canonical.canonical_request", parts[0], parts[1], parts[2], parts[3] + "\n",
        parts[5], parts[6]))
    add("sign: sign_canonical (SHA-256 of %d chars, HMAC with the kept key)" % len(creq),
        call("signing.sign_canonical", SECRET_KEY, date_time, REGION, "s3", creq))
    add("  of which string_to_sign (UTF-8 + SHA-256)", call("signing.string_to_sign", date_time, scope, creq))
    add("  of which signature (HMAC-SHA256 of the string to sign)", lambda: (lambda f, key: lambda: f(
        key, sts))(find("signing.signature"),
                   find("signing.signing_key")(SECRET_KEY, date_time[:8], REGION, "s3")))
    add("sign: the URL (concatenation)", lambda: lambda: "".join((
        "https", "://", host, path, "?", "&".join([n + "=" + v for n, v in query[:-1]]),
        "&X-Amz-Signature=", whole.signature)))
    add("sign: Presigned(...)", lambda: (lambda cls: lambda: cls(
        whole.url, "GET", {}, 1777636800, 1777640400, creq, sts, whole.signature))(
            first("values.Presigned", "presign.Presigned")))
    return out


def floor(token: bool) -> List[Tuple[str, Callable[[], Any]]]:
    """The hashing no signer can skip, on this workload's sizes."""
    from sigv4presign import Credentials, presign_s3

    creds = Credentials(ACCESS_KEY, SECRET_KEY, LONG_TOKEN if token else None)
    whole = presign_s3("GET", BUCKET, KEY, credentials=creds, region=REGION,
                       expires_in=EXPIRES, now=SIGNED_AT)
    creq = whole.canonical_request.encode("utf-8")
    sts = whole.string_to_sign.encode("utf-8")
    key = b"k" * 32
    digest = getattr(hmac, "digest", None)
    out: List[Tuple[str, Callable[[], Any]]] = [
        ("hashlib.sha256(canonical request).hexdigest()", lambda: hashlib.sha256(creq).hexdigest()),
    ]
    if digest is not None:
        out.append(("hmac.digest(key, string to sign, 'sha256').hex()",
                    lambda: digest(key, sts, "sha256").hex()))
    out.append(("hmac.new(key, string to sign, sha256).hexdigest()",
                lambda: hmac.new(key, sts, hashlib.sha256).hexdigest()))
    return out


def straight_line(token: bool) -> Callable[[], str]:
    """A sketch of the least a presign_s3 GET of this workload must do, as straight-line
    Python: encode the key, format the time (memoised), build the canonical request from
    a prefix made once per credentials and day, one SHA-256 and one HMAC with a cached
    key. No argument checks. It must give presign_s3's URL (checked in main); its time is
    what a fast path can aim at."""
    from sigv4presign import Credentials, presign_s3

    unreserved = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/"
    table = ["%%%02X" % b for b in range(256)]
    for b in unreserved:
        table[b] = chr(b)
    creds = Credentials(ACCESS_KEY, SECRET_KEY, LONG_TOKEN if token else None)
    reference = presign_s3("GET", BUCKET, KEY, credentials=creds, region=REGION,
                           expires_in=EXPIRES, now=SIGNED_AT)
    date_time = reference.string_to_sign.split("\n")[1]
    scope = reference.string_to_sign.split("\n")[2]
    signing_key = find("signing.signing_key")(SECRET_KEY, date_time[:8], REGION, "s3")
    host = BUCKET + ".s3." + REGION + ".amazonaws.com"
    encoder = find("encoding.uri_encode")
    # Made once per (credentials, day, expiry): every parameter but the date is fixed.
    before_date = ("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
                   + encoder(ACCESS_KEY + "/" + scope) + "&X-Amz-Date=")
    after_date = "&X-Amz-Expires=%d" % EXPIRES
    if token:
        after_date += "&X-Amz-Security-Token=" + encoder(LONG_TOKEN)
    after_date += "&X-Amz-SignedHeaders=host"
    tail = "\nhost:" + host + "\n\nhost\nUNSIGNED-PAYLOAD"
    sts_head = "AWS4-HMAC-SHA256\n" + date_time + "\n" + scope + "\n"
    memo = [None, ""]
    digest = hmac.digest
    sha256 = hashlib.sha256
    amz_date = find("timefmt.amz_date")

    def presign_sketch() -> str:
        data = KEY.encode("utf-8")
        if data.translate(None, unreserved):
            path = "/" + "".join([table[b] for b in data])
        else:
            path = "/" + KEY
        timestamp = int(SIGNED_AT.timestamp())
        if memo[0] != timestamp:
            memo[0], memo[1] = timestamp, amz_date(timestamp)
        query = before_date + memo[1] + after_date
        creq = "GET\n" + path + "\n" + query + tail
        sts = sts_head + sha256(creq.encode("utf-8")).hexdigest()
        return ("https://" + host + path + "?" + query + "&X-Amz-Signature="
                + digest(signing_key, sts.encode("utf-8"), "sha256").hex())

    def parts(url: str) -> Tuple[str, List[str]]:
        base, _, query = url.partition("?")
        return base, sorted(query.split("&"))

    # The same URL up to the order of its parameters (the sketch writes them in the
    # canonical order, so one string serves the canonical request and the URL).
    if parts(presign_sketch()) != parts(reference.url):
        raise SystemExit("the straight-line sketch does not give presign_s3's URL:\n%s\n%s"
                         % (presign_sketch(), reference.url))
    return presign_sketch


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--token", action="store_true", help="with the 633-character session token")
    parser.add_argument("--calls", type=int, default=20000, help="calls under cProfile (20000)")
    parser.add_argument("--no-cprofile", action="store_true", help="stage timings only")
    args = parser.parse_args(argv)
    from sigv4presign import Credentials, presign_s3

    creds = Credentials(ACCESS_KEY, SECRET_KEY, LONG_TOKEN if args.token else None)

    def call() -> Any:
        return presign_s3("GET", BUCKET, KEY, credentials=creds, region=REGION,
                          expires_in=EXPIRES, now=SIGNED_AT)

    print(machine_line())
    print("presign_s3 GET %s%s" % (KEY, " + %d-char token" % len(LONG_TOKEN) if args.token else ""))
    print()
    whole = per_call_ns(call)
    print("| stage | ns per call | share of the whole call |")
    print("|---|---:|---:|")
    total = 0.0
    for what, func in stages(args.token):
        if func is None:
            print("| %s | moved | |" % what)
            continue
        ns = per_call_ns(func)
        if not what.startswith("  "):
            total += ns
        print("| %s | %.0f | %.0f%% |" % (what, ns, 100 * ns / whole))
    print("| **sum of the stages** | %.0f | %.0f%% |" % (total, 100 * total / whole))
    print("| **presign_s3, whole call** | %.0f | 100%% |" % whole)
    print()
    print("for comparison:")
    sketch = per_call_ns(straight_line(args.token))
    print("  %-52s %6.0f ns (%.2fx presign_s3)" % (
        "straight-line sketch of the same URL", sketch, sketch / whole))
    try:
        if __package__:
            from .bench_presign import LONG_TOKEN as token_value
            from .bench_presign import awscrt_s3
        else:
            from bench_presign import LONG_TOKEN as token_value  # type: ignore[no-redef]
            from bench_presign import awscrt_s3
        crt, _ = awscrt_s3(token=token_value if args.token else None)
        crt_ns = per_call_ns(crt)
        print("  %-52s %6.0f ns (presign_s3 is %.2fx, the sketch %.2fx)" % (
            "awscrt aws_sign_request, config reused", crt_ns, whole / crt_ns, sketch / crt_ns))
    except ImportError:
        print("  awscrt: not installed")
    for what, func in floor(args.token):
        print("  %-52s %6.0f ns" % ("floor: " + what, per_call_ns(func)))
    if args.no_cprofile:
        return 0
    print()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.calls):
        call()
    profile.disable()
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(25)
    print("cProfile, %d calls, by own time (cProfile's overhead inflates the small functions):"
          % args.calls)
    print(text.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
