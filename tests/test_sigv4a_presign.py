"""SigV4a presigning and verification end to end: presign(algorithm=...), presign_s3
with a multi-Region access point ARN, verify_presigned and explain.

Expected values come from elsewhere:

- the aws-c-auth v4a vectors (38 complete cases): the query canonical request and
  string to sign exactly, the signed request's parameters, its stored signature (which
  our verifier must accept) and the public key (which `cryptography` checks our
  signatures with);
- botocore with awscrt: its multi-Region access point URLs (its endpoint ruleset for
  the host, awscrt's C signer for the signature) for the same request and time: the same
  host, path and parameters, a signature that verifies over our string to sign, and our
  signatures verified by awscrt's ECDSA.
"""

import hashlib
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple
from unittest import mock
from urllib.parse import quote, urlsplit

import botocore.auth  # before botocore.crt.auth, which imports it
import botocore.session
import pytest
from botocore.config import Config
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.ecdsa import awscrt_verifies, cryptography_verifies
from support.mrap import botocore_url, hermetic_session, signature_of, url_parts
from support.v4a import complete_cases, public_key, stored_signatures, v4a_dir
from support.vectorfiles import context, parse_request, read

import sigv4presign
from sigv4presign import (
    Credentials,
    InvalidInputError,
    MalformedRequestError,
    ScopeMismatchError,
    SignatureMismatchError,
    explain,
    presign,
    presign_s3,
    verify_presigned,
)
from sigv4presign.core import sigv4a
from sigv4presign.core.s3 import s3_endpoint
from sigv4presign.core.signing import (
    ALGORITHM,
    ALGORITHM_V4A,
    sign_canonical,
    v4a_public_key,
    verify_canonical,
)
from sigv4presign.core.timefmt import parse_amz_date

V4A = "AWS4-ECDSA-P256-SHA256"
CASES = complete_cases()

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+token/with+slash=="
MRAP = "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap"
MRAP_HOST = "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com"
NOW = 1775046645  # 2026-04-01T12:30:45Z


def test_the_algorithm_names_agree() -> None:
    assert ALGORITHM_V4A == sigv4a.ALGORITHM == V4A
    assert ALGORITHM == "AWS4-HMAC-SHA256"


# --------------------------------------------------------------------------------------
# The v4a vectors through presign()


def _as_url(text: str) -> str:
    # The vectors keep a space or non-ASCII raw in the request line; a URL carries them
    # percent-encoded (urllib's quote, keeping every character a URL may hold raw).
    return quote(text, safe="!#$%&'()*+,/:;=?@[]~")


def _epoch(ctx: Dict[str, Any]) -> int:
    return parse_amz_date(ctx["timestamp"].replace("-", "").replace(":", ""))


def _case_credentials(ctx: Dict[str, Any]) -> Credentials:
    creds = ctx["credentials"]
    return Credentials(creds["access_key_id"], creds["secret_access_key"], creds.get("token"))


def presign_v4a_case(case: Path) -> sigv4presign.Presigned:
    """The case's request presigned with SigV4a for its region, as aws-c-auth did."""
    ctx = context(case)
    request = parse_request(read(case, "request.txt"))
    return presign(
        request.method,
        "https://" + request.header("Host") + request.target,
        credentials=_case_credentials(ctx),
        service=ctx["service"],
        algorithm=V4A,
        region_set=(ctx["region"],),
        expires_in=ctx["expiration_in_seconds"],
        headers=request.headers,
        payload_hash=hashlib.sha256(request.body).hexdigest() if ctx["sign_body"] else None,
        now=_epoch(ctx),
        normalize_path=ctx["normalize"],
        session_token="unsigned" if ctx.get("omit_session_token") else "signed",
    )


def verify_v4a_case(case: Path, url: str) -> sigv4presign.Verified:
    """verify_presigned of a URL for the case's request, as the case's server would."""
    ctx = context(case)
    request = parse_request(read(case, "request.txt"))
    return verify_presigned(
        url,
        credentials=_case_credentials(ctx),
        method=request.method,
        headers=request.headers,
        now=_epoch(ctx) + 1,
        payload_hash=hashlib.sha256(request.body).hexdigest() if ctx["sign_body"] else None,
        normalize_path=ctx["normalize"],
        session_token="unsigned" if ctx.get("omit_session_token") else "signed",
        region=ctx["region"],
        service=ctx["service"],
    )


def _params(query: str) -> List[str]:
    return sorted(p for p in query.split("&") if p and not p.startswith("X-Amz-Signature="))


def test_all_38_complete_v4a_cases_are_present(vectors: Path) -> None:
    assert len(CASES) == 38


