"""``sigv4presign s3://BUCKET/KEY``: print a presigned S3 URL.

    sigv4presign s3://BUCKET/KEY [--method M] [--expires-in N] [--region R]
                 [--endpoint-url U] [--signing-time 20130524T000000Z]
"""

import sys

from .common import PROG, UsageError, credentials_from, region_from

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import List, Mapping, Optional


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
    from .. import __version__

    parser.add_argument("--version", action="version", version="%(prog)s " + __version__)
    return parser


def _split_s3_url(target: str) -> "tuple[str, Optional[str]]":
    if not target.startswith("s3://"):
        raise UsageError("expected s3://BUCKET/KEY, got %r" % target)
    bucket, _, key = target[5:].partition("/")
    if not bucket:
        raise UsageError("s3:// URL %r has no bucket" % target)
    return bucket, key or None


def run(argv: "List[str]", environ: "Mapping[str, str]") -> int:
    from ..s3 import presign_s3
    from ..timefmt import parse_amz_date

    args = _presign_parser().parse_args(argv)
    bucket, key = _split_s3_url(args.target)
    credentials = credentials_from(environ)
    region = region_from(args.region, environ)
    now = None if args.signing_time is None else parse_amz_date(args.signing_time)
    presigned = presign_s3(
        args.method,
        bucket,
        key,
        credentials=credentials,
        region=region,
        expires_in=args.expires_in,
        endpoint_url=args.endpoint_url,
        now=now,
    )
    sys.stdout.write(presigned.url + "\n")
    return 0
