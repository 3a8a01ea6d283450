"""The verifier attacked: what someone holding one valid presigned URL or POST form tries.

Each row of the tables below is one attempt: a valid request (made by AWS's documented
examples or by botocore, never by this library) with one thing changed, and the exact
error class the verifier must raise (``None``: the change is an equivalent encoding, the
request verifies and names the same object). Together they cover every rule S3 enforces
on presigned URLs and POST forms that a verifier can see:

- parser differentials: repeated and case-varied ``X-Amz-*`` names, ``;`` as a
  separator, ``+`` against ``%20``, non-canonical and lower-case escapes, ``%2F``;
- host and port variants: upper case, default and other ports, a trailing dot, IPv6,
  user info; a ``Host`` header that differs from the URL;
- header smuggling: unsigned ``x-amz-*``, ``Authorization``, a second ``Host``, CR/LF;
- time (expired, dated ahead, too long), scope (region, service, day) and session
  token games;
- the eight problems of the verification issue, each marked ``#n`` in its row's name and
  checked against the code before the fix: the POST ``Content-Type`` list (#1),
  ``${filename}`` (#2), sizes before expansion (#3), ``Authorization`` (#4), the ``Host``
  header and what ``Verified`` reports (#5), terminal output (#6) and generic URLs with
  raw characters (#8). #7 (a constant ``CredentialExpiryWarning`` text, so the warnings
  registry stays small) is tested in tests/test_values.py
  (``test_a_thousand_short_lived_presigns_leave_the_warnings_registry_constant``).
"""

import base64
import datetime
import json
import tracemalloc
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, NamedTuple, Optional, Tuple
from urllib.parse import quote

import botocore.auth
import botocore.awsrequest
import botocore.config
import botocore.credentials
import botocore.session
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import VECTORS
from support.botocore_reference import PurePythonSigners, frozen_clock, hermetic_environment

from sigv4presign import (
    Credentials,
    ExpiredError,
    MalformedRequestError,
    NotYetValidError,
    PolicyConditionError,
    ScopeMismatchError,
    SignatureMismatchError,
    UnknownAccessKeyError,
    VerificationError,
    Verified,
    diagnose,
    explain,
    presign,
    verify_presigned,
    verify_s3_post,
)
from sigv4presign.core.errors import SessionTokenError
from sigv4presign.core.timefmt import parse_amz_date

NOW = datetime.datetime(2026, 3, 14, 15, 9, 26, tzinfo=datetime.timezone.utc)
T0 = int(NOW.timestamp())
AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+token/with+slash=="
CREDS = Credentials(AKID, SECRET)
TEMP = Credentials(AKID, SECRET, TOKEN)
DOCS_CREDS = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
DOCS_SIGNED_AT = parse_amz_date("20130524T000000Z")
DOCS_SIG = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"


class Request(NamedTuple):
    """A request as a server hands it to the verifier: the URL and verify_presigned's
    keyword arguments (method, headers, credentials, now, ...)."""

    url: str
    kwargs: Dict[str, Any]


# -- the valid requests the attacks start from ------------------------------------------


def _s3_client(token: bool, region: str = "eu-west-1", endpoint_url: Optional[str] = None) -> Any:
    return botocore.session.get_session().create_client(
        "s3", region_name=region, endpoint_url=endpoint_url, aws_access_key_id=AKID,
        aws_secret_access_key=SECRET, aws_session_token=TOKEN if token else None,
        config=botocore.config.Config(signature_version="s3v4", s3={"addressing_style": "auto"}),
    )


def _generic(url: str, service: str = "execute-api", token: bool = False) -> str:
    """botocore's SigV4QueryAuth (the generic rules) on ``GET url``, at NOW."""
    request = botocore.awsrequest.AWSRequest(method="GET", url=url)
    credentials = botocore.credentials.Credentials(AKID, SECRET, TOKEN if token else None)
    botocore.auth.SigV4QueryAuth(credentials, service, "us-east-1", expires=900).add_auth(request)
    return request.prepare().url  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def bases() -> Iterator[Dict[str, Request]]:
    """The valid requests, by name. botocore signs with its pure-Python signers, its
    clock stopped at NOW and the machine's AWS settings hidden."""
    docs = json.loads((VECTORS / "s3-docs" / "presigned-get-object.json").read_text())
    out: Dict[str, Request] = {
        "docs": Request(docs["expected"]["presigned_url"],
                        {"credentials": DOCS_CREDS, "now": DOCS_SIGNED_AT + 60}),
    }
    with pytest.MonkeyPatch.context() as monkeypatch:
        hermetic_environment(monkeypatch)
        with PurePythonSigners("s3v4-query"), frozen_clock(NOW.timestamp()):
            at = {"credentials": CREDS, "now": T0 + 60}
            client = _s3_client(False)
            out["key"] = Request(client.generate_presigned_url(
                "get_object", ExpiresIn=900,
                Params={"Bucket": "examplebucket", "Key": "a b+c/ü~x.txt",
                        "ResponseContentDisposition": 'attachment; filename="x y.txt"'}), dict(at))
            out["put"] = Request(client.generate_presigned_url(
                "put_object", ExpiresIn=900,
                Params={"Bucket": "examplebucket", "Key": "up/photo.jpg", "ContentType": "image/jpeg"}),
                dict(at, method="PUT", headers={"Content-Type": "image/jpeg"}))
            out["token"] = Request(_s3_client(True).generate_presigned_url(
                "get_object", ExpiresIn=900, Params={"Bucket": "examplebucket", "Key": "k"}),
                dict(at, credentials=TEMP))
            out["path"] = Request(_s3_client(False, endpoint_url="http://127.0.0.1:9000").generate_presigned_url(
                "get_object", ExpiresIn=900, Params={"Bucket": "examplebucket", "Key": "k"}), dict(at))
            out["generic"] = Request(_generic("https://abc.execute-api.us-east-1.amazonaws.com/prod/a~b/c%20d/%2A"),
                                     dict(at))
            out["generic-token"] = Request(_generic("https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity",
                                                    "sts", True), dict(at, credentials=TEMP))
    yield out