@pytest.mark.parametrize("name", CASES)
class TestV4aVectorsThroughPresign:
    def test_canonical_request(self, name: str) -> None:
        case = v4a_dir() / name
        assert presign_v4a_case(case).canonical_request == read(case, "query-canonical-request.txt")

    def test_string_to_sign(self, name: str) -> None:
        case = v4a_dir() / name
        assert presign_v4a_case(case).string_to_sign == read(case, "query-string-to-sign.txt")

    def test_url_has_the_signed_requests_path_and_parameters(self, name: str) -> None:
        """Exact up to parameter order and the signature (ECDSA signatures differ)."""
        case = v4a_dir() / name
        expected = parse_request(read(case, "query-signed-request.txt"))
        url = urlsplit(presign_v4a_case(case).url)
        assert url.path == _as_url(expected.path)
        assert _params(url.query) == _params(_as_url(expected.query))

    def test_signature_verifies_with_cryptography(self, name: str) -> None:
        case = v4a_dir() / name
        p = presign_v4a_case(case)
        assert p.url.endswith("&X-Amz-Signature=" + p.signature)
        assert cryptography_verifies(public_key(case), p.string_to_sign.encode(), p.signature)
        assert not cryptography_verifies(public_key(case), p.string_to_sign.encode() + b"x", p.signature)

    def test_signature_verifies_with_awscrt(self, name: str) -> None:
        case = v4a_dir() / name
        p = presign_v4a_case(case)
        assert awscrt_verifies(public_key(case), p.string_to_sign.encode(), p.signature)

    def test_our_url_verifies_with_ours(self, name: str) -> None:
        """Our URL's parameters on the request line as the vector has it (a raw space or
        non-ASCII character in the path is signed as given: see test_verify_properties)."""
        case = v4a_dir() / name
        request = parse_request(read(case, "request.txt"))
        query = urlsplit(presign_v4a_case(case).url).query
        verified = verify_v4a_case(case, "https://" + request.header("Host") + request.path + "?" + query)
        assert verified.region == context(case)["region"]
        assert verified.access_key_id == context(case)["credentials"]["access_key_id"]

    def test_stored_signed_request_verifies_with_ours(self, name: str) -> None:
        """aws-c-auth's own presigned request (its signature, not ours) verifies."""
        case = v4a_dir() / name
        signed = parse_request(read(case, "query-signed-request.txt"))
        url = "https://" + signed.header("Host") + signed.target
        assert verify_v4a_case(case, url).service == context(case)["service"]
        digit = url[-1]
        with pytest.raises(SignatureMismatchError):
            verify_v4a_case(case, url[:-1] + ("0" if digit != "0" else "1"))

    def test_explain_shows_the_canonical_request_and_string_to_sign(self, name: str) -> None:
        """explain() of aws-c-auth's signed request, as received."""
        case = v4a_dir() / name
        ctx = context(case)
        request = parse_request(read(case, "request.txt"))
        signed = parse_request(read(case, "query-signed-request.txt"))
        shown = explain(
            "https://" + signed.header("Host") + signed.target,
            method=request.method,
            headers=request.headers,
            payload_hash=hashlib.sha256(request.body).hexdigest() if ctx["sign_body"] else None,
            normalize_path=ctx["normalize"],
            session_token="unsigned" if ctx.get("omit_session_token") else "signed",
        )
        assert shown.canonical_request == read(case, "query-canonical-request.txt")
        assert shown.string_to_sign == read(case, "query-string-to-sign.txt")
        assert shown.algorithm == V4A and shown.region == ctx["region"]
        text = str(shown)
        assert "Region set:      %s (SigV4a" % ctx["region"] in text
        assert "Scope:           20150830/%s/aws4_request (" % ctx["service"] in text
        assert read(case, "query-string-to-sign.txt") in text


@pytest.mark.parametrize("name", CASES)
class TestV4aVectorsThroughTheChain:
    """sign_canonical and verify_canonical, the one chain signing and verification share."""

    def test_sign_canonical(self, name: str) -> None:
        case = v4a_dir() / name
        ctx = context(case)
        creds = ctx["credentials"]
        sts, der_hex = sign_canonical(
            creds["secret_access_key"], read(case, "query-string-to-sign.txt").split("\n")[1],
            "ignored-region", ctx["service"], read(case, "query-canonical-request.txt"),
            V4A, creds["access_key_id"],
        )
        assert sts == read(case, "query-string-to-sign.txt")
        assert cryptography_verifies(public_key(case), sts.encode(), der_hex)

    @pytest.mark.parametrize("source", ["query-signature.txt", "query-signed-request.txt"])
    def test_verify_canonical_accepts_the_stored_signatures(self, name: str, source: str) -> None:
        case = v4a_dir() / name
        ctx = context(case)
        creds = ctx["credentials"]
        creq = read(case, "query-canonical-request.txt")
        amz_date = read(case, "query-string-to-sign.txt").split("\n")[1]
        der_hex = stored_signatures(case)[source]
        args = (creds["secret_access_key"], amz_date, "", ctx["service"])
        assert verify_canonical(*args, creq, der_hex, V4A, creds["access_key_id"]) == (
            read(case, "query-string-to-sign.txt"), True
        )
        assert verify_canonical(*args, creq + "x", der_hex, V4A, creds["access_key_id"])[1] is False
        assert verify_canonical(*args, creq, der_hex, V4A, "AKIDOTHER")[1] is False


def test_derived_public_key_is_the_vectors(vectors: Path) -> None:
    case = v4a_dir() / "get-vanilla"
    creds = context(case)["credentials"]
    assert v4a_public_key(creds["access_key_id"], creds["secret_access_key"]) == public_key(case)


