"""bucket_and_key: which bucket and key an S3 URL names, as a table.

The hosts are S3's documented endpoint forms (regional, legacy dash-region, global,
dual-stack, FIPS, Transfer Acceleration, access points, S3 Express zonal endpoints);
tests/test_verify_attacks.py checks the same on URLs botocore makes.
"""

from typing import Optional, Tuple

import pytest

from sigv4presign import InvalidInputError
from sigv4presign.s3_object import bucket_and_key

AP = "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap"

CASES = [
    # (host, path, service, endpoint_url) -> (bucket, key)
    ("examplebucket.s3.amazonaws.com", "/a/b.txt", "s3", None, ("examplebucket", "a/b.txt")),
    ("examplebucket.s3.eu-west-1.amazonaws.com", "/a%20b/%C3%BC", "s3", None, ("examplebucket", "a b/ü")),
    ("examplebucket.s3-eu-west-1.amazonaws.com", "/k", "s3", None, ("examplebucket", "k")),
    ("examplebucket.s3-external-1.amazonaws.com", "/k", "s3", None, ("examplebucket", "k")),
    ("examplebucket.s3.dualstack.eu-west-1.amazonaws.com", "/k", "s3", None, ("examplebucket", "k")),
    ("examplebucket.s3-fips.dualstack.us-east-2.amazonaws.com", "/k", "s3", None, ("examplebucket", "k")),
    ("examplebucket.s3-accelerate.dualstack.amazonaws.com", "/k", "s3", None, ("examplebucket", "k")),
    ("examplebucket.s3.cn-north-1.amazonaws.com.cn", "/k", "s3", None, ("examplebucket", "k")),
    ("my.dotted.bucket.s3.eu-west-1.amazonaws.com", "/k", "s3", None, ("my.dotted.bucket", "k")),
    ("s3.eu-west-1.amazonaws.com", "/my.dotted.bucket/k/", "s3", None, ("my.dotted.bucket", "k/")),
    ("s3.amazonaws.com", "/Legacy_Bucket%2Fk", "s3", None, ("Legacy_Bucket", "k")),  # S3 decodes, then splits
    ("s3.amazonaws.com", "/examplebucket", "s3", None, ("examplebucket", None)),
    ("s3.amazonaws.com", "/", "s3", None, (None, None)),
    ("examplebucket.s3.amazonaws.com", "/", "s3", None, ("examplebucket", None)),
    ("examplebucket.s3.amazonaws.com", "/%FF", "s3", None, ("examplebucket", None)),  # not UTF-8
    ("my-ap-123456789012.s3-accesspoint.us-west-2.amazonaws.com", "/x", "s3", None, (AP, "x")),
    ("my-ap-123456789012.s3-accesspoint-fips.dualstack.us-west-2.amazonaws.com", "/x", "s3", None, (AP, "x")),
    ("my-olap-123456789012.s3-object-lambda.us-west-2.amazonaws.com", "/x", "s3-object-lambda", None,
     ("arn:aws:s3-object-lambda:us-west-2:123456789012:accesspoint/my-olap", "x")),
    ("my-ap-123456789012.s3-accesspoint.us-gov-west-1.amazonaws.com", "/x", "s3", None,
     ("arn:aws-us-gov:s3:us-gov-west-1:123456789012:accesspoint/my-ap", "x")),
    ("base--use1-az4--x-s3.s3express-use1-az4.us-east-1.amazonaws.com", "/k", "s3express", None,
     ("base--use1-az4--x-s3", "k")),
    # not known from the URL alone
    ("examplebucket.s3-website-us-east-1.amazonaws.com", "/k", "s3", None, (None, None)),
    ("examplebucket.s3.amazonaws.com:8443", "/k", "s3", None, (None, None)),
    ("127.0.0.1:9000", "/examplebucket/k", "s3", None, (None, None)),
    ("minio.example.com", "/examplebucket/k", "s3", None, (None, None)),
    ("sts.amazonaws.com", "/x", "sts", None, (None, None)),
    ("examplebucket.s3.amazonaws.com", "/k", "execute-api", None, (None, None)),
    # at a store's endpoint_url
    ("127.0.0.1:9000", "/examplebucket/k%2Fx", "s3", "http://127.0.0.1:9000", ("examplebucket", "k/x")),
    ("minio.example.com", "/base/examplebucket/k", "s3", "https://minio.example.com/base/", ("examplebucket", "k")),
    ("minio.example.com", "/%62ase/examplebucket/k", "s3", "https://minio.example.com/base", ("examplebucket", "k")),
    ("examplebucket.minio.example.com", "/base/k", "s3", "https://minio.example.com/base", ("examplebucket", "k")),
    ("minio.example.com", "/other/examplebucket/k", "s3", "https://minio.example.com/base", (None, None)),
    ("elsewhere.example.com", "/examplebucket/k", "s3", "https://minio.example.com", (None, None)),
]


@pytest.mark.parametrize(("host", "path", "service", "endpoint_url", "expected"), CASES,
                         ids=["%s%s" % (c[0], c[1]) for c in CASES])
def test_bucket_and_key(host: str, path: str, service: str, endpoint_url: Optional[str],
                        expected: Tuple[Optional[str], Optional[str]]) -> None:
    assert bucket_and_key(host, path, service, endpoint_url) == expected


def test_an_endpoint_url_that_is_no_url_is_an_input_error() -> None:
    with pytest.raises(InvalidInputError):
        bucket_and_key("h", "/b/k", "s3", "not a url")