# -- presigned URLs -----------------------------------------------------------------------


def sub(old: str, new: str) -> Callable[[Request], Request]:
    """Replace the first ``old`` in the URL."""
    def change(request: Request) -> Request:
        assert old in request.url, (old, request.url)
        return Request(request.url.replace(old, new, 1), request.kwargs)
    return change


def add(text: str) -> Callable[[Request], Request]:
    return lambda request: Request(request.url + text, request.kwargs)


def kw(**changes: Any) -> Callable[[Request], Request]:
    """Other verify_presigned arguments."""
    return lambda request: Request(request.url, dict(request.kwargs, **changes))


def headers(*pairs: Tuple[str, str]) -> Callable[[Request], Request]:
    """Headers sent besides the request's own."""
    def change(request: Request) -> Request:
        given = list((request.kwargs.get("headers") or {}).items()) + list(pairs)
        return Request(request.url, dict(request.kwargs, headers=given))
    return change


def host(new: str) -> Callable[[Request], Request]:
    """The URL's authority replaced."""
    def change(request: Request) -> Request:
        scheme, rest = request.url.split("://", 1)
        return Request(scheme + "://" + new + rest[rest.index("/"):], request.kwargs)
    return change


def same(request: Request) -> Request:
    return request


class Attack(NamedTuple):
    name: str
    base: str
    change: Callable[[Request], Request]
    error: Optional[type]  # None: accepted, as the same request
    fragment: str  # in the message (or, accepted, a fact about the result: see test)


