"""Which bucket and key an S3 URL names: the inverse of :func:`sigv4presign.core.s3.s3_endpoint`.

S3 reads the path in its one encoding (``UriDecode`` once), so the bucket and key come
from the decoded path; two URLs with the same canonical URI name the same bucket and key.

- An AWS S3 endpoint (a host under a partition's DNS suffix, no port), read from the
  right: ``[bucket.]SERVICE[.dualstack][.region].suffix`` where SERVICE is ``s3``,
  ``s3-fips``, ``s3-external-1``, ``s3-{region}`` (legacy), ``s3-accelerate``,
  ``s3express[-fips]-{zone}``, ``s3-accesspoint[-fips]`` or ``s3-object-lambda[-fips]``:

  - labels before SERVICE: virtual-hosted; the bucket is those labels, the key the
    decoded path without its leading ``/``;
  - none: path style; the bucket is the decoded path up to its second ``/``, the key
    what follows;
  - an access point host ``{name}-{account}.s3-accesspoint...``: the bucket is the
    access point's ARN, as :func:`sigv4presign.presign_s3` takes it.

- Any other host: the bucket and key are known only from the store's ``endpoint_url``
  (``scheme://host[:port][/base]``): at that host, path style under the base path; at a
  host that ends in ``.`` + that host, virtual-hosted (the bucket is the labels before
  it) under the base path. Without ``endpoint_url``, or at another host, they cannot be
  known.

An empty key (the bucket itself) is None, as is a name that is not UTF-8 once decoded;
both are None when the URL names no bucket.
"""

import codecs

from .core.checks import check_region
from .core.encoding import uri_decode
from .core.errors import InvalidInputError
from .core.memo import remember
from .core.s3 import ACCESS_POINT_SERVICES, PARTITIONS, partition_of
from .core.urls import split_url

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Dict, List, Optional, Tuple

    Location = Tuple[Optional[str], Optional[str]]

# The signing services of S3's signer (and S3 Express's): the services whose URLs name a bucket.
S3_SERVICES = ("s3", "s3-object-lambda", "s3express")
_SERVICE_LABELS = ("s3", "s3-fips", "s3-external-1", "s3-accelerate")
# host label of an access point -> the service in its ARN
_ACCESS_POINT_LABELS: "Dict[str, str]" = {}
for _service in ACCESS_POINT_SERVICES:
    _label = ACCESS_POINT_SERVICES[_service][0]
    _ACCESS_POINT_LABELS[_label] = _service
    _ACCESS_POINT_LABELS[_label + "-fips"] = _service
_NONE: "Location" = (None, None)
_NOT_S3: "Tuple[str, Optional[str]]" = ("none", None)


def bucket_and_key(
    host: str, path: str, service: str, endpoint_url: "Optional[str]" = None
) -> "Location":
    """``(bucket, key)`` that ``host`` and ``path`` (as sent) name for ``service``, by the
    rule of this module; ``(None, None)`` when it cannot be known."""
    if service not in S3_SERVICES:
        return _NONE
    decoded = _decoded(path)  # S3 reads the path decoded once: so do the bucket and key
    if endpoint_url is not None:
        return _at_endpoint(host, decoded, endpoint_url)
    style, bucket = _aws_host(host)
    if style == "virtual":
        return bucket, _key(decoded)
    if style == "path":
        return _path_style(decoded)
    return _NONE


def _decoded(path: str) -> bytes:
    """``uri_decode(path)``, in C when it can: ``%XX`` written ``\\xXX`` is a bytes
    literal's escape of the byte XX, which ``codecs.escape_decode`` decodes, in an ASCII
    path without ``\\`` of its own. A ``%`` that starts no escape is left to uri_decode
    (which keeps it)."""
    if _escape_decode is not None and path.isascii() and "\\" not in path:
        try:
            return _escape_decode(path.replace("%", "\\x").encode("ascii"))[0]  # type: ignore[no-any-return]
        except ValueError:
            pass
    return uri_decode(path)


