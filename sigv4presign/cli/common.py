"""What every subcommand shares: usage errors, credentials and region from settings."""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Mapping, Optional

    from ..presign import Credentials

PROG = "sigv4presign"


class UsageError(Exception):
    """Bad command line or missing settings: exit 2."""


def credentials_from(environ: "Mapping[str, str]", profile: "Optional[str]" = None) -> "Credentials":
    """Credentials for the command line (environment variables for now)."""
    from ..presign import Credentials

    akid = environ.get("AWS_ACCESS_KEY_ID")
    secret = environ.get("AWS_SECRET_ACCESS_KEY")
    if not akid or not secret:
        raise UsageError(
            "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
            "(and AWS_SESSION_TOKEN for temporary credentials)"
        )
    return Credentials(akid, secret, environ.get("AWS_SESSION_TOKEN") or None)


def region_from(
    arg: "Optional[str]", environ: "Mapping[str, str]", profile: "Optional[str]" = None
) -> str:
    """``--region``, else ``AWS_REGION``, else ``AWS_DEFAULT_REGION``."""
    region = arg or environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION")
    if not region:
        raise UsageError("no region: pass --region or set AWS_REGION or AWS_DEFAULT_REGION")
    return region
