"""S3 presigning: S3's rules as data, endpoints, addressing, and the operation table.

S3 differs from the generic rules in three settings, not in code: the path is encoded
once (the key as the URL carries it), never normalised (``a//b/./c`` is a valid key),
and the payload is ``UNSIGNED-PAYLOAD`` (the body is not known when presigning).

Endpoints are a few small tables (partitions, FIPS regions, access point services)
read by one function, :func:`s3_endpoint`; there is no endpoint rules engine.
"""

from .canonical import UNSIGNED_PAYLOAD
from .encoding import uri_decode, uri_encode
from .errors import InvalidInputError, shown
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
)
from .timefmt import MAX_EXPIRES, to_expires
from .urls import split_url

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, Optional, Tuple

    from .presign import HeadersArg, ParamsArg, TimeArg

    Endpoint = Tuple[str, str, str, str, str]
    Pairs = Tuple[Tuple[str, str], ...]
    # (method, "object" or "bucket", fixed query, required, query params, header params)
    OperationSpec = Tuple[str, str, Pairs, Tuple[str, ...], Pairs, Pairs]

SERVICE = "s3"
ADDRESSING = ("auto", "virtual", "path")
MAX_KEY_BYTES = 1024

# --- Endpoint data -------------------------------------------------------------------

# (partition, region prefix, DNS suffix, features) in match order, the catch-all last.
# Features: "d" dual-stack, "f" FIPS, "a" Transfer Acceleration. The isolated and
# sovereign partitions get their plain regional endpoint only.
PARTITIONS = (
    ("aws-cn", "cn-", "amazonaws.com.cn", "d"),
    ("aws-us-gov", "us-gov-", "amazonaws.com", "df"),
    ("aws-iso", "us-iso-", "c2s.ic.gov", ""),
    ("aws-iso-b", "us-isob-", "sc2s.sgov.gov", ""),
    ("aws-iso-e", "eu-isoe-", "cloud.adc-e.uk", ""),
    ("aws-iso-f", "us-isof-", "csp.hci.ic.gov", ""),
    ("aws-eusc", "eusc-", "amazonaws.eu", ""),
    ("aws", "", "amazonaws.com", "dfa"),
)
# In the aws partition S3 has FIPS endpoints only in US and Canadian regions.
FIPS_REGION_PREFIXES = ("us-", "ca-")
# The one region whose plain endpoint is the global name (the regional name is an alias).
GLOBAL_HOSTS = {"us-east-1": "s3.amazonaws.com"}
# ARN service -> (host label, signing service, dual-stack offered)
ACCESS_POINT_SERVICES = {
    "s3": ("s3-accesspoint", "s3", True),
    "s3-object-lambda": ("s3-object-lambda", "s3-object-lambda", False),
}
ACCELERATE_HOST = "s3-accelerate"
FEATURE_NAMES = {"d": "dual-stack", "f": "FIPS", "a": "Transfer Acceleration"}

_LOWER = "abcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"
_DNS_CHARS = frozenset(_LOWER + _DIGITS + "-.")
_LEGACY_CHARS = frozenset(_LOWER + _LOWER.upper() + _DIGITS + "-._")
_ALNUM = frozenset(_LOWER + _DIGITS)


def partition_of(region: str) -> "Tuple[str, str, str]":
    """(partition, DNS suffix, features) of a region, from :data:`PARTITIONS`."""
    for name, prefix, suffix, features in PARTITIONS:
        if region.startswith(prefix):
            return name, suffix, features
    raise AssertionError("unreachable: the last partition matches every region")


def check_region(region: "Any") -> str:
    """An AWS region name: lower-case words and a number joined by ``-`` (``us-east-1``,
    ``us-gov-west-1``, ``ap-southeast-3``)."""
    name = check_scope_part("region", region)
    parts = name.split("-")
    good = len(parts) >= 3 and parts[-1].isdigit()
    for part in parts[:-1]:
        if not part or any(c not in _LOWER for c in part):
            good = False
    if not good:
        raise InvalidInputError(
            "region %r is not an AWS region name such as 'us-east-1' or 'eu-central-2' "
            "(lower-case words and a number joined by '-'); for another S3-compatible "
            "store pass endpoint_url" % (name,)
        )
    return name


