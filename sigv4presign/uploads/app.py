"""The upload service as a WSGI application: routing, CORS, authorisation and errors
around the handlers of :mod:`.contract`."""

from ..core.errors import InvalidInputError, shown
from . import contract
from .grants import Grant, UploadRequest, check_patterns, check_size, narrow
from .keys import check_prefix
from .store import S3Failure, Store
from .web import (
    HttpError,
    cors_headers,
    header_map,
    json_body,
    json_headers,
    parse_query,
    read_json,
    status_line,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

    from .store import CredentialsArg

    StartResponse = Callable[..., Any]
    Authorize = Callable[[UploadRequest], Optional[Grant]]

SINGLE_MODES = ("post", "put")
# S3 error codes and the status the client gets for them.
_S3_STATUS = {
    "NoSuchUpload": 404, "NoSuchKey": 404, "InvalidPart": 400, "InvalidPartOrder": 400,
    "EntityTooSmall": 400, "EntityTooLarge": 413, "MalformedXML": 400,
}


class UploadService:
    """The settings and the bucket behind one app (see :func:`make_app`)."""

    def __init__(
        self,
        store: Store,
        prefix: str,
        max_size: "Optional[int]",
        allowed_types: "Optional[Tuple[str, ...]]",
        expires_in: int,
        authorize: "Optional[Authorize]",
        cors_origins: "Tuple[str, ...]",
        key_secret: "Optional[bytes]",
        single: str,
    ) -> None:
        self.store = store
        self.prefix = prefix
        self.max_size = max_size
        self.allowed_types = allowed_types
        self.expires_in = expires_in
        self.authorize = authorize
        self.cors_origins = cors_origins
        self.key_secret = key_secret
        self.single = single

    def __call__(self, environ: "Dict[str, Any]", start_response: "StartResponse") -> "Iterable[bytes]":
        origin = environ.get("HTTP_ORIGIN")
        method = environ.get("REQUEST_METHOD", "GET").upper()
        if method == "OPTIONS":
            # A preflight carries no credentials: answered for configured origins only.
            headers = cors_headers(origin, self.cors_origins, True) + [("Content-Length", "0")]
            start_response(status_line(204), headers)
            return [b""]
        try:
            status, answer = 200, self.answer(environ, method)
        except HttpError as exc:
            status, answer = exc.status, {"error": exc.message}
        except S3Failure as exc:
            status = _S3_STATUS.get(exc.code, 502)
            answer = {"error": "no such upload" if status == 404 else str(exc)}
        except Exception as exc:  # noqa: BLE001 - one bad request never takes the server down
            _log(environ, "upload service: %s in %s %s" % (type(exc).__name__, method, environ.get("PATH_INFO", "")))
            status, answer = 500, {"error": "internal error"}
        data = json_body(answer)
        start_response(status_line(status), json_headers(len(data)) + cors_headers(origin, self.cors_origins, False))
        return [data]

    def answer(self, environ: "Dict[str, Any]", method: str) -> "Any":
        path = environ.get("PATH_INFO") or "/"
        route = _route(method, path)
        query = parse_query(environ.get("QUERY_STRING", ""))
        body = read_json(environ) if method in ("POST", "PUT", "DELETE") else None
        request = UploadRequest(
            method, path, header_map(environ), query, body, environ.get("REMOTE_ADDR", ""), environ
        )
        grant: "Any" = Grant() if self.authorize is None else self.authorize(request)
        if grant is None:
            raise HttpError(401, "not authorised")
        if not isinstance(grant, Grant):
            raise TypeError("authorize must return a Grant or None, not %s" % type(grant).__name__)
        limits = narrow(self.prefix, self.max_size, self.allowed_types, grant)
        name, args = route
        if name == "params":
            return contract.upload_parameters(self, limits, query)
        if name == "create":
            return contract.create_multipart(self, limits, body)
        if name == "presign":
            return contract.presign(self, limits, body)
        if name == "list":
            return contract.list_parts(self, limits, args[0], query)
        if name == "abort":
            return contract.abort(self, limits, args[0], query)
        if name == "batch":
            return contract.sign_batch(self, limits, args[0], query)
        if name == "complete":
            return contract.complete(self, limits, args[0], query, body)
        return contract.sign_part(self, limits, args[0], args[1], query)


def _route(method: str, path: str) -> "Tuple[str, List[str]]":
    """(handler name, path arguments) of a request; 404 or 405 otherwise. ``path`` is
    decoded already, as WSGI's ``PATH_INFO`` is."""
    parts = path.strip("/").split("/")
    if parts[0] != "s3" or len(parts) < 2:
        raise HttpError(404, "not found")
    routes: "Dict[Tuple[str, ...], str]" = {}
    args: "List[str]" = []
    if parts[1:] == ["params"]:
        routes = {("GET",): "params"}
    elif parts[1:] == ["presign"]:
        routes = {("POST",): "presign"}
    elif parts[1:] == ["multipart"]:
        routes = {("POST",): "create"}
    elif parts[1] == "multipart" and len(parts) in (3, 4) and parts[2]:
        args = parts[2:]
        if len(parts) == 3:
            routes = {("GET",): "list", ("DELETE",): "abort"}
        elif parts[3] == "complete":
            routes = {("POST",): "complete"}
        elif parts[3] == "batch":
            routes = {("GET",): "batch"}
        else:
            routes = {("GET",): "part"}
    for methods, name in routes.items():
        if method in methods:
            return name, args
    raise HttpError(405 if routes else 404, "method not allowed" if routes else "not found")


def _log(environ: "Dict[str, Any]", line: str) -> None:
    stream = environ.get("wsgi.errors")
    if stream is not None:
        try:
            stream.write(line + "\n")
        except Exception:  # noqa: BLE001 - logging never fails a request
            pass


def _positive(name: str, value: "Any") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 604800:
        raise InvalidInputError("%s must be 1..604800 seconds, got %s" % (name, shown(value)))
    return value


def make_app(
    *,
    bucket: str,
    region: str,
    credentials: "CredentialsArg" = None,
    endpoint_url: "Optional[str]" = None,
    prefix: str = "uploads/",
    max_size: "Optional[int]" = None,
    allowed_types: "Optional[Iterable[str]]" = None,
    expires_in: int = 900,
    authorize: "Optional[Authorize]" = None,
    cors_origins: "Iterable[str]" = (),
    key_secret: "Optional[bytes]" = None,
    single: str = "post",
) -> UploadService:
    """A WSGI application that signs browser uploads into ``bucket`` (the Companion S3
    contract of ``@uppy/aws-s3``, and ``POST /s3/presign`` for its signRequest mode).

    ``credentials``: a :class:`~sigv4presign.Credentials`, a callable returning them, or
    None to read them as the AWS CLI does (again when temporary ones near their end).
    Keys are minted as ``{prefix}{token}/{name}``; ``max_size`` (bytes) is enforced by
    S3 for single uploads (the POST form's ``content-length-range``) and at completion
    for multipart ones; ``allowed_types`` are patterns such as ``image/*``.
    ``authorize(request)`` gets an :class:`UploadRequest` and returns a :class:`Grant`
    (which may narrow prefix, size and types) or None (401); without it every request
    is allowed. ``cors_origins`` are the origins (or ``*``) browsers may call from.
    ``key_secret`` makes keys carry an HMAC tag, so only keys minted with the same
    secret are taken back. ``single="put"`` answers single uploads with a presigned PUT
    instead of a POST form (for stores without POST uploads; a size limit then needs
    the client to state the size).
    """
    if single not in SINGLE_MODES:
        raise InvalidInputError("single must be 'post' or 'put', got %s" % shown(single))
    if key_secret is not None and (not isinstance(key_secret, bytes) or len(key_secret) < 16):
        raise InvalidInputError("key_secret must be bytes, at least 16 of them")
    if authorize is not None and not callable(authorize):
        raise InvalidInputError("authorize must be a callable taking the request")
    origins = (cors_origins,) if isinstance(cors_origins, str) else tuple(cors_origins)
    for origin in origins:
        if not isinstance(origin, str) or origin != "*" and "://" not in origin:
            raise InvalidInputError("CORS origins are like 'https://example.com' (or '*'), got %s" % shown(origin))
    expires_in = _positive("expires_in", expires_in)
    store = Store(bucket, region, credentials, endpoint_url, expires_in)
    return UploadService(
        store, check_prefix(prefix), check_size(max_size), check_patterns(allowed_types),
        expires_in, authorize, tuple(o.rstrip("/") for o in origins), key_secret, single,
    )
