"""Bad input gets a clear error, never a wrong URL: every public entry point, fed garbage.

Each call draws its arguments from valid values, with up to two of them replaced by
garbage (None, bools, ints of any size, nan and inf, bytes, bytearray, text with lone
surrogates, NUL or control characters, non-Latin-1 and very long text, lists, dicts,
tuples of the wrong arity, bare objects, naive, aware and far-future datetimes,
negative and huge timedeltas). The rule checked for every call:

- it returns a well-formed result: a URL that parses, whose ``X-Amz-Signature`` is 64
  lower-case hex digits and which ``verify_presigned`` (or ``verify_s3_post``) accepts
  with the same credentials at the signing time; or
- it raises a ``SigV4Error``; one about an argument is an ``InvalidInputError`` (also a
  ``ValueError``), one about the request a ``VerificationError``, one about the
  environment or the AWS files a ``CredentialsError``. Never ``TypeError``,
  ``AttributeError``, ``UnicodeError``, ``OverflowError`` or any other.
"""

import atexit
import datetime
import os
import re
import shutil
import sys
import tempfile
import warnings
from typing import Any, Callable, Dict, Optional, Tuple, Type
from unittest import mock
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sigv4presign
from sigv4presign import (
    Credentials,
    CredentialsError,
    Explanation,
    InvalidInputError,
    Presigned,
    PresignedPost,
    Rules,
    SigV4Error,
    VerificationError,
    Verified,
    canonical_headers,
    canonical_query,
    canonical_request,
    canonical_uri,
    create_session_url,
    credential_scope,
    diagnose,
    explain,
    load_credentials,
    load_region,
    presign,
    presign_s3,
    presign_s3_post,
    session_credentials,
    sign_post_policy,
    signature,
    signing_key,
    string_to_sign,
    uri_encode,
    verify_presigned,
    verify_s3_post,
)
from sigv4presign.core.checks import headers_list
from sigv4presign.core.urls import split_url
from sigv4presign.credentials import load_endpoint_url, load_s3_settings

settings.register_profile(
    "bad_input",
    max_examples=1000 if os.environ.get("CI") else 200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BAD = settings.get_profile("bad_input")
UTC = datetime.timezone.utc
# The SHA-256 of an empty body (FIPS 180-4 test vector for the empty message).
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
HEX64 = re.compile(r"[0-9a-f]{64}\Z")

# -- garbage -------------------------------------------------------------------------------

any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
nasty_text = st.one_of(
    st.text(any_char, max_size=8),
    st.sampled_from([
        "", " ", "\0", "a\0b", "\r\n", "\t", "\x7f", "\x1b[0m", "\ud800", "a\udcffb",
        "\U0001f600", "é", "€", "ʼ", "/", "%", "%zz", "%00", "?", "#", "..", "x" * 5000,
        "GET", "us-east-1", "s3", "AKIDEXAMPLE", "https://", "arn:aws:s3:::x",
    ]),
)
far_future = datetime.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
odd_zone = datetime.timezone(datetime.timedelta(hours=23, minutes=59))
datetimes = st.one_of(
    st.datetimes(),  # naive
    st.datetimes(timezones=st.just(UTC)),
    st.datetimes(timezones=st.sampled_from([UTC, odd_zone, datetime.timezone(-datetime.timedelta(hours=23))])),
    st.sampled_from([far_future, datetime.datetime.min, datetime.datetime.max,
                     datetime.datetime(1, 1, 1, tzinfo=odd_zone), datetime.datetime(1, 1, 1, tzinfo=UTC),
                     datetime.datetime.max.replace(tzinfo=datetime.timezone(-datetime.timedelta(hours=23)))]),
)
timedeltas = st.one_of(
    st.timedeltas(),
    st.sampled_from([datetime.timedelta(seconds=-1), datetime.timedelta(0), datetime.timedelta.max,
                     datetime.timedelta.min, datetime.timedelta(seconds=1.5),
                     datetime.timedelta(days=8)]),
)


class _Opaque:
    __slots__ = ()


GARBAGE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([-1, 0, 1, 2**31, 2**63, 10**30, -(10**30), 10**5000]),
    st.floats(),
    st.sampled_from([float("nan"), float("inf"), -float("inf"), 1e308, -1e308, 0.5, 3600.0]),
    st.binary(max_size=12),
    st.binary(max_size=12).map(bytearray),
    nasty_text,
    st.lists(st.integers(), max_size=3),
    st.lists(nasty_text, max_size=3),
    st.dictionaries(nasty_text, st.integers() | nasty_text, max_size=2),
    st.sampled_from([(), ("a",), ("a", "b", "c"), (1, 2), [("a",)], [("a", "b", "c")], [None],
                     [(None, None)], [(1, "x")], {"x": None}, {None: "x"}, {1: 2}]),
    st.builds(object),
    st.builds(_Opaque),
    datetimes,
    timedeltas,
)


@st.composite
def arguments(draw: Any, valid: Dict[str, Any], most_bad: int = 2) -> Dict[str, Any]:
    """Keyword arguments: valid values, with up to ``most_bad`` of them garbage."""
    names = sorted(valid)
    bad = draw(st.sets(st.sampled_from(names), max_size=most_bad))
    return {name: draw(GARBAGE if name in bad else valid[name]) for name in names}


