"""``sigv4presign verify URL`` checks a presigned URL; ``sigv4presign explain URL`` shows
its canonical request and string to sign.

    sigv4presign verify URL [--method M] [--header 'Name: value']... [--region R]
                 [--service S] [--now T] [--max-clock-skew N] [--token-mode MODE]
                 [--payload-hash H] [--profile P]
    sigv4presign explain URL [--method M] [--header 'Name: value']... [--token-mode MODE]
                 [--payload-hash H]

verify exits 0 when the URL is valid (one line on stdout says who signed it and until
when), 1 when it is not (the reason on stderr), 2 on a usage error or missing credentials.
"""

import sys

from .common import PROG, ArgumentParser, credentials_from, parse_time, split_pair

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import List, Mapping, Tuple

VERIFY_EXAMPLES = """\
examples:
  sigv4presign verify 'https://bucket.s3.eu-west-1.amazonaws.com/k?X-Amz-...'
  sigv4presign verify "$URL" --method PUT --header 'Content-Type: image/jpeg'
  sigv4presign verify "$URL" --now 20130524T000100Z --region us-east-1

credentials: as for presigning (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_SESSION_TOKEN, --profile); they must be those of the URL's access key.
exit status: 0 valid, 1 invalid (the reason on stderr), 2 usage error or missing settings."""

EXPLAIN_EXAMPLES = """\
examples:
  sigv4presign explain 'https://bucket.s3.amazonaws.com/k?X-Amz-...'
  sigv4presign explain "$URL" --method PUT --header 'Content-Type: image/jpeg'

No credentials are needed. Signed headers not given with --header are shown empty, as a
server sees them when the client does not send them. A session token is redacted.
exit status: 0 explained, 1 not a presigned URL, 2 usage error."""


def _common(parser: "argparse.ArgumentParser") -> None:
    parser.add_argument("url", metavar="URL", help="the presigned URL, as the server receives it")
    parser.add_argument("--method", default="GET", help="HTTP method of the request (default GET)")
    parser.add_argument("--header", "-H", action="append", default=[], metavar="'NAME: VALUE'",
                        help="a header the client sends (repeatable)")
    parser.add_argument("--token-mode", choices=("signed", "unsigned"), default="signed",
                        help="whether the session token is signed (default) or appended after "
                        "signing, as AWS IoT does")
    parser.add_argument("--payload-hash", metavar="HASH",
                        help="payload hash the signer used (default: UNSIGNED-PAYLOAD for s3, "
                        "the empty body's SHA-256 otherwise)")


def _headers(args: "argparse.Namespace") -> "List[Tuple[str, str]]":
    return [split_pair(text, ":", "--header", "'Name: value'") for text in args.header]


def _verify_parser() -> "argparse.ArgumentParser":
    parser = ArgumentParser(
        prog=PROG + " verify",
        description="Check a presigned URL as a careful server would: its form, scope, time "
        "and signature.",
        epilog=VERIFY_EXAMPLES,
    )
    _common(parser)
    parser.add_argument("--region", help="the region the URL must be signed for (a SigV4a URL: one "
                        "in its region set, or the set is *)")
    parser.add_argument("--service", help="the service the URL must be signed for")
    parser.add_argument("--now", metavar="TIME",
                        help="check as of this UTC time (20130524T000000Z, ISO 8601 or POSIX "
                        "seconds) instead of now")
    parser.add_argument("--max-clock-skew", type=int, default=300, metavar="SECONDS",
                        help="how far in the future the URL may be dated (default 300)")
    parser.add_argument("--profile", help="profile of ~/.aws/credentials and ~/.aws/config")
    return parser


def run(argv: "List[str]", environ: "Mapping[str, str]") -> int:
    """``sigv4presign verify``: 0 valid, 1 invalid (reason on stderr)."""
    from ..core.errors import VerificationError
    from ..core.timefmt import amz_date
    from ..verify import verify_presigned

    args = _verify_parser().parse_args(argv)
    headers = _headers(args)
    now = None if args.now is None else parse_time(args.now, "--now")
    credentials = credentials_from(environ, args.profile)
    try:
        verified = verify_presigned(
            args.url,
            credentials=credentials,
            method=args.method,
            headers=headers,
            now=now,
            max_clock_skew=args.max_clock_skew,
            region=args.region,
            service=args.service,
            session_token=args.token_mode,
            payload_hash=args.payload_hash,
        )
    except VerificationError as exc:
        sys.stderr.write("%s: invalid: %s\n" % (PROG, " ".join(str(exc).split())))
        return 1
    sys.stdout.write(
        "valid: %s signed by %s for %s/%s at %s, expires %s; signed headers %s\n" % (
            verified.method, verified.access_key_id, verified.region, verified.service,
            amz_date(verified.signed_at_epoch), amz_date(verified.expires_at_epoch),
            ";".join(verified.signed_headers),
        )
    )
    return 0


def _explain_parser() -> "argparse.ArgumentParser":
    parser = ArgumentParser(
        prog=PROG + " explain",
        description="Show the canonical request and string to sign of a presigned URL.",
        epilog=EXPLAIN_EXAMPLES,
    )
    _common(parser)
    return parser


def run_explain(argv: "List[str]", environ: "Mapping[str, str]") -> int:
    """``sigv4presign explain``: the explanation on stdout; 1 if not a presigned URL."""
    from ..core.errors import VerificationError
    from ..verify import explain

    args = _explain_parser().parse_args(argv)
    try:
        explanation = explain(
            args.url,
            method=args.method,
            headers=_headers(args),
            session_token=args.token_mode,
            payload_hash=args.payload_hash,
        )
    except VerificationError as exc:
        sys.stderr.write("%s: error: %s\n" % (PROG, " ".join(str(exc).split())))
        return 1
    sys.stdout.write(str(explanation))
    return 0
