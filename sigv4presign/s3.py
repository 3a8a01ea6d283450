"""S3 presigning: S3's rules as data, endpoints, and key encoding.

S3 differs from the generic rules in three settings, not in code: the path is encoded
once (the key as the URL carries it), never normalised (``a//b/./c`` is a valid key),
and the payload is ``UNSIGNED-PAYLOAD`` (the body is not known when presigning).
"""

from .canonical import UNSIGNED_PAYLOAD
from .encoding import uri_encode
from .errors import InvalidInputError
from .presign import (
    Credentials,
    Presigned,
    _params_list,
    check_credentials,
    check_method,
    check_scope_part,
    headers_list,
    sign,
    signing_time,
    split_url,
)
from .timefmt import MAX_EXPIRES, to_expires

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Optional

    from .presign import HeadersArg, ParamsArg, TimeArg

SERVICE = "s3"


def s3_host(region: str) -> str:
    """The S3 endpoint host of a region: ``s3.{region}.amazonaws.com``, but
    ``s3.amazonaws.com`` for us-east-1 (where the regional name is an alias)."""
    if region == "us-east-1":
        return "s3.amazonaws.com"
    if region.startswith("cn-"):
        return "s3." + region + ".amazonaws.com.cn"
    return "s3." + region + ".amazonaws.com"


def check_bucket(bucket: "Any") -> str:
    if not isinstance(bucket, str) or not bucket:
        raise InvalidInputError("bucket must be a non-empty string, got %r" % (bucket,))
    for char in bucket:
        if char in "/?#% \t\r\n" or ord(char) < 32 or ord(char) > 126:
            raise InvalidInputError("bucket name %r has the character %r, which bucket names cannot have" % (bucket, char))
    return bucket


def check_key(key: "Any") -> "Optional[str]":
    if key is None:
        return None
    if not isinstance(key, str):
        raise InvalidInputError("key must be a string (or None for the bucket itself), not %s" % type(key).__name__)
    if not key:
        raise InvalidInputError("key is empty; pass key=None to presign the bucket itself")
    if len(key.encode("utf-8")) > 1024:
        raise InvalidInputError("key is %d UTF-8 bytes long; S3 allows at most 1024" % len(key.encode("utf-8")))
    return key


def s3_location(
    bucket: str,
    key: "Optional[str]",
    region: str,
    endpoint_url: "Optional[str]" = None,
) -> "tuple[str, str, str]":
    """(scheme, host, path) of an object (or of the bucket when ``key`` is None).

    The path is percent-encoded once, as S3 signs and receives it. Virtual-hosted at
    the region's endpoint, or path style at ``endpoint_url``.
    """
    encoded_key = "" if key is None else uri_encode(key, True)
    if endpoint_url is None:
        return "https", bucket + "." + s3_host(region), "/" + encoded_key
    scheme, host, base, query = split_url(endpoint_url)
    if query:
        raise InvalidInputError("endpoint_url must not have a query string")
    path = base.rstrip("/") + "/" + uri_encode(bucket)
    return scheme, host, path + ("/" + encoded_key if key is not None else "")


def presign_s3(
    method: str,
    bucket: str,
    key: "Optional[str]",
    *,
    credentials: Credentials,
    region: str,
    expires_in: "Any" = 3600,
    params: "ParamsArg" = None,
    headers: "HeadersArg" = None,
    endpoint_url: "Optional[str]" = None,
    now: "TimeArg" = None,
    max_expires_in: int = MAX_EXPIRES,
) -> Presigned:
    """Presign an S3 request for ``key`` in ``bucket`` (``key=None``: the bucket).

    The URL is virtual-hosted at the region's endpoint
    (``https://{bucket}.s3.{region}.amazonaws.com/{key}``; ``s3.amazonaws.com`` for
    us-east-1), or path style at ``endpoint_url`` (``{endpoint_url}/{bucket}/{key}``)
    for MinIO, SeaweedFS, R2 and other S3-compatible stores.
    ``params`` are query parameters (``versionId``, ``partNumber``, ``response-*``);
    ``headers`` are signed and must be sent as :attr:`Presigned.headers` says.
    """
    method = check_method(method)
    credentials = check_credentials(credentials)
    region = check_scope_part("region", region)
    bucket = check_bucket(bucket)
    key = check_key(key)
    scheme, host, path = s3_location(bucket, key, region, endpoint_url)
    return sign(
        method,
        scheme,
        host,
        path,
        path,
        [(uri_encode(n), uri_encode(v)) for n, v in _params_list(params)],
        headers_list(headers),
        credentials,
        region,
        SERVICE,
        signing_time(now),
        to_expires(expires_in, max_expires_in),
        UNSIGNED_PAYLOAD,
        "signed",
    )
