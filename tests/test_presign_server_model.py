"""presign() against servers modelled by botocore and awscrt: the signature a generic
service computes from the URL we emit is ours.

A service with the generic rules (double encoding, normalised path) computes the
signature from what it receives: the path as sent and the query as sent. That is
modelled here without our code: the emitted URL is taken apart with ``urllib``, every
``X-Amz-*`` parameter of ours is removed, and the rest (the wire path, the other query
parameters as sent, the signed headers) is signed again by botocore's ``SigV4QueryAuth``
and by awscrt's signer, with the same time, credentials, region, service and expiry.
Their ``X-Amz-Signature`` must be ours, for raw paths (a space, non-ASCII, ``%``
without hex digits, characters no URL carries raw) and pre-encoded ones (``%XX``
escapes in either case, sub-delimiters, dot segments) alike.
"""

import datetime
import os
from typing import Dict, List, Tuple
from urllib.parse import parse_qsl, urlsplit

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest
from awscrt import auth as crt_auth
from awscrt import http as crt_http
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support.botocore_reference import frozen_clock

from sigv4presign import Credentials, presign

CI = bool(os.environ.get("CI"))
PROPERTY = settings(max_examples=500 if CI else 80, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
WHEN = datetime.datetime(2026, 3, 14, 15, 9, 26, tzinfo=datetime.timezone.utc)
T0 = int(WHEN.timestamp())
AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+token/with+slash=="
AUTH = {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
        "X-Amz-Security-Token", "X-Amz-Signature"}
EXPIRES = 900

raw_paths = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="?#"), max_size=30)
escape = st.integers(0, 255).map(lambda b: "%%%02X" % b) | st.integers(0, 255).map(lambda b: "%%%02x" % b)
wire_char = st.sampled_from(list("ABCXYZabcxyz0189-._~!$&'()*+,;=:@")) | escape
segment = st.lists(wire_char, max_size=6).map("".join) | st.sampled_from([".", "..", ""])
encoded_paths = st.lists(segment, max_size=6).map("/".join)
paths = st.one_of(raw_paths, encoded_paths).map(lambda p: "/" + p)
params = st.dictionaries(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8)
                         .filter(lambda n: not n.lower().startswith("x-amz-")),
                         st.text(st.characters(blacklist_categories=("Cs",)), max_size=12), max_size=3)
headers = st.dictionaries(st.sampled_from(["X-Custom", "Content-Type", "x-k8s-aws-id"]),
                          st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12), max_size=2)


def taken_apart(url: str) -> Tuple[str, str, str, List[Tuple[str, str]], str]:
    """(scheme, host, wire path, the query's other pairs as sent, our signature)."""
    parts = urlsplit(url)
    others, signature = [], ""
    for piece in parts.query.split("&"):
        name, _, value = piece.partition("=")
        if name == "X-Amz-Signature":
            signature = value
        elif name not in AUTH:
            others.append((name, value))
    return parts.scheme, parts.netloc, parts.path, others, signature


def botocore_signature(url: str, method: str, sent: Dict[str, str], service: str, token: bool) -> str:
    scheme, host, path, others, _ = taken_apart(url)
    query = "&".join(name + "=" + value for name, value in others)
    request = botocore.awsrequest.AWSRequest(method=method, url=scheme + "://" + host + path + ("?" + query if query else ""),
                                             headers=dict(sent))
    credentials = botocore.credentials.Credentials(AKID, SECRET, TOKEN if token else None)
    with frozen_clock(T0):
        botocore.auth.SigV4QueryAuth(credentials, service, "us-east-1", expires=EXPIRES).add_auth(request)
    return dict(parse_qsl(urlsplit(request.url).query))["X-Amz-Signature"]