def outcome(call: Callable[[], Any], allowed: Tuple[Type[BaseException], ...] = (InvalidInputError,)) -> Any:
    """The call's result, or None when it raised an allowed SigV4Error with a message."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return call()
    except SigV4Error as exc:
        assert isinstance(exc, allowed), "%s is not one of %s: %s" % (type(exc).__name__, allowed, exc)
        if not isinstance(exc, (VerificationError, CredentialsError)):
            assert isinstance(exc, ValueError), "input error %r is not a ValueError" % exc
        assert str(exc), "an error without a message"
        return None


# -- valid values ------------------------------------------------------------------------

akids = st.sampled_from(["AKIDEXAMPLE", "ASIAXYZ123", "AKIA/with+slash="])
secrets = st.sampled_from(["wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "s3cr3t", "ü+/="])
tokens = st.none() | st.sampled_from(["FwoGZXIvYXdzEJr//////////wEaDEXAMPLE==", "tok en".replace(" ", "")])
aware = st.integers(631152000, 3786912000).map(lambda t: datetime.datetime.fromtimestamp(t, UTC))
times = st.one_of(
    aware,
    st.integers(0, 4_000_000_000),
    st.floats(0, 4e9, allow_nan=False),
    st.sampled_from([1369353600, 1700000000.9]),
)
credentials = st.builds(
    Credentials, akids, secrets, tokens, st.none() | aware | st.integers(0, 4_000_000_000)
)
methods = st.sampled_from(["GET", "PUT", "post", "HEAD", "DELETE", "PATCH"])
regions = st.sampled_from(["us-east-1", "eu-west-1", "us-gov-west-1", "cn-north-1", "ap-southeast-3"])
services = st.sampled_from(["s3", "execute-api", "iotdevicegateway", "sts", "s3-object-lambda"])
url_chars = st.sampled_from(list("abcXYZ019-._~/%?=&+;:@!$'()*,[] é\u20ac\0\ud800#"))
urls = st.one_of(
    st.sampled_from([
        "https://examplebucket.s3.amazonaws.com/test.txt",
        "https://example.amazonaws.com/",
        "http://127.0.0.1:9000/bucket/key?versionId=3",
        "https://[::1]:8443/a//b/../c?x=1&x=2&y",
        "wss://data.iot.us-east-1.amazonaws.com/mqtt",
        "HTTPS://Example.COM:443/a%20b?q=%2F",
    ]),
    st.builds(lambda host, rest: "https://" + host + rest,
              st.sampled_from(["example.com", "a.b", "h:1", "[::1]", "x_y"]),
              st.text(url_chars, max_size=12)),
)
header_names = st.sampled_from(["Content-Type", "x-amz-meta-a", "Host", "range", "X-Amz-Meta-A", "If-Match"])
header_values = st.one_of(st.sampled_from(["text/plain", "  a   b  ", "", "bytes=0-1", "é"]), st.integers(0, 99))
headers = st.none() | st.dictionaries(header_names, header_values, max_size=3) | st.lists(
    st.tuples(header_names, header_values), max_size=3
)
param_names = st.one_of(st.sampled_from(["versionId", "a b", "é", "x-id", "partNumber"]), st.text(max_size=5))
param_values = st.one_of(st.text(max_size=8), st.integers(-5, 10**6), st.binary(max_size=4))
params = st.none() | st.dictionaries(param_names, param_values, max_size=3) | st.lists(
    st.tuples(param_names, param_values), max_size=3
)
payload_hashes = st.none() | st.sampled_from(["UNSIGNED-PAYLOAD", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"])
expires = st.one_of(st.integers(1, 604800), st.builds(lambda s: datetime.timedelta(seconds=s), st.integers(1, 604800)))
max_expires = st.one_of(st.just(604800), st.integers(1, 10**7))
buckets = st.sampled_from([
    "examplebucket", "my.dotted.bucket", "Legacy_Bucket", "ab", "a" * 64, "192.168.1.1",
    "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap",
    "arn:aws:s3-object-lambda:us-east-1:123456789012:accesspoint/olap",
    "arn:aws:s3:::nope", "bucket--x-s3", "b u",
])
keys = st.one_of(st.none(), st.sampled_from(["photos/2026/a b.jpg", "a//b/./c", "${filename}", "é€", "+%20"]),
                 st.text(max_size=20))
endpoint_urls = st.none() | st.sampled_from(["http://127.0.0.1:9000", "https://minio.example.com/base/", "https://h?x"])
addressings = st.sampled_from(["auto", "virtual", "path"])


def _rules_for(kwargs: Dict[str, Any]) -> Dict[str, Any]:
    """presign's rules, spelled out for verify_presigned (which defaults by service)."""
    return {"double_encode": kwargs["double_encode"], "normalize_path": kwargs["normalize_path"],
            "payload_hash": kwargs["payload_hash"] or EMPTY_SHA256}


def check_url(url: str) -> None:
    """A URL that parses, ASCII only, with one 64-hex X-Amz-Signature."""
    assert isinstance(url, str)
    url.encode("ascii")
    parts = urlsplit(url)
    assert parts.scheme and parts.hostname is not None
    parts.port  # noqa: B018 - raises on a malformed port
    signatures = [v for k, v in parse_qsl(parts.query, keep_blank_values=True) if k == "X-Amz-Signature"]
    assert len(signatures) == 1 and HEX64.match(signatures[0]), url


def check_presigned(result: Presigned) -> None:
    assert isinstance(result, Presigned)
    check_url(result.url)
    assert HEX64.match(result.signature)
    repr(result)
    assert result.signed_at.tzinfo is not None and result.expires_at >= result.signed_at or (
        result.expires_at < result.signed_at  # credentials that expired before signing
    )


def check_verifies(result: Presigned, creds: Credentials, **options: Any) -> None:
    """``verify_presigned`` accepts the URL at its signing time (an expiration of the
    credentials at or before the signing time is the one excuse)."""
    expired = creds.expiration is not None and result.expires_at_epoch <= result.signed_at_epoch
    url = result.url
    hosts = [v for n, v in headers_list(options.get("headers")) if n.lower() == "host"]
    if hosts:
        # A Host header signed for another host: the server receives that Host, so the
        # URL it sees has that authority (a verifier refuses a URL and a Host that differ).
        try:
            split_url("https://" + hosts[-1].strip())
        except sigv4presign.InvalidInputError:
            return  # no request can carry that as its Host
        scheme, rest = url.split("://", 1)
        url = scheme + "://" + hosts[-1].strip() + rest[len(rest.split("/", 1)[0]):]
    try:
        verified = verify_presigned(url, credentials=creds, method=result.method,
                                    now=result.signed_at_epoch, **options)
    except sigv4presign.ExpiredError:
        assert expired
        return
    assert not expired
    assert isinstance(verified, Verified)
    assert verified.access_key_id == creds.access_key_id
    assert verified.expires_at_epoch == result.expires_at_epoch


# -- credentials and presigning ---------------------------------------------------------------

@BAD
@given(arguments({"access_key_id": akids, "secret_access_key": secrets, "session_token": tokens,
                  "expiration": st.none() | aware}))
def test_credentials(kwargs: Dict[str, Any]) -> None:
    creds = outcome(lambda: Credentials(**kwargs))
    if creds is not None:
        assert isinstance(creds, Credentials)
        assert creds == Credentials(**kwargs) and hash(creds) == hash(Credentials(**kwargs))
        assert "***" in repr(creds)


