"""``sigv4presign s3://BUCKET/KEY``: print a presigned S3 URL (the default command).

Options follow ``aws s3 presign`` (``--expires-in``, ``--region``, ``--endpoint-url``,
``--profile``) and add what ``aws s3 presign`` cannot do: other methods, signed
headers, query parameters, addressing, a fixed signing time, JSON output and a look at
the canonical request.
"""

import sys

from .common import (
    PROG,
    ArgumentParser,
    UsageError,
    add_settings_arguments,
    credentials_from,
    endpoint_from,
    parse_time,
    region_from,
    split_pair,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any, Dict, List, Mapping, Optional, Tuple

    from ..core.values import Presigned

USAGE = (
    "%(prog)s [presign] s3://BUCKET/KEY [options]\n"
    "       %(prog)s COMMAND ...   (see %(prog)s COMMAND --help)"
)

# command -> what it does, for the help text
COMMANDS = (
    ("presign", "print a presigned URL for an S3 object or bucket (the default command)"),
    ("verify", "check a presigned URL's signature and expiry with your credentials"),
    ("explain", "show what a presigned URL signs, step by step"),
    ("post", "make a presigned POST form for browser uploads"),
    ("token", "print an RDS, Aurora DSQL, ElastiCache or EKS authentication token"),
)

EXAMPLES = """\
examples:
  # a download link valid for an hour (credentials and region as the AWS CLI finds them)
  sigv4presign s3://my-bucket/reports/2026-q3.pdf

  # an upload link for ten minutes; the client must send the same Content-Type
  URL=$(sigv4presign s3://my-bucket/uploads/photo.jpg --method PUT \\
        --content-type image/jpeg --expires-in 600)
  curl -X PUT -H 'Content-Type: image/jpeg' --data-binary @photo.jpg "$URL"

  # what the client must send, and when the URL expires, as JSON
  sigv4presign s3://my-bucket/uploads/photo.jpg --method PUT --content-type image/jpeg --json

  # another profile and region; a version, downloaded under another name
  sigv4presign s3://my-bucket/data.csv --profile work --region eu-west-1 \\
      --version-id 3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY \\
      --param 'response-content-disposition=attachment; filename="data.csv"'

  # a multi-Region access point (SigV4a, valid in every region; --region names the partition)
  sigv4presign s3://arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap/report.pdf

  # an S3-compatible store on this machine (MinIO, SeaweedFS), path style
  sigv4presign s3://bucket/key --endpoint-url http://127.0.0.1:9000 --region us-east-1

  # the AWS documentation example: prints its URL exactly
  AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE \\
  AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \\
  sigv4presign s3://examplebucket/test.txt --region us-east-1 --expires-in 86400 \\
      --signing-time 20130524T000000Z

credentials (the first found wins, as in the AWS CLI):
  1. AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (not with --profile)
  2. the profile (--profile, AWS_PROFILE, else "default") in the credentials file
     (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials)
  3. its credential_process (in either file)
  4. its keys in the config file (AWS_CONFIG_FILE, default ~/.aws/config)
  Profiles using role_arn, web identity or SSO are refused with a hint: this tool makes
  no network calls.
region: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region.
endpoint: --endpoint-url, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the profile's endpoint_url.

exit status: 0 success, 1 failure, 2 usage error or missing settings.
Only the result goes to stdout; messages go to stderr, one line each."""


def _commands_text() -> str:
    from importlib.util import find_spec

    from . import SUBCOMMANDS

    lines = ["commands:"]
    for name, what in COMMANDS:
        module = SUBCOMMANDS.get(name, ("", ""))[0]
        available = bool(module) and find_spec("." + module, __package__) is not None
        lines.append("  %-8s %s%s" % (name, what, "" if available else " (not available yet)"))
    return "\n".join(lines)


def _presign_parser() -> "argparse.ArgumentParser":
    from .. import __version__

    parser = ArgumentParser(
        prog=PROG,
        usage=USAGE,
        description="Print an AWS Signature Version 4 presigned URL for an S3 object.\n\n"
        + _commands_text(),
        epilog=EXAMPLES,
    )
    parser.add_argument("target", metavar="s3://BUCKET/KEY",
                        help="the object (s3://BUCKET/ for the bucket itself; an access point ARN "
                        "may stand for BUCKET, and a multi-Region access point ARN, "
                        "arn:aws:s3::ACCOUNT:accesspoint/ALIAS, is signed with SigV4a)")
    parser.add_argument("--expires-in", type=int, default=3600, metavar="SECONDS",
                        help="lifetime in seconds, 1..604800 (default 3600)")
    add_settings_arguments(parser)
    parser.add_argument("--method", default="GET",
                        help="HTTP method: GET (default), PUT, HEAD, DELETE, POST, ...")
    parser.add_argument("--content-type", metavar="TYPE",
                        help="sign a Content-Type header; the client must send it")
    parser.add_argument("--header", action="append", default=[], metavar="'NAME: VALUE'",
                        help="sign a header the client will send (repeatable)")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="add a query parameter (NAME alone for an empty value), e.g. "
                        "partNumber=1 or uploadId=... (repeatable)")
    parser.add_argument("--version-id", metavar="ID", help="a specific version (versionId)")
    parser.add_argument("--download-name", metavar="NAME",
                        help="the browser saves the download as NAME (any Unicode name; sets "
                        "response-content-disposition, RFC 6266/8187)")
    parser.add_argument("--addressing", choices=("virtual", "path", "auto"),
                        help="virtual-hosted or path-style URL (default: the profile's "
                        "s3.addressing_style, else auto)")
    parser.add_argument("--dualstack", action="store_true", help="use the dual-stack (IPv6) endpoint")
    parser.add_argument("--accelerate", action="store_true", help="use S3 Transfer Acceleration")
    parser.add_argument("--fips", action="store_true", help="use the FIPS endpoint")
    parser.add_argument("--signing-time", metavar="TIME",
                        help="sign as of this UTC time (20130524T000000Z, 2013-05-24T00:00:00Z "
                        "or POSIX seconds) instead of now")
    parser.add_argument("--json", action="store_true",
                        help="print url, method, headers to send, signed_at and expires_at as JSON")
    parser.add_argument("--debug", action="store_true",
                        help="print the canonical request and the string to sign to stderr")
    parser.add_argument("--version", action="version", version="%(prog)s " + __version__)
    return parser


