"""Differential tests against botocore: every S3 operation, parameter and endpoint option.

botocore (configured for s3v4, pure-Python signer, clock frozen to the same instant) is
the reference: the URL must be the same up to the order of query parameters, and
``Presigned.headers`` must be exactly the headers botocore signs, with the same values.
The places where we differ on purpose are tested at the end, one test per difference
(see the README's S3 section).
"""

import datetime
import functools
import os
from typing import Any, Dict, Iterator, List, Optional, Tuple
from urllib.parse import parse_qsl, urlsplit

import botocore.config
import botocore.session
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.botocore_reference import frozen_clock

import sigv4presign
from sigv4presign import Credentials, InvalidInputError, presign_s3
from sigv4presign.operations import OPERATIONS

NOW = datetime.datetime(2026, 3, 14, 15, 9, 26, tzinfo=datetime.timezone.utc)
AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+token/with+slash=="
WHEN = datetime.datetime(2026, 4, 1, 12, 30, 45, tzinfo=datetime.timezone.utc)

# 16 regions in the three partitions, old and new (launched after March 2019: ap-east-1,
# me-south-1, af-south-1, il-central-1, eu-central-2, ap-southeast-3).
REGIONS = [
    "us-east-1", "us-east-2", "us-west-2", "ca-central-1", "eu-west-1", "eu-central-2",
    "sa-east-1", "ap-east-1", "ap-southeast-3", "me-south-1", "af-south-1", "il-central-1",
    "cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-gov-east-1",
]
FIPS_REGIONS = [r for r in REGIONS if r.startswith(("us-", "ca-"))]
ACCELERATE_REGIONS = [r for r in REGIONS if not r.startswith(("cn-", "us-gov-"))]
KEYS = ["photos/2026/ü b+=&?%~.jpg", "a//b/./c/../d", "plain.txt"]


@pytest.fixture(autouse=True)
def frozen_botocore(botocore_reference: object) -> Iterator[None]:
    """botocore as the reference (pure-Python signers even when awscrt is installed, no
    AWS settings from the machine), its clock frozen at NOW."""
    with frozen_clock(NOW.timestamp()):
        yield


_SESSION = botocore.session.get_session()


@functools.cache
def _boto_client(region: str, endpoint_url: Optional[str], token: bool, config: Tuple[Any, ...]) -> Any:
    options: Dict[str, Any] = {"signature_version": "s3v4", "s3": dict(config[0])}
    options.update(dict(config[1]))
    client = _SESSION.create_client(
        "s3",
        region_name=region,
        endpoint_url=endpoint_url,
        aws_access_key_id=AKID,
        aws_secret_access_key=SECRET,
        aws_session_token=TOKEN if token else None,
        config=botocore.config.Config(**options),
    )
    captured: Dict[str, Any] = {}
    client.meta.events.register(
        "before-sign.s3", lambda request, **_: captured.update(headers=dict(request.headers))
    )
    client._captured = captured  # type: ignore[attr-defined]
    return client


def _config(addressing: str, dualstack: bool, fips: bool, accelerate: bool) -> Dict[str, Any]:
    """A fresh boto3-style config dict (botocore mutates the one it is given)."""
    s3: Dict[str, Any] = {"addressing_style": addressing}
    if accelerate:
        s3["use_accelerate_endpoint"] = True
    config: Dict[str, Any] = {"s3": s3}
    if dualstack:
        config["use_dualstack_endpoint"] = True
    if fips:
        config["use_fips_endpoint"] = True
    return config


def botocore_presign(
    region: str,
    operation: str,
    params: Dict[str, Any],
    *,
    addressing: str = "virtual",
    dualstack: bool = False,
    fips: bool = False,
    accelerate: bool = False,
    endpoint_url: Optional[str] = None,
    token: bool = False,
    expires: int = 900,
) -> Tuple[str, Dict[str, str]]:
    """botocore's URL and the headers it signed (name lower-case -> value)."""
    config = _config(addressing, dualstack, fips, accelerate)
    frozen = (
        tuple(sorted(config.pop("s3").items())),
        tuple(sorted(config.items())),
    )
    client = _boto_client(region, endpoint_url, token, frozen)
    client._captured.clear()
    url = client.generate_presigned_url(operation, Params=dict(params), ExpiresIn=expires)
    signed = dict(parse_qsl(urlsplit(url).query))["X-Amz-SignedHeaders"].split(";")
    sent = {name.lower(): value for name, value in client._captured["headers"].items()}
    headers = {}
    for name in signed:
        if name != "host":
            value = sent[name]
            headers[name] = value.decode() if isinstance(value, bytes) else value
    return url, headers


