"""sigv4presign.core.s3 as spec tables: endpoints and addressing, name checks, headers, expiry.

Expected hosts are the ones the S3 documentation gives for each endpoint kind
(regional, us-east-1's global name, dual-stack, FIPS, Transfer Acceleration, access
points, Object Lambda, the China and GovCloud partitions).
"""

import datetime
import re
import warnings
from typing import Any, Dict, Optional
from urllib.parse import parse_qs, urlsplit

import pytest

from sigv4presign import CredentialExpiryWarning, Credentials, InvalidInputError, presign_s3
from sigv4presign.core.s3 import Location, s3_endpoint, s3_host
from sigv4presign.operations import OPERATIONS

CREDS = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
NOW = datetime.datetime(2026, 5, 1, 8, 0, 0, tzinfo=datetime.timezone.utc)
AP = "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap"
OLAP = "arn:aws:s3-object-lambda:us-west-2:123456789012:accesspoint/my-olap"



def s3_location(bucket: Any, key: Any, region: Any, endpoint_url: Any = None, **options: Any) -> Any:
    """(scheme, host, path) of the resolved endpoint."""
    endpoint = s3_endpoint(bucket, key, region, Location(endpoint_url, **options))
    return endpoint.scheme, endpoint.host, endpoint.path


# (bucket, key, region, options) -> (scheme, host, path)
LOCATIONS = [
    ("examplebucket", "test.txt", "us-east-1", {}, ("https", "examplebucket.s3.amazonaws.com", "/test.txt")),
    ("examplebucket", "test.txt", "us-east-2", {}, ("https", "examplebucket.s3.us-east-2.amazonaws.com", "/test.txt")),
    ("examplebucket", "test.txt", "eu-west-1", {}, ("https", "examplebucket.s3.eu-west-1.amazonaws.com", "/test.txt")),
    ("examplebucket", "test.txt", "ap-east-1", {}, ("https", "examplebucket.s3.ap-east-1.amazonaws.com", "/test.txt")),
    ("examplebucket", "test.txt", "me-south-1", {}, ("https", "examplebucket.s3.me-south-1.amazonaws.com", "/test.txt")),
    ("examplebucket", "test.txt", "cn-north-1", {}, ("https", "examplebucket.s3.cn-north-1.amazonaws.com.cn", "/test.txt")),
    ("examplebucket", "test.txt", "cn-northwest-1", {}, ("https", "examplebucket.s3.cn-northwest-1.amazonaws.com.cn", "/test.txt")),
    ("examplebucket", "test.txt", "us-gov-west-1", {}, ("https", "examplebucket.s3.us-gov-west-1.amazonaws.com", "/test.txt")),
    ("examplebucket", "test.txt", "us-iso-east-1", {}, ("https", "examplebucket.s3.us-iso-east-1.c2s.ic.gov", "/test.txt")),
    # addressing
    ("examplebucket", "test.txt", "us-east-1", {"addressing": "path"}, ("https", "s3.amazonaws.com", "/examplebucket/test.txt")),
    ("examplebucket", "test.txt", "eu-west-1", {"addressing": "path"}, ("https", "s3.eu-west-1.amazonaws.com", "/examplebucket/test.txt")),
    ("examplebucket", "test.txt", "eu-west-1", {"addressing": "virtual"}, ("https", "examplebucket.s3.eu-west-1.amazonaws.com", "/test.txt")),
    ("my.dotted.bucket", "test.txt", "eu-west-1", {}, ("https", "s3.eu-west-1.amazonaws.com", "/my.dotted.bucket/test.txt")),
    ("Legacy_Bucket", "test.txt", "us-east-1", {}, ("https", "s3.amazonaws.com", "/Legacy_Bucket/test.txt")),
    ("examplebucket", None, "eu-west-1", {}, ("https", "examplebucket.s3.eu-west-1.amazonaws.com", "/")),
    ("examplebucket", None, "eu-west-1", {"addressing": "path"}, ("https", "s3.eu-west-1.amazonaws.com", "/examplebucket")),
    ("examplebucket", "a b/\u00fc+=&?%~", "eu-west-1", {}, ("https", "examplebucket.s3.eu-west-1.amazonaws.com", "/a%20b/%C3%BC%2B%3D%26%3F%25~")),
    ("examplebucket", "a//b/./c/..", "eu-west-1", {}, ("https", "examplebucket.s3.eu-west-1.amazonaws.com", "/a//b/./c/..")),
    # dual-stack and FIPS
    ("examplebucket", "k", "us-east-1", {"dualstack": True}, ("https", "examplebucket.s3.dualstack.us-east-1.amazonaws.com", "/k")),
    ("examplebucket", "k", "eu-west-1", {"dualstack": True}, ("https", "examplebucket.s3.dualstack.eu-west-1.amazonaws.com", "/k")),
    ("examplebucket", "k", "cn-north-1", {"dualstack": True}, ("https", "examplebucket.s3.dualstack.cn-north-1.amazonaws.com.cn", "/k")),
    ("examplebucket", "k", "eu-west-1", {"dualstack": True, "addressing": "path"}, ("https", "s3.dualstack.eu-west-1.amazonaws.com", "/examplebucket/k")),
    ("examplebucket", "k", "us-east-1", {"fips": True}, ("https", "examplebucket.s3-fips.us-east-1.amazonaws.com", "/k")),
    ("examplebucket", "k", "ca-central-1", {"fips": True}, ("https", "examplebucket.s3-fips.ca-central-1.amazonaws.com", "/k")),
    ("examplebucket", "k", "us-gov-west-1", {"fips": True}, ("https", "examplebucket.s3-fips.us-gov-west-1.amazonaws.com", "/k")),
    ("examplebucket", "k", "us-east-2", {"fips": True, "dualstack": True}, ("https", "examplebucket.s3-fips.dualstack.us-east-2.amazonaws.com", "/k")),
    # Transfer Acceleration
    ("examplebucket", "k", "eu-west-1", {"accelerate": True}, ("https", "examplebucket.s3-accelerate.amazonaws.com", "/k")),
    ("examplebucket", "k", "eu-west-1", {"accelerate": True, "dualstack": True}, ("https", "examplebucket.s3-accelerate.dualstack.amazonaws.com", "/k")),
    # access points
    (AP, "k", "us-west-2", {}, ("https", "my-ap-123456789012.s3-accesspoint.us-west-2.amazonaws.com", "/k")),
    (AP.replace("accesspoint/", "accesspoint:"), "k", "us-west-2", {}, ("https", "my-ap-123456789012.s3-accesspoint.us-west-2.amazonaws.com", "/k")),
    (AP, "k", "us-east-1", {}, ("https", "my-ap-123456789012.s3-accesspoint.us-west-2.amazonaws.com", "/k")),
    (AP, "k", "us-west-2", {"dualstack": True}, ("https", "my-ap-123456789012.s3-accesspoint.dualstack.us-west-2.amazonaws.com", "/k")),
    (AP, "k", "us-west-2", {"fips": True}, ("https", "my-ap-123456789012.s3-accesspoint-fips.us-west-2.amazonaws.com", "/k")),
    ("arn:aws-cn:s3:cn-north-1:123456789012:accesspoint/my-ap", "k", "cn-north-1", {}, ("https", "my-ap-123456789012.s3-accesspoint.cn-north-1.amazonaws.com.cn", "/k")),
    (OLAP, "k", "us-west-2", {}, ("https", "my-olap-123456789012.s3-object-lambda.us-west-2.amazonaws.com", "/k")),
    (OLAP, None, "us-west-2", {}, ("https", "my-olap-123456789012.s3-object-lambda.us-west-2.amazonaws.com", "/")),
    # custom endpoints: path style unless virtual is asked for
    ("examplebucket", "k", "us-east-1", {"endpoint_url": "http://127.0.0.1:9000"}, ("http", "127.0.0.1:9000", "/examplebucket/k")),
    ("examplebucket", "k", "auto", {"endpoint_url": "https://acct.r2.cloudflarestorage.com"}, ("https", "acct.r2.cloudflarestorage.com", "/examplebucket/k")),
    ("examplebucket", "k", "garage", {"endpoint_url": "https://s3.example.com:443/store/"}, ("https", "s3.example.com", "/store/examplebucket/k")),
    ("Any_Name", "k", "us-east-1", {"endpoint_url": "http://127.0.0.1:9000"}, ("http", "127.0.0.1:9000", "/Any_Name/k")),
    ("examplebucket", "k", "us-east-1", {"endpoint_url": "http://[::1]:9000/"}, ("http", "[::1]:9000", "/examplebucket/k")),
    # a base path is sent in its one encoding, as the key is (botocore: "/my%20store/...")
    ("examplebucket", "k", "us-east-1", {"endpoint_url": "http://127.0.0.1:9000/my store/"}, ("http", "127.0.0.1:9000", "/my%20store/examplebucket/k")),
    ("examplebucket", None, "us-east-1", {"endpoint_url": "http://127.0.0.1:9000"}, ("http", "127.0.0.1:9000", "/examplebucket")),
    ("examplebucket", "k", "us-east-1", {"endpoint_url": "https://minio.example.com", "addressing": "virtual"}, ("https", "examplebucket.minio.example.com", "/k")),
    ("examplebucket", None, "us-east-1", {"endpoint_url": "https://minio.example.com", "addressing": "virtual"}, ("https", "examplebucket.minio.example.com", "/")),
]


