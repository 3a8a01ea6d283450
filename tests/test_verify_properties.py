"""Properties of verification.

- Round trip: every URL ``presign_s3`` and ``presign`` make (random keys, parameters,
  headers, tokens and token modes, services, rules, times) verifies at any moment of
  its life, and reports what was signed.
- No false accepts: every single-character substitution, insertion and deletion after
  the host, and every added, dropped or duplicated parameter, that changes what the URL
  means is refused with a VerificationError. "What it means" is computed here without
  the library: the host, the percent-decoded path (for S3; the path as sent, normalised,
  for other services) and the multiset of form-decoded query parameters. At least
  10,000 such mutations run in CI; none may be accepted.
- Garbage in: arbitrary text and bytes (and near-miss URLs, forms, policies and error
  bodies) raise only SigV4Error subclasses.

A note on generic services: ``presign`` signs the path as given, and a raw space or
non-ASCII character there is encoded once in the canonical request but sent
percent-encoded, which a server then encodes again. So generic round trips draw paths
that are already valid on the wire (URL-safe characters and %XX escapes).
"""

import base64
import json
import os
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import quote, unquote_to_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigv4presign import (
    Credentials,
    SigV4Error,
    VerificationError,
    diagnose,
    explain,
    presign,
    presign_s3,
    verify_presigned,
    verify_s3_post,
)
from sigv4presign.core.canonical import normalize_path
from sigv4presign.post import sign_post_policy

CI = bool(os.environ.get("CI"))
ROUND_TRIPS = 1000 if CI else 200
GARBAGE = 2000 if CI else 200
MIN_MUTATIONS = 10_000

AUTH = ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
        "X-Amz-SignedHeaders", "X-Amz-Security-Token", "X-Amz-Signature")
AUTH_LOWER = {name.lower() for name in AUTH}
UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"

no_surrogates = st.characters(blacklist_categories=("Cs",))
akids = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=", min_size=1, max_size=24)
secrets = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=" \t\r\n\0"),
                  min_size=1, max_size=40)
tokens = st.none() | secrets
regions = st.sampled_from(["us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1"])
times = st.integers(946684800, 4102444800)  # 2000 .. 2100
methods = st.sampled_from(["GET", "PUT", "HEAD", "DELETE", "POST"])
param_names = st.text(no_surrogates, min_size=1, max_size=12).filter(lambda n: n.lower() not in AUTH_LOWER)
params = st.lists(st.tuples(param_names, st.text(no_surrogates, max_size=12)), max_size=4)
header_names = st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,15}", fullmatch=True).filter(lambda n: n.lower() != "host")
# what an HTTP header can carry: field-value = *( VCHAR / SP / HTAB ) (RFC 9110 5.5)
header_values = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.just("\t"), max_size=20)
headers = st.dictionaries(header_names, header_values, max_size=3)
keys = st.text(no_surrogates, min_size=1, max_size=40)


@st.composite
def credentials(draw: Any) -> Credentials:
    return Credentials(draw(akids), draw(secrets), draw(tokens))


