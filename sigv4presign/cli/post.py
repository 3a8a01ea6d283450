"""``sigv4presign post s3://BUCKET/PREFIX/${filename}``: a presigned POST form for
browser uploads, printed as JSON (``url`` and ``fields``, as boto3 returns them) or as
an HTML form (``--html``).

    sigv4presign post s3://BUCKET/KEY [--expires-in N] [--content-length-range MIN,MAX]
                 [--field NAME=VALUE] [--condition JSON] [--html] [--region R]
                 [--endpoint-url U] [--profile P] [--signing-time T]
"""

import sys

from .common import (
    PROG,
    ArgumentParser,
    UsageError,
    add_settings_arguments,
    credentials_from,
    endpoint_from,
    is_number,
    parse_time,
    region_from,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any, Dict, List, Mapping, Tuple

EXAMPLES = """\
examples:
  # any file name under uploads/, at most 10 MiB, for 10 minutes; JSON on stdout
  sigv4presign post 's3://my-bucket/uploads/${filename}' \\
      --content-length-range 1,10485760 --expires-in 600

  # images only, publicly readable, as an HTML form to paste into a page
  sigv4presign post 's3://my-bucket/photos/${filename}' \\
      --field acl=public-read --field Content-Type=image/jpeg \\
      --condition '["starts-with", "$Content-Type", "image/"]' --html

--field NAME=VALUE adds a form field and a condition that it equals VALUE, unless a
--condition already names that field. --condition takes one policy condition as JSON:
{"acl": "public-read"}, ["eq", "$acl", "public-read"], ["starts-with", "$key", "a/"]
or ["content-length-range", MIN, MAX]. A key ending in ${filename} lets S3 put the
uploaded file's name there (quote it for the shell).

exit status: 0 success, 1 failure, 2 usage error or missing settings."""


def _parser() -> "argparse.ArgumentParser":
    parser = ArgumentParser(
        prog=PROG + " post",
        description="Print a presigned POST (an HTML form's URL and fields) for browser "
        "uploads to S3.",
        epilog=EXAMPLES,
    )
    parser.add_argument("target", metavar="s3://BUCKET/KEY",
                        help="where the upload goes; KEY may end in ${filename}")
    parser.add_argument("--expires-in", type=int, default=3600, metavar="SECONDS",
                        help="lifetime of the policy in seconds, 1..604800 (default 3600)")
    parser.add_argument("--content-length-range", metavar="MIN,MAX",
                        help="allowed size of the file in bytes, e.g. 1,10485760")
    parser.add_argument("--field", action="append", default=[], metavar="NAME=VALUE",
                        help="a form field with its exact-match condition (repeatable)")
    parser.add_argument("--condition", action="append", default=[], metavar="JSON",
                        help="a policy condition as JSON (repeatable)")
    parser.add_argument("--html", action="store_true",
                        help="print an HTML <form> instead of JSON")
    add_settings_arguments(parser)
    parser.add_argument("--addressing", choices=("virtual", "path", "auto"), default="auto",
                        help="virtual-hosted or path-style URL (default auto)")
    parser.add_argument("--signing-time", metavar="TIME",
                        help="sign as of this UTC time (20130524T000000Z, 2013-05-24T00:00:00Z "
                        "or POSIX seconds) instead of now")
    return parser


def _target(text: str) -> "Tuple[str, str]":
    if not text.startswith("s3://"):
        raise UsageError("expected s3://BUCKET/KEY, got %r" % text)
    bucket, _, key = text[5:].partition("/")
    if not bucket:
        raise UsageError("%r has no bucket: expected s3://BUCKET/KEY" % text)
    if not key:
        raise UsageError(
            "%r has no key: a POST uploads to a key, e.g. s3://%s/uploads/${filename}" % (text, bucket)
        )
    return bucket, key


def _length_range(text: str) -> "List[Any]":
    low, comma, high = text.partition(",")
    if not comma or not is_number(low.strip()) or not is_number(high.strip()):
        raise UsageError(
            "--content-length-range %r: expected MIN,MAX in bytes, e.g. 1,10485760" % text
        )
    return ["content-length-range", int(low), int(high)]


def _condition(text: str) -> "Any":
    import json

    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise UsageError(
            "--condition %r is not JSON (%s); e.g. '[\"starts-with\", \"$key\", \"uploads/\"]'"
            % (text if len(text) <= 200 else text[:200] + "...", exc)
        )


def _condition_field(condition: "Any") -> str:
    """The lower-case field a condition names, or "" (checked fully by the library)."""
    if isinstance(condition, dict) and len(condition) == 1:
        return str(next(iter(condition))).lower()
    if isinstance(condition, list) and len(condition) == 3 and isinstance(condition[1], str):
        return condition[1].lstrip("$").lower()
    return ""


def form_inputs(args: "argparse.Namespace") -> "Tuple[Dict[str, str], List[Any]]":
    """(fields, conditions) from ``--field``, ``--condition`` and ``--content-length-range``."""
    conditions = [_condition(text) for text in args.condition]
    if args.content_length_range is not None:
        conditions.append(_length_range(args.content_length_range))
    named = {_condition_field(c) for c in conditions}
    fields: "Dict[str, str]" = {}
    for text in args.field:
        name, found, value = text.partition("=")
        if not found or not name:
            raise UsageError("--field %r: expected NAME=VALUE, e.g. acl=public-read" % text)
        fields[name] = value
        if name.lower() not in named:
            conditions.append({name: value})
    return fields, conditions


def run(argv: "List[str]", environ: "Mapping[str, str]") -> int:
    import json

    from ..post import presign_s3_post

    args = _parser().parse_args(argv)
    bucket, key = _target(args.target)
    fields, conditions = form_inputs(args)
    now = None if args.signing_time is None else parse_time(args.signing_time)
    # Bad arguments are reported before any settings are read or credential_process runs.
    from ..core.timefmt import to_expires

    to_expires(args.expires_in)
    credentials = credentials_from(environ, profile=args.profile)
    region = region_from(args.region, environ, profile=args.profile)
    endpoint_url = endpoint_from(args.endpoint_url, environ, profile=args.profile)
    form = presign_s3_post(
        bucket,
        key,
        credentials=credentials,
        region=region,
        expires_in=args.expires_in,
        fields=fields,
        conditions=conditions,
        endpoint_url=endpoint_url,
        addressing=args.addressing,
        now=now,
    )
    if args.html:
        sys.stdout.write(form.html_form())
    else:
        sys.stdout.write(json.dumps({"url": form.url, "fields": form.fields}, indent=2) + "\n")
    return 0
