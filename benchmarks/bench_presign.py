"""Microseconds per presigned URL: sigv4presign side by side with its peers, in one run.

Workload (the same for every implementation): an S3 GET URL for
``examplebucket`` / ``photos/2026/ünïcode name+1.jpg`` in eu-west-1, valid 3600 s, signed
at a fixed time with the AWS documentation's example credentials. Each row is timed with
timeit-style loops (garbage collector off, ``time.perf_counter_ns``): a calibrated number
of calls per repeat, several repeats taken round-robin over the rows, and the median (and
best) repeat divided by the number of calls. Every implementation's URL is checked to carry the same signature as
sigv4presign's (the "same URL" column compares whole URLs up to parameter order).

    python benchmarks/bench_presign.py [--quick] [--repeat N] [--min-time SECONDS]

Peers that are not installed print "not installed".
"""

import argparse
import datetime
import gc
import platform
import statistics
import sys
import time

BUCKET = "examplebucket"
KEY = "photos/2026/ünïcode name+1.jpg"
REGION = "eu-west-1"
EXPIRES = 3600
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SIGNED_AT = datetime.datetime(2026, 5, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
HOST = BUCKET + ".s3." + REGION + ".amazonaws.com"
ENCODED_KEY = "photos/2026/%C3%BCn%C3%AFcode%20name%2B1.jpg"
# A session token of realistic size and alphabet (STS tokens are 400-1100 characters).
LONG_TOKEN = ("IQoJb3JpZ2luX2VjEH8aCXVzLWVhc3QtMSJHMEUCIQD/+abc=" * 13)[:633]


def _calibrate(func, min_time):
    """Calls per repeat: doubled until one repeat takes ``min_time`` seconds."""
    number = 1
    while _run(func, number) < min_time * 1e9 and number < 1 << 22:
        number *= 2
    return number


def _run(func, number):
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        loop = range(number)
        start = time.perf_counter_ns()
        for _ in loop:
            func()
        return time.perf_counter_ns() - start
    finally:
        if gc_was_enabled:
            gc.enable()


# --- the implementations: each returns (make_url, note) or raises ImportError --------------


def ours_cached():
    from sigv4presign import Credentials, presign_s3

    creds = Credentials(ACCESS_KEY, SECRET_KEY)

    def make():
        return presign_s3("GET", BUCKET, KEY, credentials=creds, region=REGION,
                          expires_in=EXPIRES, now=SIGNED_AT).url

    return make, "signing key cached (the normal case)"


def ours_uncached():
    from sigv4presign import Credentials, presign_s3
    from sigv4presign.core.signing import _KEY_CACHE

    creds = Credentials(ACCESS_KEY, SECRET_KEY)

    def make():
        _KEY_CACHE.clear()
        return presign_s3("GET", BUCKET, KEY, credentials=creds, region=REGION,
                          expires_in=EXPIRES, now=SIGNED_AT).url

    return make, "key cache cleared before each URL"


def ours_token():
    from sigv4presign import Credentials, presign_s3

    creds = Credentials(ACCESS_KEY, SECRET_KEY, LONG_TOKEN)

    def make():
        return presign_s3("GET", BUCKET, KEY, credentials=creds, region=REGION,
                          expires_in=EXPIRES, now=SIGNED_AT).url

    return make, "%d-character session token (other URL)" % len(LONG_TOKEN)


def ours_generic():
    from sigv4presign import Credentials, presign

    creds = Credentials(ACCESS_KEY, SECRET_KEY)
    url = "https://" + HOST + "/" + KEY

    def make():
        return presign("GET", url, credentials=creds, region=REGION, service="s3",
                       expires_in=EXPIRES, now=SIGNED_AT, double_encode=False,
                       normalize_path=False, payload_hash="UNSIGNED-PAYLOAD").url

    return make, "presign() of the URL, S3 rules as arguments"


def _freeze_botocore_clock():
    import botocore.auth

    naive = SIGNED_AT.replace(tzinfo=None)
    botocore.auth.get_current_datetime = lambda remove_tzinfo=True: naive


def botocore_query_auth():
    import botocore.auth
    import botocore.credentials
    from botocore.awsrequest import AWSRequest

    _freeze_botocore_clock()
    creds = botocore.credentials.Credentials(ACCESS_KEY, SECRET_KEY)
    url = "https://" + HOST + "/" + ENCODED_KEY

    def make():
        request = AWSRequest(method="GET", url=url)
        botocore.auth.S3SigV4QueryAuth(creds, "s3", REGION, expires=EXPIRES).add_auth(request)
        return request.url

    return make, "pure-Python signer on an AWSRequest"


def _boto3_client():
    import boto3
    import botocore.config

    return boto3.session.Session(
        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY, region_name=REGION
    ).client("s3", config=botocore.config.Config(signature_version="s3v4",
                                                 s3={"addressing_style": "virtual"}))


def boto3_presign():
    import botocore.auth

    _freeze_botocore_clock()
    # Force the pure-Python signer: with awscrt installed botocore would use the CRT one.
    botocore.auth.AUTH_TYPE_MAPS["s3v4-query"] = botocore.auth.S3SigV4QueryAuth
    client = _boto3_client()

    def make():
        return client.generate_presigned_url(
            "get_object", Params={"Bucket": BUCKET, "Key": KEY}, ExpiresIn=EXPIRES
        )

    return make, "client.generate_presigned_url, pure-Python signer"


def boto3_presign_crt():
    import awscrt.auth  # noqa: F401  (only meaningful when the CRT is there)
    import botocore.auth
    from botocore.crt.auth import CRT_AUTH_TYPE_MAPS

    botocore.auth.AUTH_TYPE_MAPS["s3v4-query"] = CRT_AUTH_TYPE_MAPS["s3v4-query"]
    client = _boto3_client()

    def make():
        return client.generate_presigned_url(
            "get_object", Params={"Bucket": BUCKET, "Key": KEY}, ExpiresIn=EXPIRES
        )

    return make, "client.generate_presigned_url, CRT signer (time not fixed)"


def awscrt_sign():
    from awscrt import auth, http

    config = auth.AwsSigningConfig(
        algorithm=auth.AwsSigningAlgorithm.V4,
        signature_type=auth.AwsSignatureType.HTTP_REQUEST_QUERY_PARAMS,
        credentials_provider=auth.AwsCredentialsProvider.new_static(ACCESS_KEY, SECRET_KEY),
        region=REGION,
        service="s3",
        date=SIGNED_AT,
        use_double_uri_encode=False,
        should_normalize_uri_path=False,
        signed_body_value=auth.AwsSignedBodyValue.UNSIGNED_PAYLOAD,
        expiration_in_seconds=EXPIRES,
    )
    path = "/" + ENCODED_KEY

    def make():
        request = http.HttpRequest("GET", path, http.HttpHeaders([("host", HOST)]))
        auth.aws_sign_request(request, config).result()
        return "https://" + HOST + request.path

    return make, "aws_sign_request, config reused"


def minio_presign():
    from minio import Minio

    # With the region given, minio makes no network call to look the region up.
    client = Minio("s3." + REGION + ".amazonaws.com", ACCESS_KEY, SECRET_KEY, region=REGION)
    expires = datetime.timedelta(seconds=EXPIRES)
    naive = SIGNED_AT.replace(tzinfo=None)

    def make():
        return client.presigned_get_object(BUCKET, KEY, expires=expires, request_date=naive)

    return make, "presigned_get_object, region given"


ROWS = [
    ("sigv4presign presign_s3", ours_cached),
    ("sigv4presign presign_s3, no key cache", ours_uncached),
    ("sigv4presign presign_s3 + session token", ours_token),
    ("sigv4presign presign (generic)", ours_generic),
    ("awscrt aws_sign_request", awscrt_sign),
    ("minio presigned_get_object", minio_presign),
    ("botocore S3SigV4QueryAuth", botocore_query_auth),
    ("boto3 generate_presigned_url", boto3_presign),
    ("boto3 generate_presigned_url (CRT)", boto3_presign_crt),
]


def _query_set(url):
    return sorted(url.split("?", 1)[1].split("&"))


def _signature(url):
    for part in url.split("?", 1)[1].split("&"):
        if part.startswith("X-Amz-Signature="):
            return part[len("X-Amz-Signature="):]
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short loops, 3 repeats")
    parser.add_argument("--repeat", type=int, default=None, help="repeats per row (default 11)")
    parser.add_argument("--min-time", type=float, default=None,
                        help="seconds per repeat (default 0.1; 0.02 with --quick)")
    args = parser.parse_args(argv)
    repeat = args.repeat or (3 if args.quick else 11)
    min_time = args.min_time or (0.02 if args.quick else 0.1)

    print("Python %s (%s) on %s, %s CPUs" % (
        platform.python_version(), platform.python_implementation(), platform.machine(),
        _cpus()))
    print("workload: S3 GET %s/%s, %s, %d s, signed at %s" % (
        BUCKET, KEY, REGION, EXPIRES, SIGNED_AT.strftime("%Y-%m-%dT%H:%M:%SZ")))
    print("%d repeats of >= %.2f s each; microseconds per URL" % (repeat, min_time))
    print()
    header = "| %-40s | %8s | %8s | %-9s | %s |" % (
        "implementation", "median", "best", "same URL", "note")
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    reference = None
    timed = []  # (name, make, note, same, number, [us per call of each repeat])
    for name, setup in ROWS:
        try:
            make, note = setup()
        except ImportError as exc:
            timed.append((name, None, "not installed (%s)" % exc.name, "-", 0, []))
            continue
        url = make()
        if reference is None:
            reference = url
        if "(other URL)" in note or "time not fixed" in note:
            same = "n/a"
        elif url == reference or _query_set(url) == _query_set(reference):
            same = "yes"
        elif _signature(url) == _signature(reference):
            same = "same sig"
        else:
            same = "NO"
        timed.append((name, make, note, same, _calibrate(make, min_time), []))
    # Repeats go round-robin over the rows, so that a busy moment of the machine
    # slows one repeat of every row rather than all repeats of one row.
    for _ in range(repeat):
        for _name, make, _note, _same, number, runs in timed:
            if make is not None:
                runs.append(_run(make, number) / number / 1000.0)
    for name, make, note, same, _number, runs in timed:
        if make is None:
            print("| %-40s | %8s | %8s | %-9s | %s |" % (name, "-", "-", "-", note))
        else:
            print("| %-40s | %8.1f | %8.1f | %-9s | %s |" % (
                name, statistics.median(runs), min(runs), same, note))
    return 0


def _cpus():
    import os

    return os.cpu_count()


if __name__ == "__main__":
    sys.exit(main())