def _need(features: str, wanted: str, partition: str, region: str) -> None:
    if wanted not in features:
        raise InvalidInputError(
            "S3 has no %s endpoint in partition %s (region %s)"
            % (FEATURE_NAMES[wanted], partition, region)
        )


def s3_host(region: str, dualstack: bool = False, fips: bool = False) -> str:
    """The S3 endpoint host of a region.

    ``s3[-fips][.dualstack].{region}.{dns suffix}``, except the plain endpoint of
    us-east-1, ``s3.amazonaws.com``. Regions launched after March 2019 have no global
    alias, so every other region gets its regional name.
    """
    partition, suffix, features = partition_of(check_region(region))
    if dualstack:
        _need(features, "d", partition, region)
    if fips:
        _need(features, "f", partition, region)
        if partition == "aws" and not _starts_any(region, FIPS_REGION_PREFIXES):
            raise InvalidInputError(
                "S3 has FIPS endpoints only in US and Canadian regions (and GovCloud), not in %s"
                % region
            )
    if not dualstack and not fips and region in GLOBAL_HOSTS:
        return GLOBAL_HOSTS[region]
    return "s3" + ("-fips" if fips else "") + (".dualstack" if dualstack else "") + "." + region + "." + suffix


def _starts_any(text: str, prefixes: "Tuple[str, ...]") -> bool:
    for prefix in prefixes:
        if text.startswith(prefix):
            return True
    return False


# --- Names -----------------------------------------------------------------------------

def _ip_like(name: str) -> bool:
    parts = name.split(".")
    return len(parts) == 4 and all(p.isdigit() for p in parts if p) and all(parts)


def bucket_problem(bucket: str) -> str:
    """Why ``bucket`` is not a DNS-compatible S3 bucket name ('' when it is): 3 to 63
    characters of ``a-z 0-9 . -``, starting and ending with a letter or digit, no
    ``..``, ``.-`` or ``-.``, and not shaped like an IP address."""
    if not 3 <= len(bucket) <= 63:
        return "is %d characters long; bucket names have 3 to 63" % len(bucket)
    for char in bucket:
        if char not in _DNS_CHARS:
            return "has %r; bucket names have only lower-case letters, digits, '.' and '-'" % char
    if bucket[0] not in _ALNUM or bucket[-1] not in _ALNUM:
        return "must start and end with a lower-case letter or a digit"
    for pair in ("..", ".-", "-."):
        if pair in bucket:
            return "has %r; each dot-separated label must start and end with a letter or digit" % pair
    if _ip_like(bucket):
        return "is shaped like an IP address, which bucket names cannot be"
    return ""


def check_bucket(bucket: "Any") -> str:
    """A bucket name any S3-compatible store could have: non-empty, printable ASCII,
    none of ``/ ? # %`` or white space. AWS's own rules are applied by
    :func:`s3_endpoint`."""
    if not isinstance(bucket, str) or not bucket:
        raise InvalidInputError("bucket must be a non-empty string, got %s" % shown(bucket))
    for char in bucket:
        if char in "/?#% \t\r\n" or ord(char) < 32 or ord(char) > 126:
            raise InvalidInputError("bucket name %r has the character %r, which bucket names cannot have" % (bucket, char))
    return bucket


def check_key(key: "Any") -> "Optional[str]":
    """An object key: a non-empty string of at most 1024 UTF-8 bytes (None: the bucket)."""
    if key is None:
        return None
    if not isinstance(key, str):
        raise InvalidInputError("key must be a string (or None for the bucket itself), not %s" % type(key).__name__)
    if not key:
        raise InvalidInputError("key is empty; pass key=None to presign the bucket itself")
    try:
        size = len(key.encode("utf-8"))
    except UnicodeError:
        raise InvalidInputError("key %r has a lone surrogate, which UTF-8 cannot encode" % (key,))
    if size > MAX_KEY_BYTES:
        raise InvalidInputError("key is %d UTF-8 bytes long; S3 allows at most %d" % (size, MAX_KEY_BYTES))
    return key


