"""S3 Express One Zone sessions: the CreateSession request, presigned, and its answer.

Directory buckets take requests signed with session credentials from CreateSession
(``GET /?session`` on the bucket's zonal endpoint, itself signed with IAM credentials
for service ``s3express``). Nothing here opens a connection: presign the CreateSession
request, send it with any HTTP client, and read the answer with
:func:`session_credentials`::

    url = create_session_url("photos--usw2-az1--x-s3", credentials=iam, region="us-west-2").url
    with urllib.request.urlopen(url) as answer:
        session = session_credentials(answer.read())
    presign_s3("GET", "photos--usw2-az1--x-s3", "a.jpg", credentials=session, region="us-west-2")
"""

from .core.checks import check_scope_part
from .core.errors import InvalidInputError, shown
from .core.presign import presign
from .core.rules import S3
from .core.s3 import EXPRESS_SERVICE, s3_endpoint
from .core.values import Credentials

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Optional

    from .core.values import Presigned, TimeArg

SESSION_MODES = ("ReadWrite", "ReadOnly")


def create_session_url(
    bucket: str,
    *,
    credentials: Credentials,
    region: str,
    session_mode: "Optional[str]" = None,
    expires_in: "Any" = 60,
    now: "TimeArg" = None,
) -> "Presigned":
    """The CreateSession request of a directory bucket, presigned with IAM credentials:
    ``GET https://{bucket}.s3express-{zone}.{region}.amazonaws.com/?session`` for service
    ``s3express`` under S3's rules (the IAM session token, if any, as
    ``X-Amz-Security-Token``). ``session_mode`` (``ReadWrite``, the default, or
    ``ReadOnly``) is signed as the ``x-amz-create-session-mode`` header the client must
    send (see :attr:`Presigned.headers`)."""
    endpoint = s3_endpoint(bucket, None, check_scope_part("region", region))
    if endpoint.service != EXPRESS_SERVICE:
        raise InvalidInputError("bucket %s is not a directory bucket (name--zone-id--x-s3)" % shown(bucket))
    headers = {}
    if session_mode is not None:
        if session_mode not in SESSION_MODES:
            raise InvalidInputError("session_mode must be 'ReadWrite' or 'ReadOnly', got %s" % shown(session_mode))
        headers["x-amz-create-session-mode"] = session_mode
    return presign(
        "GET", endpoint.url + "?session", credentials=credentials, region=endpoint.region,
        service=EXPRESS_SERVICE, expires_in=expires_in, headers=headers, now=now, rules=S3,
    )


def session_credentials(body: "Any") -> Credentials:
    """The :class:`Credentials` (with their ``expiration``) in a CreateSession answer,
    the XML body ``<CreateSessionResult><Credentials><AccessKeyId>...``."""
    from xml.etree import ElementTree

    if isinstance(body, str):
        body = body.encode("utf-8")
    if not isinstance(body, (bytes, bytearray)):
        raise InvalidInputError("body must be the answer's bytes, not %s" % type(body).__name__)
    try:
        root = ElementTree.fromstring(bytes(body))
    except ElementTree.ParseError as exc:
        raise InvalidInputError("the CreateSession answer is not XML: %s" % exc)
    values = {}
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name in ("AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"):
            values[name] = (element.text or "").strip()
    missing = [n for n in ("AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration") if not values.get(n)]
    if missing:
        raise InvalidInputError("the CreateSession answer has no %s: is it an error document?" % ", ".join(missing))
    import datetime

    try:
        expiration = datetime.datetime.fromisoformat(values["Expiration"].replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInputError("the CreateSession answer's Expiration %s is not an ISO 8601 time" % shown(values["Expiration"]))
    if expiration.tzinfo is None:
        raise InvalidInputError("the CreateSession answer's Expiration has no time zone")
    return Credentials(values["AccessKeyId"], values["SecretAccessKey"], values["SessionToken"], expiration)
