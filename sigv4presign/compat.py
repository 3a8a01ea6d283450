"""A boto3-compatible S3 client for code written against boto3's presigning calls.

``sigv4presign.client("s3")`` takes boto3's arguments and returns an :class:`S3Client`
whose ``generate_presigned_url`` accepts boto3's operation and parameter names (the
table is :data:`sigv4presign.operations.OPERATIONS`). It only presigns: nothing here opens a
connection. Credentials and the region come from the arguments, else from the
environment and the AWS configuration files, the way the AWS CLI finds them.

A multi-Region access point ARN as ``Bucket`` presigns with SigV4a for every region, as
boto3 does with awscrt installed (whatever ``signature_version`` says: S3 accepts only
SigV4a there).
"""

from .core.checks import check_flag, check_scope_part
from .core.errors import InvalidInputError, printable, shown
from .core.s3 import ADDRESSING, presign_s3
from .core.values import Credentials, Presigned
from .operations import OPERATIONS

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Any, Dict, List, Mapping, Optional, Tuple

S3_API_VERSION = "2006-03-01"
# Where boto3 falls back to when no region is configured (its global S3 endpoint).
DEFAULT_REGION = "us-east-1"
SIGNATURE_VERSIONS = ("s3v4", "v4")
# Keys of ``config["s3"]`` that change the URL, and the client-level spellings.
S3_CONFIG_KEYS = ("addressing_style", "use_accelerate_endpoint", "use_dualstack_endpoint")
CONFIG_KEYS = ("s3", "use_dualstack_endpoint", "use_fips_endpoint", "signature_version", "region_name")
# botocore settings about connections, retries and responses: they never change a URL.
CONFIG_IGNORED = frozenset((
    "connect_timeout", "read_timeout", "max_pool_connections", "retries", "proxies",
    "proxies_config", "tcp_keepalive", "user_agent", "user_agent_extra", "user_agent_appid",
    "parameter_validation", "client_cert", "inject_host_prefix", "response_checksum_validation",
    "request_checksum_calculation", "request_min_compression_size_bytes",
    "disable_request_compression", "account_id_endpoint_mode",
))
S3_CONFIG_IGNORED = frozenset(("payload_signing_enabled", "use_arn_region"))
# Parameters that are request bodies: a presigned URL never carries the body.
BODY_PARAMS = ("Body", "MultipartUpload")
# Timestamp parameters and their wire format (botocore's: RFC 7231 dates in headers and
# response-expires, ISO 8601 for the object lock date).
ISO8601_PARAMS = frozenset(("ObjectLockRetainUntilDate",))


class _Meta:
    """``client.meta`` as boto3 code reads it: ``region_name`` and ``endpoint_url``."""

    __slots__ = ("region_name", "endpoint_url", "service_name")

    def __init__(self, region_name: str, endpoint_url: "Optional[str]") -> None:
        self.region_name = region_name
        self.endpoint_url = endpoint_url
        self.service_name = "s3"


