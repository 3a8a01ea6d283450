"""verify_presigned and explain, check by check, as a spec table.

The base request is the S3 API Reference example (``s3-docs/presigned-get-object.json``):
its URL verifies at its time, ``explain`` reproduces the documented canonical request
and string to sign, and each row below changes one thing and names the error (and the
evidence) a careful server gives.
"""

import json
from pathlib import Path
from typing import Any, Callable, Dict

import pytest
from support import VECTORS

from sigv4presign import (
    Credentials,
    ExpiredError,
    MalformedRequestError,
    NotYetValidError,
    ScopeMismatchError,
    SignatureMismatchError,
    SigV4Error,
    UnknownAccessKeyError,
    VerificationError,
    Verified,
    explain,
    presign,
    presign_s3,
    verify_presigned,
)
from sigv4presign.core.errors import SessionTokenError
from sigv4presign.core.timefmt import parse_amz_date

SIGNED_AT = parse_amz_date("20130524T000000Z")
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
CREDS = Credentials("AKIAIOSFODNN7EXAMPLE", SECRET)


@pytest.fixture(scope="module")
def docs() -> Dict[str, Any]:
    path = VECTORS / "s3-docs" / "presigned-get-object.json"
    return json.loads(Path(path).read_text())  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def url(docs: Dict[str, Any]) -> str:
    return docs["expected"]["presigned_url"]  # type: ignore[no-any-return]


def test_the_documentation_url_verifies(url: str) -> None:
    verified = verify_presigned(url, credentials=CREDS, now=SIGNED_AT + 60)
    assert isinstance(verified, Verified)
    assert (verified.access_key_id, verified.region, verified.service) == (
        "AKIAIOSFODNN7EXAMPLE", "us-east-1", "s3")
    assert verified.signed_headers == ("host",)
    assert verified.method == "GET"
    assert verified.signed_at.isoformat() == "2013-05-24T00:00:00+00:00"
    assert verified.expires_at.isoformat() == "2013-05-25T00:00:00+00:00"


def test_explain_reproduces_the_documented_canonical_request(url: str, docs: Dict[str, Any]) -> None:
    explanation = explain(url)
    assert explanation.canonical_request == docs["expected"]["canonical_request"]
    assert explanation.string_to_sign == docs["expected"]["string_to_sign"]
    assert explanation.signature == docs["expected"]["signature"]
    assert explanation.rules == "s3"
    assert explanation.missing_headers == ()
    text = str(explanation)
    assert docs["expected"]["canonical_request"] in text
    assert docs["expected"]["string_to_sign"] in text


# (name, change to the URL, extra verify_presigned arguments, expected error, evidence)
Case = Any
SIG = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"


def sub(old: str, new: str) -> Callable[[str], str]:
    def change(url: str) -> str:
        assert old in url
        return url.replace(old, new, 1)

    return change


def same(url: str) -> str:
    return url