@pytest.mark.parametrize(("bucket", "key", "region", "options", "expected"), LOCATIONS)
def test_locations(bucket: str, key: Optional[str], region: str, options: Dict[str, Any], expected: Any) -> None:
    assert s3_location(bucket, key, region, **options) == expected
    url = presign_s3("GET", bucket, key, credentials=CREDS, region=region, now=NOW, **options).url
    scheme, host, path = expected
    assert url.startswith("%s://%s%s?" % (scheme, host, path))


def test_s3_location_keeps_its_positional_form() -> None:
    assert s3_location("examplebucket", "k", "us-east-1", "http://127.0.0.1:9000") == ("http", "127.0.0.1:9000", "/examplebucket/k")
    assert s3_location("examplebucket", "k", "us-east-1") == ("https", "examplebucket.s3.amazonaws.com", "/k")


@pytest.mark.parametrize(
    ("bucket", "region", "signing_region", "service"),
    [
        ("examplebucket", "eu-west-1", "eu-west-1", "s3"),
        (AP, "us-east-1", "us-west-2", "s3"),  # the ARN's region, as boto3's use_arn_region
        (OLAP, "us-west-2", "us-west-2", "s3-object-lambda"),
    ],
)
def test_signing_region_and_service(bucket: str, region: str, signing_region: str, service: str) -> None:
    endpoint = s3_endpoint(bucket, "k", region)
    assert (endpoint.region, endpoint.service) == (signing_region, service)
    url = presign_s3("GET", bucket, "k", credentials=CREDS, region=region, now=NOW).url
    credential = parse_qs(urlsplit(url).query)["X-Amz-Credential"][0]
    assert credential == "AKIAIOSFODNN7EXAMPLE/20260501/%s/%s/aws4_request" % (signing_region, service)


