"""The public presign() API: inputs, outputs, errors, secrets."""

import hashlib
import hmac
import warnings
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlsplit

import pytest
from freezegun import freeze_time

from sigv4presign import (
    CredentialExpiryWarning,
    Credentials,
    InvalidInputError,
    Presigned,
    SigV4Error,
    presign,
    presign_s3,
)

CREDS = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
TOKEN_CREDS = Credentials("ASIAEXAMPLE", "secret/with+chars=", "tok/en+with=chars")
NOW = datetime(2015, 8, 30, 12, 36, tzinfo=timezone.utc)


def sign(url: str = "https://example.amazonaws.com/", **kw: object) -> Presigned:
    options: dict = {"credentials": CREDS, "region": "us-east-1", "service": "service", "now": NOW}  # type: ignore[type-arg]
    options.update(kw)
    return presign(str(options.pop("method", "GET")), url, **options)


def params(p: Presigned) -> dict:  # type: ignore[type-arg]
    return dict(parse_qsl(urlsplit(p.url).query, keep_blank_values=True))


def test_result_fields() -> None:
    p = sign(expires_in=timedelta(minutes=5))
    assert str(p) == p.url
    assert p.method == "GET"
    assert p.headers == {}
    assert p.signed_at == NOW
    assert p.expires_at == NOW + timedelta(minutes=5)
    assert p.url.endswith("&X-Amz-Signature=" + p.signature)
    assert p.canonical_request.endswith("\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")


def test_signature_is_hmac_of_string_to_sign() -> None:
    p = sign()
    key = ("AWS4" + CREDS.secret_access_key).encode()
    for part in ("20150830", "us-east-1", "service", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    assert p.signature == hmac.new(key, p.string_to_sign.encode(), hashlib.sha256).hexdigest()
    assert p.string_to_sign.endswith(hashlib.sha256(p.canonical_request.encode()).hexdigest())


@pytest.mark.parametrize(
    ("mode", "in_canonical", "in_url"),
    [("signed", True, True), ("unsigned", False, True), ("omit", False, False)],
)
def test_session_token_modes(mode: str, in_canonical: bool, in_url: bool) -> None:
    p = sign(credentials=TOKEN_CREDS, session_token=mode)
    assert ("X-Amz-Security-Token=tok%2Fen%2Bwith%3Dchars" in p.canonical_request) is in_canonical
    assert (params(p).get("X-Amz-Security-Token") == "tok/en+with=chars") is in_url
    assert p.url.endswith("X-Amz-Signature=" + p.signature)


def test_headers_are_signed_and_returned() -> None:
    p = sign(method="put", headers=[("Content-Type", "text/plain"), ("X-Amz-Meta-A", " 1 "), ("x-amz-meta-a", "2")])
    assert p.method == "PUT"
    assert params(p)["X-Amz-SignedHeaders"] == "content-type;host;x-amz-meta-a"
    assert "x-amz-meta-a:1,2\n" in p.canonical_request
    # A repeated header (names are case-insensitive) is one field line with the values
    # joined by "," (RFC 9110 5.3), exactly as signed: a server that trims each line
    # would otherwise read " 1 ,2", and a case-insensitive dict would drop one.
    assert p.headers == {"Content-Type": "text/plain", "X-Amz-Meta-A": "1,2"}


@pytest.mark.parametrize(
    ("headers", "sent", "canonical"),
    [
        ([("X-A", "a "), ("X-A", " b")], {"X-A": "a,b"}, "x-a:a,b\n"),
        ([("X-A", "a  b"), ("x-a", "c"), ("X-a", " d ")], {"X-A": "a b,c,d"}, "x-a:a b,c,d\n"),
        ([("X-A", " a ")], {"X-A": " a "}, "x-a:a\n"),
    ],
)
def test_repeated_headers_are_sent_as_signed(headers: list, sent: dict, canonical: str) -> None:  # type: ignore[type-arg]
    p = sign(headers=headers)
    assert p.headers == sent
    assert "\n" + canonical in p.canonical_request


def test_host_header_overrides_url_host_and_must_be_sent() -> None:
    # The URL points elsewhere (a tunnel, a proxy), so the client must send this Host
    # itself: it is one of the headers to send, or the signature cannot match.
    p = sign(headers={"Host": "other.example.com"})
    assert "\nhost:other.example.com\n" in p.canonical_request
    assert urlsplit(p.url).netloc == "example.amazonaws.com"
    assert p.headers == {"Host": "other.example.com"}


def test_host_header_equal_to_url_host_is_not_repeated() -> None:
    p = sign(headers={"Host": "example.amazonaws.com"})
    assert "\nhost:example.amazonaws.com\n" in p.canonical_request
    assert p.headers == {}


@pytest.mark.parametrize("value", ["caf\u00e9", "a\x01b"])
def test_verification_still_reads_received_headers_http_allows(value: str) -> None:
    # Only presigning refuses them (they cannot be sent as signed); a received request
    # may carry obs-text (RFC 9110 5.5) in a header it did not sign.
    from sigv4presign import verify_presigned

    p = sign()
    verified = verify_presigned(p.url, credentials=CREDS, headers={"User-Agent": value}, now=NOW)
    assert tuple(verified.signed_headers) == ("host",)


def test_header_value_with_tab_is_accepted() -> None:
    # RFC 9110 5.5: field values may hold HTAB; SigV4's Trimall folds it to one space.
    p = sign(headers={"X-A": "a\tb"})
    assert "\nx-a:a b\n" in p.canonical_request


def test_url_may_expire_at_the_last_second_of_9999() -> None:
    last = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
    p = sign(now=last - timedelta(hours=1), expires_in=3600)
    assert p.expires_at == last
    assert "99991231T235959Z" in repr(p)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://EXAMPLE.com:443/", "example.com"),
        ("http://example.com:80/", "example.com"),
        ("https://example.com:8443/", "example.com:8443"),
        ("wss://example.com:443/mqtt", "example.com"),
        ("http://127.0.0.1:9000/", "127.0.0.1:9000"),
        ("http://[::1]:9000/", "[::1]:9000"),
    ],
)
def test_signed_host_drops_default_port(url: str, host: str) -> None:
    p = sign(url)
    assert "\nhost:%s\n" % host in p.canonical_request
    assert urlsplit(p.url).netloc == host


