"""From canonical request to signature.

    CredentialScope = Date "/" Region "/" Service "/aws4_request"
    StringToSign    = "AWS4-HMAC-SHA256" "\\n" AmzDate "\\n" CredentialScope "\\n"
                      HexSHA256(CanonicalRequest)
    SigningKey      = HMAC(HMAC(HMAC(HMAC("AWS4" + Secret, Date), Region), Service),
                      "aws4_request")
    Signature       = Hex(HMAC(SigningKey, StringToSign))

:func:`sign_canonical` chains them: signing returns its result, verification compares
it with the signature received. A POST policy skips the canonical request: its string
to sign is the base64 policy itself (:func:`sign_policy`).
"""

import hashlib
import hmac

from .errors import InvalidInputError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Dict, Tuple

ALGORITHM = "AWS4-HMAC-SHA256"

# hmac.digest is CPython's one-shot C path (about 3x faster than hmac.new); MicroPython
# has only hmac.new.
_digest = getattr(hmac, "digest", None)


def _hmac(key: bytes, msg: bytes) -> bytes:
    if _digest is not None:
        return _digest(key, msg, "sha256")  # type: ignore[no-any-return,unused-ignore]
    return hmac.new(key, msg, hashlib.sha256).digest()


def sha256_hex(data: bytes) -> str:
    """Lower-case hex SHA-256 of ``data``."""
    return hashlib.sha256(data).digest().hex()


def credential_scope(date: str, region: str, service: str) -> str:
    """``Date "/" Region "/" Service "/aws4_request"``, Date being ``YYYYMMDD``."""
    try:
        return date + "/" + region + "/" + service + "/aws4_request"
    except TypeError:
        raise InvalidInputError("date, region and service must be text (str)")


def string_to_sign(amz_date: str, scope: str, canonical_request: str) -> str:
    """``"AWS4-HMAC-SHA256\\n" AmzDate "\\n" Scope "\\n" HexSHA256(CanonicalRequest)``."""
    try:
        return (
            ALGORITHM + "\n" + amz_date + "\n" + scope + "\n"
            + sha256_hex(canonical_request.encode("utf-8"))
        )
    except (AttributeError, TypeError, UnicodeError):
        raise InvalidInputError(
            "amz_date, scope and canonical_request must be text (str) that UTF-8 can encode"
        )


_KEY_CACHE: "Dict[Tuple[str, str, str, str], bytes]" = {}
_KEY_CACHE_SIZE = 64


def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    """The HMAC chain ``"AWS4"+secret -> date -> region -> service -> "aws4_request"``.

    Cached per (secret, date, region, service): four of the five HMACs of a signature
    are spent here, and a key is valid for the whole day. The cache is bounded; when
    full, it is emptied (keys are cheap to derive again, and this keeps the code small).
    """
    cache_key = (secret, date, region, service)
    try:
        key = _KEY_CACHE.get(cache_key)
        if key is not None:
            return key
        key = _hmac(("AWS4" + secret).encode("utf-8"), date.encode("utf-8"))
        key = _hmac(key, region.encode("utf-8"))
        key = _hmac(key, service.encode("utf-8"))
    except (AttributeError, TypeError, ValueError):
        # UnicodeError is a ValueError, as is hashing an aware datetime whose tzinfo
        # returns an impossible offset. The secret is never shown.
        raise InvalidInputError(
            "secret, date, region and service must be text (str) that UTF-8 can encode"
        )
    key = _hmac(key, b"aws4_request")
    if len(_KEY_CACHE) >= _KEY_CACHE_SIZE:
        _KEY_CACHE.clear()
    _KEY_CACHE[cache_key] = key
    return key


def signature(key: bytes, string_to_sign: str) -> str:
    """``Hex(HMAC-SHA256(SigningKey, StringToSign))``."""
    try:
        return _hmac(key, string_to_sign.encode("utf-8")).hex()
    except (AttributeError, TypeError, UnicodeError):
        raise InvalidInputError(
            "key must be bytes (a signing key) and string_to_sign text that UTF-8 can encode"
        )


def sign_canonical(secret: str, amz_date: str, region: str, service: str, canonical_request: str) -> "Tuple[str, str]":
    """``(StringToSign, Signature)`` of a canonical request: the one chain from canonical
    request to signature, for signing and verifying alike.

    ``StringToSign = string_to_sign(AmzDate, credential_scope(AmzDate[:8], Region,
    Service), CanonicalRequest)``; ``Signature = signature(signing_key(Secret,
    AmzDate[:8], Region, Service), StringToSign)``.
    """
    date = amz_date[:8]
    sts = string_to_sign(amz_date, credential_scope(date, region, service), canonical_request)
    return sts, signature(signing_key(secret, date, region, service), sts)


def sign_policy(secret: str, date: str, region: str, service: str, policy_base64: str) -> str:
    """``Hex(HMAC(SigningKey(Secret, Date, Region, Service), Base64Policy))``: the
    signature of a POST policy, whose string to sign is the base64 policy itself."""
    return signature(signing_key(secret, date, region, service), policy_base64)