@BAD
@given(arguments({
    "method": methods, "url": urls, "credentials": credentials, "region": regions,
    "service": services, "expires_in": expires, "headers": headers, "params": params,
    "payload_hash": payload_hashes, "now": times, "double_encode": st.booleans(),
    "normalize_path": st.booleans(), "session_token": st.sampled_from(["signed", "unsigned", "omit"]),
    "max_expires_in": max_expires,
}))
def test_presign(kwargs: Dict[str, Any]) -> None:
    result = outcome(lambda: presign(**kwargs))
    if result is None:
        return
    check_presigned(result)
    creds = kwargs["credentials"]
    mode = kwargs["session_token"]
    if mode == "omit":
        creds = Credentials(creds.access_key_id, creds.secret_access_key, None, creds.expiration)
    check_verifies(
        result, creds, headers=kwargs["headers"], session_token="unsigned" if mode == "unsigned" else "signed",
        max_expires_in=kwargs["max_expires_in"], **_rules_for(kwargs),
    )


S3_ARGS = {
    "method": methods, "bucket": buckets, "key": keys, "credentials": credentials, "region": regions,
    "expires_in": expires, "params": params, "headers": headers, "endpoint_url": endpoint_urls,
    "now": times, "max_expires_in": max_expires, "addressing": addressings,
    "dualstack": st.booleans(), "accelerate": st.booleans(), "fips": st.booleans(),
}


@BAD
@given(arguments(S3_ARGS))
def test_presign_s3(kwargs: Dict[str, Any]) -> None:
    result = outcome(lambda: presign_s3(**kwargs))
    if result is None:
        return
    check_presigned(result)
    check_verifies(
        result, kwargs["credentials"], headers=kwargs["headers"], max_expires_in=kwargs["max_expires_in"],
        double_encode=False, normalize_path=False, payload_hash="UNSIGNED-PAYLOAD",
    )


PRESIGNER_ARGS = {name: S3_ARGS[name] for name in (
    "bucket", "credentials", "region", "expires_in", "endpoint_url", "max_expires_in", "addressing",
    "dualstack", "accelerate", "fips",
)}


@BAD
@given(arguments(PRESIGNER_ARGS), st.lists(keys, max_size=3) | keys, methods | GARBAGE, times, expires)
def test_s3_presigner(kwargs: Dict[str, Any], batch: Any, method: Any, now: Any, expires_in: Any) -> None:
    bucket = kwargs.pop("bucket")
    signer = outcome(lambda: sigv4presign.S3Presigner(bucket, **kwargs))
    if signer is None:
        return
    repr(signer)
    urls = outcome(lambda: signer.urls(batch, method, now=now, expires_in=expires_in))
    if urls is None:
        return
    assert isinstance(urls, list) and all(isinstance(url, str) for url in urls)
    for url in urls:
        url.encode("ascii")
        assert urlsplit(url).scheme in ("http", "https")


conditions = st.none() | st.lists(st.one_of(
    st.sampled_from([
        {"acl": "public-read"}, ["starts-with", "$Content-Type", "image/"], ["eq", "$acl", "private"],
        ["content-length-range", 0, 10], ["content-length-range", 5, 1], {"a": 1}, ["nope", "$a", "b"],
        ["eq", "acl", "x"], [], {}, ["starts-with", "$key", "photos/"], {"x-amz-meta-a": "b"},
    ]),
    GARBAGE,
), max_size=3)
post_fields = st.none() | st.dictionaries(
    st.sampled_from(["acl", "Content-Type", "key", "x-ignore-me", "policy", "x-amz-meta-a"]),
    st.sampled_from(["public-read", "image/png", "photos/a.jpg", "", "b"]) | GARBAGE,
    max_size=2,
)


@BAD
@given(arguments({
    "bucket": buckets, "key": keys, "credentials": credentials, "region": regions, "expires_in": expires,
    "fields": post_fields, "conditions": conditions, "endpoint_url": endpoint_urls, "addressing": addressings,
    "now": times, "dualstack": st.booleans(), "accelerate": st.booleans(), "fips": st.booleans(),
}))
def test_presign_s3_post(kwargs: Dict[str, Any]) -> None:
    result = outcome(lambda: presign_s3_post(**kwargs))
    if result is None:
        return
    assert isinstance(result, PresignedPost)
    parts = urlsplit(result.url)
    assert parts.scheme and parts.hostname
    result.url.encode("ascii")
    assert HEX64.match(result.fields["x-amz-signature"])
    repr(result)
    # A browser turns a lone CR or LF into CRLF, so html_form() refuses such fields.
    form = outcome(lambda: result.html_form())
    assert form is not None or any(("\r" in v or "\n" in v) for kv in result.fields.items() for v in kv)
    lengths = [c[1] for c in result.policy["conditions"] if isinstance(c, list) and c[0] == "content-length-range"]
    creds = kwargs["credentials"]
    expired = creds.expiration is not None and result.expires_at_epoch <= result.signed_at_epoch
    try:
        verified = verify_s3_post(
            result.fields, credentials=creds, now=result.signed_at_epoch, bucket=kwargs["bucket"],
            content_length=max(lengths) if lengths else None, filename="f.txt",
        )
    except sigv4presign.ExpiredError:
        assert expired
    except sigv4presign.PolicyConditionError as exc:
        # A condition on a field the form does not carry (the browser may add it).
        assert exc.field is not None and exc.field.lower() not in {n.lower() for n in result.fields}, exc
    else:
        assert not expired and verified.access_key_id == creds.access_key_id


@BAD
@given(arguments({"policy": st.sampled_from(['{"conditions": []}', b"{}", bytearray(b"x")]),
                  "credentials": credentials, "region": regions, "now": times}))
def test_sign_post_policy(kwargs: Dict[str, Any]) -> None:
    result = outcome(lambda: sign_post_policy(**kwargs))
    if result is not None:
        policy, sig = result
        assert isinstance(policy, str) and HEX64.match(sig)


# -- the boto3-compatible client ----------------------------------------------------------

_HOME = tempfile.mkdtemp(prefix="sigv4-bad-input-")
atexit.register(shutil.rmtree, _HOME, True)
_EMPTY_ENV = {"HOME": _HOME, "AWS_CONFIG_FILE": os.path.join(_HOME, "none"),
              "AWS_SHARED_CREDENTIALS_FILE": os.path.join(_HOME, "none"), "PATH": os.defpath}

configs = st.none() | st.sampled_from([
    {}, {"s3": {"addressing_style": "path"}}, {"s3": {"addressing_style": "nope"}},
    {"signature_version": "s3v4"}, {"signature_version": "v2"}, {"use_fips_endpoint": True},
    {"s3": {"use_accelerate_endpoint": "yes"}}, {"region_name": "eu-west-1"}, {"bogus": 1},
    {"s3": None}, {"s3": []}, {"s3": "path"}, {"region_name": 5},
])


