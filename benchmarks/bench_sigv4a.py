"""SigV4a, µs per call: whole multi-Region access point URLs beside botocore+awscrt's,
and the crypto core beside awscrt's C code and `cryptography`.

    .venv/bin/python benchmarks/bench_sigv4a.py           # median of 7 rounds
    .venv/bin/python benchmarks/bench_sigv4a.py --quick

Whole URLs: ``presign_s3`` of a multi-Region access point ARN (SigV4a, region set
``*``; the derived key cached, as for every URL after a process's first), with a
session token too, and ``verify_presigned`` of that URL; beside boto3's
``generate_presigned_url`` for the same request and time (botocore signs SigV4a only
through awscrt). Both URLs are checked to carry the same host, path and parameters
before timing (their ECDSA signatures differ).

Rows (ours): the one-time comb table of the base point; the key derivation (uncached
and cached); a SigV4a signature of a string to sign with the derived key (what every
URL pays); the public key; a verification. Peers: awscrt's ECDSA sign and verify of a
digest, awscrt's whole SigV4a query signing of a request (canonical request included),
and `cryptography`'s ECDSA sign and verify. A missing peer prints "not installed".
Run by hand; not a test.
"""

import datetime
import hashlib
import statistics
import sys
import time

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
MRAP = "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap"
KEY = "photos/2026/\u00fcn\u00efcode name+1.jpg"
SIGNED_AT = datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.timezone.utc)
TOKEN = "IQoJb3JpZ2luX2VjE" + "A" * 600 + "/+=="
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
STRING_TO_SIGN = (
    "AWS4-ECDSA-P256-SHA256\n20260501T120000Z\n20260501/s3/aws4_request\n"
    + hashlib.sha256(b"GET\n/photos/a.jpg\n...").hexdigest()
)


def per_call_us(func, rounds, min_time):
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            func()
        if time.perf_counter() - start >= min_time:
            break
        number *= 2
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(number):
            func()
        times.append((time.perf_counter() - start) / number * 1e6)
    return statistics.median(times)


def _without_signature(url):
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(url)
    return parts.netloc, parts.path, sorted(p for p in parse_qsl(parts.query) if p[0] != "X-Amz-Signature")


def url_rows():
    """Whole SigV4a URLs for an MRAP ARN: ours (cached key) and boto3 + awscrt's."""
    from sigv4presign import Credentials, presign_s3, verify_presigned

    creds = Credentials(ACCESS_KEY, SECRET_KEY)
    temporary = Credentials(ACCESS_KEY, SECRET_KEY, TOKEN)

    def ours_url():
        return presign_s3("GET", MRAP, KEY, credentials=creds, region="eu-west-1", now=SIGNED_AT).url

    url = ours_url()  # builds the comb table and caches the key
    rows = [
        ("ours: presign_s3, MRAP ARN (SigV4a URL, cached key)", ours_url, None),
        ("ours: presign_s3, MRAP ARN + 600-char session token", lambda: presign_s3(
            "GET", MRAP, KEY, credentials=temporary, region="eu-west-1", now=SIGNED_AT), None),
        ("ours: verify_presigned of that URL", lambda: verify_presigned(
            url, credentials=creds, now=SIGNED_AT), None),
    ]
    try:
        import boto3
        import botocore.crt.auth  # noqa: F401 - present only with awscrt
    except ImportError:
        return rows + [("boto3 + awscrt generate_presigned_url", "not installed", None)]
    from unittest import mock

    client = boto3.session.Session(
        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY, region_name="eu-west-1"
    ).client("s3")

    def theirs():
        return client.generate_presigned_url("get_object", Params={"Bucket": MRAP, "Key": KEY})

    # The same instant for the comparison (awscrt reads botocore's clock function).
    with mock.patch.object(botocore.crt.auth, "get_current_datetime", lambda remove_tzinfo=True: SIGNED_AT):
        same = _without_signature(theirs()) == _without_signature(url)
    if not same:
        raise SystemExit("boto3's MRAP URL differs from ours:\n%s\n%s" % (theirs(), url))
    return rows + [("boto3 + awscrt generate_presigned_url, MRAP ARN", theirs, None)]


