"""URLs as SigV4 reads them, without ``urllib``: split, checked, and a query decoded.

The scheme and host are lower-cased and a default port dropped, so the signed ``host``
header and the emitted URL are the same text.
"""

from .encoding import form_decode
from .errors import InvalidInputError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import List, Tuple

_DEFAULT_PORTS = {"http": "80", "https": "443", "ws": "80", "wss": "443"}
_SCHEME_START = frozenset("abcdefghijklmnopqrstuvwxyz")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789+-.")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-._~[]:%!$&'()*+,;=")


def split_url(url: str) -> "Tuple[str, str, str, str]":
    """(scheme, host, path, query) of an absolute URL, checked; no ``urllib``.

    The scheme and host come back lower-case, the host without a default port (the
    signed ``host`` header and the emitted URL use this same form).
    """
    if not isinstance(url, str):
        raise InvalidInputError("url must be a string, not %s" % type(url).__name__)
    sep = url.find("://")
    scheme = url[:sep].lower() if sep > 0 else ""
    # RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), ASCII only (str.isalpha
    # would pass "é").
    if not scheme or scheme[0] not in _SCHEME_START or not all(c in _SCHEME_CHARS for c in scheme):
        raise InvalidInputError("url %r is not absolute: it needs a scheme such as https://" % url)
    rest = url[sep + 3 :]
    if "#" in rest:
        raise InvalidInputError("url has a #fragment, which is never sent to the server: remove it")
    end = len(rest)
    for char in "/?":
        i = rest.find(char)
        if 0 <= i < end:
            end = i
    host = rest[:end].lower()
    rest = rest[end:]
    q = rest.find("?")
    path, query = (rest, "") if q < 0 else (rest[:q], rest[q + 1 :])
    return scheme, check_host(host, scheme), path or "/", query


def check_host(host: str, scheme: str = "https") -> str:
    """A lower-case ``host[:port]`` with the scheme's default port removed; refuses
    user info, empty hosts and characters no host can have."""
    if "@" in host:
        raise InvalidInputError("url has user info (user@host); credentials go in `credentials`")
    if not host or host[0] == ":":
        raise InvalidInputError("url has no host")
    for char in host:
        if char not in _HOST_CHARS:
            raise InvalidInputError("host %r has the character %r, which no host can have" % (host, char))
    end = host.find("]")
    if host[0] == "[" and end > 0 and _ipv6(host[1:end]):
        rest = host[end + 1 :]  # "" or ":PORT"
        malformed = rest != "" and (rest[0] != ":" or ":" in rest[1:])
    elif "[" in host or "]" in host:
        raise InvalidInputError(
            "host %r: brackets may only hold an IPv6 address, like [2001:db8::1]:8080" % host
        )
    else:
        malformed = host.count(":") > 1
    if malformed:
        raise InvalidInputError("host %r is not HOST[:PORT] (an IPv6 address goes in brackets)" % host)
    colon = host.rfind(":")
    if colon > host.rfind("]"):
        port = host[colon + 1 :]
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise InvalidInputError("host %r has a malformed port" % host)
        if _DEFAULT_PORTS.get(scheme) == port:
            host = host[:colon]
    return host


def _ipv6(text: str) -> bool:
    """Is ``text`` an IPv6 address (RFC 4291 2.2: eight groups of 1-4 hex digits, one
    ``::`` for a run of zero groups, an IPv4 address as the last two)?"""
    halves = text.split("::")
    if len(halves) > 2:
        return False
    groups = 0
    for h, half in enumerate(halves):
        if not half:
            continue
        parts = half.split(":")
        for i, part in enumerate(parts):
            last = h == len(halves) - 1 and i == len(parts) - 1
            if last and "." in part:
                octets = part.split(".")
                if len(octets) != 4 or not all(o.isdigit() and len(o) <= 3 and int(o) < 256 for o in octets):
                    return False
                groups += 2
            elif 1 <= len(part) <= 4 and all(c in "0123456789abcdef" for c in part):
                groups += 1
            else:
                return False
    return groups == 8 if len(halves) == 1 else groups <= 7


def parse_query(query: str) -> "List[Tuple[bytes, bytes]]":
    """Decoded (name, value) pairs of a query string, in order (``+`` is a space)."""
    pairs = []
    for piece in query.split("&"):
        if piece:
            eq = piece.find("=")
            if eq < 0:
                pairs.append((form_decode(piece), b""))
            else:
                pairs.append((form_decode(piece[:eq]), form_decode(piece[eq + 1 :])))
    return pairs
