"""URLs made by other signers verify, and a real server agrees with verification.

- botocore: S3 (its pure-Python and its CRT signer; virtual-hosted, path style and a
  custom endpoint; with and without a session token; a signed Content-Type) and non-S3
  services (SigV4QueryAuth and its CRT twin, RDS IAM tokens).
- awscrt's own signer (``aws_sign_request`` with query signing), S3 and generic rules,
  session token signed or appended after signing (``omit_session_token``).
- AWS's vectors: the 38 ``v4/*/query-signed-request.txt`` with their credentials, the
  S3 documentation URL and botocore's recorded tokens.
- SeaweedFS: for the same requests, what the server accepts and refuses is what
  ``verify_presigned`` accepts and refuses.
"""

import datetime
import functools
import hashlib
import json
from typing import Any, Dict, Iterator, List, Optional, Tuple

import botocore.auth
import botocore.awsrequest
import botocore.config
import botocore.credentials
import botocore.crt.auth
import botocore.session
import pytest
from support import VECTORS
from support.vectorfiles import context, parse_request, read, v4_cases

from sigv4presign import (
    Credentials,
    SignatureMismatchError,
    VerificationError,
    presign_s3,
    verify_presigned,
)
from sigv4presign.core.timefmt import parse_amz_date

AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+token/with+slash=="
KEYS = ["plain.txt", "photos/2026/ü b+=&?%~.jpg", "a//b/./c/../d", "~*()'!;:@$,", "中文 キー"]

SIGNERS = {
    "python": botocore.auth.S3SigV4QueryAuth,
    "crt": botocore.crt.auth.CrtS3SigV4QueryAuth,
}
GENERIC_SIGNERS = {
    "python": botocore.auth.SigV4QueryAuth,
    "crt": botocore.crt.auth.CrtSigV4QueryAuth,
}


def creds(token: bool) -> Credentials:
    return Credentials(AKID, SECRET, TOKEN if token else None)


@pytest.fixture(params=sorted(SIGNERS))
def s3_signer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """botocore with one of its two S3 query signers."""
    monkeypatch.setitem(botocore.auth.AUTH_TYPE_MAPS, "s3v4-query", SIGNERS[request.param])
    return str(request.param)


@functools.cache
def s3_client(region: str, token: bool, addressing: str = "virtual", endpoint_url: Optional[str] = None) -> Any:
    # botocore looks its signer class up when signing, so a cached client follows s3_signer
    return botocore.session.get_session().create_client(
        "s3", region_name=region, endpoint_url=endpoint_url, aws_access_key_id=AKID,
        aws_secret_access_key=SECRET, aws_session_token=TOKEN if token else None,
        config=botocore.config.Config(signature_version="s3v4", s3={"addressing_style": addressing}),
    )


@pytest.mark.parametrize("token", [False, True])
@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize(("region", "addressing", "endpoint_url"), [
    ("us-east-1", "virtual", None),
    ("eu-west-1", "path", None),
    ("ap-southeast-2", "virtual", None),
    ("us-east-1", "path", "http://127.0.0.1:9000"),
])
def test_botocore_s3_urls_verify(s3_signer: str, token: bool, key: str, region: str, addressing: str,
                                 endpoint_url: Optional[str]) -> None:
    client = s3_client(region, token, addressing, endpoint_url)
    url = client.generate_presigned_url("get_object", Params={"Bucket": "examplebucket", "Key": key},
                                        ExpiresIn=900)
    verified = verify_presigned(url, credentials=creds(token), region=region, service="s3")
    assert verified.signed_headers == ("host",)
    assert (verified.expires_at - verified.signed_at).total_seconds() == 900
    with pytest.raises(VerificationError):
        verify_presigned(url, credentials=creds(token), method="DELETE")


