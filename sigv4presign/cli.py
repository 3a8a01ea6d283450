"""The ``sigv4presign`` command line.

    sigv4presign s3://BUCKET/KEY [--method M] [--expires-in N] [--region R]
                 [--endpoint-url U] [--signing-time 20130524T000000Z]

stdout carries only the result; errors are one line on stderr. Exit codes: 0 success,
1 failure, 2 usage error (including missing credentials or region).
"""

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import List, Mapping, Optional

PROG = "sigv4presign"


class UsageError(Exception):
    """Bad command line or missing settings: exit 2."""


def _presign_parser() -> "argparse.ArgumentParser":
    import argparse

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Print an AWS SigV4 presigned URL for an S3 object.",
        epilog=(
            "examples:\n"
            "  sigv4presign s3://my-bucket/report.pdf --expires-in 600\n"
            "  sigv4presign s3://my-bucket/upload.bin --method PUT --region eu-west-1\n"
            "  sigv4presign s3://bucket/key --endpoint-url http://127.0.0.1:8333\n\n"
            "credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN;\n"
            "region: --region, AWS_REGION or AWS_DEFAULT_REGION."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("target", metavar="s3://BUCKET/KEY", help="the object to presign")
    parser.add_argument("--method", default="GET", help="HTTP method (default GET)")
    parser.add_argument("--expires-in", type=int, default=3600, metavar="SECONDS",
                        help="lifetime in seconds, 1..604800 (default 3600)")
    parser.add_argument("--region", help="signing region (default: AWS_REGION, AWS_DEFAULT_REGION)")
    parser.add_argument("--endpoint-url", metavar="URL",
                        help="S3-compatible endpoint, path-style URLs (e.g. http://127.0.0.1:8333)")
    parser.add_argument("--signing-time", metavar="YYYYMMDDTHHMMSSZ",
                        help="sign as of this UTC time instead of now")
    from . import __version__

    parser.add_argument("--version", action="version", version="%(prog)s " + __version__)
    return parser


def _split_s3_url(target: str) -> "tuple[str, Optional[str]]":
    if not target.startswith("s3://"):
        raise UsageError("expected s3://BUCKET/KEY, got %r" % target)
    bucket, _, key = target[5:].partition("/")
    if not bucket:
        raise UsageError("s3:// URL %r has no bucket" % target)
    return bucket, key or None


def _env_credentials(environ: "Mapping[str, str]") -> "object":
    from .presign import Credentials

    akid = environ.get("AWS_ACCESS_KEY_ID")
    secret = environ.get("AWS_SECRET_ACCESS_KEY")
    if not akid or not secret:
        raise UsageError(
            "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
            "(and AWS_SESSION_TOKEN for temporary credentials)"
        )
    return Credentials(akid, secret, environ.get("AWS_SESSION_TOKEN") or None)


def _region(arg: "Optional[str]", environ: "Mapping[str, str]") -> str:
    region = arg or environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION")
    if not region:
        raise UsageError("no region: pass --region or set AWS_REGION or AWS_DEFAULT_REGION")
    return region


def _cmd_presign(argv: "List[str]", environ: "Mapping[str, str]") -> int:
    from .s3 import presign_s3
    from .timefmt import parse_amz_date

    args = _presign_parser().parse_args(argv)
    bucket, key = _split_s3_url(args.target)
    credentials = _env_credentials(environ)
    region = _region(args.region, environ)
    now = None if args.signing_time is None else parse_amz_date(args.signing_time)
    presigned = presign_s3(
        args.method,
        bucket,
        key,
        credentials=credentials,  # type: ignore[arg-type]
        region=region,
        expires_in=args.expires_in,
        endpoint_url=args.endpoint_url,
        now=now,
    )
    sys.stdout.write(presigned.url + "\n")
    return 0


def main(argv: "Optional[List[str]]" = None, environ: "Optional[Mapping[str, str]]" = None) -> int:
    """Run the command line; returns the exit code."""
    from .errors import InvalidInputError, SigV4Error

    argv = sys.argv[1:] if argv is None else argv
    environ = os.environ if environ is None else environ
    try:
        return _cmd_presign(argv, environ)
    except UsageError as exc:
        sys.stderr.write("%s: error: %s\n" % (PROG, exc))
        return 2
    except InvalidInputError as exc:
        sys.stderr.write("%s: error: %s\n" % (PROG, exc))
        return 2
    except SigV4Error as exc:
        sys.stderr.write("%s: error: %s\n" % (PROG, exc))
        return 1
    except KeyboardInterrupt:
        return 130