class S3Client:
    """Presigning half of boto3's S3 client. Make it with :func:`client`."""

    def __init__(
        self,
        credentials: Credentials,
        region: str,
        endpoint_url: "Optional[str]" = None,
        addressing: str = "auto",
        dualstack: bool = False,
        accelerate: bool = False,
        fips: bool = False,
    ) -> None:
        self.credentials = credentials
        self.region = region
        self.endpoint_url = endpoint_url
        # Where URLs point, passed as is to presign_s3 and presign_s3_post.
        self.location: "Dict[str, Any]" = {
            "endpoint_url": endpoint_url,
            "addressing": addressing,
            "dualstack": dualstack,
            "accelerate": accelerate,
            "fips": fips,
        }
        self.meta = _Meta(region, endpoint_url)

    def __repr__(self) -> str:
        return "<S3Client region=%s endpoint_url=%s access_key_id=%s>" % (
            printable(self.region), shown(self.endpoint_url), printable(self.credentials.access_key_id)
        )

    def presign(
        self,
        ClientMethod: str,
        Params: "Optional[Mapping[str, Any]]" = None,
        ExpiresIn: "Any" = 3600,
        HttpMethod: "Optional[str]" = None,
    ) -> Presigned:
        """Like :meth:`generate_presigned_url`, but returns the whole
        :class:`~sigv4presign.Presigned` (URL, headers to send, expiry, evidence)."""
        method, bucket, key, query, headers = operation_request(ClientMethod, Params)
        return presign_s3(
            HttpMethod or method,
            bucket,
            key,
            credentials=self.credentials,
            region=self.region,
            expires_in=ExpiresIn,
            params=query,
            headers=headers,
            **self.location,
        )

    def generate_presigned_url(
        self,
        ClientMethod: str,
        Params: "Optional[Mapping[str, Any]]" = None,
        ExpiresIn: "Any" = 3600,
        HttpMethod: "Optional[str]" = None,
    ) -> str:
        """boto3's call: the presigned URL of ``ClientMethod`` (e.g. ``"get_object"``)
        with boto3's ``Params``. Headers among the parameters (``ContentType``,
        ``Metadata``, ...) are signed, so the request must send them; use
        :meth:`presign` to get them back as ``Presigned.headers``."""
        return self.presign(ClientMethod, Params, ExpiresIn, HttpMethod).url

    def generate_presigned_post(
        self,
        Bucket: str,
        Key: str,
        Fields: "Optional[Mapping[str, str]]" = None,
        Conditions: "Optional[List[Any]]" = None,
        ExpiresIn: "Any" = 3600,
    ) -> "Dict[str, Any]":
        """boto3's call: ``{"url": ..., "fields": {...}}`` for a browser upload (an HTML
        form POST) of ``Key`` (which may end in ``${filename}``). Each of ``Fields``
        needs a condition in ``Conditions``; see :func:`sigv4presign.presign_s3_post`,
        which also returns the policy, the expiry and an HTML form."""
        from .post import presign_s3_post

        form = presign_s3_post(
            Bucket,
            Key,
            credentials=self.credentials,
            region=self.region,
            expires_in=ExpiresIn,
            fields=Fields,
            conditions=Conditions,
            **self.location,
        )
        return {"url": form.url, "fields": dict(form.fields)}


def operation_request(
    operation: "Any", params: "Optional[Mapping[str, Any]]"
) -> "Tuple[str, str, Optional[str], List[Tuple[str, str]], List[Tuple[str, str]]]":
    """(method, bucket, key, query pairs, headers) of a boto3 operation call, from
    :data:`sigv4presign.operations.OPERATIONS`; boto3's value types become S3's strings."""
    spec = OPERATIONS.get(operation) if isinstance(operation, str) else None
    if spec is None:
        raise InvalidInputError(
            "operation %s is not supported; the supported ones are %s"
            % (shown(operation), ", ".join(sorted(OPERATIONS)))
        )
    scope = spec.target
    if params is not None and not callable(getattr(params, "items", None)):
        raise InvalidInputError(
            "Params must be a mapping such as {'Bucket': ..., 'Key': ...}, not %s" % type(params).__name__
        )
    params = dict(params or {})
    allowed = ["Bucket"] + (["Key"] if scope == "object" else [])
    allowed += [name for name, _ in spec.query_params] + [name for name, _ in spec.header_params]
    for name in params:
        if name in BODY_PARAMS:
            raise InvalidInputError(
                "%s: %r is the request body, which a presigned URL does not carry; send it "
                "with the request" % (operation, name)
            )
        if name not in allowed:
            raise InvalidInputError(
                "%s has no parameter %r; the supported ones are %s"
                % (operation, name, ", ".join(sorted(set(allowed))))
            )
    for name in ["Bucket"] + (["Key"] if scope == "object" else []) + list(spec.required):
        if params.get(name) is None:
            raise InvalidInputError("%s needs the parameter %r" % (operation, name))
    bucket = params["Bucket"]
    key = params.get("Key") if scope == "object" else None
    _sse_customer_key(params)
    query = list(spec.fixed_query)
    for name, wire in spec.query_params:
        if params.get(name) is not None:
            query.append((wire, _text(operation, name, params[name], "query")))
    headers: "List[Tuple[str, str]]" = []
    for name, wire in spec.header_params:
        value = params.get(name)
        if value is None:
            continue
        if name == "Metadata":
            headers += _metadata(operation, value, wire)
        else:
            headers.append((wire, _text(operation, name, value, "header")))
    return spec.method, bucket, key, query, headers