@settings(max_examples=ROUND_TRIPS, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_s3_url_verifies_during_its_life(data: Any) -> None:
    creds = data.draw(credentials())
    method = data.draw(methods)
    signed_at = data.draw(times)
    expires = data.draw(st.integers(1, 604800))
    region = data.draw(regions)
    bucket = data.draw(st.from_regex(r"[a-z0-9][a-z0-9-]{1,20}[a-z0-9]", fullmatch=True))
    endpoints = [None, "http://127.0.0.1:9000", "https://store.example:8443/base"]
    if region == "us-east-1" and data.draw(st.booleans()):
        # access points: service s3 or s3-object-lambda in the scope, S3's rules for both
        service = data.draw(st.sampled_from(["s3", "s3-object-lambda"]))
        bucket = "arn:aws:%s:us-east-1:123456789012:accesspoint/%s" % (service, bucket)
        endpoints = [None]
    presigned = presign_s3(
        method,
        bucket,
        data.draw(st.none() | keys),
        credentials=creds,
        region=region,
        expires_in=expires,
        params=data.draw(params),
        headers=data.draw(headers),
        endpoint_url=data.draw(st.sampled_from(endpoints)),
        now=signed_at,
    )
    now = signed_at + data.draw(st.integers(-300, expires - 1))
    verified = verify_presigned(presigned.url, credentials=creds, method=method.lower(),
                                headers=presigned.headers, now=now)
    assert verified.access_key_id == creds.access_key_id
    assert verified.service == ("s3-object-lambda" if "s3-object-lambda" in bucket else "s3")
    assert (verified.signed_at, verified.expires_at) == (presigned.signed_at, presigned.expires_at)
    assert set(verified.signed_headers) == {"host"} | {name.lower() for name in presigned.headers}


def wire_segments() -> Any:
    """Path segments valid on the wire: URL-safe characters and %XX escapes, '.' and '..'."""
    char = st.sampled_from(list(UNRESERVED + "!$&'()*+,;=:@")) | st.integers(0, 255).map(
        lambda b: "%%%02X" % b) | st.integers(0, 255).map(lambda b: "%%%02x" % b)
    segment = st.lists(char, max_size=6).map("".join)
    return st.lists(segment | st.sampled_from([".", "..", ""]), max_size=5)


@settings(max_examples=ROUND_TRIPS, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_generic_url_verifies_during_its_life(data: Any) -> None:
    creds = data.draw(credentials())
    method = data.draw(methods)
    signed_at = data.draw(times)
    expires = data.draw(st.integers(1, 604800))
    mode = data.draw(st.sampled_from(["signed", "unsigned", "omit"]))
    normalize = data.draw(st.booleans())
    payload = data.draw(st.none() | st.from_regex(r"[0-9a-f]{64}", fullmatch=True) | st.just("UNSIGNED-PAYLOAD"))
    service = data.draw(st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True).filter(lambda s: s != "s3"))
    host = data.draw(st.sampled_from(["example.com", "sts.us-east-1.amazonaws.com", "db.example:3306", "[::1]:8443"]))
    path = "/" + "/".join(data.draw(wire_segments()))
    scheme = data.draw(st.sampled_from(["https", "http", "wss"]))
    presigned = presign(
        method, scheme + "://" + host + path, credentials=creds, region=data.draw(regions),
        service=service, expires_in=expires, params=data.draw(params), headers=data.draw(headers),
        payload_hash=payload, now=signed_at, normalize_path=normalize, session_token=mode,
    )
    verifier = creds
    if mode == "omit":  # the token never reaches the server: it verifies with the long-term keys
        verifier = Credentials(creds.access_key_id, creds.secret_access_key)
    now = signed_at + data.draw(st.integers(-300, expires - 1))
    verified = verify_presigned(
        presigned.url, credentials=verifier, method=method, headers=presigned.headers, now=now,
        session_token="unsigned" if mode == "unsigned" else "signed", payload_hash=payload,
        normalize_path=normalize,
    )
    assert (verified.access_key_id, verified.service) == (creds.access_key_id, service)
    assert (verified.signed_at, verified.expires_at) == (presigned.signed_at, presigned.expires_at)
    assert explain(presigned.url, method=method, headers=presigned.headers, payload_hash=payload,
                   normalize_path=normalize,
                   session_token="unsigned" if mode == "unsigned" else "signed",
                   ).canonical_request == presigned.canonical_request


# -- no false accepts -------------------------------------------------------------------

T0 = 1700000000
TOKEN = "FQoGZXIvYXdzE/token+with=specials/"


def _base_urls() -> List[Tuple[str, str, Dict[str, Any]]]:
    """(url, path rule for the meaning, verify_presigned arguments) of valid URLs."""
    long_term = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    temporary = Credentials("ASIAEXAMPLE", "temporary/secret+key", TOKEN)
    bases = []
    p = presign_s3("GET", "examplebucket", "test.txt", credentials=long_term, region="us-east-1",
                   expires_in=86400, now=T0)
    bases.append((p.url, "s3", {"credentials": long_term}))
    p = presign_s3("PUT", "bucket", "dir/a b+c=d&e%f~g/ü.txt", credentials=temporary, region="eu-west-1",
                   params={"versionId": "3/L4kqtJl+cT", "response-content-disposition": 'attachment; filename="x y.txt"'},
                   headers={"Content-Type": "text/plain"}, endpoint_url="http://127.0.0.1:9000", now=T0)
    bases.append((p.url, "s3", {"credentials": temporary, "method": "PUT", "headers": p.headers}))
    p = presign("GET", "https://sts.us-east-1.amazonaws.com/v1/a.b/c%2Fd?Action=GetCallerIdentity&Empty=",
                credentials=temporary, region="us-east-1", service="sts", expires_in=60,
                headers={"x-k8s-aws-id": "cluster"}, now=T0)
    bases.append((p.url, "normalized", {"credentials": temporary, "headers": p.headers}))
    p = presign("GET", "wss://iot.example.com//a/./mqtt", credentials=temporary, region="us-east-1",
                service="iotdevicegateway", normalize_path=False, session_token="unsigned", now=T0)
    bases.append((p.url, "as sent", {"credentials": temporary, "session_token": "unsigned",
                                     "normalize_path": False}))
    p = presign("GET", "https://db.example.com:3306/?Action=connect&DBUser=app", credentials=long_term,
                region="us-east-1", service="rds-db", expires_in=900, now=T0)
    bases.append((p.url, "normalized", {"credentials": long_term}))
    return bases


def meaning(url: str, rule: str) -> Any:
    """What a request means, computed without the library's parser."""
    scheme, _, rest = url.partition("://")
    if "#" in rest:
        return ("fragment", rest)
    cut = len(rest)
    for char in "/?":
        index = rest.find(char)
        if 0 <= index < cut:
            cut = index
    host, rest = rest[:cut].lower(), rest[cut:]
    path, _, query = rest.partition("?")
    path = path or "/"
    if rule == "s3":
        path_meaning: Any = unquote_to_bytes(path)
    elif rule == "normalized":
        # a normalising service treats paths with the same normal form as the same
        path_meaning = normalize_path(path)
    else:
        path_meaning = path
    pairs = []
    for piece in query.split("&"):
        if piece:
            name, _, value = piece.partition("=")
            pairs.append((unquote_to_bytes(name.replace("+", " ")), unquote_to_bytes(value.replace("+", " "))))
    return (scheme.lower(), host, path_meaning, sorted(pairs))


ALPHABET = "aA0f9%&=/+.?#~ _-;:é\x00"


def single_character_mutations(url: str, start: int, stride: int) -> Any:
    for position in range(start, len(url) + 1, stride):
        if position < len(url):
            yield url[:position] + url[position + 1:]
        for char in ALPHABET:
            yield url[:position] + char + url[position:]
            if position < len(url) and url[position] != char:
                yield url[:position] + char + url[position + 1:]


def parameter_mutations(url: str) -> Any:
    head, _, query = url.partition("?")
    pieces = query.split("&")
    for i, piece in enumerate(pieces):
        yield head + "?" + "&".join(pieces[:i] + pieces[i + 1:])  # dropped
        yield head + "?" + "&".join(pieces[: i + 1] + [piece] + pieces[i + 1:])  # duplicated
        name = piece.partition("=")[0]
        yield url + "&" + name + "=other"  # the same name again, another value
    for extra in ("foo=bar", "X-Amz-Foo=1", "X-Amz-Security-Token=abc", "x-amz-signature=00",
                  "X-Amz-Region-Set=us-east-1", "Action=Delete", "versionId=1", "a"):
        yield url + "&" + extra  # added


def test_no_false_accepts() -> None:
    stride = 1 if CI else 4
    refused = accepted_same = 0
    for url, rule, arguments in _base_urls():
        kwargs = dict(arguments, now=T0 + 30)
        assert verify_presigned(url, **kwargs)
        original = meaning(url, rule)
        start = url.index("/", url.index("://") + 3) if "/" in url[url.index("://") + 3:] else len(url)
        for mutated in list(single_character_mutations(url, start, stride)) + list(parameter_mutations(url)):
            try:
                verify_presigned(mutated, **kwargs)
            except VerificationError:
                refused += meaning(mutated, rule) != original
                continue
            # accepted: it must mean the same request
            assert meaning(mutated, rule) == original, "accepted a changed URL: %r" % mutated
            accepted_same += 1
    if CI:
        assert refused >= MIN_MUTATIONS
    assert refused > 1000 and accepted_same > 0


# -- garbage in -------------------------------------------------------------------------

GOOD_VALUES = {
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Credential": "AKID/20130524/us-east-1/s3/aws4_request",
    "X-Amz-Date": "20130524T000000Z",
    "X-Amz-Expires": "3600",
    "X-Amz-SignedHeaders": "host",
    "X-Amz-Security-Token": "token",
    "X-Amz-Signature": "0" * 64,
}
GARBAGE_CREDS = Credentials("AKID", "secret")


def only_sigv4_errors(call: Callable[[], Any]) -> None:
    try:
        call()
    except SigV4Error:
        pass


@settings(max_examples=GARBAGE, deadline=None)
@given(st.text() | st.binary())
def test_garbage_urls_raise_only_sigv4_errors(garbage: Any) -> None:
    only_sigv4_errors(lambda: verify_presigned(garbage, credentials=GARBAGE_CREDS))
    only_sigv4_errors(lambda: explain(garbage))
    only_sigv4_errors(lambda: verify_presigned("https://h/" + str(garbage), credentials=GARBAGE_CREDS))


near_names = st.sampled_from(list(AUTH) + [n.lower() for n in AUTH] + ["X-Amz-Foo", "a"]) | st.text(max_size=5)
near_values = st.sampled_from(list(GOOD_VALUES.values()) + ["", "0", "-1", "99999999999999999999"]) | st.text(max_size=30)


@settings(max_examples=GARBAGE, deadline=None)
@given(st.text(max_size=20), st.lists(st.tuples(near_names, near_values), max_size=9),
       st.sampled_from(["signed", "unsigned"]), st.booleans())
def test_near_miss_urls_raise_only_sigv4_errors(path: str, pairs: List[Tuple[str, str]], mode: str,
                                               complete: bool) -> None:
    if complete:
        pairs = list(GOOD_VALUES.items()) + pairs
    url = "https://example.com/" + path + "?" + "&".join(quote(n, safe="") + "=" + quote(v, safe="") for n, v in pairs)
    only_sigv4_errors(lambda: verify_presigned(url, credentials=GARBAGE_CREDS, now=1369353600,
                                               session_token=mode))
    only_sigv4_errors(lambda: explain(url))
    only_sigv4_errors(lambda: diagnose(url, "<Error><Code>SignatureDoesNotMatch</Code></Error>"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
conditions = st.lists(
    json_values
    | st.tuples(st.sampled_from(["eq", "starts-with", "content-length-range", "in"]),
                st.sampled_from(["$key", "$bucket", "$Content-Type", "key", 1]) | json_values,
                json_values).map(list)
    | st.dictionaries(st.sampled_from(["key", "bucket", "acl"]) | st.text(max_size=5), json_values, max_size=2),
    max_size=5,
)


@settings(max_examples=GARBAGE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.just(None), st.text(max_size=30), json_values), conditions,
       st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=4),
       st.none() | st.integers(0, 10**6), st.none() | st.text(max_size=8))
def test_garbage_post_forms_raise_only_sigv4_errors(expiration: Any, conds: Any, extra: Dict[str, str],
                                                   size: Optional[int], bucket: Optional[str]) -> None:
    # A policy signed for real, so that the checks past the signature see the garbage too.
    document = json.dumps({"expiration": expiration, "conditions": conds})
    policy, sig = sign_post_policy(document, credentials=GARBAGE_CREDS, region="us-east-1", now=1369353600)
    fields = dict(extra)
    fields.update({"policy": policy, "x-amz-algorithm": "AWS4-HMAC-SHA256",
                   "x-amz-credential": "AKID/20130524/us-east-1/s3/aws4_request",
                   "x-amz-date": "20130524T000000Z", "x-amz-signature": sig})
    only_sigv4_errors(lambda: verify_s3_post(fields, credentials=GARBAGE_CREDS, now=1369353600,
                                             content_length=size, bucket=bucket))


@settings(max_examples=GARBAGE, deadline=None)
@given(st.one_of(st.text(), st.binary(),
                 st.dictionaries(st.text(max_size=10), st.text(max_size=10) | st.binary(max_size=10))))
def test_garbage_post_fields_raise_only_sigv4_errors(fields: Any) -> None:
    only_sigv4_errors(lambda: verify_s3_post(fields, credentials=GARBAGE_CREDS))


xml_names = st.sampled_from(["Code", "Message", "CanonicalRequest", "CanonicalRequestBytes", "StringToSign",
                             "StringToSignBytes", "Region", "ServerTime", "Expires", "HeadersNotSigned",
                             "RequestTime"])
xml_texts = st.sampled_from(["SignatureDoesNotMatch", "AccessDenied", "Request has expired",
                             "Request is not yet valid", "RequestTimeTooSkewed", "2013-05-24T00:00:00Z",
                             "20130524T000000Z", "47 45 54 0a", "zz", "GET\n/\n\nhost:x\n\nhost\nUNSIGNED-PAYLOAD",
                             "the region 'a' is wrong; expecting 'b'"]) | st.text(max_size=20)


@settings(max_examples=GARBAGE, deadline=None)
@given(st.text() | st.binary() | st.lists(st.tuples(xml_names, xml_texts), max_size=6).map(
    lambda items: "<Error>" + "".join("<%s>%s</%s>" % (n, t.replace("&", "&amp;").replace("<", "&lt;"), n)
                                      for n, t in items) + "</Error>"))
def test_garbage_error_bodies_raise_only_sigv4_errors(body: Any) -> None:
    url = presign_s3("GET", "b", "k", credentials=GARBAGE_CREDS, region="us-east-1", now=T0)
    for target in (url, url.url):
        try:
            text = diagnose(target, body, now=T0)
        except SigV4Error:
            continue
        assert isinstance(text, str) and text


def test_atheris_fuzzes_verification_briefly() -> None:
    """A short coverage-guided run (atheris): every input raises only SigV4Error
    subclasses. Bounded (-runs), so it stays a few seconds."""
    import platform
    import subprocess
    import sys
    from pathlib import Path

    try:
        import atheris
    except ImportError:
        # the test extra installs it where it has wheels; there CI must run it
        if CI and sys.platform == "linux" and platform.machine() == "x86_64" and sys.version_info >= (3, 11):
            raise
        pytest.skip("atheris is not installed (wheels exist for Linux x86_64, Python 3.11+)")

    script = Path(__file__).with_name("fuzz_verify.py")
    runs = 10000 if CI else 3000
    result = subprocess.run([sys.executable, str(script), "-runs=%d" % runs, "-seed=1"],
                            capture_output=True, text=True, timeout=300)
    assert atheris is not None
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Done %d runs" % runs in result.stderr


@pytest.mark.parametrize("bad", [b"\x00", "https://h/?X-Amz-Credential=%ff", "\ud800"])
def test_specific_garbage(bad: Any) -> None:
    with pytest.raises(SigV4Error):
        verify_presigned(bad, credentials=GARBAGE_CREDS)


def test_post_garbage_is_decoded_safely() -> None:
    deep = base64.b64encode(b"[" * 100000).decode()
    fields = {"policy": deep, "x-amz-algorithm": "AWS4-HMAC-SHA256",
              "x-amz-credential": "AKID/20130524/us-east-1/s3/aws4_request",
              "x-amz-date": "20130524T000000Z", "x-amz-signature": "0" * 64}
    policy, sig = sign_post_policy(base64.b64decode(deep), credentials=GARBAGE_CREDS, region="us-east-1",
                                   now=1369353600)
    fields.update({"policy": policy, "x-amz-signature": sig})
    with pytest.raises(SigV4Error):
        verify_s3_post(fields, credentials=GARBAGE_CREDS, now=1369353600)