ACCEPTED = None
URL_ATTACKS = [
    # -- parser differentials: names -------------------------------------------------------
    Attack("signature repeated, same value", "docs", add("&X-Amz-Signature=" + DOCS_SIG), MalformedRequestError,
           "X-Amz-Signature appears more than once"),
    Attack("date repeated in lower case", "docs", add("&x-amz-date=20130524T000000Z"), MalformedRequestError,
           "X-Amz-Date appears more than once"),
    Attack("expires repeated, longer", "docs", add("&X-Amz-Expires=604800"), MalformedRequestError,
           "X-Amz-Expires appears more than once"),
    Attack("credential in upper case", "docs", sub("X-Amz-Credential=", "X-AMZ-CREDENTIAL="), MalformedRequestError,
           "must be spelled X-Amz-Credential"),
    Attack("signature spelled in lower case", "docs", sub("X-Amz-Signature=", "x-amz-signature="),
           MalformedRequestError, "must be spelled X-Amz-Signature"),
    Attack("name percent-encoded (%53 is S)", "docs", sub("X-Amz-Signature=", "X-Amz-%53ignature="), ACCEPTED, ""),
    Attack("region-set parameter added (SigV4a's)", "docs", add("&X-Amz-Region-Set=us-east-1"),
           MalformedRequestError, "X-Amz-Region-Set belongs to AWS4-ECDSA-P256-SHA256 URLs"),
    Attack("';' as a separator swallows the next parameter", "docs",
           sub("&X-Amz-SignedHeaders=host", ";X-Amz-SignedHeaders=host"), MalformedRequestError,
           "X-Amz-Expires must be whole seconds"),
    Attack("';' inside an added parameter", "docs", add("&versionId=1;x=2"), SignatureMismatchError,
           "signature does not match"),
    Attack("parameter without '='", "docs", add("&acl"), SignatureMismatchError, "signature does not match"),
    Attack("empty pieces between '&'", "docs", sub("&X-Amz-Date", "&&&X-Amz-Date"), ACCEPTED, ""),
    # -- parser differentials: values and the path ------------------------------------------
    Attack("'%20' in a query value as '+'", "key", sub("x%20y.txt", "x+y.txt"), ACCEPTED, ""),
    Attack("'%20' in a query value as '%2B' (a plus sign)", "key", sub("x%20y.txt", "x%2By.txt"),
           SignatureMismatchError, "signature does not match"),
    Attack("S3 key: '%20' as '+' (a plus sign in a path)", "key", sub("/a%20b", "/a+b"), SignatureMismatchError,
           "signature does not match"),
    Attack("S3 key: '%2B' as '+' (the same plus sign)", "key", sub("b%2Bc", "b+c"), ACCEPTED, ""),
    Attack("S3 key: '~' escaped as '%7E'", "key", sub("~x.txt", "%7Ex.txt"), ACCEPTED, ""),
    Attack("S3 key: '~' escaped as '%7e' (lower-case hex)", "key", sub("~x.txt", "%7ex.txt"), ACCEPTED, ""),
    Attack("S3 key: 'ü' in lower-case hex", "key", sub("%C3%BC", "%c3%bc"), ACCEPTED, ""),
    Attack("S3 key: 'c' escaped as '%63'", "key", sub("%2Bc/", "%2B%63/"), ACCEPTED, ""),
    Attack("S3 key: '/' escaped as '%2F' (S3 decodes first)", "key", sub("c/%C3", "c%2F%C3"), ACCEPTED, ""),
    Attack("S3 key: encoded twice ('%2520')", "key", sub("/a%20b", "/a%2520b"), SignatureMismatchError,
           "signature does not match"),
    Attack("S3 key: a dot segment (S3 does not normalise)", "key", sub("/a%20b", "/./a%20b"), SignatureMismatchError,
           "signature does not match"),
    Attack("generic path: '~' escaped (the server encodes again)", "generic", sub("/a~b", "/a%7Eb"),
           SignatureMismatchError, "signature does not match"),
    Attack("generic path: '%20' as '+'", "generic", sub("c%20d", "c+d"), SignatureMismatchError,
           "signature does not match"),
    Attack("generic path: lower-case hex", "generic", sub("%2A", "%2a"), SignatureMismatchError,
           "signature does not match"),
    Attack("generic path: dot segment (normalised away)", "generic", sub("/prod/", "/prod/./"), ACCEPTED, ""),
    Attack("raw control character in the path", "docs", sub("/test.txt", "/test\x1b.txt"), MalformedRequestError,
           "control character U+001B"),
    Attack("raw CR LF in the query", "docs", sub("&X-Amz-Date", "&x=\r\nX-Amz-Date: 1&X-Amz-Date"),
           MalformedRequestError, "control character U+000D"),
    Attack("a fragment", "docs", add("#frag"), MalformedRequestError, "#fragment"),
    # -- host and port ------------------------------------------------------------------
    Attack("host in upper case", "docs", host("EXAMPLEBUCKET.S3.AMAZONAWS.COM"), ACCEPTED, ""),
    Attack("the scheme's default port", "docs", host("examplebucket.s3.amazonaws.com:443"), ACCEPTED, ""),
    Attack("another port", "docs", host("examplebucket.s3.amazonaws.com:8443"), SignatureMismatchError,
           "signature does not match"),
    Attack("http's default port on https", "docs", host("examplebucket.s3.amazonaws.com:80"), SignatureMismatchError,
           "signature does not match"),
    Attack("a trailing dot", "docs", host("examplebucket.s3.amazonaws.com."), SignatureMismatchError,
           "signature does not match"),
    Attack("another bucket", "docs", host("otherbucket.s3.amazonaws.com"), SignatureMismatchError,
           "signature does not match"),
    Attack("an IPv6 address", "docs", host("[2001:db8::1]"), SignatureMismatchError, "signature does not match"),
    Attack("user info", "docs", host("mallory@examplebucket.s3.amazonaws.com"), MalformedRequestError,
           "user info"),
    Attack("path style at another endpoint", "path", host("127.0.0.1:9001"), SignatureMismatchError,
           "signature does not match"),
    # -- the Host header (#5) -------------------------------------------------------------------
    Attack("#5 Host header for another bucket", "docs", headers(("Host", "otherbucket.s3.amazonaws.com")),
           MalformedRequestError, "the Host header names 'otherbucket.s3.amazonaws.com' but the URL names"),
    Attack("#5 Host header for another port", "path", headers(("Host", "127.0.0.1:9001")), MalformedRequestError,
           "the Host header names '127.0.0.1:9001'"),
    Attack("Host header the same", "docs", headers(("Host", "examplebucket.s3.amazonaws.com")), ACCEPTED, ""),
    Attack("Host header in upper case (signed as received)", "docs", headers(("Host", "EXAMPLEBUCKET.s3.amazonaws.com")),
           SignatureMismatchError, "signature does not match"),
    Attack("Host header with the default port (signed as received)", "docs",
           headers(("Host", "examplebucket.s3.amazonaws.com:443")), SignatureMismatchError, "signature does not match"),
    Attack("Host header twice", "docs", headers(("Host", "examplebucket.s3.amazonaws.com"),
                                                ("Host", "examplebucket.s3.amazonaws.com")),
           MalformedRequestError, "more than one Host header"),
    Attack("Host header not a host", "docs", headers(("Host", "a/b")), MalformedRequestError,
           "the Host header is not HOST[:PORT]"),
    # -- header smuggling ---------------------------------------------------------------------
    Attack("#4 Authorization header too", "docs",
           headers(("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
                                     "aws4_request, SignedHeaders=host, Signature=" + DOCS_SIG)),
           MalformedRequestError, "only one authorization mechanism"),
    Attack("#4 Authorization header in lower case, empty", "generic", headers(("authorization", "")),
           MalformedRequestError, "only one authorization mechanism"),
    Attack("unsigned x-amz-acl", "put", headers(("x-amz-acl", "public-read")), MalformedRequestError,
           "x-amz-acl; S3 refuses them"),
    Attack("unsigned x-amz-copy-source", "docs", headers(("X-Amz-Copy-Source", "/other/key")), MalformedRequestError,
           "x-amz-copy-source; S3 refuses them"),
    Attack("unsigned token header beside a signed token", "token", headers(("x-amz-security-token", TOKEN)),
           MalformedRequestError, "x-amz-security-token; S3 refuses them"),
    Attack("signed header sent with another value", "put", headers(("Content-Type", "text/html")),
           SignatureMismatchError, "signature does not match"),
    Attack("signed header missing", "put", kw(headers={}), MalformedRequestError,
           "lacks the signed header content-type"),
    Attack("CR LF smuggled into a header value", "put", kw(headers={"Content-Type": "image/jpeg\r\nx-amz-acl: public-read"}),
           MalformedRequestError, "a header cannot be read: header Content-Type: the value contains a line break"),
    Attack("header name with a space", "docs", headers(("Bad Name", "x")), MalformedRequestError,
           "a header cannot be read"),
    Attack("unsigned ordinary header", "docs", headers(("Accept", "*/*")), ACCEPTED, ""),
    Attack("method other than signed", "docs", kw(method="DELETE"), SignatureMismatchError, "signature does not match"),
    # -- time ---------------------------------------------------------------------------------
    Attack("expired", "docs", kw(now=DOCS_SIGNED_AT + 86400), ExpiredError, "the URL expired at 20130525T000000Z"),
    Attack("dated ahead beyond the skew", "docs", kw(now=DOCS_SIGNED_AT - 301), NotYetValidError,
           "at most 300 s of clock skew"),
    Attack("expires raised", "docs", sub("X-Amz-Expires=86400", "X-Amz-Expires=86401"), SignatureMismatchError,
           "signature does not match"),
    Attack("expires over seven days", "docs", sub("X-Amz-Expires=86400", "X-Amz-Expires=604801"),
           MalformedRequestError, "X-Amz-Expires must be between 1 and 604800"),
    Attack("expires with a sign", "docs", sub("X-Amz-Expires=86400", "X-Amz-Expires=%2B86400"),
           MalformedRequestError, "X-Amz-Expires must be whole seconds"),
    Attack("re-dated", "docs", sub("X-Amz-Date=20130524T000000Z", "X-Amz-Date=20130524T000030Z"),
           SignatureMismatchError, "signature does not match"),
    Attack("credentials expired first", "docs",
           kw(credentials=Credentials(DOCS_CREDS.access_key_id, DOCS_CREDS.secret_access_key,
                                      expiration=DOCS_SIGNED_AT + 30)), ExpiredError, "expired at 20130524T000030Z"),
    # -- scope ----------------------------------------------------------------------------------
    Attack("another region expected", "docs", kw(region="eu-west-1"), ScopeMismatchError,
           "names region 'us-east-1', but 'eu-west-1' is expected"),
    Attack("another service expected", "docs", kw(service="sqs"), ScopeMismatchError, "names service 's3'"),
    Attack("scope region changed", "docs", sub("%2Fus-east-1%2F", "%2Feu-west-1%2F"), SignatureMismatchError,
           "signature does not match"),
    Attack("scope service changed to a generic one", "docs", sub("%2Fs3%2F", "%2Fexecute-api%2F"),
           SignatureMismatchError, "signature does not match"),
    Attack("scope on another day", "docs", sub("%2F20130524%2F", "%2F20130525%2F"), ScopeMismatchError,
           "they must be the same day"),
    Attack("unknown access key", "docs", sub("AKIAIOSFODNN7EXAMPLE", "AKIAOTHER"), UnknownAccessKeyError,
           "no credentials are known for the access key id 'AKIAOTHER'"),
    # -- session tokens --------------------------------------------------------------------------
    Attack("token added to a long-term key's URL", "docs", add("&X-Amz-Security-Token=abc"), SessionTokenError,
           "have no session token"),
    Attack("token dropped", "token", lambda r: Request(
        "&".join(p for p in r.url.split("&") if not p.startswith("X-Amz-Security-Token=")), r.kwargs),
        SessionTokenError, "but the request has no X-Amz-Security-Token"),
    Attack("token replaced", "token", lambda r: Request(
        "&".join(p if not p.startswith("X-Amz-Security-Token=") else "X-Amz-Security-Token=other"
                 for p in r.url.split("&")), r.kwargs), SessionTokenError, "is not the session token"),
    Attack("token repeated in lower case", "token", add("&x-amz-security-token=other"), MalformedRequestError,
           "X-Amz-Security-Token appears more than once"),
    Attack("token read as appended after signing", "generic-token", kw(session_token="unsigned"),
           SignatureMismatchError, "signature does not match"),
    Attack("token as a header instead of the query", "token", lambda r: Request(
        "&".join(p for p in r.url.split("&") if not p.startswith("X-Amz-Security-Token=")),
        dict(r.kwargs, headers={"X-Amz-Security-Token": TOKEN})), SessionTokenError,
        "but the request has no X-Amz-Security-Token"),
]