def _metadata(operation: str, value: "Any", prefix: str) -> "List[Tuple[str, str]]":
    if not hasattr(value, "items"):
        raise InvalidInputError("%s: Metadata must be a mapping of names to strings" % operation)
    out = []
    for name, item in value.items():
        if not isinstance(name, str) or not name or not isinstance(item, str):
            raise InvalidInputError(
                "%s: Metadata entries must be non-empty names with string values, got %s: %s"
                % (operation, shown(name), shown(item))
            )
        out.append((prefix + name, item))
    return out


def _sse_customer_key(params: "Dict[str, Any]") -> None:
    """boto3's SSE-C convenience: a raw ``SSECustomerKey`` (without ``SSECustomerKeyMD5``)
    is sent base64-encoded, with the base64 MD5 of the raw key."""
    key = params.get("SSECustomerKey")
    if key is None or params.get("SSECustomerKeyMD5") is not None:
        return
    import base64
    import hashlib

    raw = key.encode("utf-8") if isinstance(key, str) else key
    if not isinstance(raw, bytes):
        raise InvalidInputError("SSECustomerKey must be bytes or a string")
    params["SSECustomerKey"] = base64.b64encode(raw).decode("ascii")
    params["SSECustomerKeyMD5"] = base64.b64encode(hashlib.md5(raw).digest()).decode("ascii")


def _text(operation: str, name: str, value: "Any", where: str) -> str:
    """A parameter value as S3 reads it: strings as given, ``true``/``false``, decimal
    integers, and dates in botocore's formats (naive datetimes are refused)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        try:
            return str(value)
        except ValueError:  # CPython refuses to print ints of more than 4300 digits
            raise InvalidInputError("%s: parameter %r: the number is too large" % (operation, name))
    import datetime

    if isinstance(value, datetime.datetime):
        return _timestamp(operation, name, value)
    raise InvalidInputError(
        "%s: parameter %r (a %s) must be a string, an int, a bool or an aware datetime, not %s"
        % (operation, name, where, type(value).__name__)
    )


def _timestamp(operation: str, name: str, value: "datetime.datetime") -> str:
    import datetime

    if value.utcoffset() is None:
        raise InvalidInputError(
            "%s: parameter %r is a naive datetime; give an aware one, e.g. with "
            "tzinfo=datetime.timezone.utc" % (operation, name)
        )
    utc = value.astimezone(datetime.timezone.utc)
    if name in ISO8601_PARAMS:
        text = utc.strftime("%Y-%m-%dT%H:%M:%S")
        return text + (".%06dZ" % utc.microsecond if utc.microsecond else "Z")
    from email.utils import format_datetime

    return format_datetime(utc, usegmt=True)


def _config_dict(config: "Any") -> "Dict[str, Any]":
    """boto3's ``config`` as a dict: a mapping, or a ``botocore.config.Config`` (its
    user-provided options)."""
    if config is None:
        return {}
    if callable(getattr(config, "items", None)):
        return dict(config.items())
    provided = getattr(config, "_user_provided_options", None)
    if isinstance(provided, dict):
        return dict(provided)
    raise InvalidInputError("config must be a dict (or a botocore Config), not %s" % type(config).__name__)


def _flag(name: str, value: "Any") -> bool:
    return False if value is None else check_flag("config " + name, value)


def _settings(config: "Any") -> "Dict[str, Any]":
    """The URL-relevant settings of boto3's ``config``; unknown keys are refused."""
    options = _config_dict(config)
    for name in options:
        if name not in CONFIG_KEYS and name not in CONFIG_IGNORED:
            raise InvalidInputError(
                "config has %r, which is not supported; the supported keys are %s"
                % (name, ", ".join(CONFIG_KEYS))
            )
    version = options.get("signature_version")
    if version is not None and version not in SIGNATURE_VERSIONS:
        raise InvalidInputError(
            "config signature_version %s is not supported; only SigV4 ('s3v4') is" % shown(version)
        )
    s3 = options.get("s3") or {}
    if not hasattr(s3, "items"):
        raise InvalidInputError("config s3 must be a dict such as {'addressing_style': 'path'}")
    for name in s3:
        if name not in S3_CONFIG_KEYS and name not in S3_CONFIG_IGNORED:
            raise InvalidInputError(
                "config s3 has %r, which is not supported; the supported keys are %s"
                % (name, ", ".join(S3_CONFIG_KEYS))
            )
    addressing = s3.get("addressing_style")
    if addressing is None:
        addressing = "auto"
    if not isinstance(addressing, str) or addressing not in ADDRESSING:
        raise InvalidInputError(
            "config s3 addressing_style must be 'auto', 'virtual' or 'path', got %s" % shown(addressing)
        )
    return {
        "addressing": addressing,
        "dualstack": _flag("use_dualstack_endpoint", options.get("use_dualstack_endpoint"))
        or _flag("s3 use_dualstack_endpoint", s3.get("use_dualstack_endpoint")),
        "accelerate": _flag("s3 use_accelerate_endpoint", s3.get("use_accelerate_endpoint")),
        "fips": _flag("use_fips_endpoint", options.get("use_fips_endpoint")),
        "region_name": options.get("region_name"),
    }