CASES = [
    ("algorithm other", sub("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1"), {}, MalformedRequestError,
     {"parameter": "X-Amz-Algorithm"}),
    ("algorithm missing", sub("X-Amz-Algorithm=AWS4-HMAC-SHA256&", ""), {}, MalformedRequestError,
     {"parameter": "X-Amz-Algorithm"}),
    ("algorithm sigv4a without a region set", sub("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256"), {}, MalformedRequestError,
     {"parameter": "X-Amz-Region-Set"}),
    ("credential without terminator", sub("%2Faws4_request", ""), {}, MalformedRequestError,
     {"parameter": "X-Amz-Credential"}),
    ("credential bad terminator", sub("aws4_request", "aws4_reques"), {}, MalformedRequestError,
     {"parameter": "X-Amz-Credential"}),
    ("credential impossible date", sub("%2F20130524%2F", "%2F20131324%2F"), {}, MalformedRequestError,
     {"parameter": "X-Amz-Credential"}),
    ("credential no access key", sub("AKIAIOSFODNN7EXAMPLE%2F", "%2F"), {}, MalformedRequestError,
     {"parameter": "X-Amz-Credential"}),
    ("credential missing", sub("X-Amz-Credential=", "X-Amz-Credentials="), {}, MalformedRequestError,
     {"parameter": "X-Amz-Credential"}),
    ("date malformed", sub("X-Amz-Date=20130524T000000Z", "X-Amz-Date=20130524T000000"), {},
     MalformedRequestError, {"parameter": "X-Amz-Date"}),
    ("date impossible time", sub("X-Amz-Date=20130524T000000Z", "X-Amz-Date=20130524T240000Z"), {},
     MalformedRequestError, {"parameter": "X-Amz-Date"}),
    # str.isdigit() and int() take these, but X-Amz-Date is ASCII: "²" once crashed int()
    ("date with a superscript digit", sub("X-Amz-Date=20130524T000000Z", "X-Amz-Date=20130524T00000%C2%B2Z"),
     {}, MalformedRequestError, {"parameter": "X-Amz-Date"}),
    ("date with an Arabic-Indic digit", sub("X-Amz-Date=20130524T000000Z", "X-Amz-Date=20130524T00000%D9%A0Z"),
     {}, MalformedRequestError, {"parameter": "X-Amz-Date"}),
    ("date another day than the scope", sub("X-Amz-Date=20130524", "X-Amz-Date=20130525"), {},
     ScopeMismatchError, {"part": "date", "expected": "20130525", "actual": "20130524"}),
    ("expires zero", sub("X-Amz-Expires=86400", "X-Amz-Expires=0"), {}, MalformedRequestError,
     {"parameter": "X-Amz-Expires"}),
    ("expires over seven days", sub("X-Amz-Expires=86400", "X-Amz-Expires=604801"), {},
     MalformedRequestError, {"parameter": "X-Amz-Expires"}),
    ("expires negative", sub("X-Amz-Expires=86400", "X-Amz-Expires=-86400"), {},
     MalformedRequestError, {"parameter": "X-Amz-Expires"}),
    ("expires not a number", sub("X-Amz-Expires=86400", "X-Amz-Expires=1e5"), {},
     MalformedRequestError, {"parameter": "X-Amz-Expires"}),
    ("expires missing", sub("X-Amz-Expires=86400&", ""), {}, MalformedRequestError,
     {"parameter": "X-Amz-Expires"}),
    ("signed headers without host", sub("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=range"), {},
     MalformedRequestError, {"parameter": "X-Amz-SignedHeaders"}),
    ("signed headers unsorted", sub("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=range%3Bhost"), {},
     MalformedRequestError, {"parameter": "X-Amz-SignedHeaders"}),
    ("signed headers repeated", sub("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=host%3Bhost"), {},
     MalformedRequestError, {"parameter": "X-Amz-SignedHeaders"}),
    ("signed headers upper case", sub("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=Host"), {},
     MalformedRequestError, {"parameter": "X-Amz-SignedHeaders"}),
    ("signed header not sent", sub("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=host%3Brange"), {},
     MalformedRequestError, {"parameter": "X-Amz-SignedHeaders", "missing_headers": ("range",)}),
    ("signature missing", sub("&X-Amz-Signature=" + SIG, ""), {}, MalformedRequestError,
     {"parameter": "X-Amz-Signature"}),
    ("signature upper case", sub(SIG, SIG.upper()), {}, MalformedRequestError,
     {"parameter": "X-Amz-Signature"}),
    ("signature short", sub(SIG, SIG[:-1]), {}, MalformedRequestError, {"parameter": "X-Amz-Signature"}),
    ("duplicate date", sub("&X-Amz-Expires", "&X-Amz-Date=20130524T000000Z&X-Amz-Expires"), {},
     MalformedRequestError, {"parameter": "X-Amz-Date"}),
    ("duplicate signature", lambda u: u + "&X-Amz-Signature=" + SIG, {}, MalformedRequestError,
     {"parameter": "X-Amz-Signature"}),
    ("duplicate in another case", lambda u: u + "&x-amz-date=20130524T000000Z", {},
     MalformedRequestError, {"parameter": "X-Amz-Date"}),
    ("auth parameter misspelled", sub("X-Amz-Date=", "x-amz-date="), {}, MalformedRequestError,
     {"parameter": "X-Amz-Date"}),
    ("fragment", lambda u: u + "#x", {}, MalformedRequestError, {"parameter": "url"}),
    ("not absolute", lambda u: u.split("://", 1)[1], {}, MalformedRequestError, {"parameter": "url"}),
    ("region other than expected", same, {"region": "eu-west-1"}, ScopeMismatchError,
     {"part": "region", "expected": "eu-west-1", "actual": "us-east-1"}),
    ("service other than expected", same, {"service": "execute-api"}, ScopeMismatchError,
     {"part": "service", "expected": "execute-api", "actual": "s3"}),
    ("unknown access key", same, {"credentials": Credentials("AKIDOTHER", SECRET)},
     UnknownAccessKeyError, {"access_key_id": "AKIAIOSFODNN7EXAMPLE"}),
    ("unknown in a mapping", same, {"credentials": {"AKIDOTHER": CREDS}}, UnknownAccessKeyError,
     {"access_key_id": "AKIAIOSFODNN7EXAMPLE"}),
    ("unknown to a callable", same, {"credentials": lambda akid: None}, UnknownAccessKeyError,
     {"access_key_id": "AKIAIOSFODNN7EXAMPLE"}),
    ("token required", same,
     {"credentials": Credentials("AKIAIOSFODNN7EXAMPLE", SECRET, "TOKEN")}, SessionTokenError,
     {"parameter": "X-Amz-Security-Token", "problem": "missing"}),
    ("token unexpected", lambda u: u + "&X-Amz-Security-Token=TOKEN", {}, SessionTokenError,
     {"parameter": "X-Amz-Security-Token", "problem": "unexpected"}),
    ("expired at the end of its life", same, {"now": SIGNED_AT + 86400}, ExpiredError, {}),
    ("expired long ago", same, {"now": SIGNED_AT + 10**8}, ExpiredError, {}),
    ("credentials expired first", same,
     {"credentials": Credentials("AKIAIOSFODNN7EXAMPLE", SECRET, expiration=SIGNED_AT + 100),
      "now": SIGNED_AT + 100}, ExpiredError, {}),
    ("dated ahead beyond the skew", same, {"now": SIGNED_AT - 301}, NotYetValidError,
     {"max_clock_skew": 300}),
    ("dated ahead, no skew allowed", same, {"now": SIGNED_AT - 1, "max_clock_skew": 0},
     NotYetValidError, {"max_clock_skew": 0}),
    ("flipped signature", sub(SIG, SIG[:-1] + "5"), {}, SignatureMismatchError, {}),
    ("another method", same, {"method": "PUT"}, SignatureMismatchError, {}),
    ("another key", sub("/test.txt?", "/test.txu?"), {}, SignatureMismatchError, {}),
    ("added parameter", lambda u: u + "&versionId=1", {}, SignatureMismatchError, {}),
    ("another host header", same, {"headers": {"Host": "otherbucket.s3.amazonaws.com"}},
     SignatureMismatchError, {}),
    ("other expiry", sub("X-Amz-Expires=86400", "X-Amz-Expires=86401"), {}, SignatureMismatchError, {}),
    ("another secret", same, {"credentials": Credentials("AKIAIOSFODNN7EXAMPLE", SECRET[:-1] + "L")},
     SignatureMismatchError, {}),
]