@pytest.mark.parametrize("attack", URL_ATTACKS, ids=[a.name for a in URL_ATTACKS])
def test_url_attack(bases: Dict[str, Request], attack: Attack) -> None:
    base = bases[attack.base]
    assert isinstance(verify_presigned(base.url, **base.kwargs), Verified)
    request = attack.change(base)
    if attack.error is None:
        verified = verify_presigned(request.url, **request.kwargs)
        original = verify_presigned(base.url, **base.kwargs)
        # the same request: the same signer, scope, object and headers
        for field in ("access_key_id", "region", "service", "method", "signed_headers", "bucket", "key",
                      "expires_at"):
            assert getattr(verified, field) == getattr(original, field), field
        return
    with pytest.raises(VerificationError) as info:
        verify_presigned(request.url, **request.kwargs)
    assert type(info.value) is attack.error, (type(info.value), str(info.value))
    assert attack.fragment in str(info.value)


# -- #8: generic URLs with raw characters --------------------------------------------------


@pytest.mark.parametrize("path", ["/some path/ü", "/a%20b/c d", "/x<y>/\"q\"/{}|^`\\", "/50%/%zz"])
def test_8_a_generic_url_with_raw_characters_verifies(path: str) -> None:
    # presign() sends the path percent-encoded; a double-encoding service encodes what it
    # receives once more, so that is what the signature must cover.
    presigned = presign("GET", "https://example.amazonaws.com" + path, credentials=CREDS, region="us-east-1",
                        service="execute-api", now=T0)
    verified = verify_presigned(presigned.url, credentials=CREDS, now=T0)
    assert verified.path == presigned.url.split("://", 1)[1].split("?")[0][len("example.amazonaws.com"):]
    if path == "/some path/ü":
        assert verified.path == "/some%20path/%C3%BC"
        assert presigned.canonical_request.split("\n")[1] == "/some%2520path/%25C3%25BC"