def split_s3_url(target: str) -> "Tuple[str, Optional[str]]":
    """(bucket, key) of ``s3://BUCKET/KEY``; the key is None for the bucket itself.
    ``BUCKET`` may be an access point ARN (``arn:aws:s3:REGION:ACCOUNT:accesspoint/NAME``)."""
    import re

    if not target.startswith("s3://"):
        raise UsageError("expected s3://BUCKET/KEY, got %r" % target)
    rest = target[5:]
    arn = re.match(
        r"(arn:[^:]+:(?:s3|s3-object-lambda):[^:]*:[0-9]{12}:accesspoint[:/][^/]+"
        r"|arn:[^:]+:s3-outposts:[^:]*:[0-9]{12}:outpost[:/][^/:]+[:/]accesspoint[:/][^/]+)(?:/|$)",
        rest,
    )
    if arn:
        bucket, key = arn.group(1), rest[arn.end():]
    else:
        bucket, _, key = rest.partition("/")
    if not bucket:
        raise UsageError("%r has no bucket: expected s3://BUCKET/KEY" % target)
    return bucket, key or None


def _headers(args: "argparse.Namespace") -> "List[Tuple[str, str]]":
    headers = []
    if args.content_type is not None:
        headers.append(("Content-Type", args.content_type))
    for text in args.header:
        headers.append(split_pair(text, ":", "--header", "'Name: value'"))
    return headers


def _params(args: "argparse.Namespace") -> "List[Tuple[str, str]]":
    params = []
    if args.version_id is not None:
        params.append(("versionId", args.version_id))
    for text in args.param:
        params.append(split_pair(text, "=", "--param", "name=value (or just name)"))
    if args.download_name is not None:
        params.append(_download_name(args, params))
    return params