@pytest.mark.parametrize(("name", "change", "kwargs", "error", "evidence"), CASES, ids=[c[0] for c in CASES])
def test_each_check(url: str, name: str, change: Callable[[str], str], kwargs: Dict[str, Any],
                    error: type, evidence: Dict[str, Any]) -> None:
    arguments: Dict[str, Any] = {"credentials": CREDS, "now": SIGNED_AT + 60}
    arguments.update(kwargs)
    with pytest.raises(error) as info:
        verify_presigned(change(url), **arguments)
    assert isinstance(info.value, VerificationError)
    for attribute, value in evidence.items():
        assert getattr(info.value, attribute) == value
    message = str(info.value)
    assert message
    assert SECRET not in message and SECRET not in repr(info.value.evidence)


def test_the_last_valid_second_and_the_allowed_skew(url: str) -> None:
    assert verify_presigned(url, credentials=CREDS, now=SIGNED_AT + 86399)
    assert verify_presigned(url, credentials=CREDS, now=SIGNED_AT - 300)
    assert verify_presigned(url, credentials=CREDS, now=SIGNED_AT - 5, max_clock_skew=5)


def test_expired_evidence(url: str) -> None:
    with pytest.raises(ExpiredError) as info:
        verify_presigned(url, credentials=CREDS, now=SIGNED_AT + 86400 + 5)
    assert info.value.signed_at.isoformat() == "2013-05-24T00:00:00+00:00"  # type: ignore[attr-defined]
    assert info.value.expires_at.isoformat() == "2013-05-25T00:00:00+00:00"  # type: ignore[attr-defined]
    assert info.value.now.isoformat() == "2013-05-25T00:00:05+00:00"  # type: ignore[attr-defined]


