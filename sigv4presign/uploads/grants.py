"""Who may upload what: the request view ``authorize`` sees, the grant it returns, and
the limits that follow from the app's settings narrowed by the grant."""

from ..core.errors import InvalidInputError, shown
from .keys import check_prefix

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, Iterable, Optional, Tuple

MAX_TYPE_LENGTH = 255
# RFC 9110 token characters: what a media type and subtype are made of.
_TOKEN = frozenset(
    "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)
DEFAULT_TYPE = "application/octet-stream"


class UploadRequest:
    """What ``authorize(request)`` sees: ``method``, ``path`` (below the app's mount
    point), ``headers`` (lower-case names), ``query`` (first value of each parameter),
    ``body`` (the parsed JSON body, or None), ``remote_addr`` and the WSGI ``environ``
    (a Lambda event is ``environ["sigv4presign.lambda_event"]``)."""

    __slots__ = ("method", "path", "headers", "query", "body", "remote_addr", "environ")

    def __init__(
        self,
        method: str,
        path: str,
        headers: "Dict[str, str]",
        query: "Dict[str, str]",
        body: "Any",
        remote_addr: str,
        environ: "Dict[str, Any]",
    ) -> None:
        self.method = method
        self.path = path
        self.headers = headers
        self.query = query
        self.body = body
        self.remote_addr = remote_addr
        self.environ = environ

    def bearer_token(self) -> "Optional[str]":
        """The token of an ``Authorization: Bearer <token>`` header, or None."""
        value = self.headers.get("authorization", "")
        scheme, _, token = value.strip().partition(" ")
        return token.strip() or None if scheme.lower() == "bearer" else None

    def __repr__(self) -> str:
        return "<UploadRequest %s %s>" % (self.method, self.path)


class Grant:
    """What an authorised caller may do; each field narrows the app's setting (None:
    the app's). ``prefix`` must lie under the app's prefix (``uploads/user-42/``);
    ``max_size`` is in bytes; ``allowed_types`` are patterns such as ``image/*``."""

    __slots__ = ("prefix", "max_size", "allowed_types")

    def __init__(
        self,
        prefix: "Optional[str]" = None,
        max_size: "Optional[int]" = None,
        allowed_types: "Optional[Iterable[str]]" = None,
    ) -> None:
        self.prefix = None if prefix is None else check_prefix(prefix)
        self.max_size = check_size(max_size)
        self.allowed_types = check_patterns(allowed_types)

    def __repr__(self) -> str:
        return "Grant(prefix=%r, max_size=%r, allowed_types=%r)" % (
            self.prefix, self.max_size, self.allowed_types
        )


class Limits:
    """The effective prefix, size limit and type patterns of one request."""

    __slots__ = ("prefix", "max_size", "type_sets")

    def __init__(self, prefix: str, max_size: "Optional[int]", type_sets: "Tuple[Tuple[str, ...], ...]") -> None:
        self.prefix = prefix
        self.max_size = max_size
        self.type_sets = type_sets

    def type_allowed(self, media_type: str) -> bool:
        """True when ``media_type`` matches a pattern of every list (app and grant)."""
        return all(any(type_matches(media_type, p) for p in patterns) for patterns in self.type_sets)

    def size_allowed(self, size: int) -> bool:
        return self.max_size is None or size <= self.max_size


def narrow(prefix: str, max_size: "Optional[int]", allowed: "Optional[Tuple[str, ...]]", grant: Grant) -> Limits:
    """The app's settings narrowed by ``grant`` (a grant cannot widen them)."""
    effective = prefix
    if grant.prefix is not None:
        if not grant.prefix.startswith(prefix):
            raise InvalidInputError(
                "the grant's prefix %r is not under the app's prefix %r" % (grant.prefix, prefix)
            )
        effective = grant.prefix
    sizes = [s for s in (max_size, grant.max_size) if s is not None]
    type_sets = tuple(t for t in (allowed, grant.allowed_types) if t is not None)
    return Limits(effective, min(sizes) if sizes else None, type_sets)


def check_size(value: "Any") -> "Optional[int]":
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError("max_size must be a whole number of bytes (or None), got %s" % shown(value))
    return value


def check_patterns(patterns: "Any") -> "Optional[Tuple[str, ...]]":
    """Type patterns (``image/png``, ``image/*``, ``*/*``) lower-cased, or None."""
    if patterns is None:
        return None
    if isinstance(patterns, str):
        raise InvalidInputError("allowed_types must be a list of patterns such as ['image/*'], not a string")
    out = []
    for pattern in patterns:
        if not isinstance(pattern, str) or media_type(pattern.replace("*", "x")) is None:
            raise InvalidInputError("type pattern %s is not like 'image/png' or 'image/*'" % shown(pattern))
        main, _, sub = pattern.strip().lower().partition("/")
        if "*" in main and main != "*" or "*" in sub and sub != "*" or main == "*" and sub != "*":
            raise InvalidInputError("type pattern %r: '*' stands only for a whole part, as in 'image/*'" % pattern)
        out.append(main + "/" + sub)
    return tuple(out)


def media_type(value: "Any") -> "Optional[str]":
    """``type/subtype`` lower-cased without parameters, or None when ``value`` is not one."""
    if not isinstance(value, str) or len(value) > MAX_TYPE_LENGTH:
        return None
    main, slash, sub = value.split(";", 1)[0].strip().lower().partition("/")
    if not slash or not main or not sub or any(c not in _TOKEN for c in main + sub):
        return None
    return main + "/" + sub


def type_matches(media: str, pattern: str) -> bool:
    if pattern == "*/*":
        return True
    main, _, sub = pattern.partition("/")
    return media == pattern or (sub == "*" and media.startswith(main + "/"))