@pytest.mark.parametrize(
    ("region", "options", "host"),
    [
        ("us-east-1", {}, "s3.amazonaws.com"),
        ("us-west-1", {}, "s3.us-west-1.amazonaws.com"),
        ("il-central-1", {}, "s3.il-central-1.amazonaws.com"),
        ("cn-north-1", {}, "s3.cn-north-1.amazonaws.com.cn"),
        ("us-gov-east-1", {}, "s3.us-gov-east-1.amazonaws.com"),
        ("us-east-1", {"dualstack": True}, "s3.dualstack.us-east-1.amazonaws.com"),
        ("us-west-2", {"fips": True}, "s3-fips.us-west-2.amazonaws.com"),
    ],
)
def test_s3_host(region: str, options: Dict[str, bool], host: str) -> None:
    assert s3_host(region, **options) == host


@pytest.mark.parametrize("region", [None, "", "xx", "US-EAST-1"])
def test_s3_host_refuses_what_is_no_region(region: Any) -> None:
    with pytest.raises(InvalidInputError, match="region"):
        s3_host(region)


# (bucket, key, region, options, what the message must name)
REFUSED = [
    # regions
    ("examplebucket", "k", "US-EAST-1", {}, "region 'US-EAST-1' is not an AWS region name"),
    ("examplebucket", "k", "us_east_1", {}, "region 'us_east_1' is not an AWS region name"),
    ("examplebucket", "k", "useast1", {}, "region 'useast1' is not an AWS region name"),
    ("examplebucket", "k", "us-east", {}, "region 'us-east' is not an AWS region name"),
    ("examplebucket", "k", "us--1", {}, "region 'us--1' is not an AWS region name"),
    ("examplebucket", "k", "", {}, "region must be a non-empty string"),
    ("examplebucket", "k", "us east 1", {}, "region 'us east 1' has ' '"),
    ("examplebucket", "k", None, {}, "region must be a non-empty string"),
    # bucket names at AWS
    ("ab", "k", "eu-west-1", {}, "is 2 characters long; bucket names have 3 to 63"),
    ("a" * 64, "k", "eu-west-1", {}, "is 64 characters long; bucket names have 3 to 63"),
    ("Upper", "k", "eu-west-1", {}, "has 'U'; bucket names have only lower-case letters"),
    ("under_score", "k", "eu-west-1", {}, "has '_'; bucket names have only lower-case letters"),
    ("-bucket", "k", "eu-west-1", {}, "must start and end with a lower-case letter or a digit"),
    ("bucket-", "k", "eu-west-1", {}, "must start and end with a lower-case letter or a digit"),
    ("my..bucket", "k", "eu-west-1", {}, "has '..'"),
    ("my.-bucket", "k", "eu-west-1", {}, "has '.-'"),
    ("my-.bucket", "k", "eu-west-1", {}, "has '-.'"),
    ("192.168.5.4", "k", "eu-west-1", {}, "shaped like an IP address"),
    ("Legacy_Bucket", "k", "us-east-1", {"addressing": "virtual"}, "legacy us-east-1 names work in path style only"),
    ("my-bucket--usw2-az1--x-s3", "k", "us-west-2", {}, "directory bucket"),
    ("my.bucket", "k", "eu-west-1", {"addressing": "virtual"}, "would not match the TLS certificate"),
    # bucket names anywhere
    ("", "k", "eu-west-1", {}, "bucket must be a non-empty string"),
    (None, "k", "eu-west-1", {}, "bucket must be a non-empty string"),
    ("a/b", "k", "eu-west-1", {}, "has the character '/'"),
    ("a b", "k", "us-east-1", {"endpoint_url": "http://127.0.0.1:9000"}, "has the character ' '"),
    ("b\u00fccket", "k", "us-east-1", {"endpoint_url": "http://127.0.0.1:9000"}, "has the character '\u00fc'"),
    ("Any_Name", "k", "us-east-1", {"endpoint_url": "https://minio.example.com", "addressing": "virtual"}, "cannot be a host name label"),
    # keys
    ("examplebucket", "", "eu-west-1", {}, "key is empty"),
    ("examplebucket", 5, "eu-west-1", {}, "key must be a string"),
    ("examplebucket", "\u00fc" * 513, "eu-west-1", {}, "key is 1026 UTF-8 bytes long; S3 allows at most 1024"),
    ("examplebucket", "a\ud800b", "eu-west-1", {}, "lone surrogate"),
    # flags and their combinations
    ("examplebucket", "k", "eu-west-1", {"addressing": "Virtual"}, "addressing must be 'auto', 'virtual' or 'path'"),
    ("examplebucket", "k", "eu-west-1", {"dualstack": "yes"}, "dualstack must be True or False"),
    ("examplebucket", "k", "eu-west-1", {"fips": 1}, "fips must be True or False"),
    ("examplebucket", "k", "eu-west-1", {"fips": True}, "FIPS endpoints only in US and Canadian regions"),
    ("examplebucket", "k", "cn-north-1", {"fips": True}, "no FIPS endpoint in partition aws-cn"),
    ("examplebucket", "k", "cn-north-1", {"accelerate": True}, "no Transfer Acceleration endpoint in partition aws-cn"),
    ("examplebucket", "k", "us-gov-west-1", {"accelerate": True}, "no Transfer Acceleration endpoint in partition aws-us-gov"),
    ("examplebucket", "k", "us-iso-east-1", {"dualstack": True}, "no dual-stack endpoint in partition aws-iso"),
    ("examplebucket", "k", "us-east-1", {"accelerate": True, "fips": True}, "Transfer Acceleration has no FIPS endpoint"),
    ("examplebucket", "k", "us-east-1", {"accelerate": True, "addressing": "path"}, "Transfer Acceleration needs the bucket in the host name"),
    ("my.bucket", "k", "us-east-1", {"accelerate": True}, "cannot use Transfer Acceleration"),
    ("examplebucket", "k", "us-east-1", {"endpoint_url": "http://127.0.0.1:9000", "dualstack": True}, "dualstack=True selects an AWS endpoint"),
    ("examplebucket", "k", "us-east-1", {"endpoint_url": "http://127.0.0.1:9000", "fips": True}, "fips=True selects an AWS endpoint"),
    ("examplebucket", "k", "us-east-1", {"endpoint_url": "http://127.0.0.1:9000", "accelerate": True}, "accelerate=True selects an AWS endpoint"),
    ("examplebucket", "k", "us-east-1", {"endpoint_url": "http://127.0.0.1:9000", "addressing": "virtual"}, "is an IP address"),
    ("examplebucket", "k", "us-east-1", {"endpoint_url": "http://127.0.0.1:9000/?x=1"}, "endpoint_url must not have a query string"),
    ("examplebucket", "k", "us-east-1", {"endpoint_url": "127.0.0.1:9000"}, "is not absolute"),
    ("examplebucket", "k", "us-east-1", {"endpoint_url": "ftp://127.0.0.1:9000"}, "endpoint_url must start with http:// or https://, not ftp://"),
    ("examplebucket", "k", "us-east-1", {"endpoint_url": "http://u:p@127.0.0.1:9000"}, "user info"),
    ("examplebucket", "k", "us-east-1", {"endpoint_url": "http://127.0.0.1:9000/#x"}, "fragment"),
    # access point ARNs
    ("arn:aws:s3-object-lambda::123456789012:accesspoint/mfzwi23gnjvgw.mrap", "k", "us-east-1", {}, "but those are s3 ARNs"),
    ("arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01/accesspoint/ap", "k", "us-west-2", {}, "S3 on Outposts ARNs are not supported"),
    ("arn:aws:sqs:us-west-2:123456789012:accesspoint/my-ap", "k", "us-west-2", {}, "names service 'sqs'"),
    ("arn:aws:s3:::examplebucket", "k", "us-west-2", {}, "is not an access point"),
    ("arn:aws:s3:us-west-2", "k", "us-west-2", {}, "is not arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE"),
    ("arn:aws:s3:US-WEST-2:123456789012:accesspoint/my-ap", "k", "us-west-2", {}, "region 'US-WEST-2' is not an AWS region name"),
    ("arn:aws:s3:us-west-2:12345:accesspoint/my-ap", "k", "us-west-2", {}, "the account id must be 12 digits"),
    ("arn:aws:s3:us-west-2:123456789012:accesspoint/My_AP", "k", "us-west-2", {}, "access point name 'My_AP'"),
    ("arn:aws:s3:cn-north-1:123456789012:accesspoint/my-ap", "k", "cn-north-1", {}, "says partition 'aws' but its region cn-north-1 is in aws-cn"),
    ("arn:aws-cn:s3:cn-north-1:123456789012:accesspoint/my-ap", "k", "us-east-1", {}, "is in partition aws-cn but region 'us-east-1' is in aws"),
    (AP, "k", "us-west-2", {"addressing": "path"}, "addressing='path' cannot be used"),
    (AP, "k", "us-west-2", {"accelerate": True}, "access points cannot be used with Transfer Acceleration"),
    (OLAP, "k", "us-west-2", {"dualstack": True}, "Object Lambda access points have no dual-stack endpoint"),
    (AP, "k", "us-west-2", {"endpoint_url": "https://example.com"}, "access point ARNs resolve to AWS endpoints"),
    ("arn:aws:s3:eu-west-1:123456789012:accesspoint/my-ap", "k", "eu-west-1", {"fips": True}, "FIPS endpoints only in US and Canadian regions"),
]