@BAD
@given(arguments({
    "service_name": st.just("s3"), "region_name": st.none() | regions, "api_version": st.none(),
    "use_ssl": st.just(True), "verify": st.none(), "endpoint_url": endpoint_urls,
    "aws_access_key_id": akids, "aws_secret_access_key": secrets, "aws_session_token": tokens,
    "config": configs, "aws_account_id": st.none(),
}))
def test_client(kwargs: Dict[str, Any]) -> None:
    with mock.patch.dict(os.environ, _EMPTY_ENV, clear=True):
        made = outcome(lambda: sigv4presign.client(**kwargs), (InvalidInputError, CredentialsError))
    if made is None:
        return
    assert isinstance(made, sigv4presign.S3Client)
    repr(made)
    url = outcome(lambda: made.generate_presigned_url("get_object", {"Bucket": "examplebucket", "Key": "k"}))
    if url is not None:
        check_url(url)


S3_CLIENT = sigv4presign.client("s3", region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE",
                                aws_secret_access_key="secret", aws_session_token="token")
boto_params = st.one_of(
    st.none(),
    st.dictionaries(
        st.sampled_from(["Bucket", "Key", "VersionId", "ContentType", "Metadata", "UploadId", "PartNumber",
                         "SSECustomerKey", "Body", "IfModifiedSince", "ObjectLockRetainUntilDate", "Nope"]),
        st.one_of(st.sampled_from(["examplebucket", "k", "", "text/plain"]), st.integers(), datetimes,
                  st.dictionaries(nasty_text, nasty_text, max_size=2), GARBAGE),
        max_size=4,
    ),
)


@BAD
@given(arguments({
    "ClientMethod": st.sampled_from(["get_object", "put_object", "upload_part", "list_objects_v2", "nope"]),
    "Params": boto_params, "ExpiresIn": expires, "HttpMethod": st.none() | methods,
}))
def test_client_presign(kwargs: Dict[str, Any]) -> None:
    with mock.patch.dict(os.environ, _EMPTY_ENV, clear=True):
        url = outcome(lambda: S3_CLIENT.generate_presigned_url(**kwargs))
        result = outcome(lambda: S3_CLIENT.presign(**kwargs))
    assert (url is None) == (result is None)
    if result is not None:
        check_presigned(result)
        check_url(url)
        with mock.patch.dict(os.environ, _EMPTY_ENV, clear=True):
            again = S3_CLIENT.presign(**kwargs)
        check_verifies(again, S3_CLIENT.credentials, headers=again.headers)


@BAD
@given(arguments({"Bucket": buckets, "Key": keys, "Fields": post_fields, "Conditions": conditions,
                  "ExpiresIn": expires}))
def test_client_generate_presigned_post(kwargs: Dict[str, Any]) -> None:
    form = outcome(lambda: S3_CLIENT.generate_presigned_post(**kwargs))
    if form is not None:
        assert set(form) == {"url", "fields"} and urlsplit(form["url"]).hostname
        assert HEX64.match(form["fields"]["x-amz-signature"])


# -- verification, explanation, diagnosis ------------------------------------------------

CREDS = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token")
SIGNED = presign_s3("GET", "examplebucket", "a b/é.txt", credentials=CREDS, region="us-east-1",
                    now=1369353600, headers={"Range": "bytes=0-9"})
GENERIC = presign("GET", "https://example.amazonaws.com/a/b", credentials=CREDS, region="us-east-1",
                  service="execute-api", now=1369353600)
POST = presign_s3_post("examplebucket", "uploads/${filename}", credentials=CREDS, region="us-east-1",
                       now=1369353600, fields={"acl": "private"},
                       conditions=[{"acl": "private"}, ["content-length-range", 1, 100]])


@st.composite
def mutated(draw: Any, text: str) -> str:
    """``text`` with a few characters replaced, inserted or deleted."""
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(text)))
        piece = draw(st.text(url_chars, max_size=3) | nasty_text)
        cut = draw(st.integers(0, 3))
        text = text[:i] + piece + text[i + cut:]
    return text


verify_urls = st.one_of(
    st.sampled_from([SIGNED.url, GENERIC.url]),
    mutated(SIGNED.url),
    mutated(GENERIC.url),
    st.sampled_from([SIGNED.url.encode(), bytearray(GENERIC.url.encode()), SIGNED.url.replace("20130524", "00000101"),
                     SIGNED.url.replace("X-Amz-Expires=3600", "X-Amz-Expires=9999999999")]),
    urls,
)
credential_lookups = st.one_of(
    st.just(CREDS), credentials, st.just({"AKIDEXAMPLE": CREDS}), st.just({"AKIDEXAMPLE": "x"}),
    st.just(lambda akid: CREDS), st.just(lambda akid: None), st.just(lambda akid: 5),
    st.just(lambda akid: Credentials("OTHER", "s")),
)
verify_times = st.one_of(st.just(1369353600), times, st.integers(), st.floats())


@BAD
@given(arguments({
    "url": verify_urls, "credentials": credential_lookups, "method": methods | st.just("GET"),
    "headers": headers | st.just({"Range": "bytes=0-9"}), "now": verify_times,
    "max_clock_skew": st.integers(0, 10**6), "region": st.none() | regions, "service": st.none() | services,
    "session_token": st.sampled_from(["signed", "unsigned"]), "payload_hash": payload_hashes,
    "double_encode": st.none() | st.booleans(), "normalize_path": st.none() | st.booleans(),
    "max_expires_in": max_expires,
}))
def test_verify_presigned(kwargs: Dict[str, Any]) -> None:
    result = outcome(lambda: verify_presigned(**kwargs), (InvalidInputError, VerificationError))
    if result is not None:
        assert isinstance(result, Verified)
        repr(result)
        result.signed_at, result.expires_at  # noqa: B018


@BAD
@given(arguments({
    "url": verify_urls, "method": methods, "headers": headers,
    "session_token": st.sampled_from(["signed", "unsigned"]), "payload_hash": payload_hashes,
    "double_encode": st.none() | st.booleans(), "normalize_path": st.none() | st.booleans(),
}))
def test_explain(kwargs: Dict[str, Any]) -> None:
    result = outcome(lambda: explain(**kwargs), (InvalidInputError, VerificationError))
    if result is not None:
        assert isinstance(result, Explanation)
        assert "Canonical request:" in str(result)
        repr(result)
        result.signed_at, result.expires_at  # noqa: B018