def test_sigv4_chain_unchanged() -> None:
    """The default algorithm is SigV4: the same string to sign and HMAC as before (the
    AWS documentation's S3 example), and verify_canonical compares it."""
    creq = "GET\n/test.txt\nX-Amz-Algorithm=AWS4-HMAC-SHA256\nhost:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD"
    sts, sig = sign_canonical(SECRET, "20130524T000000Z", "us-east-1", "s3", creq)
    assert sts.startswith("AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n")
    assert len(sig) == 64
    assert verify_canonical(SECRET, "20130524T000000Z", "us-east-1", "s3", creq, sig) == (sts, True)
    assert verify_canonical(SECRET, "20130524T000000Z", "us-east-1", "s3", creq, "0" * 64)[1] is False


# --------------------------------------------------------------------------------------
# botocore + awscrt: multi-Region access point URLs


@pytest.fixture(scope="module")
def boto_session() -> Iterator[botocore.session.Session]:
    yield from hermetic_session()


def assert_same_request(ours: sigv4presign.Presigned, theirs: str, creds: Tuple[str, str, Optional[str]]) -> None:
    """Same host, path and parameters; botocore's signature verifies (by `cryptography`)
    over our string to sign with the key derived from the credentials, so both signed
    the same canonical request; ours verifies with awscrt."""
    assert url_parts(ours.url) == url_parts(theirs)
    point = v4a_public_key(creds[0], creds[1])
    assert cryptography_verifies(point, ours.string_to_sign.encode(), signature_of(theirs))
    assert awscrt_verifies(point, ours.string_to_sign.encode(), ours.signature)
    assert explain(theirs).string_to_sign == ours.string_to_sign


def test_botocore_resolves_the_same_host_and_auth_scheme(boto_session: botocore.session.Session) -> None:
    client = boto_session.create_client("s3", region_name="eu-west-1", aws_access_key_id=AKID, aws_secret_access_key=SECRET)
    endpoint = client._ruleset_resolver.construct_endpoint(
        client.meta.service_model.operation_model("GetObject"), {"Bucket": MRAP, "Key": "k"}, {}
    )
    assert endpoint.url == "https://" + MRAP_HOST
    assert endpoint.properties["authSchemes"] == [
        {"disableDoubleEncoding": True, "name": "sigv4a", "signingName": "s3", "signingRegionSet": ["*"]}
    ]
    ours = s3_endpoint(MRAP, "k", "eu-west-1")
    assert (ours.scheme, ours.host, ours.path, ours.region, ours.service, ours.algorithm) == (
        "https", MRAP_HOST, "/k", "*", "s3", V4A
    )


# The client's region names the partition, and the ARN must be in it.
PARTITION_CASES = [
    ("aws", "eu-west-1"), ("aws", "us-east-1"), ("aws", "ap-southeast-3"),
    ("aws-cn", "cn-north-1"), ("aws-us-gov", "us-gov-west-1"),
]


@pytest.mark.parametrize(("partition", "region"), PARTITION_CASES)
def test_hosts_in_each_partition_equal_botocores(boto_session: botocore.session.Session, partition: str, region: str) -> None:
    arn = "arn:%s:s3::123456789012:accesspoint/abc123.mrap" % partition
    client = boto_session.create_client("s3", region_name=region, aws_access_key_id=AKID, aws_secret_access_key=SECRET)
    endpoint = client._ruleset_resolver.construct_endpoint(
        client.meta.service_model.operation_model("GetObject"), {"Bucket": arn, "Key": "k"}, {}
    )
    assert "https://" + s3_endpoint(arn, None, region).host == endpoint.url


@pytest.mark.parametrize("key", ["photos/\u00fc a+b.jpg", "k", "a//b/./c~!*'()", "\U0001f600/%2F"])
@pytest.mark.parametrize("token", [None, TOKEN])
def test_mrap_url_equals_botocores(boto_session: botocore.session.Session, key: str, token: Optional[str]) -> None:
    creds = (AKID, SECRET, token)
    theirs = botocore_url(boto_session, creds, MRAP, key, "eu-west-1", NOW, 900)
    ours = presign_s3("GET", MRAP, key, credentials=Credentials(*creds), region="eu-west-1", now=NOW, expires_in=900)
    assert ours.url.startswith("https://" + MRAP_HOST + "/")
    assert_same_request(ours, theirs, creds)
    for url in (ours.url, theirs):
        verified = verify_presigned(url, credentials=Credentials(*creds), now=NOW + 60, region="us-west-2", service="s3")
        assert (verified.region, verified.service, verified.access_key_id) == ("*", "s3", AKID)


def test_mrap_url_with_query_parameters_equals_botocores(boto_session: botocore.session.Session) -> None:
    creds = (AKID, SECRET, None)
    params = {"VersionId": "3/L4kqtJlcp+XroDTDmJ=", "ResponseContentDisposition": 'attachment; filename="\u00fc.txt"'}
    theirs = botocore_url(boto_session, creds, MRAP, "k", "us-east-1", NOW, params=params)
    ours = sigv4presign.client(
        "s3", region_name="us-east-1", aws_access_key_id=AKID, aws_secret_access_key=SECRET
    )
    with mock.patch("sigv4presign.core.timefmt.time") as clock:
        clock.time.return_value = NOW
        presigned = ours.presign("get_object", Params=dict(params, Bucket=MRAP, Key="k"))
    assert_same_request(presigned, theirs, creds)