def test_signature_mismatch_evidence_is_the_documented_canonical_request(url: str, docs: Dict[str, Any]) -> None:
    # The URL is intact but the signature is not: what we computed is exactly what AWS documents.
    with pytest.raises(SignatureMismatchError) as info:
        verify_presigned(url.replace(SIG, "0" * 64), credentials=CREDS, now=SIGNED_AT)
    assert info.value.canonical_request == docs["expected"]["canonical_request"]  # type: ignore[attr-defined]
    assert info.value.string_to_sign == docs["expected"]["string_to_sign"]  # type: ignore[attr-defined]
    assert SIG not in repr(info.value.evidence)  # never the expected signature


def test_credentials_lookups(url: str) -> None:
    seen = []

    def lookup(akid: str) -> Credentials:
        seen.append(akid)
        return CREDS

    for credentials in (CREDS, {"AKIAIOSFODNN7EXAMPLE": CREDS}, lookup):
        assert verify_presigned(url, credentials=credentials, now=SIGNED_AT).access_key_id == "AKIAIOSFODNN7EXAMPLE"
    assert seen == ["AKIAIOSFODNN7EXAMPLE"]


@pytest.mark.parametrize("bad", [None, "AKIAIOSFODNN7EXAMPLE", 42])
def test_credentials_of_the_wrong_type_are_an_input_error(url: str, bad: Any) -> None:
    with pytest.raises(SigV4Error, match="credentials"):
        verify_presigned(url, credentials=bad, now=SIGNED_AT)


def test_a_lookup_returning_credentials_of_another_key_is_refused(url: str) -> None:
    with pytest.raises(UnknownAccessKeyError):
        verify_presigned(url, credentials=lambda akid: Credentials("OTHER", SECRET), now=SIGNED_AT)


TOKEN = "IQoJb3JpZ2luX2VjE/token+with=specials"
TEMP = Credentials("ASIAEXAMPLE", "temporary/secret", TOKEN)


@pytest.mark.parametrize("mode", ["signed", "unsigned"])
def test_session_tokens(mode: str) -> None:
    presigned = presign("GET", "https://example.com/", credentials=TEMP, region="us-east-1",
                        service="iotdevicegateway", now=SIGNED_AT, session_token=mode)
    assert verify_presigned(presigned.url, credentials=TEMP, now=SIGNED_AT, session_token=mode)
    other = "unsigned" if mode == "signed" else "signed"
    with pytest.raises(SignatureMismatchError) as info:
        verify_presigned(presigned.url, credentials=TEMP, now=SIGNED_AT, session_token=other)
    assert TOKEN not in str(info.value) and TOKEN not in repr(info.value.evidence)
    from sigv4presign import uri_encode

    assert uri_encode(TOKEN) not in repr(info.value.evidence)
    # another token, dropped token
    changed = presigned.url.replace(uri_encode(TOKEN), "OTHER")
    with pytest.raises(SessionTokenError) as token_info:
        verify_presigned(changed, credentials=TEMP, now=SIGNED_AT, session_token=mode)
    assert token_info.value.problem == "mismatch"  # type: ignore[attr-defined]
    assert TOKEN not in str(token_info.value)
    dropped = presigned.url.replace("&X-Amz-Security-Token=" + uri_encode(TOKEN), "")
    with pytest.raises(SessionTokenError):
        verify_presigned(dropped, credentials=TEMP, now=SIGNED_AT, session_token=mode)