def _check_aws_bucket(bucket: str, region: str, addressing: str) -> str:
    """The addressing a bucket name allows at an AWS endpoint ("virtual" or "path")."""
    if bucket.endswith("--x-s3"):
        raise InvalidInputError(
            "bucket %r is an S3 Express One Zone directory bucket; its session-based "
            "signing is not supported" % bucket
        )
    problem = bucket_problem(bucket)
    if not problem:
        return "path" if "." in bucket else "virtual"
    # Buckets made in us-east-1 before March 2018 may have upper case and '_';
    # they are reachable in path style only.
    legacy = region == "us-east-1" and len(bucket) <= 255 and all(c in _LEGACY_CHARS for c in bucket)
    if legacy and addressing != "virtual":
        return "path"
    raise InvalidInputError(
        "bucket name %r %s%s" % (
            bucket, problem,
            " (legacy us-east-1 names work in path style only)" if legacy else "",
        )
    )


# --- Access point ARNs -------------------------------------------------------------------

def _parse_access_point(arn: str, region: str) -> "Tuple[str, str, str, str, str]":
    """(partition, region, account, name, service) of an access point ARN, checked."""
    parts = arn.split(":", 5)
    if len(parts) != 6:
        raise InvalidInputError(
            "bucket %r looks like an ARN but is not arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE" % arn
        )
    _, partition, service, arn_region, account, resource = parts
    if service == "s3-outposts":
        raise InvalidInputError("S3 on Outposts ARNs are not supported (bucket %r)" % arn)
    if service not in ACCESS_POINT_SERVICES:
        raise InvalidInputError(
            "ARN %r names service %r; only s3 access points and s3-object-lambda access "
            "points can stand in for a bucket" % (arn, service)
        )
    if resource.startswith("accesspoint/") or resource.startswith("accesspoint:"):
        name = resource[12:]
    else:
        raise InvalidInputError("ARN %r is not an access point (its resource must be accesspoint/NAME)" % arn)
    if not arn_region:
        raise InvalidInputError(
            "ARN %r is a Multi-Region Access Point: it needs SigV4a signing, which is not "
            "supported yet" % arn
        )
    check_region(arn_region)
    if len(account) != 12 or not account.isdigit():
        raise InvalidInputError("ARN %r: the account id must be 12 digits, got %r" % (arn, account))
    if (
        not 3 <= len(name) <= 50
        or any(c not in _ALNUM and c != "-" for c in name)
        or name[0] == "-"
        or name[-1] == "-"
    ):
        raise InvalidInputError(
            "ARN %r: access point name %r must be 3 to 50 lower-case letters, digits or "
            "'-', not starting or ending with '-'" % (arn, name)
        )
    expected = partition_of(arn_region)[0]
    if partition != expected:
        raise InvalidInputError(
            "ARN %r says partition %r but its region %s is in %s" % (arn, partition, arn_region, expected)
        )
    client_partition = partition_of(region)[0]
    if client_partition != partition:
        raise InvalidInputError(
            "ARN %r is in partition %s but region %r is in %s; use a region of the ARN's partition"
            % (arn, partition, region, client_partition)
        )
    return partition, arn_region, account, name, service


def _access_point_endpoint(
    arn: str, region: str, addressing: str, dualstack: bool, fips: bool
) -> "Endpoint":
    partition, arn_region, account, name, service = _parse_access_point(arn, region)
    label, signing_service, dualstack_ok = ACCESS_POINT_SERVICES[service]
    if addressing == "path":
        raise InvalidInputError("access point ARNs are reached by their own host; addressing='path' cannot be used")
    if dualstack and not dualstack_ok:
        raise InvalidInputError("S3 Object Lambda access points have no dual-stack endpoint")
    s3_host(arn_region, dualstack, fips)  # the partition's dual-stack and FIPS rules
    host = "%s-%s.%s%s%s.%s.%s" % (
        name, account, label, "-fips" if fips else "", ".dualstack" if dualstack else "",
        arn_region, partition_of(arn_region)[1],
    )
    return "https", host, "", arn_region, signing_service


# --- Endpoint resolution ------------------------------------------------------------------