def client(
    service_name: str = "s3",
    region_name: "Optional[str]" = None,
    api_version: "Optional[str]" = None,
    use_ssl: bool = True,
    verify: "Any" = None,
    endpoint_url: "Optional[str]" = None,
    aws_access_key_id: "Optional[str]" = None,
    aws_secret_access_key: "Optional[str]" = None,
    aws_session_token: "Optional[str]" = None,
    config: "Any" = None,
    aws_account_id: "Optional[str]" = None,
) -> S3Client:
    """``boto3.client("s3", ...)`` for presigning: the same arguments, in boto3's
    order, no network. (``verify`` and ``aws_account_id`` do not change a URL and are
    ignored; ``api_version`` can only be S3's one, ``2006-03-01``.)

    Without keys, credentials come from the environment and the AWS files
    (:func:`sigv4presign.load_credentials`); without a region, from ``AWS_REGION``,
    ``AWS_DEFAULT_REGION`` or the profile, else us-east-1 as boto3 does. Without
    ``endpoint_url``, ``AWS_ENDPOINT_URL_S3``, ``AWS_ENDPOINT_URL`` or the profile's
    ``endpoint_url`` is used if set (:func:`sigv4presign.credentials.load_endpoint_url`).
    ``config`` is a dict with boto3's spellings: ``{"s3": {"addressing_style": "path",
    "use_accelerate_endpoint": True}, "use_dualstack_endpoint": True,
    "use_fips_endpoint": True, "signature_version": "s3v4", "region_name": ...}``.
    """
    if not isinstance(service_name, str) or service_name != "s3":
        raise InvalidInputError("service %s is not supported; only 's3' is" % shown(service_name))
    if api_version is not None and (not isinstance(api_version, str) or api_version != S3_API_VERSION):
        raise InvalidInputError(
            "api_version %s is not supported; S3's is %r" % (shown(api_version), S3_API_VERSION)
        )
    if use_ssl is not True:
        raise InvalidInputError(
            "use_ssl=False is not supported: AWS endpoints are reached over https; for a "
            "plain-HTTP store pass endpoint_url='http://HOST:PORT'"
        )
    settings = _settings(config)
    if (aws_access_key_id is None) != (aws_secret_access_key is None):
        raise InvalidInputError(
            "give both aws_access_key_id and aws_secret_access_key, or neither (to use "
            "the environment and the AWS configuration files)"
        )
    if aws_access_key_id is not None and aws_secret_access_key is not None:
        credentials = Credentials(aws_access_key_id, aws_secret_access_key, aws_session_token)
    else:
        if aws_session_token is not None:
            raise InvalidInputError("aws_session_token needs aws_access_key_id and aws_secret_access_key")
        from .credentials import load_credentials

        credentials = load_credentials()
    if region_name is not None and not isinstance(region_name, str):
        raise InvalidInputError("region_name must be a region name such as 'us-east-1', not %s"
                                % type(region_name).__name__)
    region = region_name or settings["region_name"]
    if region is None:
        from .credentials import load_region

        region = load_region() or DEFAULT_REGION
    region = check_scope_part("region", region)
    if endpoint_url is None:
        from .credentials import load_endpoint_url

        endpoint_url = load_endpoint_url("s3")
    elif not isinstance(endpoint_url, str):
        raise InvalidInputError("endpoint_url must be a URL such as 'http://127.0.0.1:9000', not %s"
                                % type(endpoint_url).__name__)
    return S3Client(
        credentials,
        region,
        endpoint_url,
        settings["addressing"],
        settings["dualstack"],
        settings["accelerate"],
        settings["fips"],
    )
