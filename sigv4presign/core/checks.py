"""Argument checks at the boundary: each input is checked once, here, and the pipeline
behind works on values it can trust.

Each check returns the value (normalised where that is documented) or raises
:class:`InvalidInputError` saying what is allowed.
"""

from .errors import InvalidInputError, printable, shown
from .signing import ALGORITHMS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

    HeadersArg = Optional[Union[Mapping[str, str], Sequence[Tuple[str, str]]]]
    ParamsArg = Optional[Union[Mapping[str, Any], Sequence[Tuple[str, Any]]]]

TOKEN_MODES = ("signed", "unsigned", "omit")
_SCOPE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_LETTERS = frozenset(_LOWER + _LOWER.upper())
_TOKEN_CHARS = frozenset(
    "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)


def check_flag(name: str, value: "Any") -> bool:
    """``value`` if it is exactly True or False (1, "yes" and None are refused)."""
    if value is not True and value is not False:
        raise InvalidInputError("%s must be True or False, got %s" % (name, shown(value)))
    return value


def check_payload_hash(value: "Any") -> str:
    """A hex SHA-256 or a marker such as ``UNSIGNED-PAYLOAD``: text without white space."""
    if not isinstance(value, str) or not value or any(c in value for c in " \t\r\n"):
        raise InvalidInputError(
            "payload_hash must be a hex SHA-256 or a marker such as 'UNSIGNED-PAYLOAD', got %s" % shown(value)
        )
    return value


def check_token_mode(value: "Any") -> str:
    if not isinstance(value, str) or value not in TOKEN_MODES:
        raise InvalidInputError(
            "session_token must be one of %s, got %s" % (", ".join(TOKEN_MODES), shown(value))
        )
    return value


def check_header(name: str, value: str) -> None:
    """Refuse header names that are not HTTP tokens and values with CR, LF or NUL."""
    if not isinstance(name, str) or not name:
        raise InvalidInputError("header names must be non-empty strings, got %s" % shown(name))
    for char in name:
        if char not in _TOKEN_CHARS:
            raise InvalidInputError(
                "header name %s has %s; names are letters, digits and !#$%%&'*+-.^_`|~"
                % (shown(name), shown(char))
            )
    if not isinstance(value, str):
        raise InvalidInputError(
            "header %s: the value must be a string, not %s" % (printable(name), type(value).__name__)
        )
    if "\r" in value or "\n" in value or "\0" in value:
        raise InvalidInputError(
            "header %s: the value contains a line break or NUL, which HTTP cannot carry" % printable(name)
        )


def int_text(value: int, what: str) -> str:
    """``str(value)``; CPython refuses to print ints of more than 4300 digits."""
    try:
        return str(value)
    except ValueError:
        raise InvalidInputError("%s: the number is too large" % what)


# The usual methods, as given -> upper-cased: a dict hit spares the character check.
_METHODS = dict((m, m.upper()) for m in (
    "GET", "PUT", "POST", "HEAD", "DELETE", "get", "put", "post", "head", "delete"))


def check_method(method: "Any") -> str:
    """An HTTP method of ASCII letters, upper-cased."""
    if type(method) is str and method in _METHODS:
        return _METHODS[method]
    # ASCII letters only: str.isalpha() would pass "ı", which upper() turns into "I".
    if not isinstance(method, str) or not method or any(c not in _LETTERS for c in method):
        raise InvalidInputError("method must be an HTTP method such as 'GET' or 'PUT', got %s" % shown(method))
    return method.upper()


def check_scope_part(name: str, value: "Any") -> str:
    """A region or service name: non-empty, letters, digits, ``-``, ``_``, ``.``."""
    if not isinstance(value, str) or not value:
        raise InvalidInputError("%s must be a non-empty string such as %r" % (
            name, "us-east-1" if name == "region" else "s3"))
    for char in value:
        if char not in _SCOPE_CHARS:
            raise InvalidInputError(
                "%s %s has %s; only letters, digits, '-', '_' and '.' are allowed" % (name, shown(value), shown(char))
            )
    return value


def check_algorithm(value: "Any") -> str:
    """``AWS4-HMAC-SHA256`` (SigV4) or ``AWS4-ECDSA-P256-SHA256`` (SigV4a)."""
    if not isinstance(value, str) or value not in ALGORITHMS:
        raise InvalidInputError("algorithm must be %r (SigV4) or %r (SigV4a), got %s" % (
            ALGORITHMS[0], ALGORITHMS[1], shown(value)))
    return value


def check_region_set(value: "Any") -> str:
    """A SigV4a region set as ``X-Amz-Region-Set`` carries it: ``*`` (every region) or
    region names (as :func:`check_scope_part` allows) joined by ``,``.

    Takes a sequence of names (``("us-east-1", "us-west-2")``, ``("*",)``) or that text
    itself (``"us-east-1,us-west-2"``). Refused: an empty set, an empty or repeated
    name, and ``*`` beside names (it already means every region).
    """
    names: "Optional[List[Any]]" = None
    if isinstance(value, str):
        names = value.split(",")
    elif not isinstance(value, (bytes, bytearray)):
        try:
            names = list(value)
        except TypeError:
            pass
    if names is None:
        raise InvalidInputError(
            "region_set must be region names such as ('us-east-1', 'us-west-2') or ('*',), got %s" % shown(value)
        )
    if not names:
        raise InvalidInputError("region_set is empty; give region names, or ('*',) for every region")
    seen = []
    for name in names:
        if name != "*":
            try:
                check_scope_part("region", name)
            except InvalidInputError as exc:
                raise InvalidInputError("region_set: %s" % exc)
        if name in seen:
            raise InvalidInputError("region_set names %r twice" % (name,))
        seen.append(name)
    if "*" in seen and len(seen) > 1:
        raise InvalidInputError("region_set has '*' (every region) beside region names; give one or the other")
    return ",".join(seen)


def check_region(region: "Any", hint: str = "") -> str:
    """An AWS region name: lower-case words and a number joined by ``-`` (``us-east-1``,
    ``us-gov-west-1``, ``ap-southeast-3``). ``hint`` ends the message of a refusal."""
    name = check_scope_part("region", region)
    parts = name.split("-")
    good = len(parts) >= 3 and parts[-1].isdigit()
    for part in parts[:-1]:
        if not part or any(c not in _LOWER for c in part):
            good = False
    if not good:
        raise InvalidInputError(
            "region %s is not an AWS region name such as 'us-east-1' or 'eu-central-2' "
            "(lower-case words and a number joined by '-')%s" % (shown(name), hint)
        )
    return name


def pairs(value: "Any", what: str) -> "Iterable[Any]":
    """The items of a mapping, or ``value`` itself if it is a sequence of pairs."""
    items = getattr(value, "items", None)
    if callable(items):
        return items()  # type: ignore[no-any-return]
    try:
        iter(value)
    except TypeError:
        raise InvalidInputError(
            "%s must be a mapping or (name, value) pairs, not %s" % (what, type(value).__name__)
        )
    return value  # type: ignore[no-any-return]


def params_list(params: "ParamsArg") -> "List[Tuple[Any, Any]]":
    """Query parameters as (name, value) pairs: names non-empty text, values text or int."""
    if params is None:
        return []
    out: "List[Tuple[Any, Any]]" = []
    for item in pairs(params, "params"):
        try:
            name, value = item
        except (TypeError, ValueError):
            raise InvalidInputError("params must be a mapping or (name, value) pairs, got %s" % shown(item))
        if type(name) is str and type(value) is str and name:
            out.append((name, value))  # the common case, checked
            continue
        if isinstance(value, bool) or not isinstance(value, (str, bytes, int)):
            raise InvalidInputError(
                "query parameter %s: the value must be a string or an int, not %s"
                % (shown(name), type(value).__name__)
            )
        if not isinstance(name, (str, bytes)) or not name:
            raise InvalidInputError("query parameter names must be non-empty strings, got %s" % shown(name))
        out.append((name, int_text(value, "query parameter %r" % (name,)) if isinstance(value, int) else value))
    return out


def headers_list(headers: "HeadersArg") -> "List[Tuple[str, str]]":
    """(name, value) pairs from a mapping or a sequence of pairs, each checked."""
    if headers is None:
        return []
    out: "List[Tuple[str, str]]" = []
    for item in pairs(headers, "headers"):
        try:
            name, value = item
        except (TypeError, ValueError):
            raise InvalidInputError("headers must be a mapping or (name, value) pairs, got %s" % shown(item))
        if isinstance(value, int) and not isinstance(value, bool):
            value = int_text(value, "header %s" % (name,))
        check_header(name, value)
        out.append((name, value))
    return out
