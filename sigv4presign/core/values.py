"""The values the signer takes and returns: :class:`Credentials` and :class:`Presigned`
(with its :class:`TimeWindow`), and the one rule for how long a signature lives.

    ValidUntil = min(SignedAt + Expires, Credentials.expiration)

A signer refuses credentials that have expired at the signing time (the URL could never
work) and warns when they expire before the URL does.
"""

from .errors import CredentialExpiryWarning, InvalidInputError
from .record import Record
from .timefmt import MAX_TIME, amz_date, to_timestamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Any, Dict, Optional, Tuple, Union

    TimeArg = Optional[Union[datetime.datetime, int, float]]


def _secret_free(name: str, value: "Any") -> str:
    if not isinstance(value, str) or not value:
        return "%s must be a non-empty string" % name
    for char in value:
        if char in " \t\r\n\0":
            return "%s must not contain white space or control characters" % name
        if "\ud800" <= char <= "\udfff":
            return "%s has a lone surrogate, which UTF-8 cannot encode" % name
    return ""


class Credentials:
    """AWS credentials. ``repr`` shows only the access key id.

    ``expiration`` (an aware datetime or POSIX seconds) is when temporary credentials
    stop working; a URL signed with them dies then, whatever its own expiry.
    """

    __slots__ = ("access_key_id", "secret_access_key", "session_token", "expiration")

    def __init__(
        self,
        access_key_id: str,
        secret_access_key: str,
        session_token: "Optional[str]" = None,
        expiration: "TimeArg" = None,
    ) -> None:
        for name, value in (
            ("access_key_id", access_key_id),
            ("secret_access_key", secret_access_key),
        ):
            problem = _secret_free(name, value)
            if problem:
                raise InvalidInputError(problem)
        if session_token is not None:
            problem = _secret_free("session_token", session_token)
            if problem:
                raise InvalidInputError(problem + " (or None)")
        if expiration is not None:
            to_timestamp(expiration, "expiration")
        self.access_key_id = access_key_id
        self.secret_access_key = secret_access_key
        self.session_token = session_token
        self.expiration = expiration

    @classmethod
    def from_object(cls, obj: "Any") -> "Credentials":
        """Credentials from an object with ``access_key``, ``secret_key`` and ``token``
        attributes, such as botocore's (read once, through ``get_frozen_credentials()``
        when it has one, so refreshing credentials give a consistent set)."""
        if isinstance(obj, cls):
            return obj
        freeze = getattr(obj, "get_frozen_credentials", None)
        if freeze is not None:
            obj = freeze()
        access_key = getattr(obj, "access_key", None)
        secret_key = getattr(obj, "secret_key", None)
        if access_key is None or secret_key is None:
            raise InvalidInputError(
                "expected an object with access_key, secret_key and token attributes "
                "(such as botocore's Credentials), got %s" % type(obj).__name__
            )
        return cls(access_key, secret_key, getattr(obj, "token", None) or None)

    def _key(self) -> "Tuple[Any, ...]":
        expiration = self.expiration
        return (
            self.access_key_id,
            self.secret_access_key,
            self.session_token,
            None if expiration is None else to_timestamp(expiration, "expiration"),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Credentials):
            return NotImplemented
        return self._key() == other._key()

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return "Credentials(access_key_id=%r, secret_access_key='***'%s%s)" % (
            self.access_key_id,
            "" if self.session_token is None else ", session_token='***'",
            "" if self.expiration is None else ", expiration=%r" % (self.expiration,),
        )


def utc_datetime(timestamp: int) -> "datetime.datetime":
    """POSIX seconds as an aware UTC datetime."""
    import datetime  # only when asked: the core works in POSIX seconds

    return datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc)


class TimeWindow(Record):
    """``signed_at`` and ``expires_at`` as aware UTC datetimes, from the integer
    ``signed_at_epoch`` and ``expires_at_epoch`` the core works with (use those on
    MicroPython, which usually has no ``datetime``)."""

    __slots__ = ()
    signed_at_epoch: int
    expires_at_epoch: int

    @property
    def signed_at(self) -> "datetime.datetime":
        """The signing time, an aware UTC datetime."""
        return utc_datetime(self.signed_at_epoch)

    @property
    def expires_at(self) -> "datetime.datetime":
        """When it stops working (earlier than its own expiry if the credentials expire
        first), an aware UTC datetime."""
        return utc_datetime(self.expires_at_epoch)