def _check_flags(addressing: "Any", dualstack: "Any", accelerate: "Any", fips: "Any") -> None:
    if not isinstance(addressing, str) or addressing not in ADDRESSING:
        raise InvalidInputError("addressing must be 'auto', 'virtual' or 'path', got %s" % shown(addressing))
    for name, value in (("dualstack", dualstack), ("accelerate", accelerate), ("fips", fips)):
        if value is not True and value is not False:
            raise InvalidInputError("%s must be True or False, got %s" % (name, shown(value)))


def _custom_endpoint(
    bucket: str, endpoint_url: str, addressing: str, dualstack: bool, accelerate: bool, fips: bool,
) -> "Tuple[str, str, str]":
    for flag, name in ((dualstack, "dualstack"), (accelerate, "accelerate"), (fips, "fips")):
        if flag:
            raise InvalidInputError(
                "%s=True selects an AWS endpoint; it cannot be combined with endpoint_url" % name
            )
    scheme, host, base, query = split_url(endpoint_url)
    if scheme not in ("http", "https"):
        raise InvalidInputError("endpoint_url must start with http:// or https://, not %s://" % scheme)
    if query:
        raise InvalidInputError("endpoint_url must not have a query string")
    # The base path in its one encoding, like the key: what is signed is what is sent.
    base = uri_encode(uri_decode(base.rstrip("/")), True)
    if addressing == "virtual":
        problem = bucket_problem(bucket)
        if problem:
            raise InvalidInputError(
                "bucket name %r %s, so it cannot be a host name label (addressing='virtual')"
                % (bucket, problem)
            )
        name = host.split(":")[0] if not host.startswith("[") else ""
        if not name or _ip_like(name):
            raise InvalidInputError(
                "addressing='virtual' puts the bucket in the host name, but endpoint_url's "
                "host %r is an IP address; use addressing='path'" % (host,)
            )
        return scheme, bucket + "." + host, base
    return scheme, host, base + "/" + uri_encode(bucket)


# Resolved endpoints by (bucket, region, endpoint_url, addressing, dualstack,
# accelerate, fips): resolution and its checks are the same for every key of a bucket.
_ENDPOINTS: "Dict[Tuple[Any, ...], Endpoint]" = {}
_ENDPOINTS_MAX = 256


def s3_endpoint(
    bucket: str,
    key: "Optional[str]",
    region: str,
    endpoint_url: "Optional[str]" = None,
    addressing: str = "auto",
    dualstack: bool = False,
    accelerate: bool = False,
    fips: bool = False,
) -> "Endpoint":
    """(scheme, host, path, signing region, signing service) of an object, or of the
    bucket when ``key`` is None; every input checked.

    - ``addressing="auto"``: virtual-hosted (``{bucket}.{host}/{key}``), but path style
      (``{host}/{bucket}/{key}``) when the name is no DNS label or has dots (the TLS
      certificate ``*.s3...`` covers one label only), and at an ``endpoint_url``.
    - hosts: :func:`s3_host`; ``accelerate``: ``{bucket}.s3-accelerate[.dualstack].amazonaws.com``.
    - an access point ARN as ``bucket``: ``{name}-{account}.s3-accesspoint.{region}...``,
      signed for the ARN's region (and service ``s3-object-lambda`` for Object Lambda).

    ``path = base + "/" + UriEncode(key, keep "/")``, or ``base`` (``/`` if empty) for the
    bucket, where ``base`` is ``""`` (virtual-hosted) or ``/{bucket}`` (path style).
    """
    _check_flags(addressing, dualstack, accelerate, fips)
    cache_key: "Optional[Tuple[Any, ...]]" = None
    resolved: "Optional[Endpoint]" = None
    if isinstance(bucket, str) and isinstance(region, str) and (endpoint_url is None or isinstance(endpoint_url, str)):
        cache_key = (bucket, region, endpoint_url, addressing, dualstack, accelerate, fips)
        resolved = _ENDPOINTS.get(cache_key)
    if resolved is None:
        resolved = _resolve(bucket, region, endpoint_url, addressing, dualstack, accelerate, fips)
        if cache_key is not None:
            if len(_ENDPOINTS) >= _ENDPOINTS_MAX:
                _ENDPOINTS.clear()
            _ENDPOINTS[cache_key] = resolved
    scheme, host, base, signing_region, service = resolved
    key = check_key(key)
    path = (base or "/") if key is None else base + "/" + uri_encode(key, True)
    return scheme, host, path, signing_region, service