_LABEL = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=20)
_KEYS = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=30
).filter(lambda k: len(k.encode()) <= 1024)
_SECRETS = st.text(
    st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=40
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    akid=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", min_size=16, max_size=20),
    secret=_SECRETS,
    token=st.none() | _SECRETS,
    alias=_LABEL,
    account=st.text("0123456789", min_size=12, max_size=12),
    key=_KEYS,
    timestamp=st.integers(1_500_000_000, 2_000_000_000),
    expires=st.integers(1, 604800),
    region=st.sampled_from(["us-east-1", "eu-west-1", "ap-south-2", "sa-east-1"]),
)
def test_drawn_mrap_urls_equal_botocores(
    boto_session: botocore.session.Session, akid: str, secret: str, token: Optional[str], alias: str,
    account: str, key: str, timestamp: int, expires: int, region: str,
) -> None:
    """Keys, credentials, aliases, times drawn at random: the same host, path, parameters
    and string to sign as botocore+awscrt; each URL verifies with our verifier; each
    signature with the other implementation."""
    creds = (akid, secret, token)
    arn = "arn:aws:s3::%s:accesspoint/%s.mrap" % (account, alias)
    theirs = botocore_url(boto_session, creds, arn, key, region, timestamp, expires)
    ours = presign_s3("GET", arn, key, credentials=Credentials(*creds), region=region, now=timestamp, expires_in=expires)
    assert_same_request(ours, theirs, creds)
    for url in (ours.url, theirs):
        verified = verify_presigned(url, credentials=Credentials(*creds), now=timestamp)
        assert verified.region == "*"


def test_botocore_signs_mrap_with_sigv4_when_told_s3v4_but_we_use_sigv4a(boto_session: botocore.session.Session) -> None:
    """With signature_version='s3v4' botocore signs an MRAP URL with SigV4 for the
    client's region, which S3 refuses; our client keeps SigV4a, as without the setting."""
    creds = (AKID, SECRET, None)
    theirs = botocore_url(boto_session, creds, MRAP, "k", "eu-west-1", NOW, config=Config(signature_version="s3v4"))
    assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in theirs
    ours = sigv4presign.client(
        "s3", region_name="eu-west-1", aws_access_key_id=AKID, aws_secret_access_key=SECRET,
        config={"signature_version": "s3v4"},
    )
    url = ours.generate_presigned_url("get_object", Params={"Bucket": MRAP, "Key": "k"})
    assert "X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256" in url and "X-Amz-Region-Set=%2A" in url
    verify_presigned(url, credentials=Credentials(AKID, SECRET))


# What botocore's endpoint rules refuse for an MRAP ARN, we refuse too.
RULESET_REFUSALS = [
    ({"UseDualStack": True}, {"dualstack": True}, "S3 MRAP does not support dual-stack", "no dual-stack endpoint"),
    ({"UseFIPS": True}, {"fips": True}, "S3 MRAP does not support FIPS", "no FIPS endpoint"),
    ({"Accelerate": True}, {"accelerate": True}, "S3 MRAP does not support S3 Accelerate", "no Transfer Acceleration endpoint"),
    ({"ForcePathStyle": True}, {"addressing": "path"}, "Path-style addressing cannot be used with ARN buckets",
     "addressing='path' cannot be used"),
    ({"Region": "cn-north-1"}, {"region": "cn-north-1"}, "Client was configured for partition `aws-cn`",
     "is in partition aws but region 'cn-north-1' is in aws-cn"),
]


@pytest.mark.parametrize(("theirs", "ours", "their_error", "our_error"), RULESET_REFUSALS)
def test_refused_where_botocores_rules_refuse(
    boto_session: botocore.session.Session, theirs: Dict[str, Any], ours: Dict[str, Any], their_error: str, our_error: str,
) -> None:
    client = boto_session.create_client("s3", region_name="us-east-1", aws_access_key_id=AKID, aws_secret_access_key=SECRET)
    args = dict(Region="us-east-1", Bucket=MRAP, UseFIPS=False, UseDualStack=False, ForcePathStyle=False,
                Accelerate=False, UseArnRegion=True, DisableMultiRegionAccessPoints=False)
    args.update(theirs)
    with pytest.raises(Exception, match=their_error.replace("`", ".")):
        client._ruleset_resolver._provider.resolve_endpoint(**args)
    options = dict(ours)
    region = options.pop("region", "us-east-1")
    with pytest.raises(InvalidInputError) as info:
        presign_s3("GET", MRAP, "k", credentials=Credentials(AKID, SECRET), region=region, **options)
    assert our_error in str(info.value)


# --------------------------------------------------------------------------------------
# presign(): arguments


CREDS = Credentials(AKID, SECRET)
URL = "https://service.example.com/a/b?x=1"


def test_default_is_sigv4_unchanged() -> None:
    p = presign("GET", URL, credentials=CREDS, region="us-east-1", service="service", now=NOW)
    assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in p.url and "Region-Set" not in p.url
    assert p.url == presign("GET", URL, credentials=CREDS, region="us-east-1", service="service", now=NOW,
                            algorithm=ALGORITHM).url