def _download_name(args: "argparse.Namespace", params: "List[Tuple[str, str]]") -> "Tuple[str, str]":
    """``response-content-disposition`` for ``--download-name``: only on GET and HEAD
    (S3 sets response headers only for those), never beside the same ``--param``."""
    from ..disposition import content_disposition

    name = "response-content-disposition"
    if any(key == name for key, _ in params):
        raise UsageError("--download-name and --param %s both set the download name: give one" % name)
    if args.method.upper() not in ("GET", "HEAD"):
        raise UsageError("--download-name needs --method GET or HEAD (S3 sets response headers "
                         "only for downloads), got %r" % args.method)
    return name, content_disposition(args.download_name)


def _ip_endpoint(endpoint_url: str) -> bool:
    import ipaddress

    from ..core.urls import split_url

    host = split_url(endpoint_url)[1]
    host = host[1:host.find("]")] if host.startswith("[") else host.split(":")[0]
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _addressing(
    args: "argparse.Namespace", environ: "Mapping[str, str]", endpoint_url: "Optional[str]"
) -> "Optional[str]":
    """``--addressing``, else the profile's ``s3`` ``addressing_style`` (as the AWS CLI
    reads it), else None (the library's default)."""
    if args.addressing:
        return str(args.addressing)
    from ..credentials import load_s3_settings

    style = load_s3_settings(args.profile, environ=environ).get("addressing_style")
    if style in (None, "", "auto"):
        return None
    if style not in ("virtual", "path"):
        raise UsageError(
            "the profile's s3 addressing_style is %r; allowed: virtual, path, auto" % style
        )
    if style == "virtual" and endpoint_url and _ip_endpoint(endpoint_url):
        # An IP address cannot carry the bucket as a label: the AWS CLI uses path style
        # there whatever the profile says, and so does this default.
        return "path"
    return style


def _debug(presigned: "Presigned") -> None:
    """The canonical request and the string to sign, on stderr, with any session token
    redacted (the string to sign only hashes it)."""
    from ..redaction import redact

    creq = redact(presigned.canonical_request)
    sys.stderr.write(
        "%s: canonical request:\n%s\n%s: string to sign:\n%s\n"
        % (PROG, creq, PROG, presigned.string_to_sign)
    )


def _iso(epoch: int) -> str:
    from ..core.timefmt import amz_date

    text = amz_date(epoch)
    return "%s-%s-%sT%s:%s:%sZ" % (text[0:4], text[4:6], text[6:8], text[9:11], text[11:13], text[13:15])


def run(argv: "List[str]", environ: "Mapping[str, str]") -> int:
    from ..core.s3 import presign_s3

    args = _presign_parser().parse_args(argv)
    bucket, key = split_s3_url(args.target)
    headers = _headers(args)
    params = _params(args)
    now = None if args.signing_time is None else parse_time(args.signing_time)
    # Bad arguments are reported before any settings are read or credential_process runs.
    from ..core.checks import check_method
    from ..core.timefmt import to_expires

    check_method(args.method)
    to_expires(args.expires_in)
    region = region_from(args.region, environ, args.profile)
    endpoint_url = endpoint_from(args.endpoint_url, environ, args.profile)
    options: "Dict[str, Any]" = {}
    addressing = _addressing(args, environ, endpoint_url)
    if addressing is not None:
        options["addressing"] = addressing
    for flag in ("dualstack", "accelerate", "fips"):
        if getattr(args, flag):
            options[flag] = True
    credentials = credentials_from(environ, args.profile)
    presigned = presign_s3(
        args.method,
        bucket,
        key,
        credentials=credentials,
        region=region,
        expires_in=args.expires_in,
        params=params,
        headers=headers,
        endpoint_url=endpoint_url,
        now=now,
        **options,
    )
    if args.debug:
        _debug(presigned)
    if args.json:
        import json

        sys.stdout.write(json.dumps({
            "url": presigned.url,
            "method": presigned.method,
            "headers": presigned.headers,
            "signed_at": _iso(presigned.signed_at_epoch),
            "expires_at": _iso(presigned.expires_at_epoch),
        }, indent=2) + "\n")
    else:
        sys.stdout.write(presigned.url + "\n")
    return 0
