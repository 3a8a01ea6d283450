"""What every subcommand shares: usage errors, an argument parser that reports them in
one line, and credentials, region and endpoint found as the AWS CLI finds them."""

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any, List, Mapping, NoReturn, Optional, Tuple

    from ..core.values import Credentials

PROG = "sigv4presign"


class UsageError(Exception):
    """Bad command line or missing settings: exit 2."""


def ArgumentParser(**kwargs: "Any") -> "argparse.ArgumentParser":  # noqa: N802 - a class factory
    """An ``argparse.ArgumentParser`` whose errors raise :class:`UsageError` (so the
    command line reports them in one line and exits 2) instead of printing usage."""
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> "NoReturn":
            raise UsageError("%s (see %s --help)" % (message, self.prog))

    kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
    return _Parser(**kwargs)


def add_settings_arguments(parser: "argparse.ArgumentParser", endpoint: bool = True) -> None:
    """``--region``, ``--profile`` (and ``--endpoint-url``), as ``aws`` spells them."""
    parser.add_argument(
        "--region", help="signing region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region)"
    )
    parser.add_argument(
        "--profile", help="profile of ~/.aws/credentials and ~/.aws/config (default: AWS_PROFILE, "
        "AWS_DEFAULT_PROFILE, else default)"
    )
    if endpoint:
        parser.add_argument(
            "--endpoint-url", metavar="URL",
            help="S3-compatible endpoint such as http://127.0.0.1:9000 (default: AWS_ENDPOINT_URL_S3, "
            "AWS_ENDPOINT_URL, the profile's endpoint_url)",
        )


def credentials_from(environ: "Mapping[str, str]", profile: "Optional[str]" = None) -> "Credentials":
    """Credentials as the AWS CLI finds them (``--profile`` is ``profile``): see
    :func:`sigv4presign.credentials.load_credentials`."""
    from ..credentials import load_credentials

    return load_credentials(profile, environ=environ)


def region_from(
    arg: "Optional[str]", environ: "Mapping[str, str]", profile: "Optional[str]" = None
) -> str:
    """``--region``, else ``AWS_REGION``, ``AWS_DEFAULT_REGION``, the profile's ``region``."""
    from ..credentials import load_region

    region = arg or load_region(profile, environ=environ)
    if not region:
        raise UsageError(
            "no region: pass --region, set AWS_REGION or AWS_DEFAULT_REGION, or set region "
            "in the profile in ~/.aws/config"
        )
    return region


def endpoint_from(
    arg: "Optional[str]",
    environ: "Mapping[str, str]",
    profile: "Optional[str]" = None,
    service: str = "s3",
) -> "Optional[str]":
    """``--endpoint-url``, else the configured endpoint (``AWS_ENDPOINT_URL_S3``,
    ``AWS_ENDPOINT_URL``, the profile's), else None (the AWS endpoint)."""
    if arg:
        return arg
    from ..credentials import load_endpoint_url

    return load_endpoint_url(service, profile, environ=environ)


def parse_time(text: str, option: str = "--signing-time") -> int:
    """``20130524T000000Z``, ISO 8601 with a zone (``2013-05-24T00:00:00Z``) or POSIX
    seconds, as POSIX seconds."""
    from ..core.timefmt import parse_amz_date, to_timestamp

    text = text.strip()
    if is_number(text):
        return int(text)
    if len(text) == 16 and text[8:9] == "T":
        try:
            return parse_amz_date(text)
        except ValueError:
            pass
    from ..core.errors import CredentialsError
    from ..credentials import parse_expiration

    try:
        return to_timestamp(parse_expiration(text, option))
    except CredentialsError:
        raise UsageError(
            "%s %r: expected a UTC time such as 20130524T000000Z or 2013-05-24T00:00:00Z, "
            "or POSIX seconds" % (option, text)
        )


def is_number(text: str) -> bool:
    """Whole ASCII digits (``str.isdigit()`` also takes "²", which ``int()`` refuses)."""
    return bool(text) and all(c in "0123456789" for c in text)


def split_pair(text: str, separator: str, option: str, example: str) -> "Tuple[str, str]":
    """``NAME<separator>VALUE`` of a repeatable option, both sides stripped."""
    name, found, value = text.partition(separator)
    name = name.strip()
    if not name or (not found and separator == ":"):
        raise UsageError("%s %r: expected %s" % (option, text, example))
    return name, value.strip()


def warn(message: str) -> None:
    sys.stderr.write("%s: warning: %s\n" % (PROG, message))


def write_lines(lines: "List[str]") -> None:
    sys.stdout.write("".join(line + "\n" for line in lines))