def our_presign(
    region: str,
    operation: str,
    params: Dict[str, Any],
    *,
    addressing: str = "auto",
    dualstack: bool = False,
    fips: bool = False,
    accelerate: bool = False,
    endpoint_url: Optional[str] = None,
    token: bool = False,
    expires: int = 900,
) -> Tuple[str, Dict[str, str]]:
    """Ours, through the boto3-compatible client given the same config."""
    client = sigv4presign.client(
        "s3",
        region_name=region,
        endpoint_url=endpoint_url,
        aws_access_key_id=AKID,
        aws_secret_access_key=SECRET,
        aws_session_token=TOKEN if token else None,
        config=_config(addressing, dualstack, fips, accelerate),
    )
    presigned = client.presign(operation, Params=params, ExpiresIn=expires)
    assert presigned.signed_at == NOW
    return presigned.url, {name.lower(): value for name, value in presigned.headers.items()}


def comparable(url: str) -> Tuple[str, List[Tuple[str, str]]]:
    """The URL without its query, and its raw query pairs in sorted order."""
    base, _, query = url.partition("?")
    return base, sorted(tuple(pair.split("=", 1)) for pair in query.split("&"))  # type: ignore[misc]


def assert_same(ours: Tuple[str, Dict[str, str]], theirs: Tuple[str, Dict[str, str]]) -> None:
    assert comparable(ours[0]) == comparable(theirs[0])
    assert ours[1] == theirs[1]


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Our clock, read once per presign through time.time(), at NOW too."""
    import sys
    import types

    clock = types.SimpleNamespace(time=lambda: NOW.timestamp())
    monkeypatch.setattr(sys.modules["sigv4presign.core.timefmt"], "time", clock)


# --- Every operation with every parameter, in every region -----------------------------

# A value of the type boto3 expects for each parameter name of the operation table.
_INTS = {"PartNumber": 2, "MaxKeys": 50, "MaxParts": 100, "PartNumberMarker": 1, "ContentLength": 5242880}
_BOOLS = {"FetchOwner": True, "BucketKeyEnabled": True, "BypassGovernanceRetention": False}
_DATES = ("IfModifiedSince", "IfUnmodifiedSince", "Expires", "ResponseExpires", "ObjectLockRetainUntilDate")
_STRINGS = {
    "ResponseContentDisposition": 'attachment; filename="r\u00e9sum\u00e9 2026.pdf"',
    "ResponseContentType": "application/pdf; charset=utf-8",
    "ResponseCacheControl": "no-cache, max-age=0",
    "ContentType": "image/jpeg",
    "ContentMD5": "1B2M2Y8AsgTpgAmY7PhCfg==",
    "Range": "bytes=0-1023",
    "IfMatch": '"9b2cf535f27731c974343645a3985328"',
    "IfNoneMatch": "*",
    "Tagging": "project=presign&team=a b",
    "ACL": "public-read",
    "StorageClass": "STANDARD_IA",
    "ServerSideEncryption": "aws:kms",
    "SSECustomerAlgorithm": "AES256",
    "SSECustomerKey": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    "SSECustomerKeyMD5": "zvUlaahUr0U6Vv5oE8BU2A==",
    "VersionId": "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo",
    "UploadId": "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA",
    "Prefix": "photos/2026/",
    "Delimiter": "/",
    "EncodingType": "url",
    "ContinuationToken": "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=",
    "StartAfter": "photos/2026/a",
}


def every_param(operation: str) -> Dict[str, Any]:
    spec = OPERATIONS[operation]
    scope, query_params, header_params = spec.target, spec.query_params, spec.header_params
    params: Dict[str, Any] = {"Bucket": "examplebucket"}
    if scope == "object":
        params["Key"] = KEYS[0]
    for name, _ in query_params + header_params:
        if name == "Metadata":
            params[name] = {"camera": "Nikon Z6", "Album": "summer 2026"}
        elif name in _INTS:
            params[name] = _INTS[name]
        elif name in _BOOLS:
            params[name] = _BOOLS[name]
        elif name in _DATES:
            params[name] = WHEN
        else:
            params[name] = _STRINGS.get(name, "value-of-" + name)
    return params


def test_operation_table_matches_botocore_model() -> None:
    """Each parameter goes where botocore's S3 model puts it (query or header, same name)."""
    model = _SESSION.get_service_model("s3")
    for operation, spec in OPERATIONS.items():
        method, scope, fixed, required = spec.method, spec.target, spec.fixed_query, spec.required
        query_params, header_params = spec.query_params, spec.header_params
        op = model.operation_model("".join(part.title() for part in operation.split("_")))
        assert op.http["method"] == method, operation
        members = op.input_shape.members
        uri = op.http["requestUri"]
        assert ("{Key+}" in uri) == (scope == "object"), operation
        for name, wire in fixed:
            assert (name + ("=" + wire if wire else "")) in uri, operation
        assert set(required) | {"Bucket"} | ({"Key"} if scope == "object" else set()) == set(
            op.input_shape.required_members
        ), operation
        for name, wire in query_params:
            where = members[name].serialization
            assert where.get("location") == "querystring", (operation, name)
            assert where.get("name") == wire, (operation, name)
        for name, wire in header_params:
            where = members[name].serialization
            assert where.get("location") in ("header", "headers"), (operation, name)
            assert where.get("name") == wire, (operation, name)


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_every_operation_with_every_parameter(region: str, operation: str) -> None:
    params = every_param(operation)
    assert_same(our_presign(region, operation, params), botocore_presign(region, operation, params))


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_every_operation_with_only_required_parameters(operation: str) -> None:
    spec = OPERATIONS[operation]
    scope, required = spec.target, spec.required
    params: Dict[str, Any] = {"Bucket": "examplebucket"}
    if scope == "object":
        params["Key"] = "k"
    else:
        params["EncodingType"] = "url"  # botocore adds it otherwise (see the differences)
    for name in required:
        params[name] = _INTS.get(name) or _STRINGS[name]
    theirs = botocore_presign("eu-west-1", operation, params)
    assert_same(our_presign("eu-west-1", operation, params), theirs)
    assert theirs[1] == {}  # nothing signed but host: nothing added