@pytest.mark.parametrize(("bucket", "key", "region", "options", "message"), REFUSED)
def test_refused(bucket: Any, key: Any, region: Any, options: Dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        presign_s3("GET", bucket, key, credentials=CREDS, region=region, now=NOW, **options)
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def test_bucket_rules_relaxed_at_custom_endpoint() -> None:
    """Stores other than AWS allow names AWS does not (upper case, '_', 2 or 100 characters)."""
    for bucket in ("ab", "Under_Score", "x" * 100, "a..b"):
        url = presign_s3("GET", bucket, "k", credentials=CREDS, region="us-east-1", now=NOW,
                         endpoint_url="http://127.0.0.1:9000").url
        assert urlsplit(url).path == "/%s/k" % bucket


def test_key_of_1024_bytes_is_accepted() -> None:
    key = "\u00fc" * 512  # 1024 UTF-8 bytes
    url = presign_s3("GET", "examplebucket", key, credentials=CREDS, region="eu-west-1", now=NOW).url
    assert urlsplit(url).path == "/" + "%C3%BC" * 512


# --- Headers: signed, returned, never moved into the query, nothing added -----------------

def test_headers_are_signed_and_returned_not_moved_into_the_query() -> None:
    headers = {
        "Content-Type": "image/png",
        "x-amz-tagging": "a=b",
        "x-amz-server-side-encryption": "aws:kms",
        "x-amz-meta-owner": "me",
    }
    presigned = presign_s3("PUT", "examplebucket", "k.png", credentials=CREDS, region="eu-west-1",
                           now=NOW, headers=headers)
    assert presigned.headers == headers
    query = parse_qs(urlsplit(presigned.url).query)
    assert query["X-Amz-SignedHeaders"] == [
        "content-type;host;x-amz-meta-owner;x-amz-server-side-encryption;x-amz-tagging"
    ]
    assert set(query) == {
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
        "X-Amz-SignedHeaders", "X-Amz-Signature",
    }


@pytest.mark.parametrize("name", ["X-Amz-Signature", "x-amz-date", "X-AMZ-CREDENTIAL", "X-Amz-Security-Token"])
def test_params_cannot_carry_the_signers_own_parameters(name: str) -> None:
    # The URL would carry the parameter twice, and S3 would read the wrong one.
    with pytest.raises(InvalidInputError, match="the query already has " + name):
        presign_s3("GET", "examplebucket", "k", credentials=CREDS, region="eu-west-1", now=NOW,
                   params={name: "x"})


def test_nothing_added_that_was_not_asked_for() -> None:
    presigned = presign_s3("PUT", "examplebucket", "k", credentials=CREDS, region="eu-west-1", now=NOW)
    assert presigned.headers == {}
    assert "X-Amz-SignedHeaders=host&" in presigned.url
    assert "checksum" not in presigned.url.lower()
    assert presigned.canonical_request.endswith("\nUNSIGNED-PAYLOAD")


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_operation_table_rows_are_well_formed(operation: str) -> None:
    spec = OPERATIONS[operation]
    assert spec.method in ("GET", "HEAD", "PUT", "POST", "DELETE")
    assert spec.target in ("object", "bucket")
    names = [name for name, _ in spec.query_params + spec.header_params]
    assert len(names) == len(set(names))
    assert set(spec.required) <= set(names)


# --- Expiry ------------------------------------------------------------------------------

@pytest.mark.parametrize("expires_in", [1, 3600, 604800, datetime.timedelta(days=7), datetime.timedelta(seconds=1)])
def test_expiry_accepted(expires_in: Any) -> None:
    presigned = presign_s3("GET", "examplebucket", "k", credentials=CREDS, region="eu-west-1",
                           now=NOW, expires_in=expires_in)
    seconds = int(expires_in.total_seconds()) if isinstance(expires_in, datetime.timedelta) else expires_in
    assert "X-Amz-Expires=%d&" % seconds in presigned.url
    assert presigned.expires_at == NOW + datetime.timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("expires_in", "message"),
    [
        (0, "between 1 and 604800 seconds (7 days), got 0"),
        (-5, "between 1 and 604800 seconds (7 days), got -5"),
        (604801, "between 1 and 604800 seconds (7 days), got 604801"),
        (datetime.timedelta(days=8), "got 691200"),
        (1.5, "whole seconds"),
        ("60", "whole seconds or a timedelta"),
        (True, "not a bool"),
    ],
)
def test_expiry_refused(expires_in: Any, message: str) -> None:
    with pytest.raises(InvalidInputError, match="expires_in") as info:
        presign_s3("GET", "examplebucket", "k", credentials=CREDS, region="eu-west-1", now=NOW, expires_in=expires_in)
    assert message in str(info.value)


