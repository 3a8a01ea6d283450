"""How a service reads a SigV4 request: its quirks as one immutable value, with presets.

Every SigV4 service runs the same pipeline; they differ only in these settings:

==================  ==========================  ================  =========================
rule                ``GENERIC`` (default)       ``S3``            meaning
==================  ==========================  ================  =========================
double_encode       True                        False             CanonicalURI encodes the
                                                                  wire path once more
normalize_path      True                        False             remove ``.``, ``..``, ``//``
payload_hash        SHA-256 of the empty body   UNSIGNED-PAYLOAD  last line of the request
session_token       ``"signed"``                ``"signed"``      in the canonical query,
                                                                  ``"unsigned"`` (appended
                                                                  after signing: ``IOT``) or
                                                                  ``"omit"``
token_param         X-Amz-Security-Token        (same; S3         the token's query name
                                                X-Amz-S3session-
                                                Token for S3
                                                Express)
==================  ==========================  ================  =========================

Signing, verification, ``explain`` and the service recipes all read their rules from a
:class:`Rules` value; :func:`rules_for` is the one table from a signing service to its
preset.
"""

from .canonical import EMPTY_SHA256, UNSIGNED_PAYLOAD
from .checks import check_flag, check_payload_hash, check_token_mode
from .errors import InvalidInputError, shown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, Tuple

TOKEN_PARAM = "X-Amz-Security-Token"


class Rules:
    """One service's SigV4 quirks (see the module's table). Immutable: derive a
    variant with :meth:`replace`. Equal rules compare equal."""

    __slots__ = ("_double_encode", "_normalize_path", "_payload_hash", "_session_token", "_token_param")

    def __init__(
        self,
        double_encode: bool = True,
        normalize_path: bool = True,
        payload_hash: str = EMPTY_SHA256,
        session_token: str = "signed",
        token_param: str = TOKEN_PARAM,
    ) -> None:
        self._double_encode = check_flag("double_encode", double_encode)
        self._normalize_path = check_flag("normalize_path", normalize_path)
        self._payload_hash = check_payload_hash(payload_hash)
        self._session_token = check_token_mode(session_token)
        if not isinstance(token_param, str) or not token_param.startswith("X-Amz-"):
            raise InvalidInputError("token_param must be an X-Amz-* parameter name, got %s" % shown(token_param))
        self._token_param = token_param

    @property
    def double_encode(self) -> bool:
        """CanonicalURI = UriEncode(wire path) (True) or the wire path in its one
        canonical encoding (False)."""
        return self._double_encode

    @property
    def normalize_path(self) -> bool:
        """Remove ``.``/``..`` segments and collapse ``//`` in the canonical URI."""
        return self._normalize_path

    @property
    def payload_hash(self) -> str:
        """The canonical request's last line."""
        return self._payload_hash

    @property
    def session_token(self) -> str:
        """``"signed"``, ``"unsigned"`` (appended after signing) or ``"omit"``."""
        return self._session_token

    @property
    def token_param(self) -> str:
        """The query parameter that carries the session token."""
        return self._token_param

    def _fields(self) -> "Tuple[Any, ...]":
        return (self._double_encode, self._normalize_path, self._payload_hash,
                self._session_token, self._token_param)

    def replace(self, **changes: "Any") -> "Rules":
        """A copy with some rules changed: ``S3.replace(session_token="omit")``."""
        values: "Dict[str, Any]" = {
            "double_encode": self._double_encode,
            "normalize_path": self._normalize_path,
            "payload_hash": self._payload_hash,
            "session_token": self._session_token,
            "token_param": self._token_param,
        }
        for name in changes:
            if name not in values:
                raise InvalidInputError("Rules has no setting %r; the settings are %s" % (name, ", ".join(values)))
            values[name] = changes[name]
        return Rules(**values)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rules):
            return NotImplemented
        return self._fields() == other._fields()

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return "Rules(double_encode=%r, normalize_path=%r, payload_hash=%r, session_token=%r, token_param=%r)" % (
            self._fields()
        )


GENERIC = Rules()
S3 = Rules(double_encode=False, normalize_path=False, payload_hash=UNSIGNED_PAYLOAD)
# AWS IoT's device gateway appends the session token after signing.
IOT = Rules(session_token="unsigned")
# S3 Express One Zone (directory buckets): S3's rules, the CreateSession token under its
# own name ("S3Express does not support STS' X-Amz-Security-Token").
S3_EXPRESS = Rules(double_encode=False, normalize_path=False, payload_hash=UNSIGNED_PAYLOAD,
                   token_param="X-Amz-S3session-Token")

# signing service -> preset; every service not named here uses GENERIC. S3's own signer
# also signs Object Lambda access points.
SERVICE_RULES: "Dict[str, Rules]" = {"s3": S3, "s3-object-lambda": S3, "s3express": S3_EXPRESS}


def rules_for(service: str) -> Rules:
    """The preset of a signing service (``s3`` -> :data:`S3`, others -> :data:`GENERIC`)."""
    return SERVICE_RULES.get(service, GENERIC)
