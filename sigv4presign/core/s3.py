"""S3 presigning: endpoints, addressing and bucket names; S3's signing rules are the
:data:`sigv4presign.core.rules.S3` preset.

S3 differs from the generic rules in three settings, not in code: the path is encoded
once (the key as the URL carries it), never normalised (``a//b/./c`` is a valid key),
and the payload is ``UNSIGNED-PAYLOAD`` (the body is not known when presigning).

Endpoints are a few small tables (partitions, FIPS regions, access point services)
read by one function, :func:`s3_endpoint`; there is no endpoint rules engine.
Multi-Region access points are the one S3 endpoint signed with SigV4a.
"""

from .checks import (
    check_flag,
    check_method,
    check_region,
    check_scope_part,
    headers_list,
    params_list,
)
from .encoding import (
    HAVE_WIDE,
    encode_bytes,
    encode_wide,
    query_items,
    uri_decode,
    uri_encode,
    uri_encode_pairs,
)
from .errors import InvalidInputError, printable, shown
from .memo import remember
from .presign import _sign
from .record import Record
from .rules import rules_for
from .signing import ALGORITHM, ALGORITHM_V4A
from .timefmt import MAX_EXPIRES, signing_time, to_expires
from .urls import split_url
from .values import Credentials, Presigned, check_credentials

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, Iterable, List, Optional, Tuple

    from .checks import HeadersArg, ParamsArg
    from .values import TimeArg

SERVICE = "s3"
EXPRESS_SERVICE = "s3express"
EXPRESS_SUFFIX = "--x-s3"
EXPRESS_EXPIRES = 300  # botocore's default for directory buckets: sessions last 5 minutes
_REGION_HINT = "; for another S3-compatible store pass endpoint_url"
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
# Multi-Region access points: {alias}.accesspoint.s3-global.{dns suffix}, SigV4a for
# every region (botocore's endpoint rules: signingName s3, signingRegionSet ["*"]).
MRAP_HOST = "accesspoint.s3-global"
MRAP_REGION_SET = "*"
FEATURE_NAMES = {"d": "dual-stack", "f": "FIPS", "a": "Transfer Acceleration"}

_LOWER = "abcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"
_DNS_CHARS = frozenset(_LOWER + _DIGITS + "-.")
_LEGACY_CHARS = frozenset(_LOWER + _LOWER.upper() + _DIGITS + "-._")
_ALNUM = frozenset(_LOWER + _DIGITS)
_LABEL_CHARS = frozenset(_LOWER + _LOWER.upper() + _DIGITS + "-")


def partition_of(region: str) -> "Tuple[str, str, str]":
    """(partition, DNS suffix, features) of a region, from :data:`PARTITIONS`."""
    for name, prefix, suffix, features in PARTITIONS:
        if region.startswith(prefix):
            return name, suffix, features
    raise AssertionError("unreachable: the last partition matches every region")


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
    partition, suffix, features = partition_of(check_region(region, _REGION_HINT))
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
    check_region(arn_region, _REGION_HINT)
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
    return Endpoint("https", host, "", arn_region, signing_service)


def is_mrap_arn(bucket: "Any") -> bool:
    """Whether ``bucket`` is shaped like a multi-Region access point ARN: an ARN with
    an empty region field (``arn:aws:s3::123456789012:accesspoint/abc.mrap``)."""
    if not isinstance(bucket, str) or not bucket.startswith("arn:"):
        return False
    parts = bucket.split(":", 5)
    return len(parts) == 6 and parts[3] == ""


def _host_labels(name: str) -> bool:
    """``name`` is DNS labels joined by ``.``: each 1 to 63 letters, digits or ``-``,
    not starting or ending with ``-`` (botocore's isValidHostLabel with subdomains)."""
    for label in name.split("."):
        if not 1 <= len(label) <= 63 or label[0] == "-" or label[-1] == "-":
            return False
        for char in label:
            if char not in _LABEL_CHARS:
                return False
    return True


