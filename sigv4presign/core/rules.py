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
from .record import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, Tuple

TOKEN_PARAM = "X-Amz-Security-Token"


class Rules(Value):
    """One service's SigV4 quirks (see the module's table): ``double_encode``,
    ``normalize_path``, ``payload_hash``, ``session_token`` (``"signed"``, ``"unsigned"``
    or ``"omit"``) and ``token_param``. Immutable: derive a variant with
    :meth:`replace`. Equal rules compare equal."""

    __slots__ = ("double_encode", "normalize_path", "payload_hash", "session_token", "token_param")

    double_encode: bool
    normalize_path: bool
    payload_hash: str
    session_token: str
    token_param: str

    def __init__(
        self,
        double_encode: bool = True,
        normalize_path: bool = True,
        payload_hash: str = EMPTY_SHA256,
        session_token: str = "signed",
        token_param: str = TOKEN_PARAM,
    ) -> None:
        if not isinstance(token_param, str) or not token_param.startswith("X-Amz-"):
            raise InvalidInputError("token_param must be an X-Amz-* parameter name, got %s" % shown(token_param))
        values = (check_flag("double_encode", double_encode), check_flag("normalize_path", normalize_path),
                  check_payload_hash(payload_hash), check_token_mode(session_token), token_param)
        for name, value in zip(self.__slots__, values):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: "Any") -> None:
        raise AttributeError("Rules are immutable; derive a variant with replace(%s=...)" % name)

    def _key(self) -> "Tuple[Any, ...]":
        return (self.double_encode, self.normalize_path, self.payload_hash, self.session_token, self.token_param)

    def replace(self, **changes: "Any") -> "Rules":
        """A copy with some rules changed: ``S3.replace(session_token="omit")``."""
        values = dict(zip(self.__slots__, self._key()))
        for name in changes:
            if name not in values:
                raise InvalidInputError("Rules has no setting %r; the settings are %s" % (name, ", ".join(values)))
            values[name] = changes[name]
        return Rules(**values)

    def __repr__(self) -> str:
        return "Rules(double_encode=%r, normalize_path=%r, payload_hash=%r, session_token=%r, token_param=%r)" % (
            self._key()
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
