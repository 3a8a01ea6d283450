"""Eight threads presigning a mixed workload get exactly what one thread gets.

The workload mixes ``presign_s3`` GET and PUT (keys ASCII, non-ASCII and long, several
regions, credentials with and without session tokens), generic ``presign``,
``presign_s3_post``, ``verify_presigned`` and SigV4a (multi-Region access point URLs,
verified), over 48 credentials, 5 days and 6 regions: several hundred distinct signing
keys and 48 derived SigV4a keys, so the bounded key caches are filled, emptied and
refilled while the threads race. Tasks share a few signing seconds, as a
batch does, so the signer's memo of the last formatted time is hit and replaced by
turns. The thread switch interval is made tiny so that threads interleave inside the
signer. (Both a cache that stores a key before its last HMAC and a time memo kept in
two variables make this test fail.)

The single-thread results are anchored to botocore's signatures (an independent
signer); the threads must reproduce them exactly.
"""

import platform
import random
import sys
import threading
from typing import Any, Callable, List, Tuple

from sigv4presign import (
    Credentials,
    presign,
    presign_s3,
    presign_s3_post,
    verify_presigned,
)

THREADS = 8
# A tiny switch interval makes CPython's threads interleave inside the signer. PyPy
# (whose JIT makes each round cheap but thread switches dear) runs one round at a
# switch interval a hundred times CPython's.
CPYTHON = platform.python_implementation() == "CPython"
ROUNDS = 3 if CPYTHON else 1
SWITCH_INTERVAL = 1e-6 if CPYTHON else 1e-4
DAY = 86400
# 2026-05-01T12:00:00Z and four other days (signing keys are per day).
DAYS = [1777636800 + DAY * n for n in (0, 1, 7, 30, 365)]
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2", "eu-central-1", "sa-east-1"]
KEYS = [
    "photos/2026/ünïcode name+1.jpg",
    "a.txt",
    "dir with spaces/file (1).pdf",
    "日本語/ファイル.png",
    "x" * 300 + "/é" * 100,
    "tilde~and-dash_and.dot",
]


def _credentials() -> List[Credentials]:
    out = []
    for n in range(48):
        access = "AKIAEXAMPLE%09d" % n
        secret = "secret/%02d+EXAMPLEKEY%s" % (n, "k" * (n % 7))
        # Every third has a session token, of lengths 12..1000 characters.
        token = None if n % 3 else ("FwoGZXIvYXdzE+/=%02d" % n) * (1 + n * 4)
        out.append(Credentials(access, secret, token))
    return out


CREDENTIALS = _credentials()
Task = Callable[[], Any]


def _get(i: int) -> Task:
    creds, now, region, key = _pick(i)
    return lambda: presign_s3("GET", "examplebucket", key, credentials=creds, region=region,
                              expires_in=3600, now=now).url


def _put(i: int) -> Task:
    creds, now, region, key = _pick(i)

    def task() -> Any:
        presigned = presign_s3(
            "PUT", "my-bucket-%d" % (i % 5), key, credentials=creds, region=region,
            expires_in=900 + i, now=now, headers={"Content-Type": "image/jpeg"},
            params={"x-id": "PutObject", "tag": "n=%d" % i},
        )
        return presigned.url, sorted(presigned.headers.items())

    return task


def _generic(i: int) -> Task:
    creds, now, region, key = _pick(i)
    url = "https://abc123.execute-api.%s.amazonaws.com/prod/items/%s?b=2&a=%d" % (region, key, i)
    return lambda: presign("GET", url, credentials=creds, region=region,
                           service="execute-api", expires_in=60, now=now).url


def _post(i: int) -> Task:
    creds, now, region, key = _pick(i)

    def task() -> Any:
        post = presign_s3_post(
            "uploads-%d" % (i % 3), key, credentials=creds, region=region, expires_in=600,
            now=now, conditions=[["content-length-range", 1, 10 * 1024 * 1024]],
        )
        return post.url, sorted(post.fields.items())

    return task