def test_max_expires_in_raises_the_cap_for_other_stores() -> None:
    presigned = presign_s3("GET", "examplebucket", "k", credentials=CREDS, region="us-east-1", now=NOW,
                           endpoint_url="http://127.0.0.1:9000", expires_in=30 * 86400, max_expires_in=365 * 86400)
    assert "X-Amz-Expires=2592000&" in presigned.url
    with pytest.raises(InvalidInputError, match="between 1 and 31536000 seconds"):
        presign_s3("GET", "examplebucket", "k", credentials=CREDS, region="us-east-1", now=NOW,
                   expires_in=400 * 86400, max_expires_in=365 * 86400)


@pytest.mark.parametrize("cap", [0, -1, "1000", 2.5, True])
def test_max_expires_in_refused(cap: Any) -> None:
    with pytest.raises(InvalidInputError, match="max_expires_in must be a positive whole number"):
        presign_s3("GET", "examplebucket", "k", credentials=CREDS, region="eu-west-1", now=NOW, max_expires_in=cap)


def test_credential_expiry_before_url_expiry_warns_and_shortens() -> None:
    ends = NOW + datetime.timedelta(minutes=20)
    creds = Credentials("ASIAEXAMPLE", "secret", "token", expiration=ends)
    with pytest.warns(CredentialExpiryWarning) as record:
        presigned = presign_s3("GET", "examplebucket", "k", credentials=creds, region="eu-west-1",
                               now=NOW, expires_in=3600)
    assert presigned.expires_at == ends
    assert "X-Amz-Expires=3600&" in presigned.url  # the URL itself still says what was asked
    warning = record[0].message
    assert isinstance(warning, CredentialExpiryWarning)
    # The times are attributes, not text: one registry entry per call site, however many calls.
    assert warning.credentials_expire_at == int(ends.timestamp())
    assert warning.expires_at == int(NOW.timestamp()) + 3600
    assert issubclass(CredentialExpiryWarning, UserWarning)
    assert record[0].filename == __file__  # points at the caller's line