# -- #5: what Verified reports ----------------------------------------------------------------


def test_5_verified_reports_the_authenticated_request(bases: Dict[str, Request]) -> None:
    got = {name: verify_presigned(r.url, **r.kwargs) for name, r in bases.items()}
    assert (got["docs"].method, got["docs"].host, got["docs"].path, got["docs"].bucket, got["docs"].key,
            got["docs"].access_key_id) == ("GET", "examplebucket.s3.amazonaws.com", "/test.txt", "examplebucket",
                                           "test.txt", "AKIAIOSFODNN7EXAMPLE")
    assert (got["key"].bucket, got["key"].key) == ("examplebucket", "a b+c/ü~x.txt")
    assert (got["put"].method, got["put"].key) == ("PUT", "up/photo.jpg")
    # at another store the bucket is known only from its endpoint_url
    assert (got["path"].host, got["path"].path, got["path"].bucket, got["path"].key) == (
        "127.0.0.1:9000", "/examplebucket/k", None, None)
    at_store = verify_presigned(bases["path"].url, endpoint_url="http://127.0.0.1:9000", **bases["path"].kwargs)
    assert (at_store.bucket, at_store.key) == ("examplebucket", "k")
    # generic services name no bucket
    assert (got["generic"].host, got["generic"].path, got["generic"].bucket, got["generic"].key) == (
        "abc.execute-api.us-east-1.amazonaws.com", "/prod/a~b/c%20d/%2A", None, None)


@pytest.mark.parametrize(("bucket", "key", "region", "config", "expected"), [
    ("examplebucket", "a/b.txt", "us-east-1", {}, ("examplebucket", "a/b.txt")),
    ("examplebucket", "a/b.txt", "eu-west-1", {"addressing_style": "path"}, ("examplebucket", "a/b.txt")),
    ("my.dotted.bucket", "k", "eu-west-1", {}, ("my.dotted.bucket", "k")),
    ("examplebucket", "k", "eu-west-1", {"use_dualstack_endpoint": True}, ("examplebucket", "k")),
    ("examplebucket", "k", "us-east-2", {"use_accelerate_endpoint": True}, ("examplebucket", "k")),
    ("arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap", "x/y", "us-west-2", {},
     ("arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap", "x/y")),
    ("examplebucket", "%2F/..", "cn-north-1", {}, ("examplebucket", "%2F/..")),
])
def test_5_bucket_and_key_of_botocore_urls(bucket: str, key: str, region: str, config: Dict[str, Any],
                                           expected: Tuple[str, str]) -> None:
    client = botocore.session.get_session().create_client(
        "s3", region_name=region, aws_access_key_id=AKID, aws_secret_access_key=SECRET,
        config=botocore.config.Config(signature_version="s3v4", s3=dict(config)))
    url = client.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key})
    verified = verify_presigned(url, credentials=CREDS)
    assert (verified.bucket, verified.key) == expected


# -- #6: terminal output ---------------------------------------------------------------------

CONTROL = "\x1b]0;owned\x07\x1b[2J\u202e\r\n\x00\x9b"
UNPRINTABLE = [chr(c) for c in range(0x20)] + ["\x7f", "\x9b", "\u202e", "\u2028", "\u2066", "\ufeff"]


def unprintable(text: str, allowed: str = "") -> List[str]:
    return [c for c in text if c in UNPRINTABLE and c not in allowed]


def _url_with_akid(akid: str) -> str:
    return ("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
            + quote(akid + "/20130524/us-east-1/s3/aws4_request", safe="")
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature="
            + DOCS_SIG)