class Presigned(TimeWindow):
    """A presigned request: the URL, what the client must send, and the evidence.

    ``headers`` are the headers the client must send besides the URL's ``Host``, exactly
    as signed (a ``Host`` header given for another host is among them).
    ``str(presigned)`` is the URL.
    """

    __slots__ = (
        "url", "method", "headers", "signed_at_epoch", "expires_at_epoch",
        "canonical_request", "string_to_sign", "signature",
    )

    url: str
    method: str
    headers: "Dict[str, str]"
    signed_at_epoch: int
    expires_at_epoch: int
    canonical_request: str
    string_to_sign: str
    signature: str

    def __init__(self, *values: "Any") -> None:
        # One made per URL: assigned directly, not by Record's loop (a third of a µs).
        (self.url, self.method, self.headers, self.signed_at_epoch, self.expires_at_epoch,
         self.canonical_request, self.string_to_sign, self.signature) = values

    def __str__(self) -> str:
        return self.url

    def __repr__(self) -> str:
        # The URL is a bearer credential and may carry a session token: not shown.
        end = self.url.find("?")
        return "<Presigned %s %s expires_at=%s>" % (
            self.method, self.url if end < 0 else self.url[:end], amz_date(self.expires_at_epoch)
        )


def check_credentials(credentials: "Any") -> Credentials:
    if not isinstance(credentials, Credentials):
        raise InvalidInputError(
            "credentials must be a sigv4presign.Credentials, not %s" % type(credentials).__name__
        )
    return credentials


def credentials_end(credentials: Credentials) -> "Optional[int]":
    """When the credentials stop working, in POSIX seconds (None: they do not expire)."""
    expiration = credentials.expiration
    return None if expiration is None else to_timestamp(expiration, "expiration")


def valid_until(credentials: Credentials, signed_at: int, expires: int) -> int:
    """``min(signed_at + expires, the credentials' expiration)``: when a signature stops
    working."""
    ends = signed_at + expires
    creds_end = credentials_end(credentials)
    return ends if creds_end is None or creds_end >= ends else creds_end


def signature_lifetime(credentials: Credentials, signed_at: int, expires: int) -> int:
    """:func:`valid_until` for a signer, checked: the end must be sayable as an
    X-Amz-Date, credentials expired at ``signed_at`` are refused, and credentials that
    end first give a :class:`CredentialExpiryWarning` (the URL or form dies then)."""
    own_end = signed_at + expires
    if own_end > MAX_TIME:
        raise InvalidInputError("the signature would expire after the year 9999, which X-Amz-Date cannot name")
    creds_end = credentials_end(credentials)
    if creds_end is None:
        return own_end
    if creds_end <= signed_at:
        raise InvalidInputError(
            "the credentials expired at %s, not after the signing time %s: a URL or form "
            "signed with them never works; refresh them" % (amz_date(creds_end), amz_date(signed_at))
        )
    if creds_end < own_end:
        _warn_credential_expiry(creds_end, own_end)
        return creds_end
    return own_end


# One constant text: the warnings registry keys on the message, so a varying one would
# grow by an entry per call in a long-running service. The times are attributes.
_EXPIRY_MESSAGE = (
    "the credentials expire before the URL does (before the policy's expiration, for a "
    "POST form): it stops working when they do; expires_at reports the earlier time"
)


def _warn_credential_expiry(ends: int, own_end: int) -> None:
    try:
        import warnings
    except ImportError:  # pragma: no cover - MicroPython
        return
    warning = CredentialExpiryWarning(_EXPIRY_MESSAGE)
    warning.credentials_expire_at = ends
    warning.expires_at = own_end
    # The caller's line: user code -> presign/presign_s3/... -> sign -> here.
    warnings.warn(warning, stacklevel=_stacklevel())


def _stacklevel() -> int:
    """The first frame outside sigv4presign, so the warning names the caller's line."""
    try:
        import sys

        frame: "Any" = sys._getframe(2)
    except (ImportError, AttributeError, ValueError):  # pragma: no cover - MicroPython
        return 2
    level = 2
    while frame is not None and frame.f_globals.get("__name__", "").startswith("sigv4presign"):
        frame = frame.f_back
        level += 1
    return level