def _resolve(
    bucket: "Any", region: "Any", endpoint_url: "Optional[str]", addressing: str,
    dualstack: bool, accelerate: bool, fips: bool,
) -> "Endpoint":
    """(scheme, host, base path, signing region, signing service) of a bucket, checked."""
    is_arn = isinstance(bucket, str) and bucket.startswith("arn:")
    if not is_arn:
        bucket = check_bucket(bucket)
    if endpoint_url is not None:
        region = check_scope_part("region", region)
        if is_arn:
            raise InvalidInputError(
                "access point ARNs resolve to AWS endpoints; pass the access point's alias "
                "as the bucket to use endpoint_url"
            )
        scheme, host, base = _custom_endpoint(bucket, endpoint_url, addressing, dualstack, accelerate, fips)
        return scheme, host, base, region, SERVICE
    region = check_region(region)
    if is_arn:
        if accelerate:
            raise InvalidInputError("access points cannot be used with Transfer Acceleration")
        return _access_point_endpoint(bucket, region, addressing, dualstack, fips)
    allowed = _check_aws_bucket(bucket, region, addressing)
    if accelerate:
        partition, _, features = partition_of(region)
        _need(features, "a", partition, region)
        if fips:
            raise InvalidInputError("Transfer Acceleration has no FIPS endpoint: use accelerate or fips, not both")
        if addressing == "path":
            raise InvalidInputError("Transfer Acceleration needs the bucket in the host name; addressing='path' cannot be used")
        if allowed != "virtual":
            raise InvalidInputError(
                "bucket %r cannot use Transfer Acceleration: its name must be a DNS label without dots" % bucket
            )
        host = bucket + "." + ACCELERATE_HOST + (".dualstack" if dualstack else "") + "." + partition_of(region)[1]
        return "https", host, "", region, SERVICE
    host = s3_host(region, dualstack, fips)
    if addressing == "virtual" and allowed == "path":
        raise InvalidInputError(
            "bucket %r has dots, so %s.%s would not match the TLS certificate of "
            "*.%s; use addressing='path' or 'auto'" % (bucket, bucket, host, host)
        )
    if (addressing if addressing != "auto" else allowed) == "virtual":
        return "https", bucket + "." + host, "", region, SERVICE
    return "https", host, "/" + bucket, region, SERVICE


def s3_location(
    bucket: str,
    key: "Optional[str]",
    region: str,
    endpoint_url: "Optional[str]" = None,
    addressing: str = "auto",
    dualstack: bool = False,
    accelerate: bool = False,
    fips: bool = False,
) -> "Tuple[str, str, str]":
    """(scheme, host, path) of :func:`s3_endpoint`; the path is percent-encoded once,
    as S3 signs and receives it."""
    endpoint = s3_endpoint(bucket, key, region, endpoint_url, addressing, dualstack, accelerate, fips)
    return endpoint[0], endpoint[1], endpoint[2]


# --- Presigning ---------------------------------------------------------------------------

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
    addressing: str = "auto",
    dualstack: bool = False,
    accelerate: bool = False,
    fips: bool = False,
) -> Presigned:
    """Presign an S3 request for ``key`` in ``bucket`` (``key=None``: the bucket).

    The URL is virtual-hosted at the region's endpoint
    (``https://{bucket}.s3.{region}.amazonaws.com/{key}``; ``s3.amazonaws.com`` for
    us-east-1), path style for bucket names that cannot be a host label, or path style
    at ``endpoint_url`` (``{endpoint_url}/{bucket}/{key}``) for MinIO, SeaweedFS, R2 and
    other S3-compatible stores; see :func:`s3_endpoint` for ``addressing``,
    ``dualstack``, ``accelerate``, ``fips`` and access point ARNs.
    ``params`` are query parameters (``versionId``, ``partNumber``, ``response-*``);
    ``headers`` are signed and must be sent as :attr:`Presigned.headers` says.
    ``expires_in`` is 1..604800 seconds; ``max_expires_in`` raises the cap for stores
    that allow longer.
    """
    method = check_method(method)
    credentials = check_credentials(credentials)
    scheme, host, path, signing_region, service = s3_endpoint(
        bucket, key, region, endpoint_url, addressing, dualstack, accelerate, fips
    )
    if not isinstance(max_expires_in, int) or isinstance(max_expires_in, bool) or max_expires_in < 1:
        raise InvalidInputError("max_expires_in must be a positive whole number of seconds, got %s" % shown(max_expires_in))
    return sign(
        method,
        scheme,
        host,
        path,
        path,
        [(uri_encode(n), uri_encode(v)) for n, v in _params_list(params)],
        headers_list(headers),
        credentials,
        signing_region,
        service,
        signing_time(now),
        to_expires(expires_in, max_expires_in),
        UNSIGNED_PAYLOAD,
        "signed",
    )