# A spec table of single options: (operation, params) as a user would write them.
SINGLE_PARAM_CASES = [
    ("get_object", {"VersionId": "v1"}),
    ("get_object", {"PartNumber": 3}),
    ("get_object", {"ResponseContentDisposition": "attachment; filename=\"a b.txt\""}),
    ("get_object", {"ResponseContentType": "text/plain"}),
    ("get_object", {"ResponseContentEncoding": "gzip"}),
    ("get_object", {"ResponseContentLanguage": "de-DE"}),
    ("get_object", {"ResponseCacheControl": "max-age=60"}),
    ("get_object", {"ResponseExpires": WHEN}),
    ("get_object", {"Range": "bytes=100-"}),
    ("get_object", {"IfMatch": '"etag"'}),
    ("get_object", {"IfModifiedSince": WHEN}),
    ("get_object", {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": b"0123456789abcdef0123456789abcdef"}),
    ("get_object", {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": "0123456789abcdef0123456789abcdef"}),
    ("put_object", {"ContentType": "text/plain; charset=utf-8"}),
    ("put_object", {"ContentMD5": "XrY7u+Ae7tCTyyK7j1rNww=="}),
    ("put_object", {"ContentLength": 11}),
    ("put_object", {"CacheControl": "max-age=3600"}),
    ("put_object", {"ContentDisposition": "inline"}),
    ("put_object", {"ContentEncoding": "gzip"}),
    ("put_object", {"Metadata": {"a": "1", "Long-Name": "x  y"}}),
    ("put_object", {"ACL": "bucket-owner-full-control"}),
    ("put_object", {"StorageClass": "GLACIER_IR"}),
    ("put_object", {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": "alias/key"}),
    ("put_object", {"ServerSideEncryption": "AES256"}),
    ("put_object", {"Tagging": "a=b&c=d"}),
    ("put_object", {"ChecksumSHA256": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}),
    ("put_object", {"ChecksumCRC32": "AAAAAA=="}),
    ("put_object", {"IfNoneMatch": "*"}),
    ("put_object", {"ObjectLockMode": "GOVERNANCE", "ObjectLockRetainUntilDate": WHEN}),
    ("head_object", {"VersionId": "v1", "IfNoneMatch": '"x"'}),
    ("delete_object", {"VersionId": "v1"}),
    ("delete_object", {"MFA": "arn:aws:iam::123456789012:mfa/user 123456"}),
    ("create_multipart_upload", {"ContentType": "video/mp4", "Metadata": {"m": "v"}}),
    ("upload_part", {"PartNumber": 1, "UploadId": "u/p+l=o"}),
    ("upload_part", {"PartNumber": 10000, "UploadId": "u", "ContentMD5": "XrY7u+Ae7tCTyyK7j1rNww=="}),
    ("complete_multipart_upload", {"UploadId": "u"}),
    ("abort_multipart_upload", {"UploadId": "u"}),
    ("list_parts", {"UploadId": "u", "MaxParts": 2}),
    ("list_objects_v2", {"Prefix": "a b/", "Delimiter": "/", "EncodingType": "url"}),
    ("list_objects_v2", {"MaxKeys": 1, "FetchOwner": True, "EncodingType": "url"}),
    ("get_object_tagging", {"VersionId": "v1"}),
]


@pytest.mark.parametrize("token", [False, True], ids=["long-term", "session-token"])
@pytest.mark.parametrize(("operation", "params"), SINGLE_PARAM_CASES)
def test_single_parameters(operation: str, params: Dict[str, Any], token: bool) -> None:
    full = {"Bucket": "examplebucket", **params}
    if OPERATIONS[operation].target == "object":
        full["Key"] = KEYS[0]
    assert_same(
        our_presign("us-west-2", operation, full, token=token),
        botocore_presign("us-west-2", operation, full, token=token),
    )


@pytest.mark.parametrize("operation", ["get_object", "put_object", "head_object", "delete_object"])
def test_http_method_override(operation: str) -> None:
    params = {"Bucket": "examplebucket", "Key": "k"}
    client = sigv4presign.client("s3", region_name="us-west-2", aws_access_key_id=AKID, aws_secret_access_key=SECRET)
    boto = _boto_client("us-west-2", None, False, ((("addressing_style", "virtual"),), ()))
    ours = client.generate_presigned_url(operation, Params=params, ExpiresIn=60, HttpMethod="POST")
    theirs = boto.generate_presigned_url(operation, Params=params, ExpiresIn=60, HttpMethod="POST")
    assert comparable(ours) == comparable(theirs)


# --- Endpoints and addressing ------------------------------------------------------------

ENDPOINT_OPTIONS = [
    # (id, ours, botocore's)
    ("virtual", {"addressing": "virtual"}, {"addressing": "virtual"}),
    ("auto", {}, {"addressing": "virtual"}),  # ours: regional host, as botocore's "virtual"
    ("path", {"addressing": "path"}, {"addressing": "path"}),
    ("dualstack", {"dualstack": True}, {"addressing": "virtual", "dualstack": True}),
    ("dualstack-path", {"dualstack": True, "addressing": "path"}, {"addressing": "path", "dualstack": True}),
]


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize(("ours", "theirs"), [c[1:] for c in ENDPOINT_OPTIONS], ids=[c[0] for c in ENDPOINT_OPTIONS])
def test_endpoints(region: str, key: str, ours: Dict[str, Any], theirs: Dict[str, Any]) -> None:
    params = {"Bucket": "examplebucket", "Key": key}
    assert_same(
        our_presign(region, "get_object", params, **ours),
        botocore_presign(region, "get_object", params, **theirs),
    )


@pytest.mark.parametrize("region", FIPS_REGIONS)
@pytest.mark.parametrize("dualstack", [False, True])
@pytest.mark.parametrize("addressing", ["virtual", "path"])
def test_fips(region: str, dualstack: bool, addressing: str) -> None:
    params = {"Bucket": "examplebucket", "Key": KEYS[0]}
    options = {"fips": True, "dualstack": dualstack, "addressing": addressing}
    assert_same(our_presign(region, "put_object", params, **options), botocore_presign(region, "put_object", params, **options))


@pytest.mark.parametrize("region", ACCELERATE_REGIONS)
@pytest.mark.parametrize("dualstack", [False, True])
def test_transfer_acceleration(region: str, dualstack: bool) -> None:
    params = {"Bucket": "examplebucket", "Key": KEYS[0], "ContentType": "text/plain"}
    ours = our_presign(region, "put_object", params, accelerate=True, dualstack=dualstack)
    assert_same(ours, botocore_presign(region, "put_object", params, accelerate=True, dualstack=dualstack))
    assert urlsplit(ours[0]).hostname == (
        "examplebucket.s3-accelerate.dualstack.amazonaws.com" if dualstack else "examplebucket.s3-accelerate.amazonaws.com"
    )


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("bucket", ["my.dotted.bucket", "a.b.c"])
def test_dotted_buckets_use_path_style_like_botocore_auto(region: str, bucket: str) -> None:
    params = {"Bucket": bucket, "Key": "k"}
    ours = our_presign(region, "get_object", params)
    assert_same(ours, botocore_presign(region, "get_object", params, addressing="auto"))
    assert urlsplit(ours[0]).path == "/" + bucket + "/k"


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("addressing", ["virtual", "path"])
def test_bucket_level_urls(region: str, addressing: str) -> None:
    params = {"Bucket": "examplebucket", "Prefix": "p/", "EncodingType": "url"}
    assert_same(
        our_presign(region, "list_objects_v2", params, addressing=addressing),
        botocore_presign(region, "list_objects_v2", params, addressing=addressing),
    )


def test_legacy_us_east_1_bucket_name_in_path_style() -> None:
    params = {"Bucket": "Legacy_Bucket", "Key": "k"}
    assert_same(
        our_presign("us-east-1", "get_object", params),
        botocore_presign("us-east-1", "get_object", params, addressing="auto"),
    )


ARN_CASES = [
    # (ARN, client region, options)
    ("arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap", "us-west-2", {}),
    ("arn:aws:s3:eu-west-1:123456789012:accesspoint:my-ap", "us-east-1", {}),
    ("arn:aws:s3:us-east-1:123456789012:accesspoint/my-ap", "us-east-1", {"dualstack": True}),
    ("arn:aws:s3:us-east-1:123456789012:accesspoint/my-ap", "us-east-1", {"fips": True}),
    ("arn:aws:s3:us-east-2:123456789012:accesspoint/my-ap", "us-east-2", {"fips": True, "dualstack": True}),
    ("arn:aws:s3:ap-east-1:123456789012:accesspoint/my-ap", "ap-east-1", {}),
    ("arn:aws-cn:s3:cn-north-1:123456789012:accesspoint/my-ap", "cn-north-1", {}),
    ("arn:aws-cn:s3:cn-northwest-1:123456789012:accesspoint/my-ap", "cn-north-1", {"dualstack": True}),
    ("arn:aws-us-gov:s3:us-gov-west-1:123456789012:accesspoint/my-ap", "us-gov-west-1", {}),
    ("arn:aws-us-gov:s3:us-gov-east-1:123456789012:accesspoint/my-ap", "us-gov-west-1", {"fips": True}),
    ("arn:aws:s3-object-lambda:us-west-2:123456789012:accesspoint/my-olap", "us-west-2", {}),
    ("arn:aws:s3-object-lambda:us-east-1:123456789012:accesspoint/my-olap", "eu-west-1", {"fips": True}),
    ("arn:aws-us-gov:s3-object-lambda:us-gov-west-1:123456789012:accesspoint/my-olap", "us-gov-west-1", {}),
]


@pytest.mark.parametrize(("arn", "region", "options"), ARN_CASES)
@pytest.mark.parametrize("operation", ["get_object", "put_object"])
def test_access_point_arns(arn: str, region: str, options: Dict[str, Any], operation: str) -> None:
    params = {"Bucket": arn, "Key": KEYS[0]}
    assert_same(
        our_presign(region, operation, params, **options),
        botocore_presign(region, operation, params, addressing="auto", **options),
    )


CUSTOM_ENDPOINTS = [
    ("http://127.0.0.1:9000", "path", "auto"),
    ("http://127.0.0.1:9000", "path", "path"),
    ("https://minio.example.com", "auto", "path"),
    ("https://minio.example.com/base/", "path", "path"),
    ("https://minio.example.com:8443", "virtual", "virtual"),
    ("http://localhost:4566", "virtual", "virtual"),
    ("http://[::1]:9000/", "path", "path"),
    ("http://127.0.0.1:9000/my store/", "path", "path"),
    ("http://127.0.0.1:9000/base&x", "path", "path"),
]


@pytest.mark.parametrize(("endpoint_url", "ours", "theirs"), CUSTOM_ENDPOINTS)
@pytest.mark.parametrize("key", [*KEYS, None])
def test_custom_endpoints(endpoint_url: str, ours: str, theirs: str, key: Optional[str]) -> None:
    operation = "list_objects_v2" if key is None else "get_object"
    params: Dict[str, Any] = {"Bucket": "examplebucket"}
    if key is None:
        params["EncodingType"] = "url"
    else:
        params["Key"] = key
    assert_same(
        our_presign("us-east-1", operation, params, addressing=ours, endpoint_url=endpoint_url, token=True),
        botocore_presign("us-east-1", operation, params, addressing=theirs, endpoint_url=endpoint_url, token=True),
    )


@pytest.mark.parametrize("region", ["us-west-2", "cn-north-1", "us-gov-east-1"])
def test_presign_s3_direct_matches_botocore(region: str) -> None:
    """presign_s3 itself (not through the client) with raw params and headers."""
    ours = presign_s3(
        "PUT", "examplebucket", KEYS[0], credentials=Credentials(AKID, SECRET, TOKEN), region=region,
        expires_in=datetime.timedelta(minutes=15), now=NOW,
        headers={"Content-Type": "text/csv", "x-amz-meta-owner": "me", "x-amz-tagging": "a=b"},
    )
    theirs = botocore_presign(
        region, "put_object",
        {"Bucket": "examplebucket", "Key": KEYS[0], "ContentType": "text/csv", "Metadata": {"owner": "me"}, "Tagging": "a=b"},
        token=True,
    )
    assert_same((ours.url, {k.lower(): v for k, v in ours.headers.items()}), theirs)


# --- Deliberate differences from botocore, each tested -----------------------------------

@pytest.mark.parametrize("region", [r for r in REGIONS if r != "us-east-1" and not r.startswith(("cn-", "us-gov-"))])
def test_difference_regional_host_not_global(region: str) -> None:
    """botocore's default ("auto") addressing sends virtual-hosted URLs of the aws
    partition to the global host s3.amazonaws.com, which fails for regions launched
    after March 2019 and redirects elsewhere; we always use the regional host."""
    params = {"Bucket": "examplebucket", "Key": "k"}
    boto_url, _ = botocore_presign(region, "get_object", params, addressing="auto")
    ours, _ = our_presign(region, "get_object", params)
    assert urlsplit(boto_url).hostname == "examplebucket.s3.amazonaws.com"
    assert urlsplit(ours).hostname == "examplebucket.s3.%s.amazonaws.com" % region


def test_difference_list_objects_encoding_type_not_added() -> None:
    """botocore adds encoding-type=url to ListObjectsV2 (and decodes keys in its own
    response parser); a presigned URL's user gets the raw response, so we add nothing."""
    params = {"Bucket": "examplebucket"}
    boto_url, _ = botocore_presign("us-west-2", "list_objects_v2", params)
    ours, _ = our_presign("us-west-2", "list_objects_v2", params)
    assert "encoding-type=url" in boto_url
    assert "encoding-type" not in ours


@pytest.mark.parametrize("expires", [0, -5, 604801, 10**7])
def test_difference_expiry_bounds_enforced(expires: int) -> None:
    """botocore signs any ExpiresIn; S3 refuses URLs outside 1..604800 seconds."""
    params = {"Bucket": "examplebucket", "Key": "k"}
    boto_url, _ = botocore_presign("us-west-2", "get_object", params, expires=expires)
    assert "X-Amz-Expires=%d" % expires in boto_url
    with pytest.raises(InvalidInputError, match="expires_in must be between 1 and 604800"):
        our_presign("us-west-2", "get_object", params, expires=expires)


@pytest.mark.parametrize("bucket", ["my.bucket", "Legacy_Bucket"])
def test_difference_virtual_refused_instead_of_silent_path(bucket: str) -> None:
    """Asked for virtual-hosted style with a name that cannot be a TLS-covered host label,
    botocore silently falls back to path style; we say so."""
    params = {"Bucket": bucket, "Key": "k"}
    boto_url, _ = botocore_presign("us-east-1", "get_object", params, addressing="virtual")
    assert urlsplit(boto_url).path.startswith("/" + bucket + "/")
    with pytest.raises(InvalidInputError, match=bucket):
        our_presign("us-east-1", "get_object", params, addressing="virtual")


@pytest.mark.parametrize("value", ["caf\u00e9", "\u65e5\u672c", "a\x01b"])
def test_difference_header_value_http_cannot_carry_refused(value: str) -> None:
    """botocore signs any header value as UTF-8 (it refuses non-ASCII only in Metadata);
    an HTTP library then sends Latin-1 or nothing, so the signature cannot match. We
    refuse values outside printable ASCII (RFC 9110 field-value)."""
    params = {"Bucket": "examplebucket", "Key": "k", "ContentType": value}
    _, boto_headers = botocore_presign("us-west-2", "put_object", params)
    assert boto_headers["content-type"] == value
    with pytest.raises(InvalidInputError, match="printable ASCII"):
        our_presign("us-west-2", "put_object", params)


def test_difference_endpoint_base_path_escape_not_encoded_again() -> None:
    """botocore encodes an endpoint_url's base path again, so "/a%20b" (the folder "a b")
    becomes "/a%2520b" (the folder "a%20b"); we keep its meaning."""
    params = {"Bucket": "examplebucket", "Key": "k"}
    endpoint = "http://127.0.0.1:9000/a%20b"
    boto_url, _ = botocore_presign("us-east-1", "get_object", params, addressing="path", endpoint_url=endpoint)
    ours, _ = our_presign("us-east-1", "get_object", params, endpoint_url=endpoint)
    assert urlsplit(boto_url).path == "/a%2520b/examplebucket/k"
    assert urlsplit(ours).path == "/a%20b/examplebucket/k"


def test_difference_virtual_with_ip_endpoint_refused() -> None:
    params = {"Bucket": "examplebucket", "Key": "k"}
    boto_url, _ = botocore_presign("us-east-1", "get_object", params, addressing="virtual", endpoint_url="http://127.0.0.1:9000")
    assert urlsplit(boto_url).path == "/examplebucket/k"
    with pytest.raises(InvalidInputError, match="IP address"):
        our_presign("us-east-1", "get_object", params, addressing="virtual", endpoint_url="http://127.0.0.1:9000")


@pytest.mark.parametrize("region", ["eu-west-1", "ap-east-1", "sa-east-1"])
def test_difference_fips_only_where_s3_has_it(region: str) -> None:
    """botocore builds s3-fips.{region} hosts for any region; S3 has FIPS endpoints only
    in US and Canadian regions (and GovCloud), so we refuse the others."""
    params = {"Bucket": "examplebucket", "Key": "k"}
    boto_url, _ = botocore_presign(region, "get_object", params, fips=True)
    assert urlsplit(boto_url).hostname == "examplebucket.s3-fips.%s.amazonaws.com" % region
    with pytest.raises(InvalidInputError, match="FIPS endpoints only in US and Canadian regions"):
        our_presign(region, "get_object", params, fips=True)


@pytest.mark.parametrize("region", ["us-gov-west-1", "us-gov-east-1"])
def test_difference_no_acceleration_in_govcloud(region: str) -> None:
    """botocore builds s3-accelerate URLs for GovCloud regions; Transfer Acceleration
    exists only in the aws partition."""
    params = {"Bucket": "examplebucket", "Key": "k"}
    boto_url, _ = botocore_presign(region, "get_object", params, accelerate=True)
    assert urlsplit(boto_url).hostname == "examplebucket.s3-accelerate.amazonaws.com"
    with pytest.raises(InvalidInputError, match="no Transfer Acceleration endpoint in partition aws-us-gov"):
        our_presign(region, "get_object", params, accelerate=True)


def test_difference_access_point_arn_with_custom_endpoint_refused() -> None:
    params = {"Bucket": "arn:aws:s3:us-east-1:123456789012:accesspoint/my-ap", "Key": "k"}
    boto_url, _ = botocore_presign("us-east-1", "get_object", params, addressing="auto", endpoint_url="https://example.com")
    assert urlsplit(boto_url).hostname == "my-ap-123456789012.example.com"
    with pytest.raises(InvalidInputError, match="access point ARNs resolve to AWS endpoints"):
        our_presign("us-east-1", "get_object", params, endpoint_url="https://example.com")


def test_difference_timestamp_strings_sent_as_given() -> None:
    """botocore parses a string timestamp and reformats it; we send strings exactly as
    given (and format datetimes the way botocore does)."""
    params = {"Bucket": "examplebucket", "Key": "k", "IfModifiedSince": "2026-01-02"}
    _, boto_headers = botocore_presign("us-west-2", "get_object", params)
    _, ours = our_presign("us-west-2", "get_object", params)
    assert boto_headers["if-modified-since"] == "Fri, 02 Jan 2026 00:00:00 GMT"
    assert ours["if-modified-since"] == "2026-01-02"


def test_difference_naive_datetime_refused() -> None:
    """botocore takes a naive datetime as UTC; a naive time is ambiguous, so we refuse it."""
    naive = datetime.datetime(2026, 1, 2, 3, 4, 5)
    params = {"Bucket": "examplebucket", "Key": "k", "IfModifiedSince": naive}
    _, boto_headers = botocore_presign("us-west-2", "get_object", params)
    assert boto_headers["if-modified-since"] == "Fri, 02 Jan 2026 03:04:05 GMT"
    with pytest.raises(InvalidInputError, match="IfModifiedSince.*naive datetime"):
        our_presign("us-west-2", "get_object", params)


@pytest.mark.parametrize("region", ["us-iso-east-1", "us-isob-east-1"])
def test_difference_isolated_partitions_plain_endpoint_only(region: str) -> None:
    """The isolated partitions get their plain regional endpoint (same as botocore);
    dual-stack there is refused, where botocore builds a host name."""
    params = {"Bucket": "examplebucket", "Key": "k"}
    assert_same(our_presign(region, "get_object", params), botocore_presign(region, "get_object", params))
    boto_url, _ = botocore_presign(region, "get_object", params, dualstack=True)
    assert ".dualstack." in boto_url
    with pytest.raises(InvalidInputError, match="no dual-stack endpoint in partition"):
        our_presign(region, "get_object", params, dualstack=True)


# --- Property: random names, keys, regions and options ------------------------------------

_LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,12}[a-z0-9])?", fullmatch=True)


def _bucket_ok(labels: List[str]) -> bool:
    name = ".".join(labels)
    ip_shaped = len(labels) == 4 and all(label.isdigit() for label in labels)
    return 3 <= len(name) <= 63 and not ip_shaped


BUCKETS = st.lists(_LABEL, min_size=1, max_size=4).filter(_bucket_ok).map(".".join)
OBJECT_KEYS = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from(list("/ +=&?%~")), min_size=1, max_size=40
).filter(lambda k: len(k.encode("utf-8")) <= 1024)
OPTIONS = st.sampled_from(["auto", "path", "dualstack", "fips", "accelerate", "fips+dualstack", "accelerate+dualstack"])


@settings(max_examples=1000 if os.environ.get("CI") else 150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    bucket=BUCKETS,
    key=OBJECT_KEYS,
    region=st.sampled_from(REGIONS),
    option=OPTIONS,
    token=st.booleans(),
    operation=st.sampled_from(["get_object", "put_object", "head_object", "delete_object"]),
)
def test_property_same_as_botocore(bucket: str, key: str, region: str, option: str, token: bool, operation: str) -> None:
    flags = set(option.split("+"))
    if "fips" in flags and region not in FIPS_REGIONS:
        flags.discard("fips")
    if "accelerate" in flags and (region not in ACCELERATE_REGIONS or "." in bucket):
        flags.discard("accelerate")
    ours_addressing = "path" if "path" in flags else "auto"
    # botocore's "virtual" is our "auto" for names without dots (its "auto" would pick the
    # global host); for dotted names both pick path style at the regional host.
    theirs_addressing = "path" if "path" in flags else ("auto" if "." in bucket else "virtual")
    options = {"dualstack": "dualstack" in flags, "fips": "fips" in flags, "accelerate": "accelerate" in flags}
    params = {"Bucket": bucket, "Key": key}
    assert_same(
        our_presign(region, operation, params, addressing=ours_addressing, token=token, **options),
        botocore_presign(region, operation, params, addressing=theirs_addressing, token=token, **options),
    )


@pytest.mark.parametrize("operation", ["put_object", "upload_part"])
def test_difference_checksum_algorithm_without_a_checksum_refused(operation: str) -> None:
    """botocore signs x-amz-sdk-checksum-algorithm for ChecksumAlgorithm, a promise of a
    checksum the URL does not carry; we refuse the parameter and take checksum values."""
    params: Dict[str, Any] = {"Bucket": "examplebucket", "Key": "k", "ChecksumAlgorithm": "SHA256"}
    if operation == "upload_part":
        params.update(PartNumber=1, UploadId="u")
    _, boto_headers = botocore_presign("us-west-2", operation, params)
    assert boto_headers == {"x-amz-sdk-checksum-algorithm": "SHA256"}
    with pytest.raises(InvalidInputError, match="has no parameter 'ChecksumAlgorithm'.*ChecksumSHA256"):
        our_presign("us-west-2", operation, params)
