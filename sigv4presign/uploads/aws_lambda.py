"""The upload app on AWS Lambda: API Gateway HTTP API events (payload format 2.0) and
Lambda Function URL events, which share one shape, turned into a WSGI call and back.

``lambda_handler`` builds its app once per execution environment from
``SIGV4PRESIGN_*`` variables and the function's role credentials
(``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN``).
"""

import io
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Mapping, Optional

    WsgiApp = Callable[..., Any]

EVENT_KEY = "sigv4presign.lambda_event"
_TEXT_TYPES = ("text/", "application/json", "application/javascript", "application/xml")
_APP: "Optional[WsgiApp]" = None


def app_from_environment(environ: "Optional[Mapping[str, str]]" = None) -> "WsgiApp":
    """``make_app`` configured from ``SIGV4PRESIGN_BUCKET`` (required),
    ``SIGV4PRESIGN_REGION`` (else ``AWS_REGION``), ``SIGV4PRESIGN_PREFIX``,
    ``SIGV4PRESIGN_MAX_SIZE``, ``SIGV4PRESIGN_ALLOWED_TYPES`` and
    ``SIGV4PRESIGN_CORS_ORIGINS`` (comma-separated), ``SIGV4PRESIGN_EXPIRES_IN``,
    ``SIGV4PRESIGN_ENDPOINT_URL`` and ``SIGV4PRESIGN_KEY_SECRET``."""
    from ..core.errors import InvalidInputError
    from .app import make_app

    env = os.environ if environ is None else environ

    def get(name: str) -> str:
        return (env.get("SIGV4PRESIGN_" + name) or "").strip()

    def number(name: str) -> "Optional[int]":
        text = get(name)
        if not text:
            return None
        if not text.isdigit():
            raise InvalidInputError("SIGV4PRESIGN_%s must be a whole number, got %r" % (name, text))
        return int(text)

    def items(name: str) -> "List[str]":
        return [item.strip() for item in get(name).split(",") if item.strip()]

    bucket = get("BUCKET")
    region = get("REGION") or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or ""
    if not bucket or not region:
        raise InvalidInputError("set SIGV4PRESIGN_BUCKET and SIGV4PRESIGN_REGION (or AWS_REGION)")
    secret = get("KEY_SECRET")
    return make_app(
        bucket=bucket,
        region=region,
        endpoint_url=get("ENDPOINT_URL") or None,
        prefix=get("PREFIX") or "uploads/",
        max_size=number("MAX_SIZE"),
        allowed_types=items("ALLOWED_TYPES") or None,
        expires_in=number("EXPIRES_IN") or 900,
        cors_origins=items("CORS_ORIGINS"),
        key_secret=secret.encode("utf-8") if secret else None,
    )


def lambda_handler(event: "Dict[str, Any]", context: "Any") -> "Dict[str, Any]":
    """The Lambda entry point (handler ``sigv4presign.uploads.lambda_handler``)."""
    global _APP
    if _APP is None:
        _APP = app_from_environment()
    return call_wsgi(_APP, event)


def make_lambda_handler(app: "WsgiApp") -> "Callable[[Dict[str, Any], Any], Dict[str, Any]]":
    """A Lambda handler for your own app (``make_app(..., authorize=...)``); the event
    is ``request.environ["sigv4presign.lambda_event"]`` (for an authorizer's claims)."""
    def handler(event: "Dict[str, Any]", context: "Any") -> "Dict[str, Any]":
        return call_wsgi(app, event)

    return handler


def event_environ(event: "Dict[str, Any]") -> "Dict[str, Any]":
    """The WSGI environ of a payload 2.0 event (HTTP API or Function URL)."""
    from urllib.parse import unquote

    context = event.get("requestContext") or {}
    http = context.get("http") or {}
    raw = event.get("body") or ""
    if event.get("isBase64Encoded"):
        import base64

        body = base64.b64decode(raw)
    else:
        # lone surrogates (from a JSON \ud800 escape) pass on, for the JSON reader to refuse
        body = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else bytes(raw)
    path = event.get("rawPath") or http.get("path") or "/"
    script = ""
    stage = context.get("stage") or ""
    # A named stage of an HTTP API is the first segment of rawPath: the mount point.
    if stage and stage != "$default" and (path == "/" + stage or path.startswith("/" + stage + "/")):
        script, path = "/" + stage, path[len(stage) + 1:] or "/"
    environ: "Dict[str, Any]" = {
        "REQUEST_METHOD": (http.get("method") or "GET").upper(),
        "SCRIPT_NAME": script,
        "PATH_INFO": unquote(path, "iso-8859-1"),
        "QUERY_STRING": event.get("rawQueryString") or "",
        "SERVER_NAME": context.get("domainName") or "lambda",
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": http.get("protocol") or "HTTP/1.1",
        "REMOTE_ADDR": http.get("sourceIp") or "",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        EVENT_KEY: event,
    }
    for name, value in (event.get("headers") or {}).items():
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
        elif key != "CONTENT_LENGTH":
            environ["HTTP_" + key] = value
    cookies = event.get("cookies")
    if cookies:
        environ["HTTP_COOKIE"] = "; ".join(cookies)
    return environ


def call_wsgi(app: "WsgiApp", event: "Dict[str, Any]") -> "Dict[str, Any]":
    """Run ``app`` on the event; the payload 2.0 answer."""
    started: "Dict[str, Any]" = {}

    def start_response(status: str, headers: "List[Any]", exc_info: "Any" = None) -> "Callable[[bytes], None]":
        started["status"] = int(status.split(" ", 1)[0])
        started["headers"] = headers
        return lambda data: None

    chunks = app(event_environ(event), start_response)
    try:
        body = b"".join(chunks)
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    headers: "Dict[str, str]" = {}
    cookies = []
    for name, value in started.get("headers", []):
        if name.lower() == "set-cookie":
            cookies.append(value)
        elif name.lower() in headers:
            headers[name.lower()] += ", " + value
        else:
            headers[name.lower()] = value
    answer: "Dict[str, Any]" = {"statusCode": started.get("status", 500), "headers": headers}
    if cookies:
        answer["cookies"] = cookies
    text = None
    if headers.get("content-type", "text/plain").startswith(_TEXT_TYPES):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if text is not None:
        answer["body"] = text
        answer["isBase64Encoded"] = False
    else:
        import base64

        answer["body"] = base64.b64encode(body).decode("ascii")
        answer["isBase64Encoded"] = True
    return answer