# --- Operations ---------------------------------------------------------------------------
# boto3's operation names and parameter names, as data for the boto3-compatible client
# (sigv4presign.compat). Each parameter maps to where S3 expects it: a query parameter
# or a header. Headers stay headers (S3 ignores x-amz-tagging or SSE moved to the query).

_SSE_C = (
    ("SSECustomerAlgorithm", "x-amz-server-side-encryption-customer-algorithm"),
    ("SSECustomerKey", "x-amz-server-side-encryption-customer-key"),
    ("SSECustomerKeyMD5", "x-amz-server-side-encryption-customer-key-MD5"),
)
_OWNER_PAYER = (
    ("ExpectedBucketOwner", "x-amz-expected-bucket-owner"),
    ("RequestPayer", "x-amz-request-payer"),
)
_CHECKSUMS = (
    ("ChecksumCRC32", "x-amz-checksum-crc32"),
    ("ChecksumCRC32C", "x-amz-checksum-crc32c"),
    ("ChecksumCRC64NVME", "x-amz-checksum-crc64nvme"),
    ("ChecksumSHA1", "x-amz-checksum-sha1"),
    ("ChecksumSHA256", "x-amz-checksum-sha256"),
    ("ChecksumSHA512", "x-amz-checksum-sha512"),
    ("ChecksumMD5", "x-amz-checksum-md5"),
    ("ChecksumXXHASH64", "x-amz-checksum-xxhash64"),
    ("ChecksumXXHASH3", "x-amz-checksum-xxhash3"),
    ("ChecksumXXHASH128", "x-amz-checksum-xxhash128"),
)
_RESPONSE_OVERRIDES = (
    ("ResponseCacheControl", "response-cache-control"),
    ("ResponseContentDisposition", "response-content-disposition"),
    ("ResponseContentEncoding", "response-content-encoding"),
    ("ResponseContentLanguage", "response-content-language"),
    ("ResponseContentType", "response-content-type"),
    ("ResponseExpires", "response-expires"),
)
_READ_HEADERS = (
    ("IfMatch", "If-Match"),
    ("IfModifiedSince", "If-Modified-Since"),
    ("IfNoneMatch", "If-None-Match"),
    ("IfUnmodifiedSince", "If-Unmodified-Since"),
    ("Range", "Range"),
    ("ChecksumMode", "x-amz-checksum-mode"),
) + _SSE_C + _OWNER_PAYER
# What describes a new object (PutObject and CreateMultipartUpload). "Metadata" is a
# mapping that becomes one x-amz-meta-NAME header per entry.
_NEW_OBJECT_HEADERS = (
    ("ACL", "x-amz-acl"),
    ("CacheControl", "Cache-Control"),
    ("ContentDisposition", "Content-Disposition"),
    ("ContentEncoding", "Content-Encoding"),
    ("ContentLanguage", "Content-Language"),
    ("ContentType", "Content-Type"),
    ("Expires", "Expires"),
    ("GrantFullControl", "x-amz-grant-full-control"),
    ("GrantRead", "x-amz-grant-read"),
    ("GrantReadACP", "x-amz-grant-read-acp"),
    ("GrantWriteACP", "x-amz-grant-write-acp"),
    ("Metadata", "x-amz-meta-"),
    ("ServerSideEncryption", "x-amz-server-side-encryption"),
    ("StorageClass", "x-amz-storage-class"),
    ("WebsiteRedirectLocation", "x-amz-website-redirect-location"),
    ("SSEKMSKeyId", "x-amz-server-side-encryption-aws-kms-key-id"),
    ("SSEKMSEncryptionContext", "x-amz-server-side-encryption-context"),
    ("BucketKeyEnabled", "x-amz-server-side-encryption-bucket-key-enabled"),
    ("Tagging", "x-amz-tagging"),
    ("ObjectLockMode", "x-amz-object-lock-mode"),
    ("ObjectLockRetainUntilDate", "x-amz-object-lock-retain-until-date"),
    ("ObjectLockLegalHoldStatus", "x-amz-object-lock-legal-hold"),
) + _SSE_C + _OWNER_PAYER