# The bytes-literal decoder (CPython and PyPy; pickle uses it).
_escape_decode = getattr(codecs, "escape_decode", None)


# host -> _read_aws_host(host), bounded (emptied when full): a server sees few hosts.
_AWS_HOSTS: "Dict[str, Tuple[str, Optional[str]]]" = {}


def _aws_host(host: str) -> "Tuple[str, Optional[str]]":
    """:func:`_read_aws_host`, memoised by the host."""
    found = _AWS_HOSTS.get(host)
    if found is None:
        found = remember(_AWS_HOSTS, host, _read_aws_host(host), 256)
    return found


def _read_aws_host(host: str) -> "Tuple[str, Optional[str]]":
    """How a host names a bucket, if it is an AWS S3 endpoint: ``("virtual", bucket)``
    (the bucket is in the host), ``("path", None)`` (path style) or ``("none", None)``
    (not an AWS S3 endpoint)."""
    if ":" in host or "[" in host:  # a port or an IP address: not an AWS endpoint
        return _NOT_S3
    for _, _, suffix, _ in PARTITIONS:
        if host.endswith("." + suffix):
            return _at_aws(host[: -len(suffix) - 1].split("."))
    return _NOT_S3


def _is_region(label: str) -> bool:
    try:
        check_region(label)
    except InvalidInputError:
        return False
    return True


def _at_aws(labels: "List[str]") -> "Tuple[str, Optional[str]]":
    """How an AWS host whose labels before the DNS suffix are ``labels`` names a bucket
    (as :func:`_read_aws_host`)."""
    region = ""
    if labels and _is_region(labels[-1]):
        region = labels.pop()
    if labels and labels[-1] == "dualstack":
        labels.pop()
    if not labels:
        return _NOT_S3
    service = labels.pop()
    if service in _ACCESS_POINT_LABELS:
        if len(labels) != 1 or not region:
            return _NOT_S3
        name, _, account = labels[0].rpartition("-")
        if not name or len(account) != 12 or not account.isdigit():
            return _NOT_S3
        bucket = "arn:%s:%s:%s:%s:accesspoint/%s" % (
            partition_of(region)[0], _ACCESS_POINT_LABELS[service], region, account, name)
        return "virtual", bucket
    known = (
        service in _SERVICE_LABELS
        or (service.startswith("s3-") and not service.startswith("s3-website")
            and _is_region(service[3:]) and not region)
        or (service.startswith("s3express-") and region != "")
    )
    if not known:
        return _NOT_S3
    if labels:  # virtual-hosted
        return "virtual", ".".join(labels)
    return "path", None


def _at_endpoint(host: str, path: bytes, endpoint_url: str) -> "Location":
    """Bucket and key at an S3-compatible store's ``endpoint_url``; ``path`` is decoded."""
    try:
        _, store, base_path, _ = split_url(endpoint_url)
    except InvalidInputError:
        raise InvalidInputError("endpoint_url must be the store's URL, like http://127.0.0.1:9000")
    base = uri_decode(base_path).rstrip(b"/")
    if base:
        if not (path == base or path.startswith(base + b"/")):
            return _NONE
        path = path[len(base):] or b"/"
    if host == store:
        return _path_style(path)
    if host.endswith("." + store) and not store.startswith("["):
        return host[: -len(store) - 1], _key(path)
    return _NONE


def _text(raw: bytes) -> "Optional[str]":
    """UTF-8 text, or None (an empty or undecodable name is not known)."""
    try:
        return raw.decode("utf-8") or None
    except UnicodeError:
        return None


def _key(path: bytes) -> "Optional[str]":
    """The key of a virtual-hosted (decoded) path: the path without its leading ``/``."""
    return _text(path[1:])


def _path_style(path: bytes) -> "Location":
    """(bucket, key) of a path-style (decoded) path: split at its second ``/``."""
    bucket, _, key = path[1:].partition(b"/")
    name = _text(bucket)
    return (name, _text(key)) if name is not None else _NONE