error_bodies = st.one_of(
    st.sampled_from([
        "<Error><Code>SignatureDoesNotMatch</Code><CanonicalRequest>GET\n/\n\nhost:x\n\nhost\nUNSIGNED-PAYLOAD"
        "</CanonicalRequest><StringToSign>AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
        "x</StringToSign></Error>",
        "<Error><Code>AccessDenied</Code><Message>Request has expired</Message><ServerTime>2030-01-01T00:00:00Z"
        "</ServerTime></Error>",
        "<Error><Code>RequestTimeTooSkewed</Code><ServerTime>99999999T999999Z</ServerTime></Error>",
        "<Error><Code>AuthorizationHeaderMalformed</Code><Region>eu-west-1</Region></Error>",
        "<Error><CanonicalRequestBytes>zz 47</CanonicalRequestBytes><HeadersNotSigned>a, ,b</HeadersNotSigned></Error>",
        b"<?xml version='1.0' encoding='bogus'?><a/>", b"\xff\xfe<", "", "<", "<a>&lol;</a>",
        "<a>" * 2000,
    ]),
    st.builds(lambda tag, text: "<Error><%s>%s</%s></Error>" % (tag, text, tag),
              st.sampled_from(["Code", "Message", "ServerTime", "Region", "CanonicalRequest", "StringToSign",
                               "CanonicalRequestBytes"]),
              st.text(st.characters(min_codepoint=32, max_codepoint=0xFFFF, exclude_characters="<&"), max_size=30)),
)


@BAD
@given(arguments({
    "presigned": st.one_of(st.sampled_from([SIGNED, GENERIC]), verify_urls),
    "error_xml": error_bodies, "method": st.none() | methods, "headers": headers, "now": verify_times,
}))
def test_diagnose(kwargs: Dict[str, Any]) -> None:
    result = outcome(lambda: diagnose(**kwargs), (InvalidInputError, VerificationError))
    if result is not None:
        assert isinstance(result, str) and result.endswith("\n")


post_forms = st.one_of(
    st.just(POST.fields),
    st.builds(lambda name, value: dict(POST.fields, **{name: value}),
              st.sampled_from(list(POST.fields) + ["file", "x-ignore-a", "Policy", "new"]),
              st.one_of(nasty_text, st.binary(max_size=5), GARBAGE)),
    st.builds(lambda name: {k: v for k, v in POST.fields.items() if k != name}, st.sampled_from(list(POST.fields))),
    st.just(list(POST.fields.items())),
    st.just(list(POST.fields.items()) + [("ACL", "private")]),
)


@BAD
@given(arguments({
    "fields": post_forms, "credentials": credential_lookups, "now": verify_times,
    "content_length": st.none() | st.integers(-1, 200), "bucket": st.none() | buckets,
    "filename": st.none() | nasty_text, "region": st.none() | regions, "max_clock_skew": st.integers(0, 900),
}))
def test_verify_s3_post(kwargs: Dict[str, Any]) -> None:
    result = outcome(lambda: verify_s3_post(**kwargs), (InvalidInputError, VerificationError))
    if result is not None:
        assert isinstance(result, Verified) and result.method == "POST"
        repr(result)


# -- credentials and region from the environment and the AWS files -------------------------

_SAFE_PROCESS = "%s -c \"print('{\\\"Version\\\": 1}')\"" % sys.executable
ini_lines = st.one_of(
    st.sampled_from([
        "[default]", "[profile p]", "[p]", "[profile 'unclosed]", "[services s]", "aws_access_key_id = AKID",
        "aws_secret_access_key = secret", "aws_session_token = tok", "region = eu-west-1", "region =",
        "s3 =", "  addressing_style = path", "  bogus", "services = s", "endpoint_url = http://127.0.0.1:1",
        "role_arn = arn:aws:iam::1:role/r", "credential_process = /nonexistent/sigv4-helper",
        "credential_process = " + _SAFE_PROCESS, "credential_process = 'unbalanced", "= x", "x", "[",
        "aws_access_key_id = AK ID", "aws_secret_access_key = \0",
    ]),
    # Garbage lines never name a process: nothing random is ever run.
    st.text(any_char, max_size=20).filter(lambda s: "process" not in s.lower()),
)
ini_files = st.one_of(
    st.none(),
    st.lists(ini_lines, max_size=8).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass")),
    st.binary(max_size=60).filter(lambda b: b"process" not in b.lower()),
)
env_names = st.sampled_from([
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
    "AWS_WEB_IDENTITY_TOKEN_FILE", "HOME", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
])
env_values = st.one_of(
    st.sampled_from(["AKID", "secret", "p", "default", "2030-01-01T00:00:00Z", "2030-13-01T00:00:00Z",
                     "9999-12-31T23:59:59-23:00", "2030-01-01T00:00:00+99:99",
                     "us-east-1", "$HOME/x", "~", "~/nope", "${", "\0"]),
    nasty_text,
    GARBAGE,
)
_FILES = tempfile.mkdtemp(prefix="sigv4-bad-files-")
atexit.register(shutil.rmtree, _FILES, True)


@st.composite
def environments(draw: Any) -> Any:
    """An ``environ=`` argument: garbage, or a dict whose files hold garbage."""
    if draw(st.integers(0, 9)) == 0:
        return draw(GARBAGE)
    env: Dict[Any, Any] = {"HOME": _FILES, "PATH": os.defpath}
    for name in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        data = draw(ini_files)
        path = os.path.join(_FILES, name)
        if data is None:
            if os.path.exists(path):
                os.remove(path)
        else:
            with open(path, "wb") as handle:
                handle.write(data)
        env[name] = path
    env.update(draw(st.dictionaries(env_names, env_values, max_size=3)))
    return env


@BAD
@given(arguments({"profile": st.none() | st.sampled_from(["p", "default", "nope"]), "environ": environments(),
                  "process_timeout": st.just(10.0)}))
def test_load_credentials(kwargs: Dict[str, Any]) -> None:
    creds = outcome(lambda: load_credentials(**kwargs), (InvalidInputError, CredentialsError))
    if creds is not None:
        assert isinstance(creds, Credentials)


@BAD
@given(arguments({"profile": st.none() | st.sampled_from(["p", "default", "nope"]), "environ": environments()}))
def test_load_region(kwargs: Dict[str, Any]) -> None:
    region = outcome(lambda: load_region(**kwargs), (InvalidInputError, CredentialsError))
    assert region is None or isinstance(region, str)
    # What client() also reads from the same places.
    endpoint = outcome(lambda: load_endpoint_url("s3", **kwargs), (InvalidInputError, CredentialsError))
    assert endpoint is None or isinstance(endpoint, str)
    settings_ = outcome(lambda: load_s3_settings(**kwargs), (InvalidInputError, CredentialsError))
    assert settings_ is None or isinstance(settings_, dict)