def test_an_unknown_token_mode_is_an_input_error(url: str) -> None:
    with pytest.raises(SigV4Error, match="session_token"):
        verify_presigned(url, credentials=CREDS, now=SIGNED_AT, session_token="omit")


def test_signed_headers_must_be_sent_and_match() -> None:
    put = presign_s3("PUT", "examplebucket", "photo.jpg", credentials=CREDS, region="eu-west-1",
                     headers={"Content-Type": "image/jpeg", "x-amz-meta-owner": "ann"}, now=SIGNED_AT)
    assert put.headers == {"Content-Type": "image/jpeg", "x-amz-meta-owner": "ann"}
    verified = verify_presigned(put.url, credentials=CREDS, method="PUT", headers=put.headers, now=SIGNED_AT)
    assert verified.signed_headers == ("content-type", "host", "x-amz-meta-owner")
    # names are case-insensitive, values are compared as canonical (trimmed, folded)
    assert verify_presigned(put.url, credentials=CREDS, method="put", now=SIGNED_AT,
                            headers=[("CONTENT-TYPE", "  image/jpeg "), ("X-Amz-Meta-Owner", "ann")])
    with pytest.raises(MalformedRequestError) as info:
        verify_presigned(put.url, credentials=CREDS, method="PUT", now=SIGNED_AT,
                         headers={"Content-Type": "image/jpeg"})
    assert info.value.missing_headers == ("x-amz-meta-owner",)  # type: ignore[attr-defined]
    with pytest.raises(SignatureMismatchError):
        verify_presigned(put.url, credentials=CREDS, method="PUT", now=SIGNED_AT,
                         headers={"Content-Type": "image/png", "x-amz-meta-owner": "ann"})
    # an unsigned header is ignored, as S3 ignores it
    assert verify_presigned(put.url, credentials=CREDS, method="PUT", now=SIGNED_AT,
                            headers=dict(put.headers, Accept="*/*"))


# S3 refuses x-amz-* headers a presigned request carries but does not sign ("There were
# headers present in the request which were not signed", HeadersNotSigned); otherwise the
# holder of a URL could add an ACL, metadata or a copy source. x-amz-content-sha256 and
# x-amz-date are let through, as SeaweedFS lets them (test_verify_interop.py).
@pytest.mark.parametrize(("extra", "refused"), [
    ({"x-amz-acl": "public-read"}, ("x-amz-acl",)),
    ({"X-Amz-Meta-Owner": "mallory", "X-Amz-Copy-Source": "/other/key"}, ("x-amz-copy-source", "x-amz-meta-owner")),
    ({"x-amz-security-token": "abc"}, ("x-amz-security-token",)),
    ({"x-amz-content-sha256": "UNSIGNED-PAYLOAD", "x-amz-date": "20130524T000000Z"}, ()),
    ({"x-amzn-trace-id": "Root=1-5759e988-bd862e3fe1be46a994272793", "Accept": "*/*"}, ()),
])
def test_unsigned_amz_headers_are_refused_for_s3(extra: Dict[str, str], refused: Any) -> None:
    put = presign_s3("PUT", "examplebucket", "photo.jpg", credentials=CREDS, region="eu-west-1",
                     headers={"Content-Type": "image/jpeg"}, now=SIGNED_AT)
    headers = dict(put.headers, **extra)
    if not refused:
        assert verify_presigned(put.url, credentials=CREDS, method="PUT", headers=headers, now=SIGNED_AT)
        return
    with pytest.raises(MalformedRequestError) as info:
        verify_presigned(put.url, credentials=CREDS, method="PUT", headers=headers, now=SIGNED_AT)
    assert info.value.parameter == "X-Amz-SignedHeaders"  # type: ignore[attr-defined]
    assert info.value.unsigned_headers == refused  # type: ignore[attr-defined]
    assert str(info.value) == (
        "the request has x-amz-* headers the URL does not sign: %s; S3 refuses them "
        "(HeadersNotSigned)" % ", ".join(refused)
    )