def _mrap_endpoint(arn: str, region: str, location: "Location") -> "Endpoint":
    """A multi-Region access point ``arn:PARTITION:s3::ACCOUNT:accesspoint/ALIAS`` at
    ``{alias}.accesspoint.s3-global.{dns suffix}``, signed with SigV4a for service
    ``s3`` and region set ``*``, as botocore's endpoint rules give. The ARN's partition
    must be the one of ``region``; there is no dual-stack, FIPS, Transfer Acceleration
    or path-style form."""
    _, partition, service, _, account, resource = arn.split(":", 5)
    if service != SERVICE:
        raise InvalidInputError(
            "ARN %r has no region, so it would be a multi-Region access point, but those are "
            "s3 ARNs (arn:aws:s3::ACCOUNT:accesspoint/ALIAS), not %s" % (arn, service)
        )
    if not (resource.startswith("accesspoint/") or resource.startswith("accesspoint:")):
        raise InvalidInputError(
            "ARN %r is not an access point (a multi-Region access point's resource is "
            "accesspoint/ALIAS)" % arn
        )
    alias = resource[12:]
    if not _host_labels(alias):
        raise InvalidInputError(
            "ARN %r: the multi-Region access point alias %r must be DNS labels joined by '.' "
            "(letters, digits and '-', 1 to 63 each, not starting or ending with '-'), such as "
            "'mfzwi23gnjvgw.mrap'" % (arn, alias)
        )
    if len(account) != 12 or not account.isdigit():
        raise InvalidInputError("ARN %r: the account id must be 12 digits, got %r" % (arn, account))
    for flag, what in ((location.dualstack, "dual-stack"), (location.fips, "FIPS"),
                       (location.accelerate, "Transfer Acceleration")):
        if flag:
            raise InvalidInputError("S3 multi-Region access points have no %s endpoint (ARN %r)" % (what, arn))
    if location.addressing == "path":
        raise InvalidInputError(
            "multi-Region access points are reached by their own host; addressing='path' cannot be used"
        )
    client_partition, suffix, _ = partition_of(region)
    if partition != client_partition:
        raise InvalidInputError(
            "ARN %r is in partition %s but region %r is in %s; use a region of the ARN's partition"
            % (arn, partition, region, client_partition)
        )
    return Endpoint("https", alias + "." + MRAP_HOST + "." + suffix, "", MRAP_REGION_SET, SERVICE, ALGORITHM_V4A)


# --- Checksums ----------------------------------------------------------------------------