def crt_signature(url: str, method: str, sent: Dict[str, str], service: str, token: bool) -> str:
    _, host, path, others, _ = taken_apart(url)
    target = path + ("?" + "&".join(n + "=" + v for n, v in others) if others else "")
    config = crt_auth.AwsSigningConfig(
        algorithm=crt_auth.AwsSigningAlgorithm.V4,
        signature_type=crt_auth.AwsSignatureType.HTTP_REQUEST_QUERY_PARAMS,
        credentials_provider=crt_auth.AwsCredentialsProvider.new_static(AKID, SECRET, TOKEN if token else None),
        region="us-east-1", service=service, date=WHEN, use_double_uri_encode=True,
        should_normalize_uri_path=True, expiration_in_seconds=EXPIRES,
    )
    request = crt_http.HttpRequest(method, target, headers=crt_http.HttpHeaders([("Host", host)] + list(sent.items())))
    crt_auth.aws_sign_request(request, config).result(timeout=10)
    return dict(parse_qsl(urlsplit(request.path).query))["X-Amz-Signature"]


@PROPERTY
@given(path=paths, query=params, sent=headers, token=st.booleans(),
       method=st.sampled_from(["GET", "PUT", "POST", "DELETE"]),
       service=st.sampled_from(["execute-api", "sts", "es", "lambda"]),
       host=st.sampled_from(["example.amazonaws.com", "api.example:8443", "127.0.0.1:9000"]))
@example(path="/some path/ü", query={}, sent={}, token=False, method="GET", service="execute-api",
         host="example.amazonaws.com")
@example(path="/a%20b/c d/%zz/50%", query={"q": "a b+c"}, sent={}, token=True, method="GET", service="es",
         host="example.amazonaws.com")
@example(path="/a/b/..", query={}, sent={}, token=False, method="GET", service="sts", host="example.amazonaws.com")
@example(path="/a/./%7e/~/%7E/.", query={}, sent={}, token=False, method="GET", service="sts",
         host="example.amazonaws.com")
def test_botocore_and_awscrt_compute_our_signature_from_the_url(path: str, query: Dict[str, str],
                                                                sent: Dict[str, str], token: bool, method: str,
                                                                service: str, host: str) -> None:
    creds = Credentials(AKID, SECRET, TOKEN if token else None)
    presigned = presign(method, "https://" + host + path, credentials=creds, region="us-east-1", service=service,
                        params=query, headers=sent, now=T0, expires_in=EXPIRES)
    assert presigned.headers == sent
    assert botocore_signature(presigned.url, method, sent, service, token) == presigned.signature
    if ":" not in urlsplit(presigned.url).path:
        # (aws-c-common's URI parser reads a ":" in a request path as a scheme's end: it
        # refuses "/:/" and signs "/://0" as another path; botocore alone judges those)
        assert crt_signature(presigned.url, method, sent, service, token) == presigned.signature


def test_the_issue_example_is_signed_as_sent() -> None:
    # 8. "/some path/ü" goes out as /some%20path/%C3%BC; the server encodes that again
    presigned = presign("GET", "https://example.amazonaws.com/some path/ü", credentials=Credentials(AKID, SECRET),
                        region="us-east-1", service="execute-api", now=T0)
    assert urlsplit(presigned.url).path == "/some%20path/%C3%BC"
    request = botocore.awsrequest.AWSRequest(method="GET", url="https://example.amazonaws.com/some%20path/%C3%BC")
    signer = botocore.auth.SigV4QueryAuth(botocore.credentials.Credentials(AKID, SECRET), "execute-api", "us-east-1")
    assert signer.canonical_request(request).split("\n")[1] == presigned.canonical_request.split("\n")[1] == (
        "/some%2520path/%25C3%25BC")


@pytest.mark.parametrize("path", ["/a/b/..", "/a/.", "/a/./", "//a//b//", "/../a"])
def test_dot_segments_are_normalised_as_aws_signs_them(path: str) -> None:
    presigned = presign("GET", "https://example.amazonaws.com" + path, credentials=Credentials(AKID, SECRET),
                        region="us-east-1", service="sts", now=T0, expires_in=EXPIRES)
    assert botocore_signature(presigned.url, "GET", {}, "sts", False) == presigned.signature
    assert crt_signature(presigned.url, "GET", {}, "sts", False) == presigned.signature