def test_6_an_access_key_with_control_characters_never_reaches_the_terminal() -> None:
    url = _url_with_akid("AKID" + CONTROL.replace("\r\n\x00", ""))  # white space is refused in an id
    explanation = explain(url)
    assert "\x1b" in explanation.access_key_id  # the attribute holds the exact text
    assert unprintable(str(explanation), "\n") == []
    assert "AKID\\x1b]0;owned\\x07" in str(explanation)
    assert unprintable(repr(explanation)) == []
    with pytest.raises(UnknownAccessKeyError) as info:
        verify_presigned(url, credentials=DOCS_CREDS, now=DOCS_SIGNED_AT)
    assert unprintable(str(info.value)) == []
    # XML cannot carry ESC, but S3's CanonicalRequestBytes (hex) can, and the text the rest
    server = b"GET\n/test.txt\x1b[2J\n\nhost:x\x1b]0;t\x07\n\nhost\nUNSIGNED-PAYLOAD"
    text = diagnose(url, "<Error><Code>SignatureDoesNotMatch\u202e</Code><Message>m\u2066\u2028</Message>"
                         "<CanonicalRequestBytes>%s</CanonicalRequestBytes></Error>" % server.hex(" "))
    assert "/test.txt\\x1b[2J" in text
    assert unprintable(text, "\n") == []


def test_6_an_attacker_sized_value_gives_a_bounded_message() -> None:
    huge = "a;" * 2_000_000 + "host"  # a 4 MB SignedHeaders
    url = _url_with_akid("AKIAIOSFODNN7EXAMPLE").replace("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=" + huge)
    with pytest.raises(MalformedRequestError) as info:
        verify_presigned(url, credentials=DOCS_CREDS, now=DOCS_SIGNED_AT)
    assert len(str(info.value)) < 400
    with pytest.raises(UnknownAccessKeyError) as unknown:
        verify_presigned(_url_with_akid("A" * 1_000_000), credentials=DOCS_CREDS, now=DOCS_SIGNED_AT)
    assert len(str(unknown.value)) < 400
    assert unknown.value.access_key_id == "A" * 1_000_000  # type: ignore[attr-defined]