def _verify(i: int) -> Task:
    creds, now, region, key = _pick(i)

    def task() -> Any:
        url = presign_s3("GET", "examplebucket", key, credentials=creds, region=region,
                         expires_in=3600, now=now).url
        verified = verify_presigned(url, credentials=creds, now=now + 10)
        return (url, verified.access_key_id, verified.region, verified.service,
                verified.signed_at_epoch, verified.expires_at_epoch)

    return task


def _pick(i: int) -> Tuple[Credentials, int, str, str]:
    """Credentials, signing time, region and key of task ``i``, spread so that
    neighbouring tasks need different signing keys; two seconds per day."""
    return (CREDENTIALS[i % len(CREDENTIALS)], DAYS[(i // 7) % len(DAYS)] + i % 2,
            REGIONS[(i // 3) % len(REGIONS)], KEYS[(i // 2) % len(KEYS)])


def _mrap(i: int) -> Task:
    creds, now, region, key = _pick(i)
    arn = "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap"

    def task() -> Any:
        url = presign_s3("GET", arn, key, credentials=creds, region="us-east-1",
                         expires_in=3600, now=now).url
        verified = verify_presigned(url, credentials=creds, now=now + 10)
        return url, verified.access_key_id

    return task


KINDS = [_get, _put, _generic, _post, _verify, _get, _mrap]


def workload() -> List[Task]:
    return [KINDS[i % len(KINDS)](i) for i in range(600)]


def _clear_key_cache() -> None:
    """Empty the SigV4 signing-key cache and the SigV4a derived-key cache."""
    import importlib

    for name, cache_name in (("sigv4presign.core.signing", "_KEY_CACHE"),
                             ("sigv4presign.signing", "_KEY_CACHE"),
                             ("sigv4presign.core.sigv4a", "_PRIVATE_KEYS")):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        cache = getattr(module, cache_name, None)
        if cache is not None:
            cache.clear()


def test_the_workload_needs_more_signing_keys_than_the_cache_holds() -> None:
    scopes = set()
    for i in range(600):
        creds, now, region, _ = _pick(i)
        scopes.add((creds.secret_access_key, now // DAY, region))
    assert len(scopes) > 4 * 64


def test_single_thread_results_match_botocore() -> None:
    """The reference results are right: every GET URL carries botocore's signature."""
    import datetime

    import botocore.auth
    import botocore.credentials
    from botocore.awsrequest import AWSRequest
    from support.botocore_reference import frozen_clock

    tasks = workload()
    checked = 0
    for i in range(0, 600, len(KINDS)):  # the _get tasks
        creds, now, region, key = _pick(i)
        ours = tasks[i]()
        base = ours.split("?", 1)[0]
        with frozen_clock(now):
            request = AWSRequest(method="GET", url=base)
            botocore.auth.S3SigV4QueryAuth(
                botocore.credentials.Credentials(
                    creds.access_key_id, creds.secret_access_key, creds.session_token
                ),
                "s3", region, expires=3600,
            ).add_auth(request)
        theirs = request.url
        assert sorted(ours.split("?", 1)[1].split("&")) == sorted(theirs.split("?", 1)[1].split("&")), (
            i, datetime.datetime.fromtimestamp(now, datetime.timezone.utc))
        checked += 1
    assert checked == len(range(0, 600, len(KINDS)))


def test_eight_threads_get_what_one_thread_gets() -> None:
    tasks = workload()
    _clear_key_cache()
    expected = [task() for task in tasks]

    failures: List[BaseException] = []
    results: List[List[Any]] = [[None] * len(tasks) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)

    def worker(n: int) -> None:
        # Each thread walks the tasks in its own order, so that at any moment the
        # threads sign with different keys and push each other's keys out of the cache.
        order = list(range(len(tasks)))
        random.Random(n).shuffle(order)
        try:
            barrier.wait()
            for _ in range(ROUNDS):
                for i in order:
                    result = tasks[i]()
                    if results[n][i] is not None and results[n][i] != result:
                        raise AssertionError("thread %d, task %d: two rounds differ" % (n, i))
                    results[n][i] = result
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        _clear_key_cache()
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)

    assert failures == []
    for n in range(THREADS):
        mismatched = [i for i in range(len(tasks)) if results[n][i] != expected[i]]
        assert mismatched == [], "thread %d differs from one thread at tasks %s" % (n, mismatched[:10])