def signed_checksum(method: str, checksum: "Any") -> "Tuple[str, str]":
    """``("x-amz-checksum-<algorithm>", value)`` of ``checksum=(algorithm, value)``,
    checked: an upload, an algorithm S3 takes, and the base64 of a digest of its size."""
    from binascii import a2b_base64

    from .checksums import DIGEST_BYTES, algorithm_name, checksum_header

    if method not in ("PUT", "POST"):
        raise InvalidInputError("checksum goes with an upload (PUT or POST), not %s" % method)
    try:
        algorithm, value = checksum
    except (TypeError, ValueError):
        raise InvalidInputError("checksum must be (algorithm, base64 value), got %s" % shown(checksum))
    name = algorithm_name(algorithm)
    size = DIGEST_BYTES[name]
    try:
        digest = a2b_base64(value) if isinstance(value, str) and value.strip() == value else None
    except ValueError:  # binascii.Error is a ValueError (MicroPython raises ValueError)
        digest = None
    if digest is None or len(digest) != size or len(value) != (size + 2) // 3 * 4:
        raise InvalidInputError(
            "checksum value for %s must be the base64 of its %d-byte digest (%d characters), got %s"
            % (name, size, (size + 2) // 3 * 4, shown(value))
        )
    return checksum_header(name), value


# --- S3 Express One Zone -----------------------------------------------------------------

def _express_endpoint(bucket: str, region: str, location: "Location") -> "Endpoint":
    """A directory bucket ``{base}--{zone id}--x-s3`` at its zonal endpoint,
    ``{bucket}.s3express[-fips]-{zone id}[.dualstack].{region}.{dns suffix}``, signed
    for service ``s3express`` (as botocore's endpoint rules give)."""
    base, _, zone = bucket[: -len(EXPRESS_SUFFIX)].rpartition("--")
    problem = bucket_problem(bucket)
    if not base or not zone or problem or "." in bucket:
        raise InvalidInputError(
            "bucket %r is not a directory bucket name such as 'photos--usw2-az1--x-s3' "
            "(a DNS label, then '--', the Availability Zone id and '--x-s3')%s"
            % (bucket, "; it " + problem if problem else "")
        )
    if location.addressing == "path":
        raise InvalidInputError("directory buckets are reached by their zonal host; addressing='path' cannot be used")
    if location.accelerate:
        raise InvalidInputError("directory buckets have no Transfer Acceleration endpoint")
    partition, suffix, features = partition_of(region)
    s3_host(region, location.dualstack, location.fips)  # the partition's dual-stack and FIPS rules
    host = "%s.s3express%s-%s%s.%s.%s" % (
        bucket, "-fips" if location.fips else "", zone, ".dualstack" if location.dualstack else "", region, suffix,
    )
    return Endpoint("https", host, "", region, EXPRESS_SERVICE)


# --- Endpoint resolution ------------------------------------------------------------------

class Location:
    """Where a bucket is reached: ``endpoint_url`` (None: AWS), ``addressing``
    (``auto``, ``virtual`` or ``path``) and the AWS endpoint options ``dualstack``,
    ``accelerate`` and ``fips``; checked when made (a named record)."""

    __slots__ = ("endpoint_url", "addressing", "dualstack", "accelerate", "fips")

    def __init__(
        self,
        endpoint_url: "Optional[str]" = None,
        addressing: str = "auto",
        dualstack: bool = False,
        accelerate: bool = False,
        fips: bool = False,
    ) -> None:
        if not isinstance(addressing, str) or addressing not in ADDRESSING:
            raise InvalidInputError("addressing must be 'auto', 'virtual' or 'path', got %s" % shown(addressing))
        self.endpoint_url = endpoint_url
        self.addressing = addressing
        self.dualstack = check_flag("dualstack", dualstack)
        self.accelerate = check_flag("accelerate", accelerate)
        self.fips = check_flag("fips", fips)
        if endpoint_url is not None:
            for flag, name in ((dualstack, "dualstack"), (accelerate, "accelerate"), (fips, "fips")):
                if flag:
                    raise InvalidInputError(
                        "%s=True selects an AWS endpoint; it cannot be combined with endpoint_url" % name
                    )

    def _key(self) -> "Tuple[Any, ...]":
        return (self.endpoint_url, self.addressing, self.dualstack, self.accelerate, self.fips)


AWS = Location()


class Endpoint(Record):
    """Where a request goes and how it is signed (a named record): ``scheme``, ``host``,
    ``path`` (percent-encoded once, as S3 signs and receives it), the signing ``region``
    and ``service``, and the ``algorithm`` (SigV4, or SigV4a for a multi-Region access
    point, whose ``region`` is then the region set, ``*``)."""

    __slots__ = ("scheme", "host", "path", "region", "service", "algorithm")

    scheme: str
    host: str
    path: str
    region: str
    service: str
    algorithm: str

    def __init__(
        self, scheme: str, host: str, path: str, region: str, service: str, algorithm: str = ALGORITHM
    ) -> None:
        # One made per URL: assigned directly, not by Record's loop.
        self.scheme, self.host, self.path = scheme, host, path
        self.region, self.service, self.algorithm = region, service, algorithm

    @property
    def url(self) -> str:
        """``scheme://host/path``."""
        return self.scheme + "://" + self.host + self.path

    def __repr__(self) -> str:
        extra = "" if self.algorithm == ALGORITHM else ", %r" % (self.algorithm,)
        return "Endpoint(%r, %r, %r, %r, %r%s)" % (self.scheme, self.host, self.path, self.region, self.service, extra)


def _custom_endpoint(bucket: str, endpoint_url: str, addressing: str) -> "Tuple[str, str, str]":
    """(scheme, host, base path) of ``bucket`` at an S3-compatible store's URL."""
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


# Resolved buckets by (bucket, region, location): resolution and its checks are the
# same for every key of a bucket.
_ENDPOINTS: "Dict[Tuple[Any, ...], Endpoint]" = {}
_ENDPOINTS_MAX = 256


def s3_endpoint(bucket: str, key: "Optional[str]", region: str, location: Location = AWS) -> Endpoint:
    """The :class:`Endpoint` of an object, or of the bucket when ``key`` is None; every
    input checked.

    - ``addressing="auto"``: virtual-hosted (``{bucket}.{host}/{key}``), but path style
      (``{host}/{bucket}/{key}``) when the name is no DNS label or has dots (the TLS
      certificate ``*.s3...`` covers one label only), and at an ``endpoint_url``.
    - hosts: :func:`s3_host`; ``accelerate``: ``{bucket}.s3-accelerate[.dualstack].amazonaws.com``.
    - an access point ARN as ``bucket``: ``{name}-{account}.s3-accesspoint.{region}...``,
      signed for the ARN's region (and service ``s3-object-lambda`` for Object Lambda).

    ``path = base + "/" + UriEncode(key, keep "/")``, or ``base`` (``/`` if empty) for the
    bucket, where ``base`` is ``""`` (virtual-hosted) or ``/{bucket}`` (path style).
    """
    if not isinstance(location, Location):
        raise InvalidInputError("location must be a Location, not %s" % type(location).__name__)
    base = _bucket_endpoint(bucket, region, location)
    return Endpoint(base.scheme, base.host, _key_path(base, key), base.region, base.service, base.algorithm)


def _bucket_endpoint(bucket: "Any", region: "Any", location: Location) -> Endpoint:
    """The bucket's :class:`Endpoint` with its base path, resolved and checked once per
    (bucket, region, location) and remembered (bounded)."""
    cache_key: "Optional[Tuple[Any, ...]]" = None
    resolved: "Optional[Endpoint]" = None
    if isinstance(bucket, str) and isinstance(region, str) and (location.endpoint_url is None or isinstance(location.endpoint_url, str)):
        cache_key = (bucket, region) + location._key()
        resolved = _ENDPOINTS.get(cache_key)
    if resolved is None:
        resolved = _resolve(bucket, region, location)
        if cache_key is not None:
            remember(_ENDPOINTS, cache_key, resolved, _ENDPOINTS_MAX)
    return resolved


def _query_items(params: "Any") -> "List[str]":
    """The query parameters as encoded ``name "!" value`` items, checked."""
    items = query_items(params)
    if items is None:
        items = [name + "!" + value for name, value in uri_encode_pairs(params_list(params))]
    return items


def _key_path(base: Endpoint, key: "Any") -> str:
    """The path of ``key`` (checked) at a bucket's endpoint ``base``:
    ``base.path + "/" + UriEncode(key, keep "/")``, or the bucket's own path for None."""
    if type(key) is str:  # the common case: check_key's checks on the one UTF-8 encoding
        try:
            data = key.encode("utf-8")
        except UnicodeError:
            data = b""
        if data and len(data) <= MAX_KEY_BYTES:
            # Each non-ASCII character adds UTF-8 bytes to encode: when those alone are
            # many, the wide encoder is the one, without counting them first.
            if (len(data) - len(key)) * 8 > len(data) and HAVE_WIDE:
                return base.path + "/" + encode_wide(data, True)
            return base.path + "/" + encode_bytes(data, True)
    key = check_key(key)
    return (base.path or "/") if key is None else base.path + "/" + uri_encode(key, True)


def _resolve(bucket: "Any", region: "Any", location: Location) -> Endpoint:
    """The :class:`Endpoint` of a bucket with its base path (``""`` or ``/{bucket}``), checked."""
    addressing, dualstack, fips = location.addressing, location.dualstack, location.fips
    is_arn = isinstance(bucket, str) and bucket.startswith("arn:")
    if not is_arn:
        bucket = check_bucket(bucket)
    if location.endpoint_url is not None:
        region = check_scope_part("region", region)
        if is_mrap_arn(bucket):
            raise InvalidInputError(
                "multi-Region access point ARNs resolve to their global AWS endpoint; "
                "endpoint_url cannot be used with them"
            )
        if is_arn:
            raise InvalidInputError(
                "access point ARNs resolve to AWS endpoints; pass the access point's alias "
                "as the bucket to use endpoint_url"
            )
        scheme, host, base = _custom_endpoint(bucket, location.endpoint_url, addressing)
        return Endpoint(scheme, host, base, region, SERVICE)
    region = check_region(region, _REGION_HINT)
    if is_arn and is_mrap_arn(bucket):
        return _mrap_endpoint(bucket, region, location)
    if is_arn:
        if location.accelerate:
            raise InvalidInputError("access points cannot be used with Transfer Acceleration")
        return _access_point_endpoint(bucket, region, addressing, dualstack, fips)
    if bucket.endswith(EXPRESS_SUFFIX):
        return _express_endpoint(bucket, region, location)
    allowed = _check_aws_bucket(bucket, region, addressing)
    if location.accelerate:
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
        return Endpoint("https", host, "", region, SERVICE)
    host = s3_host(region, dualstack, fips)
    if addressing == "virtual" and allowed == "path":
        raise InvalidInputError(
            "bucket %r has dots, so %s.%s would not match the TLS certificate of "
            "*.%s; use addressing='path' or 'auto'" % (bucket, bucket, host, host)
        )
    if (addressing if addressing != "auto" else allowed) == "virtual":
        return Endpoint("https", bucket + "." + host, "", region, SERVICE)
    return Endpoint("https", host, "/" + bucket, region, SERVICE)


# --- Presigning ---------------------------------------------------------------------------

def _default_expiry(base: Endpoint, bucket: "Any", credentials: Credentials, expires_in: "Any",
                    max_expires_in: "Any") -> "Any":
    """``expires_in``, or the default for the endpoint (3600 s; 300 s, a session's life,
    for a directory bucket), after the checks that need the endpoint: a positive cap,
    and session credentials for a directory bucket."""
    if type(max_expires_in) is not int or max_expires_in < 1:
        raise InvalidInputError("max_expires_in must be a positive whole number of seconds, got %s" % shown(max_expires_in))
    if base.service == EXPRESS_SERVICE and credentials.session_token is None:
        raise InvalidInputError(
            "bucket %r is a directory bucket: sign with the session credentials of an S3 "
            "CreateSession call (they carry a session token), not with IAM credentials" % (bucket,)
        )
    if expires_in is None:
        return EXPRESS_EXPIRES if base.service == EXPRESS_SERVICE else 3600
    return expires_in


def presign_s3(
    method: str,
    bucket: str,
    key: "Optional[str]",
    *,
    credentials: Credentials,
    region: str,
    expires_in: "Any" = None,
    params: "ParamsArg" = None,
    headers: "HeadersArg" = None,
    endpoint_url: "Optional[str]" = None,
    now: "TimeArg" = None,
    max_expires_in: int = MAX_EXPIRES,
    addressing: str = "auto",
    dualstack: bool = False,
    accelerate: bool = False,
    fips: bool = False,
    checksum: "Optional[Tuple[str, str]]" = None,
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
    ``expires_in`` is 1..604800 seconds (default 3600); ``max_expires_in`` raises the
    cap for stores that allow longer.

    ``checksum=(algorithm, base64 value)`` (``CRC32``, ``CRC32C``, ``CRC64NVME``, ``SHA1``,
    ``SHA256``, ``SHA512`` or ``MD5``; :func:`sigv4presign.checksum` computes the value) signs
    ``x-amz-checksum-<algorithm>`` as a header the client must send with a PUT or POST:
    S3 then refuses a body with another checksum. It is never put in the query, where S3
    ignores it.

    A directory bucket (S3 Express One Zone, ``name--usw2-az1--x-s3``) is presigned for
    its zonal endpoint and service ``s3express`` with the session credentials of a
    CreateSession call, whose token travels as ``X-Amz-S3session-Token``; its default
    expiry is 300 s (the session's own life; pass the session's ``expiration`` in the
    Credentials to be warned when it ends first).

    A multi-Region access point ARN as ``bucket``
    (``arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap``) is presigned for
    ``mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com`` with SigV4a
    (``AWS4-ECDSA-P256-SHA256``) for every region (``X-Amz-Region-Set=*``), as boto3
    does with awscrt; ``region`` only names the partition. SigV4a signing is pure-Python
    big-integer arithmetic, which is not constant-time: see :mod:`sigv4presign.core.sigv4a`.
    """
    method = check_method(method)
    credentials = check_credentials(credentials)
    # The bucket's endpoint is resolved (and checked) once per set of arguments.
    base = None
    if type(dualstack) is bool and type(accelerate) is bool and type(fips) is bool:  # (1 == True)
        try:
            base = _ENDPOINTS.get((bucket, region, endpoint_url, addressing, dualstack, accelerate, fips))
        except TypeError:  # an unhashable argument: refused by the checks below
            pass
    if base is None:
        base = _bucket_endpoint(bucket, region, Location(endpoint_url, addressing, dualstack, accelerate, fips))
    path = _key_path(base, key)
    expires_in = _default_expiry(base, bucket, credentials, expires_in, max_expires_in)
    header_list = [] if headers is None else headers_list(headers)
    if checksum is not None:
        header_list.append(signed_checksum(method, checksum))
    # sign() without its SignRequest: the parts are checked already.
    return _sign(
        method, base.scheme, base.host, path, path,
        [] if params is None else _query_items(params), header_list,
        credentials, base.region, base.service, signing_time(now),
        to_expires(expires_in, max_expires_in), rules_for(base.service), base.algorithm,
    )


class S3Presigner:
    """:func:`presign_s3` bound to one bucket, credentials and region, for batches.

    The bucket's endpoint, the credentials and the default expiry are checked once, here;
    :meth:`presign` takes what :func:`presign_s3` takes per request, and :meth:`urls`
    signs many keys with one method, time and expiry (the clock, when ``now`` is not
    given, is read once for the batch)::

        signer = S3Presigner("examplebucket", credentials=creds, region="eu-west-1")
        links = signer.urls(["a.jpg", "b.jpg"])            # GET, 3600 s
        upload = signer.presign("PUT", "c.jpg", headers={"Content-Type": "image/jpeg"})

    The credentials are read at each signature (a refreshed Credentials object is the
    caller's to pass to a new presigner).
    """

    __slots__ = ("bucket", "credentials", "region", "expires_in", "max_expires_in", "_location", "_base")

    bucket: str
    credentials: Credentials
    region: str
    expires_in: int
    max_expires_in: int
    _location: Location
    _base: Endpoint

    def __init__(
        self,
        bucket: str,
        *,
        credentials: Credentials,
        region: str,
        expires_in: "Any" = None,
        max_expires_in: int = MAX_EXPIRES,
        endpoint_url: "Optional[str]" = None,
        addressing: str = "auto",
        dualstack: bool = False,
        accelerate: bool = False,
        fips: bool = False,
    ) -> None:
        credentials = check_credentials(credentials)
        location = Location(endpoint_url, addressing, dualstack, accelerate, fips)
        base = _bucket_endpoint(bucket, region, location)
        expires_in = to_expires(_default_expiry(base, bucket, credentials, expires_in, max_expires_in), max_expires_in)
        # Immutable: urls() relies on the endpoint resolved here.
        for name, value in (("bucket", bucket), ("credentials", credentials), ("region", region),
                            ("expires_in", expires_in), ("max_expires_in", max_expires_in),
                            ("_location", location), ("_base", base)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: "Any") -> None:
        raise AttributeError("an S3Presigner does not change; make another one")

    def __repr__(self) -> str:
        return "<S3Presigner %s %s by %s>" % (
            self._base.url, self._base.region, printable(self.credentials.access_key_id)
        )

    def presign(
        self,
        method: str,
        key: "Optional[str]",
        *,
        params: "ParamsArg" = None,
        headers: "HeadersArg" = None,
        now: "TimeArg" = None,
        expires_in: "Any" = None,
        checksum: "Optional[Tuple[str, str]]" = None,
    ) -> Presigned:
        """:func:`presign_s3` of ``method key`` in the bound bucket."""
        location = self._location
        return presign_s3(
            method, self.bucket, key, credentials=self.credentials, region=self.region,
            expires_in=self.expires_in if expires_in is None else expires_in, params=params,
            headers=headers, endpoint_url=location.endpoint_url, now=now,
            max_expires_in=self.max_expires_in, addressing=location.addressing,
            dualstack=location.dualstack, accelerate=location.accelerate, fips=location.fips,
            checksum=checksum,
        )

    def urls(self, keys: "Iterable[str]", method: str = "GET", *, now: "TimeArg" = None,
             expires_in: "Any" = None) -> "List[str]":
        """The URLs of ``method`` for each key of ``keys``, in order, all signed at one
        time (``now``, or the clock read once) for ``expires_in`` seconds (the
        presigner's by default). Keys are checked as :func:`presign_s3` checks them."""
        if isinstance(keys, (str, bytes)):
            raise InvalidInputError("keys must be a list (or other iterable) of keys, not one %s" % type(keys).__name__)
        try:
            keys = list(keys)
        except TypeError:
            raise InvalidInputError("keys must be a list (or other iterable) of keys, not %s" % type(keys).__name__)
        method = check_method(method)
        timestamp = signing_time(now)
        expires = self.expires_in if expires_in is None else to_expires(expires_in, self.max_expires_in)
        base = self._base
        credentials = self.credentials
        rules = rules_for(base.service)
        scheme, host, region, service, algorithm = base.scheme, base.host, base.region, base.service, base.algorithm
        paths = [_key_path(base, key) for key in keys]
        return [
            _sign(method, scheme, host, path, path, [], [], credentials, region, service, timestamp,
                  expires, rules, algorithm).url
            for path in paths
        ]