# boto3 name -> (HTTP method, object or bucket, fixed query pairs, required parameters,
#                parameter -> query name, parameter -> header name)
OPERATIONS: "Dict[str, OperationSpec]" = {
    "get_object": (
        "GET", "object", (), (),
        (("VersionId", "versionId"), ("PartNumber", "partNumber")) + _RESPONSE_OVERRIDES,
        _READ_HEADERS,
    ),
    "head_object": (
        "HEAD", "object", (), (),
        (("VersionId", "versionId"), ("PartNumber", "partNumber")) + _RESPONSE_OVERRIDES,
        _READ_HEADERS,
    ),
    "put_object": (
        "PUT", "object", (), (), (),
        _NEW_OBJECT_HEADERS + _CHECKSUMS + (
            ("ContentLength", "Content-Length"),
            ("ContentMD5", "Content-MD5"),
            ("IfMatch", "If-Match"),
            ("IfNoneMatch", "If-None-Match"),
        ),
    ),
    "delete_object": (
        "DELETE", "object", (), (), (("VersionId", "versionId"),),
        (
            ("MFA", "x-amz-mfa"),
            ("BypassGovernanceRetention", "x-amz-bypass-governance-retention"),
            ("IfMatch", "If-Match"),
        ) + _OWNER_PAYER,
    ),
    "create_multipart_upload": (
        "POST", "object", (("uploads", ""),), (), (),
        _NEW_OBJECT_HEADERS + (
            ("ChecksumAlgorithm", "x-amz-checksum-algorithm"),
            ("ChecksumType", "x-amz-checksum-type"),
        ),
    ),
    "upload_part": (
        "PUT", "object", (), ("PartNumber", "UploadId"),
        (("PartNumber", "partNumber"), ("UploadId", "uploadId")),
        (("ContentLength", "Content-Length"), ("ContentMD5", "Content-MD5")) + _CHECKSUMS + _SSE_C + _OWNER_PAYER,
    ),
    "complete_multipart_upload": (
        "POST", "object", (), ("UploadId",), (("UploadId", "uploadId"),),
        _CHECKSUMS + (
            ("ChecksumType", "x-amz-checksum-type"),
            ("IfMatch", "If-Match"),
            ("IfNoneMatch", "If-None-Match"),
        ) + _SSE_C + _OWNER_PAYER,
    ),
    "abort_multipart_upload": (
        "DELETE", "object", (), ("UploadId",), (("UploadId", "uploadId"),), _OWNER_PAYER,
    ),
    "list_parts": (
        "GET", "object", (), ("UploadId",),
        (("UploadId", "uploadId"), ("MaxParts", "max-parts"), ("PartNumberMarker", "part-number-marker")),
        _SSE_C + _OWNER_PAYER,
    ),
    "list_objects_v2": (
        "GET", "bucket", (("list-type", "2"),), (),
        (
            ("ContinuationToken", "continuation-token"),
            ("Delimiter", "delimiter"),
            ("EncodingType", "encoding-type"),
            ("FetchOwner", "fetch-owner"),
            ("MaxKeys", "max-keys"),
            ("Prefix", "prefix"),
            ("StartAfter", "start-after"),
        ),
        _OWNER_PAYER,
    ),
    "get_object_tagging": (
        "GET", "object", (("tagging", ""),), (), (("VersionId", "versionId"),), _OWNER_PAYER,
    ),
}