@pytest.mark.parametrize(("region_set", "wire"), [
    (None, "%2A"), (("*",), "%2A"), ("*", "%2A"), (["us-east-1"], "us-east-1"),
    (("us-east-1", "us-west-2"), "us-east-1%2Cus-west-2"), ("eu-west-1,eu-central-1", "eu-west-1%2Ceu-central-1"),
])
def test_region_set_forms(region_set: Any, wire: str) -> None:
    p = presign("GET", URL, credentials=CREDS, service="service", now=NOW, algorithm=V4A, region_set=region_set)
    assert "&X-Amz-Region-Set=%s&" % wire in p.url
    assert "X-Amz-Credential=%s%%2F20260401%%2Fservice%%2Faws4_request&" % AKID in p.url
    assert p.string_to_sign.split("\n")[:3] == [V4A, "20260401T123045Z", "20260401/service/aws4_request"]
    assert "X-Amz-Region-Set=%s&" % wire in p.canonical_request
    assert cryptography_verifies(v4a_public_key(AKID, SECRET), p.string_to_sign.encode(), p.signature)
    verified = verify_presigned(p.url, credentials=CREDS, now=NOW)
    assert verified.region == wire.replace("%2A", "*").replace("%2C", ",")


def test_signatures_are_deterministic_and_der() -> None:
    one = presign("GET", URL, credentials=CREDS, service="service", now=NOW, algorithm=V4A)
    two = presign("GET", URL, credentials=CREDS, service="service", now=NOW, algorithm=V4A)
    assert one.url == two.url
    assert sigv4a.decode_der(bytes.fromhex(one.signature))  # strict DER


def test_session_token_modes() -> None:
    creds = Credentials(AKID, SECRET, TOKEN)
    signed = presign("GET", URL, credentials=creds, service="service", now=NOW, algorithm=V4A)
    assert "X-Amz-Security-Token=" in signed.canonical_request
    verify_presigned(signed.url, credentials=creds, now=NOW)
    unsigned = presign("GET", URL, credentials=creds, service="service", now=NOW, algorithm=V4A, session_token="unsigned")
    assert "X-Amz-Security-Token" not in unsigned.canonical_request and "X-Amz-Security-Token=" in unsigned.url
    verify_presigned(unsigned.url, credentials=creds, now=NOW, session_token="unsigned")


BAD_PRESIGN = [
    ({"algorithm": "AWS4-HMAC-SHA1"}, "algorithm must be 'AWS4-HMAC-SHA256' (SigV4) or 'AWS4-ECDSA-P256-SHA256' (SigV4a)"),
    ({"algorithm": "aws4-ecdsa-p256-sha256"}, "algorithm must be"),
    ({"algorithm": None}, "algorithm must be"),
    ({"algorithm": V4A, "region": "us-east-1"}, "SigV4a signs for a region set, not a region: pass region_set=('us-east-1',)"),
    ({"region": "us-east-1", "region_set": ("*",)}, "region_set is for SigV4a"),
    ({}, "region must be a non-empty string"),
    ({"algorithm": V4A, "region_set": ()}, "region_set is empty"),
    ({"algorithm": V4A, "region_set": ""}, "region_set: region must be a non-empty string"),
    ({"algorithm": V4A, "region_set": "us-east-1,,us-west-2"}, "region_set: region must be a non-empty string"),
    ({"algorithm": V4A, "region_set": ("*", "us-east-1")}, "'*' (every region) beside region names"),
    ({"algorithm": V4A, "region_set": ("us-east-1", "us-east-1")}, "names 'us-east-1' twice"),
    ({"algorithm": V4A, "region_set": ("us east-1",)}, "region_set: region 'us east-1' has ' '"),
    ({"algorithm": V4A, "region_set": (None,)}, "region_set: region must be a non-empty string"),
    ({"algorithm": V4A, "region_set": 5}, "region_set must be region names"),
    ({"algorithm": V4A, "region_set": b"*"}, "region_set must be region names"),
    ({"algorithm": V4A, "params": {"X-Amz-Region-Set": "*"}}, "the query already has X-Amz-Region-Set"),
    ({"params": {"x-amz-region-set": "*"}, "region": "us-east-1"}, "the query already has x-amz-region-set"),
]