part = st.text(st.sampled_from(list("aZ0-_/%+=&;. ") + UNPRINTABLE[1:] + ["é", "\U0001f600"]), max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(akid=part.filter(lambda s: s.strip()), region=part, signed=part, header=part, length=st.integers(0, 3000))
def test_6_no_message_carries_an_unprintable_character(akid: str, region: str, signed: str, header: str,
                                                       length: int) -> None:
    long = "x" * length
    url = ("https://examplebucket.s3.amazonaws.com/" + quote(header + long) + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
           "&X-Amz-Credential=" + quote(akid + long + "/20130524/" + region + "/s3/aws4_request", safe="")
           + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=" + quote(signed + long)
           + "&X-Amz-Signature=" + DOCS_SIG)
    sent = [("x-h", header.replace("\r", "").replace("\n", "").replace("\x00", ""))]
    for call in (lambda: verify_presigned(url, credentials=DOCS_CREDS, now=DOCS_SIGNED_AT, headers=sent),
                 lambda: str(explain(url, headers=sent)), lambda: repr(explain(url, headers=sent))):
        try:
            text = call()
        except VerificationError as exc:
            text = str(exc)
            assert len(text) < 1200
        assert unprintable(str(text), "\n") == []


def test_6_the_command_line_prints_no_control_character(capsys: pytest.CaptureFixture[str]) -> None:
    from sigv4presign.cli import main

    url = _url_with_akid("AKID" + CONTROL.replace("\r\n\x00", ""))
    env = {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": DOCS_CREDS.secret_access_key,
           "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"}
    for argv in (["explain", url], ["verify", url, "--now", "20130524T000100Z"],
                 ["verify", url, "--header", "X-A: \x1b[31mred"], ["explain", url + "\x1b"]):
        main(argv, env)
        out = capsys.readouterr()
        assert unprintable(out.out, "\n") == [] and unprintable(out.err, "\n") == [], argv


# -- POST forms ---------------------------------------------------------------------------------

DOCS_BUCKET = "sigv4examplebucket"


@pytest.fixture(scope="module")
def post_docs() -> Dict[str, Any]:
    record = json.loads((VECTORS / "s3-docs" / "post-policy.json").read_text())
    fields = dict(record["inputs"]["form_fields"])
    fields["Policy"] = record["expected"]["policy_base64"]
    fields["X-Amz-Signature"] = record["expected"]["signature"]
    return {"fields": fields, "now": parse_amz_date(record["inputs"]["timestamp"])}


def _botocore_post(conditions: List[Any], fields: Dict[str, str], key: str = "uploads/${filename}") -> Dict[str, str]:
    """botocore's generate_presigned_post at NOW (bucket uploads-bucket, eu-west-1)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        hermetic_environment(monkeypatch)
        with PurePythonSigners("s3v4-presign-post"), frozen_clock(NOW.timestamp()):
            client = _s3_client(False)
            post = client.generate_presigned_post("uploads-bucket", key, Fields=dict(fields),
                                                  Conditions=list(conditions), ExpiresIn=900)
    return post["fields"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def post_forms(post_docs: Dict[str, Any]) -> Dict[str, Tuple[Dict[str, str], Dict[str, Any]]]:
    """name -> (fields, verify_s3_post arguments) of valid forms."""
    docs_kwargs = {"credentials": DOCS_CREDS, "now": post_docs["now"], "bucket": DOCS_BUCKET,
                   "filename": "photo.jpg"}
    boto_kwargs = {"credentials": CREDS, "now": T0 + 60, "bucket": "uploads-bucket", "filename": "cat.png",
                   "content_length": 10}
    return {
        "docs": (post_docs["fields"], docs_kwargs),
        "eq": (_botocore_post([{"Content-Type": "image/png"}, ["content-length-range", 1, 100]],
                              {"Content-Type": "image/png"}), boto_kwargs),
        # a form whose file part has no file name: ${filename} stays as it is
        "meta": (_botocore_post([{"x-amz-meta-name": "${filename}"}], {"x-amz-meta-name": "${filename}"}),
                 dict(boto_kwargs, filename=None)),
        "exact": (_botocore_post([], {}, key="uploads/fixed.txt"), boto_kwargs),
        "prefix": (_botocore_post([["starts-with", "$key", "uploads/"]], {}), boto_kwargs),
    }


def field(name: str, value: Optional[str]) -> Callable[[Dict[str, str]], Dict[str, str]]:
    def change(form: Dict[str, str]) -> Dict[str, str]:
        out = dict(form)
        if value is None:
            del out[name]
        else:
            out[name] = value
        return out
    return change


def nothing(form: Dict[str, str]) -> Dict[str, str]:
    return form


class PostAttack(NamedTuple):
    name: str
    base: str
    change: Callable[[Dict[str, str]], Dict[str, str]]
    kwargs: Dict[str, Any]
    error: Optional[type]
    fragment: str


POST_ATTACKS = [
    # #1: a Content-Type with commas is a list; every element must meet starts-with
    PostAttack("#1 Content-Type image/ then text/html", "docs", field("Content-Type", "image/jpeg,text/html"), {},
               PolicyConditionError, """["starts-with", "$Content-Type", "image/"]; the form's Content-Type"""),
    PostAttack("#1 Content-Type text/html then image/", "docs", field("Content-Type", "text/html,image/jpeg"), {},
               PolicyConditionError, "policy condition failed"),
    PostAttack("#1 Content-Type list, a space before the second", "docs", field("Content-Type", "image/png, image/gif"),
               {}, PolicyConditionError, "policy condition failed"),
    PostAttack("#1 Content-Type empty element", "docs", field("Content-Type", "image/png,"), {}, PolicyConditionError,
               "policy condition failed"),
    PostAttack("Content-Type list of images (S3's own example)", "docs", field("Content-Type", "image/jpg,image/png,image/gif"),
               {}, ACCEPTED, ""),
    PostAttack("eq Content-Type with a list", "eq", field("Content-Type", "image/png,text/html"), {},
               PolicyConditionError, """{"Content-Type": "image/png"}"""),
    PostAttack("commas are text in other fields", "docs", field("x-amz-meta-tag", "a,b"), {}, ACCEPTED, ""),
    # #2: ${filename} is the file name after its last / or \
    PostAttack("#2 a key of only ${filename}, a file name with the prefix", "prefix", field("key", "${filename}"),
               {"filename": "uploads/evil.html"}, PolicyConditionError, """["starts-with", "$key", "uploads/"]"""),
    PostAttack("#2 the same with a Windows path", "prefix", field("key", "${filename}"),
               {"filename": "uploads\\evil.html"}, PolicyConditionError, "the form's key is 'evil.html'"),
    PostAttack("#2 the key is the last segment", "docs", nothing, {"filename": "../../etc/photo.jpg"}, ACCEPTED,
               "user/user1/photo.jpg"),
    PostAttack("#2 ${filename} in another field is filled in too", "meta", nothing, {"filename": "cat.png"},
               PolicyConditionError,
               """{"x-amz-meta-name": "${filename}"}; the form's x-amz-meta-name is 'cat.png'"""),
    PostAttack("no file name: ${filename} stays as it is", "meta", nothing, {"filename": None}, ACCEPTED, ""),
    # #3: sizes, computed before anything is expanded
    PostAttack("#3 ${filename} repeated in the key", "docs",
               field("key", "user/user1/" + "${filename}" * 500), {"filename": "a" * 5000},
               MalformedRequestError, "S3 allows at most 1024 (KeyTooLongError)"),
    PostAttack("#3 key over 1,024 bytes", "docs", field("key", "user/user1/" + "é" * 507), {},
               MalformedRequestError, "the key is 1025 UTF-8 bytes"),
    PostAttack("key of 1,024 bytes", "docs", field("key", "user/user1/" + "é" * 506 + "a"), {}, ACCEPTED, ""),
    PostAttack("#3 fields before the file over 20 KB", "docs", field("x-ignore-padding", "p" * 20000), {},
               MalformedRequestError, "S3 allows 20480 (MaxPostPreDataLengthExceeded)"),
    PostAttack("#3 a file name over 20 KB", "docs", nothing, {"filename": "f" * 20480}, MalformedRequestError,
               "MaxPostPreDataLengthExceeded"),
    # fields and conditions
    PostAttack("condition on an absent field fails, even starts-with ''", "docs", field("x-amz-meta-tag", None), {},
               PolicyConditionError, "the form has no 'x-amz-meta-tag' field"),
    PostAttack("field without a condition", "docs", field("x-amz-meta-extra", "1"), {}, PolicyConditionError,
               "no policy condition names it"),
    PostAttack("x-ignore- field", "docs", field("x-ignore-tracking", "1"), {}, ACCEPTED, ""),
    PostAttack("field repeated in another case", "docs", nothing, {"extra": [("ACL", "public-read")]},
               MalformedRequestError, "appears more than once"),
    PostAttack("key outside the prefix", "docs", field("key", "user/user2/${filename}"), {}, PolicyConditionError,
               """["starts-with", "$key", "user/user1/"]"""),
    PostAttack("exact key changed", "exact", field("key", "uploads/other.txt"), {}, PolicyConditionError,
               """{"key": "uploads/fixed.txt"}"""),
    PostAttack("another bucket", "docs", nothing, {"bucket": "otherbucket"}, PolicyConditionError,
               """{"bucket": "sigv4examplebucket"}"""),
    PostAttack("value case changed", "docs", field("acl", "Public-Read"), {}, PolicyConditionError, "acl"),
    PostAttack("body too large", "eq", nothing, {"content_length": 101}, PolicyConditionError, "the file is 101 bytes"),
    PostAttack("policy re-encoded", "docs", lambda f: dict(f, Policy=base64.b64encode(json.dumps(json.loads(
        base64.b64decode(f["Policy"]))).encode()).decode()), {}, SignatureMismatchError, "signature does not match"),
    PostAttack("signature changed", "docs", field("X-Amz-Signature", "0" * 64), {}, SignatureMismatchError,
               "signature does not match"),
    PostAttack("expired", "docs", nothing, {"now": parse_amz_date("20151230T120000Z")}, ExpiredError,
               "the policy expired"),
    PostAttack("dated ahead", "docs", nothing, {"now": parse_amz_date("20151228T235000Z")}, NotYetValidError,
               "clock skew"),
    PostAttack("credential for another region expected", "docs", nothing, {"region": "eu-west-1"},
               ScopeMismatchError, "names region 'us-east-1'"),
    PostAttack("credential for another service", "docs",
               field("X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/sqs/aws4_request"), {},
               ScopeMismatchError, "POST forms are for s3"),
    PostAttack("token added", "docs", field("x-amz-security-token", "abc"), {}, SessionTokenError,
               "have no session token"),
    PostAttack("#6 field name with control characters", "docs", field("x-amz-meta-\x1b[2J", "1"), {},
               PolicyConditionError, "'x-amz-meta-\\x1b[2J'"),
]