def test_query_is_re_encoded_and_kept_in_order() -> None:
    p = sign("https://example.amazonaws.com/?b=2&a=x+y&c=%7e&empty")
    query = urlsplit(p.url).query
    assert query.startswith("b=2&a=x%20y&c=~&empty=&X-Amz-Algorithm=")
    assert p.canonical_request.split("\n")[2].startswith("X-Amz-Algorithm=")  # upper case sorts first
    assert p.canonical_request.split("\n")[2].endswith("&a=x%20y&b=2&c=~&empty=")


def test_params_keyword_adds_decoded_parameters() -> None:
    p = sign("https://example.amazonaws.com/?Action=connect", params={"DBUser": "a b/c"})
    assert urlsplit(p.url).query.startswith("Action=connect&DBUser=a%20b%2Fc&")


def test_raw_characters_in_path_are_encoded_in_url() -> None:
    p = sign("https://example.amazonaws.com/a b/ü")
    assert urlsplit(p.url).path == "/a%20b/%C3%BC"


def test_payload_hash() -> None:
    assert sign(payload_hash="UNSIGNED-PAYLOAD").canonical_request.endswith("\nUNSIGNED-PAYLOAD")


def test_now_defaults_to_clock_read_once() -> None:
    with freeze_time("2026-01-02 03:04:05"):
        p = sign(now=None)
    assert p.signed_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert "X-Amz-Date=20260102T030405Z" in p.url


def test_credential_expiry_shortens_expires_at_and_warns() -> None:
    creds = Credentials("ASIA", "secret", "token", expiration=NOW + timedelta(minutes=10))
    with pytest.warns(CredentialExpiryWarning, match="before the URL"):
        p = sign(credentials=creds, expires_in=3600)
    assert p.expires_at == NOW + timedelta(minutes=10)
    assert params(p)["X-Amz-Expires"] == "3600"


@pytest.mark.parametrize("ago", [timedelta(0), timedelta(seconds=1), timedelta(days=3)])
def test_credentials_expired_at_signing_time_are_refused(ago: timedelta) -> None:
    # A URL signed with them could never work: refused, not warned about.
    creds = Credentials("ASIA", "secret", "token", expiration=NOW - ago)
    with pytest.raises(InvalidInputError, match="the credentials expired at .* refresh them"):
        sign(credentials=creds)