def test_unsigned_amz_headers_are_no_concern_of_other_services() -> None:
    presigned = presign("GET", "https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15",
                        credentials=CREDS, region="us-east-1", service="sts", now=SIGNED_AT)
    assert verify_presigned(presigned.url, credentials=CREDS, headers={"x-amz-user-agent": "x"}, now=SIGNED_AT)


def test_explain_lists_signed_headers_not_given() -> None:
    put = presign_s3("PUT", "examplebucket", "photo.jpg", credentials=CREDS, region="eu-west-1",
                     headers={"Content-Type": "image/jpeg"}, now=SIGNED_AT)
    explanation = explain(put.url, method="PUT")
    assert explanation.missing_headers == ("content-type",)
    assert "\ncontent-type:\n" in explanation.canonical_request
    assert explain(put.url, method="PUT", headers=put.headers).canonical_request == put.canonical_request


def test_explain_redacts_the_token_in_text_only() -> None:
    presigned = presign("GET", "https://example.com/", credentials=TEMP, region="us-east-1",
                        service="sts", now=SIGNED_AT)
    explanation = explain(presigned.url)
    assert explanation.canonical_request == presigned.canonical_request
    assert explanation.session_token == "signed"
    from sigv4presign import uri_encode

    assert uri_encode(TOKEN) not in str(explanation) and TOKEN not in str(explanation)
    assert "X-Amz-Security-Token=<redacted>" in str(explanation)
    assert TOKEN not in repr(explanation)


def test_generic_services_normalize_and_double_encode_the_received_path() -> None:
    # The path as a server receives it: "%20" stays an escape and is encoded again
    # ("%2520"), "." and empty segments are removed (the rules of the AWS vectors).
    presigned = presign("GET", "https://example.com/a/./b//c%20d", credentials=CREDS,
                        region="us-east-1", service="execute-api", now=SIGNED_AT)
    assert presigned.canonical_request.split("\n")[1] == "/a/b/c%2520d"
    verified = verify_presigned(presigned.url, credentials=CREDS, now=SIGNED_AT)
    assert verified.service == "execute-api"
    assert explain(presigned.url).rules == "generic"
    # the same path after normalisation is the same request for such a service
    assert verify_presigned(presigned.url.replace("/a/./b//c", "/a/b/c"), credentials=CREDS, now=SIGNED_AT)


def test_s3_never_normalizes() -> None:
    presigned = presign_s3("GET", "examplebucket", "a/./b//c", credentials=CREDS, region="us-east-1",
                           now=SIGNED_AT)
    assert verify_presigned(presigned.url, credentials=CREDS, now=SIGNED_AT)
    with pytest.raises(SignatureMismatchError):
        verify_presigned(presigned.url.replace("/a/./b//c", "/a/b/c"), credentials=CREDS, now=SIGNED_AT)


def test_rule_overrides() -> None:
    presigned = presign("GET", "https://example.com/a//b", credentials=CREDS, region="us-east-1",
                        service="svc", now=SIGNED_AT, normalize_path=False, payload_hash="UNSIGNED-PAYLOAD")
    with pytest.raises(SignatureMismatchError):
        verify_presigned(presigned.url, credentials=CREDS, now=SIGNED_AT)
    assert verify_presigned(presigned.url, credentials=CREDS, now=SIGNED_AT, normalize_path=False,
                            payload_hash="UNSIGNED-PAYLOAD")


def test_max_expires_in_can_be_raised_for_other_stores() -> None:
    presigned = presign_s3("GET", "b", "k", credentials=CREDS, region="us-east-1", now=SIGNED_AT,
                           expires_in=10**6, max_expires_in=10**7)
    with pytest.raises(MalformedRequestError):
        verify_presigned(presigned.url, credentials=CREDS, now=SIGNED_AT)
    assert verify_presigned(presigned.url, credentials=CREDS, now=SIGNED_AT, max_expires_in=10**7)


@pytest.mark.parametrize("arguments", [
    {"method": "G T"}, {"max_clock_skew": -1}, {"max_clock_skew": True}, {"now": "yesterday"},
    {"headers": {"Bad Name": "x"}}, {"payload_hash": ""},
])
def test_bad_arguments_are_input_errors(url: str, arguments: Dict[str, Any]) -> None:
    kwargs: Dict[str, Any] = {"credentials": CREDS, "now": SIGNED_AT}
    kwargs.update(arguments)
    with pytest.raises(SigV4Error):
        verify_presigned(url, **kwargs)