@pytest.mark.parametrize("minutes", [60, 61, 24 * 60])
def test_credential_expiry_at_or_after_url_expiry_is_silent(minutes: int) -> None:
    creds = Credentials("ASIAEXAMPLE", "secret", "token", expiration=NOW + datetime.timedelta(minutes=minutes))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        presigned = presign_s3("GET", "examplebucket", "k", credentials=creds, region="eu-west-1",
                               now=NOW, expires_in=3600)
    assert presigned.expires_at == NOW + datetime.timedelta(hours=1)


def test_credential_expiry_as_posix_seconds() -> None:
    ends = int(NOW.timestamp()) + 60
    creds = Credentials("ASIAEXAMPLE", "secret", "token", expiration=ends)
    with pytest.warns(CredentialExpiryWarning):
        presigned = presign_s3("GET", "examplebucket", "k", credentials=creds, region="eu-west-1", now=NOW)
    assert presigned.expires_at_epoch == ends


def test_endpoint_resolution_is_remembered_per_bucket_not_per_key() -> None:
    """The same bucket with other keys, options or a refused input in between: each
    answer is still the table's, and a refusal is never remembered as a success."""
    for _ in range(2):
        assert s3_location("examplebucket", "a", "eu-west-1") == ("https", "examplebucket.s3.eu-west-1.amazonaws.com", "/a")
        assert s3_location("examplebucket", None, "eu-west-1", addressing="path") == ("https", "s3.eu-west-1.amazonaws.com", "/examplebucket")
        with pytest.raises(InvalidInputError, match="FIPS endpoints only"):
            s3_location("examplebucket", "a", "eu-west-1", fips=True)
        with pytest.raises(InvalidInputError, match="key is empty"):
            s3_location("examplebucket", "", "eu-west-1")
    for i in range(600):  # more buckets than are remembered
        bucket = "bucket-%d" % i
        assert s3_location(bucket, "k", "eu-west-1") == ("https", bucket + ".s3.eu-west-1.amazonaws.com", "/k")


