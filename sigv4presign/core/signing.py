"""From canonical request to signature.

    CredentialScope = Date "/" Region "/" Service "/aws4_request"
    StringToSign    = "AWS4-HMAC-SHA256" "\\n" AmzDate "\\n" CredentialScope "\\n"
                      HexSHA256(CanonicalRequest)
    SigningKey      = HMAC(HMAC(HMAC(HMAC("AWS4" + Secret, Date), Region), Service),
                      "aws4_request")
    Signature       = Hex(HMAC(SigningKey, StringToSign))

SigV4a (``AWS4-ECDSA-P256-SHA256``, :mod:`.sigv4a`) changes two steps: the scope has no
region (the region set travels as ``X-Amz-Region-Set`` in the canonical query) and the
signature is ECDSA P-256 with a key derived from the credentials.

:func:`sign_canonical` chains them for either algorithm: signing returns its result,
verification checks the signature received with :func:`verify_canonical`. A POST policy skips the canonical request: its string
to sign is the base64 policy itself (:func:`sign_policy`).
"""

from . import hashes
from .errors import InvalidInputError
from .memo import remember

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Tuple

ALGORITHM = "AWS4-HMAC-SHA256"
# SigV4a; its module (.sigv4a) is imported only when a SigV4a URL is signed or checked.
ALGORITHM_V4A = "AWS4-ECDSA-P256-SHA256"
ALGORITHMS = (ALGORITHM, ALGORITHM_V4A)


def sha256_hex(data: bytes) -> str:
    """Lower-case hex SHA-256 of ``data``."""
    return hashes.sha256_hex(data)


def credential_scope(date: str, region: str, service: str) -> str:
    """``Date "/" Region "/" Service "/aws4_request"``, Date being ``YYYYMMDD``."""
    try:
        return date + "/" + region + "/" + service + "/aws4_request"
    except TypeError:
        raise InvalidInputError("date, region and service must be text (str)")