def ours():
    from sigv4presign.core import sigv4a

    start = time.perf_counter()
    sigv4a._comb_table()
    table_us = (time.perf_counter() - start) * 1e6
    key = sigv4a.derive_private_key(ACCESS_KEY, SECRET_KEY)
    point = sigv4a.public_key(key)
    sig = sigv4a.signature(key, STRING_TO_SIGN)
    message = STRING_TO_SIGN.encode()

    def uncached():
        sigv4a._PRIVATE_KEYS.clear()
        sigv4a.derive_private_key(ACCESS_KEY, SECRET_KEY)

    rows = [
        ("ours: comb table (once, first use)", None, table_us),
        ("ours: derive key, uncached", uncached, None),
        ("ours: derive key, cached", lambda: sigv4a.derive_private_key(ACCESS_KEY, SECRET_KEY), None),
        ("ours: SigV4a signature, cached key", lambda: sigv4a.signature(
            sigv4a.derive_private_key(ACCESS_KEY, SECRET_KEY), STRING_TO_SIGN), None),
        ("ours: public key", lambda: sigv4a.public_key(key), None),
        ("ours: verify", lambda: sigv4a.verify(point, message, sig), None),
    ]
    return rows, key


def awscrt_rows(key):
    try:
        import awscrt.auth as auth
        from awscrt.crypto import EC
        from awscrt.http import HttpHeaders, HttpRequest
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec
    except ImportError:
        return [("awscrt", "not installed", None)]
    pkcs8 = ec.derive_private_key(key, ec.SECP256R1()).private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    pair = EC.new_key_from_der_data(pkcs8)
    digest = hashlib.sha256(STRING_TO_SIGN.encode()).digest()
    der = pair.sign(digest)
    config = auth.AwsSigningConfig(
        algorithm=auth.AwsSigningAlgorithm.V4_ASYMMETRIC,
        signature_type=auth.AwsSignatureType.HTTP_REQUEST_QUERY_PARAMS,
        credentials_provider=auth.AwsCredentialsProvider.new_static(ACCESS_KEY, SECRET_KEY),
        region="*",
        service="s3",
        date=datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.timezone.utc),
        use_double_uri_encode=False,
        should_normalize_uri_path=False,
        signed_body_value="UNSIGNED-PAYLOAD",
        expiration_in_seconds=3600,
    )

    def presign():
        request = HttpRequest("GET", "/photos/a.jpg", HttpHeaders([("Host", "abc.mrap.accesspoint.s3-global.amazonaws.com")]))
        return auth.aws_sign_request(request, config).result()

    return [
        ("awscrt: ECDSA sign of a digest", lambda: pair.sign(digest), None),
        ("awscrt: ECDSA verify", lambda: pair.verify(digest, der), None),
        ("awscrt: SigV4a query signing (key derived each time)", presign, None),
    ]


def cryptography_rows(key):
    try:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec
    except ImportError:
        return [("cryptography", "not installed", None)]
    private = ec.derive_private_key(key, ec.SECP256R1())
    public = private.public_key()
    message = STRING_TO_SIGN.encode()
    sig = private.sign(message, ec.ECDSA(hashes.SHA256()))
    return [
        ("cryptography: ECDSA sign", lambda: private.sign(message, ec.ECDSA(hashes.SHA256())), None),
        ("cryptography: ECDSA verify", lambda: public.verify(sig, message, ec.ECDSA(hashes.SHA256())), None),
    ]


def main():
    quick = "--quick" in sys.argv
    rounds, min_time = (3, 0.05) if quick else (7, 0.2)
    core, key = ours()  # first: it times building the comb table
    rows = url_rows() + core + awscrt_rows(key) + cryptography_rows(key)
    print("%-55s %12s" % ("", "µs per call"))
    for name, func, fixed in rows:
        if isinstance(func, str):
            print("%-55s %12s" % (name, func))
        elif func is None:
            print("%-55s %12.0f" % (name, fixed))
        else:
            print("%-55s %12.1f" % (name, per_call_us(func, rounds, min_time)))


if __name__ == "__main__":
    main()
