"""HTTP plumbing of the upload app: JSON answers and errors, the capped JSON body, the
query string, and CORS for the configured origins."""

import json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, Iterable, List, Optional, Tuple

    Headers = List[Tuple[str, str]]

#: The largest request body read: a completion of 10,000 parts fits in about 600 KB.
MAX_BODY = 1 << 20
# A larger body is read and dropped up to this size, so the client gets its 413 rather
# than a connection reset; beyond it the server stops reading.
MAX_DRAIN = 16 << 20
REASONS = {
    200: "OK", 204: "No Content", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
    404: "Not Found", 405: "Method Not Allowed", 413: "Content Too Large",
    415: "Unsupported Media Type", 500: "Internal Server Error", 502: "Bad Gateway",
    503: "Service Unavailable",
}
ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS"
# What Uppy and a signRequest function send: Companion's own headers included.
ALLOWED_HEADERS = "authorization, content-type, uppy-auth-token, uppy-versions, uppy-credentials-params"
PREFLIGHT_MAX_AGE = "600"


class HttpError(Exception):
    """An answer ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        Exception.__init__(self, message)
        self.status = status
        self.message = message


def status_line(status: int) -> str:
    return "%d %s" % (status, REASONS.get(status, "Unknown"))


def json_body(value: "Any") -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def json_headers(length: int) -> "Headers":
    # Answers hold URLs that are bearer credentials: never cached.
    return [
        ("Content-Type", "application/json; charset=utf-8"),
        ("Content-Length", str(length)),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ]


def read_json(environ: "Dict[str, Any]", limit: int = MAX_BODY) -> "Any":
    """The request body parsed as JSON (None when there is none); 413 over ``limit``
    bytes (refused before reading), 400 when it is not UTF-8 JSON."""
    text = environ.get("CONTENT_LENGTH") or ""
    if not text.strip():
        return None
    try:
        length = int(text)
    except ValueError:
        raise HttpError(400, "Content-Length is not a number")
    if length < 0:
        raise HttpError(400, "Content-Length is negative")
    if length > limit:
        if length <= MAX_DRAIN:
            stream = environ["wsgi.input"]
            while length > 0 and stream.read(min(length, 65536)):
                length -= 65536
        raise HttpError(413, "the request body is over %d bytes" % limit)
    if length == 0:
        return None
    data = environ["wsgi.input"].read(length)
    if len(data) != length:
        raise HttpError(400, "the request body is shorter than its Content-Length")
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise HttpError(400, "the request body is not JSON")


def parse_query(query: str) -> "Dict[str, str]":
    """The first value of each parameter, decoded (``+`` is a space, as browsers send)."""
    from urllib.parse import parse_qsl

    out: "Dict[str, str]" = {}
    try:
        pairs = parse_qsl(query, keep_blank_values=True, max_num_fields=1000)
    except ValueError:
        raise HttpError(400, "the query string has too many parameters")
    for name, value in pairs:
        out.setdefault(name, value)
    return out


def header_map(environ: "Dict[str, Any]") -> "Dict[str, str]":
    """The request headers with lower-case names, from a WSGI environ."""
    headers = {}
    for name, value in environ.items():
        if name.startswith("HTTP_"):
            headers[name[5:].replace("_", "-").lower()] = value
    for name in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(name):
            headers[name.replace("_", "-").lower()] = environ[name]
    return headers


def cors_headers(origin: "Optional[str]", allowed: "Iterable[str]", preflight: bool) -> "Headers":
    """CORS answer headers: none unless ``origin`` is configured (or ``*`` is)."""
    if not origin:
        return []
    allowed = tuple(allowed)
    if origin in allowed:
        out = [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
    elif "*" in allowed:
        out = [("Access-Control-Allow-Origin", "*")]
    else:
        return []
    if preflight:
        out += [
            ("Access-Control-Allow-Methods", ALLOWED_METHODS),
            ("Access-Control-Allow-Headers", ALLOWED_HEADERS),
            ("Access-Control-Max-Age", PREFLIGHT_MAX_AGE),
        ]
    return out