@pytest.mark.parametrize("token", [False, True])
@pytest.mark.parametrize("arn", [
    "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap",
    "arn:aws:s3-object-lambda:us-west-2:123456789012:accesspoint/my-olap",
])
def test_botocore_access_point_urls_verify(s3_signer: str, token: bool, arn: str) -> None:
    # an Object Lambda access point signs for service s3-object-lambda with S3's rules
    # (the key in its one encoding, UNSIGNED-PAYLOAD), as botocore's S3 signer does
    client = s3_client("us-west-2", token)
    url = client.generate_presigned_url("get_object", Params={"Bucket": arn, "Key": "a b/ü+.txt"}, ExpiresIn=900)
    service = arn.split(":")[2]
    assert "%2F" + service + "%2Faws4_request" in url
    verified = verify_presigned(url, credentials=creds(token))
    assert (verified.region, verified.service) == ("us-west-2", service)
    ours = presign_s3("GET", arn, "a b/ü+.txt", credentials=creds(token), region="us-west-2")
    assert verify_presigned(ours.url, credentials=creds(token)).service == service


@pytest.mark.parametrize("token", [False, True])
def test_botocore_s3_put_with_signed_headers_verifies(s3_signer: str, token: bool) -> None:
    client = s3_client("eu-west-1", token)
    url = client.generate_presigned_url(
        "put_object",
        Params={"Bucket": "examplebucket", "Key": "up/ü.jpg", "ContentType": "image/jpeg",
                "Metadata": {"owner": "ann"}},
    )
    sent = {"Content-Type": "image/jpeg", "x-amz-meta-owner": "ann"}
    verified = verify_presigned(url, credentials=creds(token), method="PUT", headers=sent)
    assert verified.signed_headers == ("content-type", "host", "x-amz-meta-owner")
    with pytest.raises(SignatureMismatchError):
        verify_presigned(url, credentials=creds(token), method="PUT",
                         headers=dict(sent, **{"Content-Type": "image/png"}))


@pytest.mark.parametrize("signer", sorted(GENERIC_SIGNERS))
@pytest.mark.parametrize("token", [False, True])
@pytest.mark.parametrize(("service", "url"), [
    ("ec2", "https://ec2.us-east-1.amazonaws.com/?Action=DescribeRegions&Version=2016-11-15"),
    ("execute-api", "https://abc.execute-api.us-east-1.amazonaws.com/prod/a%20b/c%3Dd/x.y"),
    ("sts", "https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15"),
    ("rds-db", "https://db.example.us-east-1.rds.amazonaws.com:3306/?Action=connect&DBUser=app"),
])
def test_botocore_non_s3_urls_verify(signer: str, token: bool, service: str, url: str) -> None:
    credentials = botocore.credentials.Credentials(AKID, SECRET, TOKEN if token else None)
    request = botocore.awsrequest.AWSRequest(method="GET", url=url)
    GENERIC_SIGNERS[signer](credentials, service, "us-east-1", expires=300).add_auth(request)
    signed = request.prepare().url
    verified = verify_presigned(signed, credentials=creds(token), service=service)
    assert verified.service == service and verified.region == "us-east-1"


def test_botocore_rds_auth_token_verifies() -> None:
    client = botocore.session.get_session().create_client(
        "rds", region_name="eu-west-1", aws_access_key_id=AKID, aws_secret_access_key=SECRET)
    token = client.generate_db_auth_token("db.example.eu-west-1.rds.amazonaws.com", 5432, "app")
    verified = verify_presigned("https://" + token, credentials=creds(False), service="rds-db")
    assert (verified.expires_at - verified.signed_at).total_seconds() == 900


# -- awscrt's signer --------------------------------------------------------------------

WHEN = datetime.datetime(2026, 4, 1, 12, 30, 45, tzinfo=datetime.timezone.utc)


def crt_presign(method: str, scheme: str, host: str, target: str, service: str, *, s3: bool,
                token: Optional[str], omit_token: bool = False,
                headers: Optional[List[Tuple[str, str]]] = None) -> str:
    from awscrt import auth, http

    provider = auth.AwsCredentialsProvider.new_static(AKID, SECRET, token)
    config = auth.AwsSigningConfig(
        algorithm=auth.AwsSigningAlgorithm.V4,
        signature_type=auth.AwsSignatureType.HTTP_REQUEST_QUERY_PARAMS,
        credentials_provider=provider,
        region="eu-central-1",
        service=service,
        date=WHEN,
        use_double_uri_encode=not s3,
        should_normalize_uri_path=not s3,
        signed_body_value=auth.AwsSignedBodyValue.UNSIGNED_PAYLOAD if s3 else None,
        expiration_in_seconds=600,
        omit_session_token=omit_token,
    )
    request = http.HttpRequest(method, target, headers=http.HttpHeaders([("Host", host)] + (headers or [])))
    auth.aws_sign_request(request, config).result(timeout=10)
    return scheme + "://" + host + request.path