# -- service recipes -------------------------------------------------------------------
# One test draws the recipe, then its arguments: each recipe gets a sixth of the examples.

MAX = 604800
regions_aws = st.sampled_from(["us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1"])
hostnames = st.sampled_from(["mydb.123456789012.us-east-1.rds.amazonaws.com", "abc.dsql.us-east-1.on.aws",
                             "my-group", "a", "Upper.Case", "a..b", "-a", "a" * 64, "h:1", "x/y"])
service_times = st.integers(1_000_000_000, 2_000_000_000)
fresh_credentials = st.builds(Credentials, akids, secrets, tokens)
common = {"credentials": fresh_credentials, "region": regions_aws, "now": service_times}


def _token_url(scheme: str) -> Callable[[str, Dict[str, Any]], Tuple[str, Dict[str, Any]]]:
    """A token is a presigned URL without its scheme."""
    def url(token: str, kwargs: Dict[str, Any]) -> Tuple[str, Dict[str, Any]]:
        assert "://" not in token
        return scheme + "://" + token, {}
    return url


def _eks_url(token: str, kwargs: Dict[str, Any]) -> Tuple[str, Dict[str, Any]]:
    import base64

    assert token.startswith("k8s-aws-v1.")
    body = token[len("k8s-aws-v1."):]
    url = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("ascii")
    return url, {"headers": {"x-k8s-aws-id": kwargs["cluster_name"]}}


# name -> (arguments besides credentials, region and now; the URL and verify options of a result)
def _msk_url(token: str, kwargs: Dict[str, Any]) -> Tuple[str, Dict[str, Any]]:
    import base64

    url = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
    signed, _, user_agent = url.rpartition("&User-Agent=")  # appended after signing
    assert signed and user_agent
    return signed, {}


RECIPES: Dict[str, Tuple[Dict[str, Any], Callable[[str, Dict[str, Any]], Tuple[str, Dict[str, Any]]]]] = {
    "msk_auth_token": ({"expires_in": st.integers(0, 901)}, _msk_url),
    "polly_speech_url": (
        {"text": st.text(max_size=8) | nasty_text, "voice_id": st.sampled_from(["Joanna", "Vicki", "", "x\n"]),
         "output_format": st.sampled_from(["mp3", "pcm", "wav"]), "expires_in": st.integers(0, MAX)},
        lambda url, kwargs: (url, {}),
    ),
    "rds_auth_token": (
        {"host": hostnames, "port": st.one_of(st.integers(1, 65535), st.sampled_from(["5432", "0" * 5000])),
         "user": st.text(max_size=8), "expires_in": st.integers(1, 900)},
        _token_url("https"),
    ),
    "dsql_auth_token": (
        {"endpoint": hostnames, "admin": st.booleans(), "expires_in": st.integers(1, 900)}, _token_url("https"),
    ),
    "elasticache_auth_token": (
        {"replication_group_id": hostnames, "user_id": st.text(max_size=8), "serverless": st.booleans(),
         "expires_in": st.integers(1, 900)},
        _token_url("http"),
    ),
    "eks_token": (
        {"cluster_name": st.sampled_from(["my-cluster", "C_1", "-x", "a" * 101, ""]) | st.text(max_size=5)},
        _eks_url,
    ),
    "iot_websocket_url": (
        {"endpoint": hostnames, "expires_in": st.integers(1, MAX)},
        lambda url, kwargs: (url, {"session_token": "unsigned"}),
    ),
    "transcribe_websocket_url": (
        {"language_code": st.none() | st.sampled_from(["en-US", "x\0"]),
         "media_encoding": st.sampled_from(["pcm", "flac", "mp3"]),
         "sample_rate": st.sampled_from([8000, 16000, 48000, 7999]),
         "params": st.none() | st.dictionaries(
             st.sampled_from(["identify-language", "vocabulary-name", "language-code"]),
             st.one_of(st.booleans(), st.integers(), st.text(max_size=5)), max_size=2),
         "expires_in": st.integers(1, 300)},
        lambda url, kwargs: (url, {}),
    ),
}


@BAD
@given(st.sampled_from(sorted(RECIPES)), st.data())
def test_service_recipes(name: str, data: Any) -> None:
    valid, to_url = RECIPES[name]
    kwargs = data.draw(arguments(dict(valid, **common)), label="kwargs")
    result = outcome(lambda: getattr(sigv4presign, name)(**kwargs))
    if result is None:
        return
    assert isinstance(result, str)
    url, options = to_url(result, kwargs)
    check_url(url)
    creds = kwargs["credentials"]
    verified = verify_presigned(url, credentials=creds, now=kwargs["now"], max_expires_in=MAX, **options)
    assert verified.access_key_id == creds.access_key_id


# -- the canonical request and signing functions ------------------------------------------
# One test draws the function, then its arguments (one of them at most garbage).

text_or_bytes = st.one_of(st.text(any_char, max_size=10), st.binary(max_size=10), nasty_text)
pairs = st.lists(st.tuples(st.text(max_size=4), st.text(max_size=4)), max_size=3)


def _is_encoded(result: Any) -> bool:
    return isinstance(result, str) and re.match(r"[A-Za-z0-9\-._~%/]*\Z", result) is not None


def _is_path(result: Any) -> bool:
    return isinstance(result, str) and result.startswith("/") and result.isascii()


def _is_text_pair(result: Any) -> bool:
    return isinstance(result, tuple) and len(result) == 2 and all(isinstance(r, str) for r in result)


# function -> (valid arguments, what a result must be)
LOW_LEVEL: Dict[Callable[..., Any], Tuple[Dict[str, Any], Callable[[Any], bool]]] = {
    uri_encode: ({"value": text_or_bytes, "keep_slash": st.booleans()}, _is_encoded),
    canonical_uri: ({"path": text_or_bytes, "double_encode": st.booleans(), "normalize": st.booleans()}, _is_path),
    canonical_query: ({"pairs": pairs}, lambda r: isinstance(r, str)),
    canonical_headers: ({"headers": pairs}, _is_text_pair),
    canonical_request: (
        {name: st.text(max_size=5) for name in ("method", "uri", "query", "headers", "signed_headers", "payload_hash")},
        lambda r: isinstance(r, str),
    ),
    credential_scope: (
        {"date": st.just("20130524"), "region": regions, "service": services},
        lambda r: isinstance(r, str) and r.endswith("/aws4_request"),
    ),
    string_to_sign: (
        {"amz_date": st.just("20130524T000000Z"), "scope": st.just("20130524/us-east-1/s3/aws4_request"),
         "canonical_request": st.text(any_char, max_size=10)},
        lambda r: isinstance(r, str) and r.startswith("AWS4-HMAC-SHA256\n"),
    ),
    signing_key: (
        {"secret": secrets, "date": st.just("20130524"), "region": regions, "service": services},
        lambda r: isinstance(r, bytes) and len(r) == 32,
    ),
    signature: (
        {"key": st.binary(min_size=32, max_size=32), "string_to_sign": st.text(any_char, max_size=10)},
        lambda r: isinstance(r, str) and HEX64.match(r) is not None,
    ),
}