# --- Checksums: a signed header the client must send, never a query parameter ----------

SHA256_OF_ABC = "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="  # base64(sha256(b"abc")), FIPS 180-2 B.1
CRC32_OF_ABC = "NSRBwg=="  # base64(0x352441C2), the CRC-32 of b"abc"


@pytest.mark.parametrize(
    ("checksum", "header"),
    [
        (("SHA256", SHA256_OF_ABC), ("x-amz-checksum-sha256", SHA256_OF_ABC)),
        (("crc32", CRC32_OF_ABC), ("x-amz-checksum-crc32", CRC32_OF_ABC)),
        (("CRC64NVME", "AAAAAAAAAAA="), ("x-amz-checksum-crc64nvme", "AAAAAAAAAAA=")),
    ],
)
def test_checksum_is_a_signed_header(checksum: Any, header: Any) -> None:
    presigned = presign_s3("PUT", "examplebucket", "k", credentials=CREDS, region="eu-west-1", now=NOW,
                           checksum=checksum)
    assert presigned.headers == dict([header])
    assert "X-Amz-SignedHeaders=host%3B" + header[0] + "&" in presigned.url
    assert "checksum" not in presigned.url.split("X-Amz-SignedHeaders=")[0].lower()


@pytest.mark.parametrize(
    ("method", "checksum", "message"),
    [
        ("GET", ("SHA256", SHA256_OF_ABC), "checksum goes with an upload (PUT or POST), not GET"),
        ("PUT", ("CRC16", "AAA="), "algorithm must be one of CRC32, CRC32C, CRC64NVME, SHA1, SHA256, SHA512, MD5"),
        ("PUT", ("SHA256", CRC32_OF_ABC), "must be the base64 of its 32-byte digest"),
        ("PUT", ("SHA256", SHA256_OF_ABC[:-1] + "!"), "must be the base64 of its 32-byte digest"),
        ("PUT", ("SHA256", " " + SHA256_OF_ABC), "must be the base64 of its 32-byte digest"),
        ("PUT", "SHA256", "checksum must be (algorithm, base64 value)"),
    ],
)
def test_bad_checksums_are_refused(method: str, checksum: Any, message: str) -> None:
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        presign_s3(method, "examplebucket", "k", credentials=CREDS, region="eu-west-1", now=NOW, checksum=checksum)
