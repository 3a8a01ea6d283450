"""``sigv4presign serve``: the upload service (:mod:`sigv4presign.uploads`) on the
standard library's WSGI server.

    sigv4presign serve --bucket B [--region R] [--endpoint-url URL] [--host H] [--port P]
        [--prefix P] [--max-size N] [--allow-type T]... [--cors-origin O]...
        [--expires-in S] [--no-auth] [--demo [--uppy-dir DIR]]

It listens on 127.0.0.1 unless told otherwise, and on another address only with a
bearer token (``SIGV4PRESIGN_SERVE_TOKEN``) or ``--no-auth``. One access-log line per
request on stderr, without query strings (they carry keys and upload ids).
"""

import hmac
import socket
import sys
import time
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from .common import (
    PROG,
    ArgumentParser,
    UsageError,
    add_settings_arguments,
    credentials_from,
    endpoint_from,
    region_from,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, TextIO

    WsgiApp = Callable[..., Any]

TOKEN_VARIABLE = "SIGV4PRESIGN_SERVE_TOKEN"
_UNITS = {"": 1, "k": 1000, "kb": 1000, "kib": 1024, "m": 10**6, "mb": 10**6, "mib": 1024**2,
          "g": 10**9, "gb": 10**9, "gib": 1024**3}

EXAMPLES = """\
examples:
  # a local S3-compatible store, and the demo page at http://127.0.0.1:8000/
  sigv4presign serve --bucket uploads --endpoint-url http://127.0.0.1:9000 --region us-east-1 --demo

  # images up to 20 MiB, for a web app on another origin, with a bearer token
  SIGV4PRESIGN_SERVE_TOKEN=... sigv4presign serve --bucket my-bucket --max-size 20MiB \\
      --allow-type 'image/*' --cors-origin https://app.example.com --host 0.0.0.0

Uppy (@uppy/aws-s3) talks to it with companionEndpoint set to the server's URL, or with
a signRequest function posting to /s3/presign. With a token every request but the demo
page and CORS preflights needs `Authorization: Bearer <token>`.
exit status: 0 after Ctrl-C, 2 usage error or missing settings."""


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """wsgiref's server, one thread per connection, with a deeper listen queue."""

    daemon_threads = True
    request_queue_size = 256


class ThreadingWSGIServer6(ThreadingWSGIServer):
    address_family = socket.AF_INET6


class QuietHandler(WSGIRequestHandler):
    """No request lines of its own (they hold the query string): the access log does that."""

    def log_request(self, code: "Any" = "-", size: "Any" = "-") -> None:
        pass

    def log_message(self, format: str, *args: "Any") -> None:  # noqa: A002 - the http.server API
        sys.stderr.write("%s - malformed request refused\n" % self.address_string())


def make_server(host: str, port: int, app: "WsgiApp") -> ThreadingWSGIServer:
    """A threaded WSGI server for ``app`` bound to ``host:port`` (port 0: any free one)."""
    cls = ThreadingWSGIServer6 if ":" in host else ThreadingWSGIServer
    server = cls((host.strip("[]"), port), QuietHandler)
    server.set_app(app)
    return server


def access_log(app: "WsgiApp", stream: "Optional[TextIO]" = None) -> "WsgiApp":
    """``app`` writing one line per request: client, time, method and path (no query
    string), status, bytes, milliseconds."""
    def logged(environ: "Dict[str, Any]", start_response: "Callable[..., Any]") -> "Iterable[bytes]":
        started = time.monotonic()
        seen: "Dict[str, str]" = {}

        def start(status: str, headers: "List[Any]", exc_info: "Any" = None) -> "Any":
            seen["status"] = status.split(" ", 1)[0]
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        chunks = list(app(environ, start))
        path = (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")) or "/"
        path = "".join(c if " " < c < "\x7f" else "%%%02X" % (ord(c) & 0xFF) for c in path)
        line = '%s - - [%s] "%s %s" %s %d %.1fms\n' % (
            environ.get("REMOTE_ADDR", "-"), time.strftime("%d/%b/%Y %H:%M:%S"),
            environ.get("REQUEST_METHOD", "-"), path, seen.get("status", "-"),
            sum(len(c) for c in chunks), (time.monotonic() - started) * 1000,
        )
        out = stream or sys.stderr
        out.write(line)
        out.flush()
        return chunks

    return logged


def bearer_authorize(token: str) -> "Callable[[Any], Any]":
    """An ``authorize`` allowing requests with ``Authorization: Bearer <token>``."""
    from ..uploads import Grant

    expected = token.encode("utf-8")

    def authorize(request: "Any") -> "Any":
        given = (request.bearer_token() or "").encode("utf-8")
        return Grant() if hmac.compare_digest(given, expected) else None

    return authorize


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_size(text: str) -> int:
    """``1048576``, ``5MiB``, ``20MB``, ``1GiB`` as bytes."""
    cleaned = text.strip().lower().replace(" ", "")
    digits = cleaned.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = cleaned[len(digits):]
    if not digits.isdigit() or unit not in _UNITS:
        raise UsageError("--max-size %r: expected bytes such as 10485760, 10MiB or 10MB" % text)
    return int(digits) * _UNITS[unit]


def _parser() -> "argparse.ArgumentParser":
    parser = ArgumentParser(
        prog=PROG + " serve",
        description="Run the upload service: a signing endpoint for browser uploads straight "
        "to S3 (Uppy's Companion S3 contract and /s3/presign).",
        epilog=EXAMPLES,
    )
    parser.add_argument("--bucket", required=True, help="the bucket uploads go to")
    add_settings_arguments(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000; 0: any free one)")
    parser.add_argument("--prefix", default="uploads/", help="key prefix of every upload (default uploads/)")
    parser.add_argument("--max-size", metavar="BYTES", help="largest upload, in bytes or with a unit (20MiB)")
    parser.add_argument("--allow-type", action="append", default=[], metavar="TYPE",
                        help="allowed media type or pattern such as image/* (repeatable; default: any)")
    parser.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                        help="origin browsers may call from, such as https://app.example.com (repeatable)")
    parser.add_argument("--expires-in", type=int, default=900, metavar="SECONDS",
                        help="lifetime of each presigned URL and form (default 900)")
    parser.add_argument("--no-auth", action="store_true",
                        help="listen on a non-loopback address without a bearer token")
    parser.add_argument("--demo", action="store_true", help="serve a demo page with Uppy's Dashboard at /")
    parser.add_argument("--uppy-dir", metavar="DIR",
                        help="with --demo: load Uppy from DIR/uppy.mjs and DIR/uppy.css instead of a CDN")
    return parser


def build(args: "argparse.Namespace", environ: "Mapping[str, str]") -> "WsgiApp":
    """The app the arguments describe (with the demo and the access log)."""
    from ..credentials import load_credentials
    from ..uploads import make_app
    from ..uploads.demo import with_demo

    token = environ.get(TOKEN_VARIABLE) or None
    if not is_loopback(args.host) and token is None and not args.no_auth:
        raise UsageError(
            "refusing to listen on %s without authentication: set %s (clients then send "
            "Authorization: Bearer <token>) or pass --no-auth" % (args.host, TOKEN_VARIABLE)
        )
    if args.uppy_dir and not args.demo:
        raise UsageError("--uppy-dir goes with --demo")
    profile = args.profile
    credentials_from(environ, profile)  # missing credentials: a usage error now, not at the first upload
    app: "WsgiApp" = make_app(
        bucket=args.bucket,
        region=region_from(args.region, environ, profile),
        credentials=lambda: load_credentials(profile, environ=environ),
        endpoint_url=endpoint_from(args.endpoint_url, environ, profile),
        prefix=args.prefix,
        max_size=None if args.max_size is None else parse_size(args.max_size),
        allowed_types=args.allow_type or None,
        expires_in=args.expires_in,
        authorize=bearer_authorize(token) if token else None,
        cors_origins=args.cors_origin,
    )
    if args.demo:
        try:
            app = with_demo(app, args.uppy_dir)
        except FileNotFoundError as exc:
            raise UsageError(str(exc))
    return access_log(app)


def run(argv: "List[str]", environ: "Mapping[str, str]") -> int:
    args = _parser().parse_args(argv)
    app = build(args, environ)
    try:
        server = make_server(args.host, args.port, app)
    except OSError as exc:
        raise UsageError("cannot listen on %s:%d: %s" % (args.host, args.port, exc.strerror or exc))
    host, port = str(server.server_address[0]), int(server.server_address[1])
    url = "http://%s:%d/" % ("[%s]" % host if ":" in host else host, port)
    sys.stderr.write("%s serve: listening on %s (bucket %s)%s\n" % (
        PROG, url, args.bucket, "; demo page at " + url if args.demo else ""))
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