def string_to_sign(amz_date: str, scope: str, canonical_request: str, algorithm: str = ALGORITHM) -> str:
    """``Algorithm "\\n" AmzDate "\\n" Scope "\\n" HexSHA256(CanonicalRequest)``, Algorithm
    being ``AWS4-HMAC-SHA256`` (or ``AWS4-ECDSA-P256-SHA256`` for SigV4a)."""
    try:
        return (
            algorithm + "\n" + amz_date + "\n" + scope + "\n"
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
        key = hashes.hmac_sha256(("AWS4" + secret).encode("utf-8"), date.encode("utf-8"))
        key = hashes.hmac_sha256(key, region.encode("utf-8"))
        key = hashes.hmac_sha256(key, service.encode("utf-8"))
    except (AttributeError, TypeError, ValueError):
        # UnicodeError is a ValueError, as is hashing an aware datetime whose tzinfo
        # returns an impossible offset. The secret is never shown.
        raise InvalidInputError(
            "secret, date, region and service must be text (str) that UTF-8 can encode"
        )
    return remember(_KEY_CACHE, cache_key, hashes.hmac_sha256(key, b"aws4_request"), _KEY_CACHE_SIZE)


# Keyed MACs by signing key (bounded like the key cache): HMAC's two keyed
# compressions are done once per key, and each signature copies the states.
_MACS: "Dict[bytes, Callable[[bytes], bytes]]" = {}


def _mac(key: bytes) -> "Callable[[bytes], bytes]":
    mac = _MACS.get(key)
    if mac is None:
        mac = remember(_MACS, key, hashes.keyed_mac(key), _KEY_CACHE_SIZE)
    return mac


def _warm() -> None:
    """Count a signature made with the built-in SHA-256 (see :mod:`.hashes`); when the
    process switches to OpenSSL's, the MACs keyed with the other are let go."""
    if hashes.count_signature():
        _MACS.clear()
        _SCOPES.clear()


def signature(key: bytes, string_to_sign: str) -> str:
    """``Hex(HMAC-SHA256(SigningKey, StringToSign))``."""
    try:
        if type(key) is not bytes:
            if not isinstance(key, bytearray):
                raise TypeError
            key = bytes(key)
        digest = _mac(key)(string_to_sign.encode("utf-8"))
    except (AttributeError, TypeError, UnicodeError):
        raise InvalidInputError(
            "key must be bytes (a signing key) and string_to_sign text that UTF-8 can encode"
        )
    if hashes.warm_left is not None:
        _warm()
    return digest.hex()


def scope_for(algorithm: str, date: str, region: str, service: str) -> str:
    """The credential scope under ``algorithm``: ``Date/Region/Service/aws4_request``
    (SigV4) or ``Date/Service/aws4_request`` (SigV4a, whose ``region`` is ignored)."""
    if algorithm == ALGORITHM:
        return credential_scope(date, region, service)
    from . import sigv4a

    _check_algorithm(algorithm)
    return sigv4a.credential_scope(date, service)


def string_to_sign_for(algorithm: str, amz_date: str, region: str, service: str, canonical_request: str) -> str:
    """``Algorithm "\\n" AmzDate "\\n" scope_for(Algorithm, AmzDate[:8], Region, Service)
    "\\n" HexSHA256(CanonicalRequest)``."""
    return string_to_sign(amz_date, scope_for(algorithm, amz_date[:8], region, service), canonical_request, algorithm)


def sign_canonical(
    secret: str,
    amz_date: str,
    region: str,
    service: str,
    canonical_request: str,
    algorithm: str = ALGORITHM,
    access_key_id: str = "",
) -> "Tuple[str, str]":
    """``(StringToSign, Signature)`` of a canonical request: the one chain from canonical
    request to signature, for signing and verifying alike.

    SigV4: ``StringToSign = string_to_sign(AmzDate, credential_scope(AmzDate[:8],
    Region, Service), CanonicalRequest)``; ``Signature = signature(signing_key(Secret,
    AmzDate[:8], Region, Service), StringToSign)``.

    SigV4a (``algorithm=ALGORITHM_V4A``): ``StringToSign = string_to_sign_for(...)``
    (no region in the scope); ``Signature = sigv4a.signature(derive_private_key(
    AccessKeyId, Secret), StringToSign)``, hex DER, deterministic (RFC 6979).
    """
    if algorithm == ALGORITHM:
        try:
            state = _SCOPES.get((secret, amz_date, region, service))
        except TypeError:  # an unhashable argument: refused by _scope_state
            state = None
        if state is None:
            state = _scope_state(secret, amz_date, region, service)
        try:
            # digest().hex(): MicroPython's hashes have no hexdigest
            sts = state[0] + hashes.sha256(canonical_request.encode("utf-8")).digest().hex()
        except (AttributeError, TypeError, UnicodeError):
            raise InvalidInputError("canonical_request must be text (str) that UTF-8 can encode")
        digest = state[1](sts.encode("utf-8"))
        if hashes.warm_left is not None:
            _warm()
        return sts, digest.hex()
    from . import sigv4a

    sts = string_to_sign_for(algorithm, amz_date, region, service, canonical_request)
    return sts, sigv4a.signature(sigv4a.derive_private_key(access_key_id, secret), sts)


# (secret, AmzDate, region, service) -> (the string to sign up to its hash, the keyed
# MAC): what every SigV4 signature of one second and scope shares. Bounded.
_SCOPES: "Dict[Tuple[str, str, str, str], Tuple[str, Callable[[bytes], bytes]]]" = {}


def _scope_state(secret: "Any", amz_date: "Any", region: "Any", service: "Any") -> "Tuple[str, Callable[[bytes], bytes]]":
    if type(amz_date) is not str:
        raise InvalidInputError("amz_date must be text (str)")
    date = amz_date[:8]
    head = ALGORITHM + "\n" + amz_date + "\n" + credential_scope(date, region, service) + "\n"
    state = (head, _mac(signing_key(secret, date, region, service)))
    return remember(_SCOPES, (secret, amz_date, region, service), state, _KEY_CACHE_SIZE)


def verify_canonical(
    secret: str,
    amz_date: str,
    region: str,
    service: str,
    canonical_request: str,
    provided: str,
    algorithm: str = ALGORITHM,
    access_key_id: str = "",
) -> "Tuple[str, bool]":
    """``(StringToSign, valid)``: whether ``provided`` signs the canonical request.

    SigV4: ``provided == sign_canonical(...)[1]``, compared in constant time.
    SigV4a: ``provided`` is a valid hex DER ECDSA signature of StringToSign under the
    public key of ``derive_private_key(AccessKeyId, Secret)``. (ECDSA signers may use
    random nonces, so a SigV4a signature is checked, not recomputed.)
    """
    if algorithm == ALGORITHM:
        sts, expected = sign_canonical(secret, amz_date, region, service, canonical_request)
        return sts, _same(expected, provided)
    from . import sigv4a

    sts = string_to_sign_for(algorithm, amz_date, region, service, canonical_request)
    point = v4a_public_key(access_key_id, secret)
    return sts, sigv4a.verify(point, sts.encode("utf-8"), provided)


_PUBLIC_KEYS: "Dict[Tuple[str, str], Tuple[int, int]]" = {}


def v4a_public_key(access_key_id: str, secret: str) -> "Tuple[int, int]":
    """The SigV4a public key (x, y) of a credential pair: ``d G`` for
    ``d = derive_private_key(AccessKeyId, Secret)``. Cached (bounded) like ``d``."""
    from . import sigv4a

    cache_key = (access_key_id, secret)
    point = _PUBLIC_KEYS.get(cache_key)
    if point is None:
        point = remember(_PUBLIC_KEYS, cache_key, sigv4a.public_key(sigv4a.derive_private_key(access_key_id, secret)), 16)
    return point


def _same(a: str, b: str) -> bool:
    """``a == b`` in time that does not depend on where they differ."""
    return hashes.same(a.encode("utf-8"), b.encode("utf-8"))


def _check_algorithm(algorithm: str) -> None:
    if algorithm not in ALGORITHMS:
        raise InvalidInputError("algorithm must be %s or %s" % ALGORITHMS)


def sign_policy(secret: str, date: str, region: str, service: str, policy_base64: str) -> str:
    """``Hex(HMAC(SigningKey(Secret, Date, Region, Service), Base64Policy))``: the
    signature of a POST policy, whose string to sign is the base64 policy itself."""
    return signature(signing_key(secret, date, region, service), policy_base64)