@pytest.mark.parametrize(("kwargs", "message"), BAD_PRESIGN)
def test_presign_refuses(kwargs: Dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        presign("GET", URL, credentials=CREDS, service="service", now=NOW, **kwargs)
    assert message in str(info.value)
    assert SECRET not in str(info.value)


BAD_MRAP = [
    (MRAP, {"endpoint_url": "http://127.0.0.1:9000"}, "endpoint_url cannot be used with them"),
    (MRAP, {"addressing": "path"}, "addressing='path' cannot be used"),
    (MRAP, {"fips": True}, "no FIPS endpoint"),
    (MRAP, {"dualstack": True}, "no dual-stack endpoint"),
    (MRAP, {"accelerate": True}, "no Transfer Acceleration endpoint"),
    (MRAP, {"region": "us-gov-west-1"}, "is in partition aws but region 'us-gov-west-1' is in aws-us-gov"),
    (MRAP.replace("arn:aws:", "arn:aws-cn:"), {}, "is in partition aws-cn but region 'eu-west-1' is in aws"),
    (MRAP, {"region": "moon-1"}, "is not an AWS region name"),
    ("arn:aws:s3::12345:accesspoint/abc.mrap", {}, "the account id must be 12 digits"),
    ("arn:aws:s3::123456789012:accesspoint/a_b.mrap", {}, "alias 'a_b.mrap' must be DNS labels"),
    ("arn:aws:s3::123456789012:accesspoint/-ab.mrap", {}, "must be DNS labels"),
    ("arn:aws:s3::123456789012:accesspoint/abc.mrap.", {}, "must be DNS labels"),
    ("arn:aws:s3::123456789012:accesspoint/" + "a" * 64 + ".mrap", {}, "must be DNS labels"),
    ("arn:aws:s3::123456789012:accesspoint/", {}, "must be DNS labels"),
    ("arn:aws:s3::123456789012:bucket/abc", {}, "is not an access point"),
    ("arn:aws:s3-object-lambda::123456789012:accesspoint/abc.mrap", {}, "but those are s3 ARNs"),
]


@pytest.mark.parametrize(("bucket", "kwargs", "message"), BAD_MRAP)
def test_presign_s3_refuses_mrap(bucket: str, kwargs: Dict[str, Any], message: str) -> None:
    options = dict(kwargs)
    region = options.pop("region", "eu-west-1")
    with pytest.raises(InvalidInputError) as info:
        presign_s3("GET", bucket, "k", credentials=CREDS, region=region, now=NOW, **options)
    assert message in str(info.value)


def test_mrap_aliases_botocore_accepts() -> None:
    """Any DNS labels, as botocore's isValidHostLabel: with or without .mrap, upper case,
    63-character labels, the accesspoint:ALIAS form."""
    for resource, host in [
        ("accesspoint/abc", "abc"), ("accesspoint/ABC.Mrap", "ABC.Mrap"),
        ("accesspoint/" + "a" * 63 + ".mrap", "a" * 63 + ".mrap"), ("accesspoint:x-1.mrap", "x-1.mrap"),
    ]:
        endpoint = s3_endpoint("arn:aws:s3::123456789012:" + resource, None, "eu-west-1")
        assert endpoint.host == host + ".accesspoint.s3-global.amazonaws.com"
        assert endpoint.path == "/"


def test_mrap_bucket_itself_and_head() -> None:
    p = presign_s3("HEAD", MRAP, None, credentials=CREDS, region="eu-west-1", now=NOW)
    assert p.url.startswith("https://" + MRAP_HOST + "/?X-Amz-Algorithm=" + V4A)
    verify_presigned(p.url, credentials=CREDS, method="HEAD", now=NOW)


def test_post_refuses_mrap() -> None:
    with pytest.raises(InvalidInputError, match="is an ARN"):
        sigv4presign.presign_s3_post(MRAP, "k", credentials=CREDS, region="eu-west-1")


def test_endpoint_repr_names_the_algorithm() -> None:
    assert repr(s3_endpoint(MRAP, "k", "eu-west-1")) == (
        "Endpoint('https', '%s', '/k', '*', 's3', '%s')" % (MRAP_HOST, V4A)
    )
    assert repr(s3_endpoint("examplebucket", "k", "eu-west-1")) == (
        "Endpoint('https', 'examplebucket.s3.eu-west-1.amazonaws.com', '/k', 'eu-west-1', 's3')"
    )


# --------------------------------------------------------------------------------------
# verify_presigned and explain


def _mrap_url(**kwargs: Any) -> str:
    return presign_s3("GET", MRAP, "k", credentials=CREDS, region="eu-west-1", now=NOW, **kwargs).url


def _generic_url(region_set: Any) -> str:
    return presign("GET", URL, credentials=CREDS, service="service", now=NOW, algorithm=V4A, region_set=region_set).url


@pytest.mark.parametrize(("region_set", "region", "ok"), [
    (("*",), "eu-west-1", True),
    (("*",), "anything", True),
    (("us-east-1", "us-west-2"), "us-west-2", True),
    (("us-east-1", "us-west-2"), "us-east-1", True),
    (("us-east-1", "us-west-2"), "eu-west-1", False),
    (("us-east-1",), "us-east-", False),
    (("us-east-1",), None, True),
])
def test_region_check_is_membership_in_the_region_set(region_set: Any, region: Optional[str], ok: bool) -> None:
    url = _generic_url(region_set)
    if ok:
        assert verify_presigned(url, credentials=CREDS, now=NOW, region=region).region == ",".join(region_set)
        return
    with pytest.raises(ScopeMismatchError) as info:
        verify_presigned(url, credentials=CREDS, now=NOW, region=region)
    assert (info.value.part, info.value.expected, info.value.actual) == ("region", region, ",".join(region_set))
    assert "the URL is signed for the region set %r, which does not include %r" % (",".join(region_set), region) in str(info.value)


def test_region_must_be_text() -> None:
    with pytest.raises(InvalidInputError, match="region must be a string or None"):
        verify_presigned(_mrap_url(), credentials=CREDS, now=NOW, region=5)


def test_service_is_checked_as_for_sigv4() -> None:
    with pytest.raises(ScopeMismatchError) as info:
        verify_presigned(_mrap_url(), credentials=CREDS, now=NOW, service="s3-object-lambda")
    assert info.value.part == "service"


def test_verified_reports_the_region_set() -> None:
    verified = verify_presigned(_mrap_url(), credentials=CREDS, now=NOW)
    assert (verified.region, verified.service, verified.signed_headers) == ("*", "s3", ("host",))
    assert "for */s3" in repr(verified)


TAMPER = [
    ("region set narrowed", lambda u: u.replace("X-Amz-Region-Set=%2A", "X-Amz-Region-Set=us-east-1")),
    ("key changed", lambda u: u.replace("/k?", "/K?")),
    ("expiry longer", lambda u: u.replace("X-Amz-Expires=3600", "X-Amz-Expires=3601")),
    ("parameter added", lambda u: u.replace("?", "?versionId=1&")),
    ("signature of other bytes", lambda u: u[: u.index("X-Amz-Signature=") + 16] + sigv4a.sign(
        sigv4a.derive_private_key(AKID, SECRET), b"other")),
    ("another key's signature", lambda u: u[: u.index("X-Amz-Signature=") + 16] + sigv4a.sign(12345, b"x")),
]


@pytest.mark.parametrize(("name", "change"), TAMPER, ids=[t[0] for t in TAMPER])
def test_tampered_urls_do_not_verify(name: str, change: Any) -> None:
    url = _mrap_url()
    with pytest.raises(SignatureMismatchError) as info:
        verify_presigned(change(url), credentials=CREDS, now=NOW)
    assert info.value.string_to_sign.startswith(V4A + "\n")


def test_other_secret_does_not_verify() -> None:
    with pytest.raises(SignatureMismatchError):
        verify_presigned(_mrap_url(), credentials=Credentials(AKID, SECRET + "x"), now=NOW)


def _swap(url: str, name: str, value: str) -> str:
    start = url.index(name + "=") + len(name) + 1
    end = url.find("&", start)
    return url[:start] + value + (url[end:] if end >= 0 else "")


MALFORMED = [
    ("no region set", lambda u: u.replace("&X-Amz-Region-Set=%2A", ""), "X-Amz-Region-Set",
     "the URL has no X-Amz-Region-Set parameter"),
    ("region set twice", lambda u: u.replace("X-Amz-Region-Set=%2A", "X-Amz-Region-Set=%2A&x-amz-region-set=%2A"),
     "X-Amz-Region-Set", "X-Amz-Region-Set appears more than once"),
    ("region set spelled otherwise", lambda u: u.replace("X-Amz-Region-Set", "X-Amz-Region-SET"), "X-Amz-Region-Set",
     "must be spelled X-Amz-Region-Set"),
    ("region set empty", lambda u: _swap(u, "X-Amz-Region-Set", ""), "X-Amz-Region-Set", "X-Amz-Region-Set must be '*'"),
    ("region set with an empty name", lambda u: _swap(u, "X-Amz-Region-Set", "us-east-1%2C"), "X-Amz-Region-Set",
     "X-Amz-Region-Set must be '*'"),
    ("region set star and a name", lambda u: _swap(u, "X-Amz-Region-Set", "%2A%2Cus-east-1"), "X-Amz-Region-Set",
     "X-Amz-Region-Set must be '*'"),
    ("scope with a region", lambda u: u.replace("%2Fs3%2Faws4_request", "%2Fus-east-1%2Fs3%2Faws4_request"),
     "X-Amz-Credential", "X-Amz-Credential names region 'us-east-1', but a SigV4a (AWS4-ECDSA-P256-SHA256) scope has none"),
    ("scope with a bad date", lambda u: u.replace("%2F20260401%2F", "%2F2026041%2F"), "X-Amz-Credential",
     "the date '2026041' is not YYYYMMDD"),
    ("scope without service", lambda u: u.replace("%2Fs3%2Faws4_request", "%2Faws4_request"), "X-Amz-Credential",
     "X-Amz-Credential must be ACCESS_KEY_ID/YYYYMMDD/SERVICE/aws4_request for AWS4-ECDSA-P256-SHA256"),
    ("signature upper case", lambda u: _swap(u, "X-Amz-Signature", signature_of(u).upper()), "X-Amz-Signature",
     "a DER ECDSA signature in lower-case hex"),
    ("signature odd length", lambda u: _swap(u, "X-Amz-Signature", signature_of(u)[:-1]), "X-Amz-Signature",
     "a DER ECDSA signature in lower-case hex"),
    ("signature too long", lambda u: _swap(u, "X-Amz-Signature", "30" * 73), "X-Amz-Signature",
     "a DER ECDSA signature in lower-case hex"),
    ("signature an HMAC", lambda u: _swap(u, "X-Amz-Signature", "ab" * 8), None, None),
]


@pytest.mark.parametrize(("name", "change", "parameter", "message"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_sigv4a_urls(name: str, change: Any, parameter: Optional[str], message: Optional[str]) -> None:
    url = change(_mrap_url())
    if parameter is None:  # well-formed, but not a signature of this request
        with pytest.raises(SignatureMismatchError):
            verify_presigned(url, credentials=CREDS, now=NOW)
        return
    with pytest.raises(MalformedRequestError) as info:
        verify_presigned(url, credentials=CREDS, now=NOW)
    assert info.value.parameter == parameter
    assert message in str(info.value)


def test_region_set_in_a_sigv4_url_is_malformed() -> None:
    url = presign_s3("GET", "examplebucket", "k", credentials=CREDS, region="eu-west-1", now=NOW).url
    bad = url.replace("&X-Amz-Signature", "&X-Amz-Region-Set=%2A&X-Amz-Signature")
    with pytest.raises(MalformedRequestError) as info:
        verify_presigned(bad, credentials=CREDS, now=NOW)
    assert info.value.parameter == "X-Amz-Region-Set"
    assert "belongs to AWS4-ECDSA-P256-SHA256 URLs" in str(info.value)


def test_other_algorithms_are_malformed() -> None:
    url = _mrap_url().replace(V4A, "AWS4-ECDSA-P384-SHA384")
    with pytest.raises(MalformedRequestError, match="X-Amz-Algorithm must be AWS4-HMAC-SHA256 or AWS4-ECDSA-P256-SHA256"):
        verify_presigned(url, credentials=CREDS, now=NOW)


def test_time_and_token_checks_apply_as_for_sigv4() -> None:
    url = _mrap_url(expires_in=60)
    with pytest.raises(sigv4presign.ExpiredError):
        verify_presigned(url, credentials=CREDS, now=NOW + 60)
    with pytest.raises(sigv4presign.SessionTokenError):
        verify_presigned(url, credentials=Credentials(AKID, SECRET, TOKEN), now=NOW)


def test_explain_needs_no_credentials() -> None:
    p = presign_s3("PUT", MRAP, "a b/\u00fc", credentials=Credentials(AKID, SECRET, TOKEN), region="eu-west-1",
                   now=NOW, headers={"Content-Type": "text/plain"})
    shown = explain(p.url, method="PUT", headers={"Content-Type": "text/plain"})
    assert (shown.canonical_request, shown.string_to_sign) == (p.canonical_request, p.string_to_sign)
    text = str(shown)
    assert "Scope:           20260401/s3/aws4_request (S3 rules" in text
    assert "Region set:      * (SigV4a, AWS4-ECDSA-P256-SHA256)" in text
    assert TOKEN not in text and TOKEN.replace("/", "%2F") not in text


# --------------------------------------------------------------------------------------
# Imports stay cheap


def test_sigv4a_loads_only_when_used() -> None:
    import subprocess
    import sys

    code = (
        "import sys, sigv4presign as s; c = s.Credentials('AKID', 'SECRET'); "
        "s.presign_s3('GET', 'examplebucket', 'k', credentials=c, region='eu-west-1'); "
        "print('sigv4presign.core.sigv4a' in sys.modules); "
        "s.presign_s3('GET', %r, 'k', credentials=c, region='eu-west-1'); "
        "print('sigv4presign.core.sigv4a' in sys.modules)" % MRAP
    )
    out = subprocess.check_output([sys.executable, "-c", code], text=True).split()
    assert out == ["False", "True"]


# --------------------------------------------------------------------------------------
# The boto3-compatible client


def _client(**config: Any) -> Any:
    return sigv4presign.client(
        "s3", region_name="eu-west-1", aws_access_key_id=AKID, aws_secret_access_key=SECRET,
        config=config or None,
    )


def test_client_presigns_mrap_like_presign_s3() -> None:
    with mock.patch("sigv4presign.core.timefmt.time") as clock:
        clock.time.return_value = NOW
        url = _client().generate_presigned_url("get_object", Params={"Bucket": MRAP, "Key": "a b"}, ExpiresIn=60)
        put = _client().presign("put_object", Params={"Bucket": MRAP, "Key": "k", "ContentType": "text/csv"})
    assert url == presign_s3("GET", MRAP, "a b", credentials=CREDS, region="eu-west-1", now=NOW, expires_in=60).url
    assert put.headers == {"Content-Type": "text/csv"}
    verify_presigned(put.url, credentials=CREDS, method="PUT", headers=put.headers, now=NOW)


@pytest.mark.parametrize(("config", "message"), [
    ({"s3": {"addressing_style": "path"}}, "addressing='path' cannot be used"),
    ({"use_dualstack_endpoint": True}, "no dual-stack endpoint"),
    ({"s3": {"use_accelerate_endpoint": True}}, "no Transfer Acceleration endpoint"),
    ({"use_fips_endpoint": True}, "no FIPS endpoint"),
])
def test_client_refuses_what_mrap_cannot_do(config: Dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        _client(**config).generate_presigned_url("get_object", Params={"Bucket": MRAP, "Key": "k"})
    assert message in str(info.value)


def test_client_post_refuses_mrap() -> None:
    """S3 takes no browser POST uploads at access points (boto3 cannot sign one either)."""
    with pytest.raises(InvalidInputError, match="is an ARN"):
        _client().generate_presigned_post(MRAP, "k")