@pytest.mark.parametrize("token", [None, TOKEN])
@pytest.mark.parametrize("target", ["/bucket/plain.txt", "/bucket/%C3%BC%20b%2B%3D.jpg?versionId=a%2Fb",
                                    "/bucket/a//b/./c"])
def test_awscrt_s3_urls_verify(token: Optional[str], target: str) -> None:
    url = crt_presign("GET", "https", "s3.eu-central-1.amazonaws.com", target, "s3", s3=True, token=token)
    verified = verify_presigned(url, credentials=Credentials(AKID, SECRET, token), now=WHEN)
    assert verified.signed_at == WHEN


@pytest.mark.parametrize("token", [None, TOKEN])
@pytest.mark.parametrize("target", ["/", "/prod/a%20b/./c//d", "/stream?language-code=en-US&sample-rate=16000"])
def test_awscrt_generic_urls_verify(token: Optional[str], target: str) -> None:
    url = crt_presign("GET", "wss", "transcribestreaming.eu-central-1.amazonaws.com:8443", target,
                      "transcribe", s3=False, token=token, headers=[("x-custom", " a  b ")])
    verified = verify_presigned(url, credentials=Credentials(AKID, SECRET, token), now=WHEN,
                                headers={"x-custom": "a b"})
    assert verified.signed_headers == ("host", "x-custom")


def test_awscrt_token_appended_after_signing_verifies_as_unsigned() -> None:
    url = crt_presign("GET", "wss", "abc-ats.iot.eu-central-1.amazonaws.com", "/mqtt", "iotdevicegateway",
                      s3=False, token=TOKEN, omit_token=True)
    temporary = Credentials(AKID, SECRET, TOKEN)
    assert verify_presigned(url, credentials=temporary, now=WHEN, session_token="unsigned")
    with pytest.raises(SignatureMismatchError):
        verify_presigned(url, credentials=temporary, now=WHEN)


# -- AWS vectors ------------------------------------------------------------------------

V4_CASES = v4_cases()


def _iso(text: str) -> int:
    return parse_amz_date(text.replace("-", "").replace(":", ""))


def _vector_request(name: str) -> Tuple[str, Dict[str, Any]]:
    case = VECTORS / "v4" / name
    ctx = context(case)
    signed = parse_request(read(case, "query-signed-request.txt"))
    original = parse_request(read(case, "request.txt"))
    c = ctx["credentials"]
    kwargs: Dict[str, Any] = {
        "credentials": Credentials(c["access_key_id"], c["secret_access_key"], c.get("token")),
        "method": signed.method,
        "headers": signed.headers,
        "now": _iso(ctx["timestamp"]),
        "normalize_path": ctx["normalize"],
        "session_token": "unsigned" if ctx.get("omit_session_token") else "signed",
    }
    if ctx["sign_body"]:
        kwargs["payload_hash"] = hashlib.sha256(original.body).hexdigest()
    return "https://" + signed.header("Host") + signed.target, kwargs


@pytest.mark.parametrize("name", V4_CASES)
def test_v4_vector_signed_requests_verify(name: str) -> None:
    url, kwargs = _vector_request(name)
    verified = verify_presigned(url, **kwargs)
    assert (verified.access_key_id, verified.region, verified.service) == ("AKIDEXAMPLE", "us-east-1", "service")
    # and the signature is what settles it: one changed digit is refused
    digit = url[-1]
    with pytest.raises(SignatureMismatchError):
        verify_presigned(url[:-1] + ("0" if digit != "0" else "1"), **kwargs)


def test_all_38_v4_vectors_ran() -> None:
    assert len(V4_CASES) == 38


def test_the_s3_documentation_url_verifies() -> None:
    doc = json.loads((VECTORS / "s3-docs" / "presigned-get-object.json").read_text())
    i = doc["inputs"]
    verified = verify_presigned(doc["expected"]["presigned_url"], now=parse_amz_date(i["timestamp"]),
                                credentials=Credentials(i["access_key_id"], i["secret_access_key"]))
    assert verified.expires_at == verified.signed_at + datetime.timedelta(seconds=i["expires"])