@BAD
@given(st.sampled_from(sorted(LOW_LEVEL, key=lambda f: f.__name__)), st.data())
def test_canonical_and_signing_functions(function: Callable[..., Any], data: Any) -> None:
    valid, good = LOW_LEVEL[function]
    kwargs = data.draw(arguments(valid, most_bad=1), label="kwargs")
    result = outcome(lambda: function(**kwargs))
    assert result is None or good(result), result


# -- what the search found, kept as a table ---------------------------------------------
# Each call raised TypeError, AttributeError, UnicodeEncodeError, OverflowError or a plain
# ValueError (or returned a wrong result) before; each must be an InvalidInputError now.

HUGE = 10**5000  # CPython refuses to print an int of more than 4300 digits


class _ItemsNotCallable:
    items = 5


class _NoEquality:
    def __eq__(self, other: object) -> bool:
        raise RuntimeError("no comparison")

    __hash__ = None  # type: ignore[assignment]


class _ThirtyHours(datetime.tzinfo):
    def utcoffset(self, when: Optional[datetime.datetime]) -> datetime.timedelta:
        return datetime.timedelta(hours=30)
_ARGS = {"credentials": CREDS, "region": "us-east-1", "now": 1369353600}
_S3 = dict(_ARGS, method="GET", bucket="examplebucket", key="k")
_URL = dict(_ARGS, method="GET", url="https://example.com/", service="execute-api")
FOUND: Dict[str, Callable[[], Any]] = {
    "create_session_url(a general-purpose bucket)": lambda: create_session_url(
        "examplebucket", credentials=CREDS, region="us-west-2"),
    "create_session_url(session_mode=1)": lambda: create_session_url(
        "b--usw2-az1--x-s3", credentials=CREDS, region="us-west-2", session_mode=1),  # type: ignore[arg-type]
    "session_credentials(42)": lambda: session_credentials(42),
    "checksum(text)": lambda: sigv4presign.checksum("abc", "SHA256"),
    "checksum(an unknown algorithm)": lambda: sigv4presign.checksum(b"abc", "CRC16"),
    "checksum(chunks that are not bytes)": lambda: sigv4presign.checksum([b"a", 1], "CRC32"),
    "checksum_header(None)": lambda: sigv4presign.checksum_header(None),  # type: ignore[arg-type]
    "content_disposition('')": lambda: sigv4presign.content_disposition(""),
    "content_disposition(a path)": lambda: sigv4presign.content_disposition("a/b.txt"),
    "content_disposition(a control character)": lambda: sigv4presign.content_disposition("a\x00.txt"),
    "content_disposition(inline='yes')": lambda: sigv4presign.content_disposition("a.txt", inline="yes"),  # type: ignore[arg-type]
    "session_credentials(an error document)": lambda: session_credentials("<Error><Code>AccessDenied</Code></Error>"),
    "Rules(double_encode='no')": lambda: Rules(double_encode="no"),
    "Rules(payload_hash='a b')": lambda: Rules(payload_hash="a b"),
    "Rules(session_token='sometimes')": lambda: Rules(session_token="sometimes"),
    "Rules(token_param='Token')": lambda: Rules(token_param="Token"),
    "Rules.replace(an unknown setting)": lambda: Rules().replace(sign_body=True),
    "uri_encode(None)": lambda: uri_encode(None),
    "uri_encode(keep_slash='yes')": lambda: uri_encode("a/b", "yes"),
    "canonical_uri(None) was '/'": lambda: canonical_uri(None),
    "canonical_uri('0') was '0'": lambda: canonical_uri("0", False, False),
    "canonical_uri(double_encode='no')": lambda: canonical_uri("/", "no"),
    "canonical_query(None)": lambda: canonical_query(None),
    "canonical_query([(1, 2)])": lambda: canonical_query([(1, 2)]),
    "canonical_headers([('a',)])": lambda: canonical_headers([("a",)]),
    "canonical_request(None, ...)": lambda: canonical_request(None, "/", "", "", "host", "x"),
    "credential_scope(None, ...)": lambda: credential_scope(None, "us-east-1", "s3"),
    "string_to_sign(lone surrogate)": lambda: string_to_sign("20130524T000000Z", "s", "\ud800"),
    "signing_key([list], ...)": lambda: signing_key(["x"], "20130524", "us-east-1", "s3"),
    "signature('text key', ...)": lambda: signature("key", "sts"),
    "presign(max_expires_in=None)": lambda: presign(**_URL, max_expires_in=None),
    "presign(max_expires_in=HUGE)": lambda: presign(**_URL, max_expires_in=HUGE),
    "presign(expires_in=HUGE)": lambda: presign(**_URL, expires_in=HUGE, max_expires_in=10),
    "presign(double_encode='no')": lambda: presign(**_URL, double_encode="no"),
    "presign(normalize_path=None)": lambda: presign(**_URL, normalize_path=None),
    "presign(method=HUGE)": lambda: presign(**dict(_URL, method=HUGE)),
    "presign(now=10**20)": lambda: presign(**dict(_URL, now=10**20)),
    "presign(now=-10**20)": lambda: presign(**dict(_URL, now=-(10**20))),
    "presign(url host 'example.com[')": lambda: presign(**dict(_URL, url="https://example.com[/")),
    "presign(url host 'a:1:2')": lambda: presign(**dict(_URL, url="https://a:1:2/")),
    "presign(url host '[zz::1]')": lambda: presign(**dict(_URL, url="https://[zz::1]/")),
    "presign(two Host headers)": lambda: presign(**_URL, headers=[("Host", "a"), ("host", "b")]),
    "presign(headers with a non-callable items)": lambda: presign(**_URL, headers=_ItemsNotCallable()),
    "presign(params with a non-callable items)": lambda: presign(**_URL, params=_ItemsNotCallable()),
    "presign(session_token that cannot be compared)": lambda: presign(**_URL, session_token=_NoEquality()),
    "presign(now with a 30-hour zone)": lambda: presign(**dict(_URL, now=datetime.datetime(2020, 1, 1, tzinfo=_ThirtyHours()))),
    "presign_s3(addressing that cannot be compared)": lambda: presign_s3(**_S3, addressing=_NoEquality()),
    "presign_s3_post(fields with a non-callable items)": lambda: presign_s3_post(
        "examplebucket", "k", **_ARGS, fields=_ItemsNotCallable()),
    "client(config with a non-callable items)": lambda: sigv4presign.client(
        config=_ItemsNotCallable(), aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret"),
    "client(service_name that cannot be compared)": lambda: sigv4presign.client(
        _NoEquality(), aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret"),
    "S3Client.generate_presigned_url(Params with a non-callable items)": lambda: S3_CLIENT.generate_presigned_url(
        "get_object", _ItemsNotCallable()),
    "signing_key(date=datetime with a 30-hour zone)": lambda: signing_key(
        "secret", datetime.datetime(2020, 1, 1, tzinfo=_ThirtyHours()), "us-east-1", "s3"),
    "transcribe_websocket_url(params with a non-callable items)": lambda: sigv4presign.transcribe_websocket_url(
        "us-east-1", credentials=CREDS, language_code="en-US", media_encoding="pcm", sample_rate=16000,
        params=_ItemsNotCallable(), now=1369353600),
    "presign_s3(max_expires_in=HUGE)": lambda: presign_s3(**_S3, max_expires_in=HUGE),
    "verify_presigned(max_expires_in=None)": lambda: verify_presigned(
        SIGNED.url, credentials=CREDS, now=1369353600, max_expires_in=None),
    "verify_presigned(service=HUGE)": lambda: verify_presigned(
        SIGNED.url, credentials=CREDS, now=1369353600, service=HUGE),
    "verify_presigned(now=10**20)": lambda: verify_presigned(SIGNED.url, credentials=CREDS, now=10**20),
    "verify_presigned(max_clock_skew=-HUGE)": lambda: verify_presigned(
        SIGNED.url, credentials=CREDS, max_clock_skew=-HUGE),
    "explain(X-Amz-Date in year 0000)": lambda: explain(
        SIGNED.url.replace("20130524", "00000101"), headers={"Range": "bytes=0-9"}),
    "sign_post_policy(lone surrogate)": lambda: sign_post_policy("\ud800", **_ARGS),
    "diagnose(error_xml with a lone surrogate)": lambda: diagnose(SIGNED, "<Error>\ud800</Error>"),
    "verify_s3_post(filename=False)": lambda: verify_s3_post(
        POST.fields, credentials=CREDS, now=1369353600, filename=False),
    "verify_s3_post(content_length=-HUGE)": lambda: verify_s3_post(
        POST.fields, credentials=CREDS, now=1369353600, content_length=-HUGE),
    "load_region(environ=False)": lambda: load_region(environ=False),
    "load_credentials(environ={'AWS_CONFIG_FILE': 5})": lambda: load_credentials(
        environ={"AWS_CONFIG_FILE": 5}),
    "load_credentials(process_timeout=nan)": lambda: load_credentials(
        environ=_EMPTY_ENV, process_timeout=float("nan")),
    "client(region_name=HUGE) was made": lambda: sigv4presign.client(
        region_name=HUGE, aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret"),
    "client(config region_name=5) was made": lambda: sigv4presign.client(
        config={"region_name": 5}, aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret"),
    "rds_auth_token(port='0' * 5000)": lambda: sigv4presign.rds_auth_token(
        "db.example.com", "0" * 5000, "u", **_ARGS),
    "transcribe_websocket_url(params=object())": lambda: sigv4presign.transcribe_websocket_url(
        "us-east-1", credentials=CREDS, language_code="en-US", media_encoding="pcm", sample_rate=16000,
        params=object(), now=1369353600),
}


@pytest.mark.parametrize("call", list(FOUND.values()), ids=list(FOUND))
def test_found_by_the_search(call: Callable[[], Any]) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()
    assert isinstance(info.value, ValueError) and str(info.value)


def _expiring(expiration: str) -> Callable[[], Any]:
    env = dict(_EMPTY_ENV, AWS_ACCESS_KEY_ID="AKID", AWS_SECRET_ACCESS_KEY="secret",
               AWS_CREDENTIAL_EXPIRATION=expiration)
    return lambda: load_credentials(environ=env)


# Bad contents of the environment or the AWS files: CredentialsError, naming the source.
FOUND_IN_THE_ENVIRONMENT: Dict[str, Callable[[], Any]] = {
    "expiration past 9999 in UTC (OverflowError)": _expiring("9999-12-31T23:59:59-23:00"),
    "expiration before 0001 in UTC (OverflowError)": _expiring("0001-01-01T00:00:00+23:59"),
    "zone offset +99:99 (was taken as 100 h 39 min)": _expiring("2030-01-01T00:00:00+99:99"),
    "non-ASCII digits (were read as digits)": _expiring("\u0662\u0660\u0662\u0666-01-01T00:00:00Z"),
}


@pytest.mark.parametrize("call", list(FOUND_IN_THE_ENVIRONMENT.values()), ids=list(FOUND_IN_THE_ENVIRONMENT))
def test_found_in_the_environment(call: Callable[[], Any]) -> None:
    with pytest.raises(CredentialsError, match="AWS_CREDENTIAL_EXPIRATION"):
        call()


def test_every_public_callable_is_covered() -> None:
    """Each public function and class of the package that takes input is fed garbage here."""
    covered = {
        "Credentials", "presign", "presign_s3", "presign_s3_post", "sign_post_policy", "client",
        "verify_presigned", "verify_s3_post", "explain", "diagnose", "load_credentials", "load_region",
        "S3Client", "S3Presigner", "Rules", "create_session_url", "session_credentials", "checksum", "checksum_header",
        "content_disposition",
    } | set(RECIPES) | {function.__name__ for function in LOW_LEVEL}
    takes_no_input = {"Presigned", "PresignedPost", "Verified", "Explanation", "__version__"}
    public = {
        name for name in sigv4presign.__all__
        if not (isinstance(getattr(sigv4presign, name), type) and issubclass(getattr(sigv4presign, name), BaseException))
    }
    assert public - takes_no_input == covered
    # Results of a garbage-free call are what the checks above expect.
    check_presigned(SIGNED)
    check_verifies(SIGNED, CREDS, headers={"Range": "bytes=0-9"}, double_encode=False, normalize_path=False,
                   payload_hash="UNSIGNED-PAYLOAD")
    assert isinstance(verify_s3_post(POST.fields, credentials=CREDS, now=1369353600, bucket="examplebucket",
                                     content_length=5, filename="a.txt"), Verified)