def test_bytes_urls_are_read_as_utf8(url: str) -> None:
    assert verify_presigned(url.encode("ascii"), credentials=CREDS, now=SIGNED_AT)  # type: ignore[arg-type]
    with pytest.raises(MalformedRequestError):
        verify_presigned(b"https://\xff/", credentials=CREDS, now=SIGNED_AT)  # type: ignore[arg-type]


def test_reprs_show_no_secrets(url: str) -> None:
    verified = verify_presigned(url, credentials=CREDS, now=SIGNED_AT)
    assert "AKIAIOSFODNN7EXAMPLE" in repr(verified) and SECRET not in repr(verified)
    assert SIG not in repr(explain(url))


def test_the_readme_example_runs() -> None:
    from support import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Verify a presigned URL"):]
    block = section[section.index("```python\n") + 10:]
    block = block[: block.index("```")]
    namespace: Dict[str, Any] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    put = presign_s3("PUT", "examplebucket", "x.jpg", credentials=CREDS, region="eu-west-1",
                     headers={"Content-Type": "image/jpeg"})
    status, text = namespace["authorize"]("PUT", put.url, put.headers)
    assert status == 200 and text.startswith("AKIAIOSFODNN7EXAMPLE may PUT until ")
    assert namespace["authorize"]("PUT", put.url, {}) == (403, "the request lacks the signed header content-type")


def test_a_short_token_is_redacted_without_touching_the_rest() -> None:
    short = Credentials("AKID", "secret", "a")
    presigned = presign("GET", "https://example.com/a", credentials=short, region="us-east-1",
                        service="svc", now=SIGNED_AT)
    with pytest.raises(SignatureMismatchError) as info:
        verify_presigned(presigned.url.replace("/a?", "/b?"), credentials=short, now=SIGNED_AT)
    creq = info.value.canonical_request  # type: ignore[attr-defined]
    assert creq == presigned.canonical_request.replace("/a\n", "/b\n").replace(
        "X-Amz-Security-Token=a&", "X-Amz-Security-Token=<redacted>&")


@pytest.mark.parametrize(("text", "message"), [
    ("examplebucket.s3.amazonaws.com/test.txt?X-Amz-Security-Token=SECRETTOKEN",
     "the URL cannot be taken apart: the URL is not absolute: it needs a scheme such as https://"),
    ("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Security-Token=SECRETTOKEN#frag",
     "the URL cannot be taken apart: url has a #fragment, which is never sent to the server: remove it"),
])
def test_a_url_that_cannot_be_taken_apart_is_named_without_quoting_it(text: str, message: str) -> None:
    for call in (lambda: verify_presigned(text, credentials=CREDS), lambda: explain(text)):
        with pytest.raises(MalformedRequestError) as info:
            call()
        assert str(info.value) == message
        assert info.value.parameter == "url"  # type: ignore[attr-defined]


def test_an_expiry_after_the_year_9999_is_malformed() -> None:
    # X-Amz-Date may name 9999-12-31, but the end of the URL's life must be a time too
    # (else expires_at and the explanation's text could not be written).
    url = ("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
           "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F99991231%2Fus-east-1%2Fs3%2Faws4_request"
           "&X-Amz-Date=99991231T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=" + "0" * 64)
    for call in (lambda: explain(url), lambda: verify_presigned(url, credentials=CREDS, now=253402214400)):
        with pytest.raises(MalformedRequestError) as info:
            call()
        assert info.value.parameter == "X-Amz-Expires"  # type: ignore[attr-defined]
        assert str(info.value) == "X-Amz-Expires: the URL would expire after 9999-12-31T23:59:59Z"
    # the last second that can be named is fine
    last = url.replace("X-Amz-Expires=86400", "X-Amz-Expires=86399")
    assert explain(last).expires_at.isoformat() == "9999-12-31T23:59:59+00:00"
    assert "until 99991231T235959Z" in str(explain(last))