def test_no_warning_when_credentials_outlive_url() -> None:
    creds = Credentials("ASIA", "secret", "token", expiration=NOW + timedelta(hours=2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = sign(credentials=creds, expires_in=3600)
    assert p.expires_at == NOW + timedelta(hours=1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"url": "example.com/a"}, "not absolute"),
        ({"url": "https://example.com/a#frag"}, "fragment"),
        ({"url": "https://user:pw@example.com/"}, "user info"),
        ({"url": "https:///path"}, "no host"),
        ({"url": "https://exa mple.com/"}, "no host can have"),
        ({"url": "https://example.com:99999/"}, "port"),
        ({"url": "https://example.com/?X-Amz-Signature=abc"}, "X-Amz-Signature"),
        ({"url": b"https://example.com/"}, "must be a string"),
        ({"method": "GE T"}, "HTTP method"),
        ({"method": ""}, "HTTP method"),
        ({"region": ""}, "region"),
        ({"region": "us east"}, "region"),
        ({"service": "s3/x"}, "service"),
        ({"expires_in": 0}, "between 1 and 604800"),
        ({"expires_in": 604801}, "between 1 and 604800"),
        ({"now": datetime(2015, 8, 30)}, "naive"),
        ({"session_token": "maybe"}, "session_token"),
        ({"headers": {"Bad Name": "x"}}, "header name"),
        ({"headers": {"X-A": "a\r\nX-Injected: 1"}}, "line break"),
        ({"headers": {"X-A": None}}, "must be a string"),
        ({"headers": ["X-A"]}, "pairs"),
        ({"params": {"a": 1.5}}, "string or an int"),
        ({"payload_hash": "has space"}, "payload_hash"),
        ({"credentials": ("AKID", "secret")}, "sigv4presign.Credentials"),
        # text that has no UTF-8 form, or that an HTTP header cannot carry (RFC 9110 5.5)
        ({"url": "https://example.com/a\ud800"}, "lone surrogate"),
        ({"url": "https://example.com/?a=\udfff"}, "lone surrogate"),
        ({"params": {"a": "\ud800"}}, "lone surrogate"),
        ({"params": {"\ud800": "a"}}, "lone surrogate"),
        ({"headers": {"X-A": "caf\u00e9"}}, "ASCII"),
        ({"headers": {"X-A": "\u65e5\u672c"}}, "ASCII"),
        ({"headers": {"X-A": "\ud800"}}, "ASCII"),
        ({"headers": {"X-A": "a\x01b"}}, "control character"),
        ({"headers": {"X-A": "a\x7fb"}}, "control character"),
        ({"headers": 5}, "mapping"),
        ({"params": 5}, "mapping"),
        ({"params": {"a": 10**5000}}, "too large"),
        ({"headers": {"Content-Length": 10**5000}}, "too large"),
        ({"method": "G\u00c9T"}, "HTTP method"),
        ({"method": "\u0131t"}, "HTTP method"),
        ({"now": datetime(9999, 12, 31, 23, tzinfo=timezone.utc), "expires_in": 3601}, "9999"),
        # S3 and the other services accept one auth mechanism per request
        ({"headers": {"Authorization": "AWS4-HMAC-SHA256 Credential=x"}}, "Authorization header"),
        ({"headers": [("authorization", "x")]}, "Authorization header"),
    ],
)
def test_bad_input_is_a_clear_error(kwargs: dict, message: str) -> None:  # type: ignore[type-arg]
    url = kwargs.pop("url", "https://example.amazonaws.com/")
    with pytest.raises(InvalidInputError, match=message) as info:
        sign(url, **kwargs)
    assert isinstance(info.value, SigV4Error)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("", "secret"), "access_key_id"),
        (("AKID", ""), "secret_access_key"),
        (("AKID", "se cret"), "secret_access_key"),
        (("AKID", "secret", ""), "session_token"),
        (("AKID", "secret", None, datetime(2030, 1, 1)), "naive"),
        (("AKID\ud800", "secret"), "access_key_id"),
        (("AKID", "secret\ud800"), "secret_access_key"),
        (("AKID", "secret", "tok\ud800"), "session_token"),
    ],
)
def test_credentials_validation(args: tuple, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidInputError, match=message) as info:
        Credentials(*args)
    assert "secret" not in str(info.value).replace("secret_access_key", "") or message == "naive"


def test_secrets_never_in_repr_or_errors() -> None:
    creds = Credentials("AKIDEXAMPLE", "TopSecretKey", "TopSecretToken")
    assert "TopSecret" not in repr(creds)
    assert "AKIDEXAMPLE" in repr(creds)
    p = presign_s3("GET", "bucket", "key", credentials=creds, region="us-east-1", now=NOW)
    assert "TopSecret" not in repr(p)
    with pytest.raises(InvalidInputError) as info:
        presign_s3("GET", "bucket", "key", credentials=creds, region="us-east-1", now=NOW, expires_in=0)
    assert "TopSecret" not in str(info.value)


def test_credentials_equality_and_hash() -> None:
    a = Credentials("A", "B", "C", expiration=NOW)
    b = Credentials("A", "B", "C", expiration=int(NOW.timestamp()))
    assert a == b and hash(a) == hash(b)
    assert a != Credentials("A", "B")