@pytest.mark.parametrize("attack", POST_ATTACKS, ids=[a.name for a in POST_ATTACKS])
def test_post_attack(post_forms: Dict[str, Tuple[Dict[str, str], Dict[str, Any]]], attack: PostAttack) -> None:
    form, base_kwargs = post_forms[attack.base]
    assert isinstance(verify_s3_post(form, **base_kwargs), Verified)
    kwargs = dict(base_kwargs, **attack.kwargs)
    extra = kwargs.pop("extra", [])
    submitted: Any = attack.change(form)
    if extra:
        submitted = list(submitted.items()) + extra
    if attack.error is None:
        verified = verify_s3_post(submitted, **kwargs)
        assert verified.method == "POST" and verified.bucket == kwargs["bucket"]
        if attack.fragment:
            assert verified.key == attack.fragment
        return
    with pytest.raises(VerificationError) as info:
        verify_s3_post(submitted, **kwargs)
    assert type(info.value) is attack.error, (type(info.value), str(info.value))
    assert attack.fragment in str(info.value)
    assert len(str(info.value)) < 1200


def test_3_expansion_is_refused_before_it_is_built(post_docs: Dict[str, Any]) -> None:
    form = dict(post_docs["fields"], key="user/user1/" + "${filename}" * 1000)
    tracemalloc.start()
    try:
        with pytest.raises(MalformedRequestError) as info:
            verify_s3_post(form, credentials=DOCS_CREDS, now=post_docs["now"], bucket=DOCS_BUCKET,
                           filename="x" * 5000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.parameter == "key"  # type: ignore[attr-defined]
    assert peak < 1_000_000  # the expanded key would be 5 MB


def test_5_verified_reports_the_posted_object(post_docs: Dict[str, Any]) -> None:
    verified = verify_s3_post(post_docs["fields"], credentials=DOCS_CREDS, now=post_docs["now"],
                              bucket=DOCS_BUCKET, filename="C:\\Users\\me\\cat.jpg")
    assert (verified.method, verified.bucket, verified.key, verified.access_key_id, verified.host, verified.path) == (
        "POST", DOCS_BUCKET, "user/user1/cat.jpg", "AKIAIOSFODNN7EXAMPLE", None, None)


def test_attack_tables_name_every_problem() -> None:
    names = " ".join(a.name for a in URL_ATTACKS) + " " + " ".join(a.name for a in POST_ATTACKS)
    for item in ("#1", "#2", "#3", "#4", "#5", "#6"):
        assert item in names
    assert Path(__file__).with_name("test_values.py").read_text().count(
        "test_a_thousand_short_lived_presigns_leave_the_warnings_registry_constant") == 1  # #7