def _botocore_records() -> Iterator[Dict[str, Any]]:
    for case in json.loads((VECTORS / "botocore" / "presign-unit-tests.json").read_text())["cases"]:
        if "expected_url_from_test" in case["expected"]:
            yield case


@pytest.mark.parametrize("case", list(_botocore_records()), ids=lambda c: c["name"])
def test_botocore_recorded_tokens_verify(case: Dict[str, Any]) -> None:
    i = case["inputs"]
    verified = verify_presigned(
        "https://" + case["expected"]["expected_url_from_test"],
        credentials=Credentials(i["access_key_id"], i["secret_access_key"], i["session_token"]),
        now=parse_amz_date(i["timestamp"]),
    )
    assert verified.service == i["service"]


# -- SeaweedFS agrees -------------------------------------------------------------------


def test_seaweedfs_and_verification_agree(s3_server: Any) -> None:
    server = s3_server
    credentials = server.credentials()
    key = "verify/agree ü+=.txt"
    put = presign_s3("PUT", server.bucket, key, credentials=credentials, region=server.region,
                     endpoint_url=server.endpoint_url, headers={"Content-Type": "text/plain"})
    status, _, body = server.request("PUT", put.url, b"hello", {"Content-Type": "text/plain"})
    assert status == 200, body
    get = presign_s3("GET", server.bucket, key, credentials=credentials, region=server.region,
                     endpoint_url=server.endpoint_url)
    old = presign_s3("GET", server.bucket, key, credentials=credentials, region=server.region,
                     endpoint_url=server.endpoint_url, expires_in=60,
                     now=datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=2))
    wrong = presign_s3("GET", server.bucket, key, credentials=Credentials(server.access_key, "not-the-secret"),
                       region=server.region, endpoint_url=server.endpoint_url)
    temporary = server.assume_role("verify")
    temp = presign_s3("GET", server.bucket, key, credentials=temporary, region=server.region,
                      endpoint_url=server.endpoint_url)
    from sigv4presign import uri_encode

    token_param = "&X-Amz-Security-Token=" + uri_encode(temporary.session_token or "")
    known = {server.access_key: credentials, temporary.access_key_id: temporary}
    cases = [
        ("valid GET", "GET", get.url, {}, True),
        ("valid PUT", "PUT", put.url, {"Content-Type": "text/plain"}, True),
        ("temporary credentials", "GET", temp.url, {}, True),
        ("flipped signature", "GET", get.url[:-1] + ("0" if get.url[-1] != "0" else "1"), {}, False),
        ("changed key", "GET", get.url.replace("agree", "agreE"), {}, False),
        ("other method", "DELETE", get.url, {}, False),
        ("added parameter", "GET", get.url + "&partNumber=2", {}, False),
        ("raised expiry", "GET", get.url.replace("X-Amz-Expires=3600", "X-Amz-Expires=7200"), {}, False),
        ("expired", "GET", old.url, {}, False),
        ("wrong secret", "GET", wrong.url, {}, False),
        ("other Content-Type", "PUT", put.url, {"Content-Type": "image/png"}, False),
        ("token stripped", "GET", temp.url.replace(token_param, ""), {}, False),
        # x-amz-* headers the URL does not sign are refused, but for these two
        ("unsigned x-amz-acl", "PUT", put.url, {"Content-Type": "text/plain", "x-amz-acl": "public-read"}, False),
        ("unsigned metadata", "GET", get.url, {"x-amz-meta-a": "b"}, False),
        ("unsigned x-amz-content-sha256 and x-amz-date", "GET", get.url,
         {"x-amz-content-sha256": "UNSIGNED-PAYLOAD", "x-amz-date": "20260101T000000Z"}, True),
        ("unsigned x-amzn-trace-id", "GET", get.url, {"x-amzn-trace-id": "Root=1-abc"}, True),
    ]
    for name, method, url, headers, valid in cases:
        body_bytes = b"hello" if method == "PUT" else b""
        status, _, answer = server.request(method, url, body_bytes, headers)
        assert (status < 300) == valid, (name, status, answer[:300])
        try:
            verify_presigned(url, credentials=known, method=method, headers=headers)
            accepted = True
        except VerificationError:
            accepted = False
        assert accepted == valid, name
