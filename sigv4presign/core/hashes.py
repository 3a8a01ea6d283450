"""SHA-256 and HMAC-SHA256 for the signer, and where they come from.

    HMAC(K, m) = H((K' xor opad) || H((K' xor ipad) || m))   (RFC 2104; K' is K padded
                                                              with zeros to 64 bytes)

CPython has two SHA-256s: its own (module ``_sha256``, ``_sha2`` from 3.12) and
OpenSSL's (``_hashlib``, behind ``hashlib`` and ``hmac``). Loading OpenSSL costs a fresh
process about 3.7 MB of memory; its SHA-256 is 2-5x faster on the texts a signer
hashes. A process that signs a few URLs (a CLI, a Lambda cold start) does not need it,
one that signs thousands does. So on CPython the first :data:`WARM_UP` signatures use
the built-in SHA-256 (HMAC done here, from the formula), and the next one loads
OpenSSL and uses it from then on; when OpenSSL is already loaded (``hashlib`` was
imported by anyone) it is used at once. Both give the same bytes: SHA-256 is SHA-256.
PyPy and MicroPython use ``hashlib``'s SHA-256 from the start, with HMAC from the formula.

:func:`keyed_mac` turns a key into a function ``mac(message) -> digest`` that keeps the
two keyed SHA-256 states and copies them per message: the key's own work is done once.
(MicroPython's states do not copy; there the padded keys are kept instead.)
"""

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

# Signatures made with the built-in SHA-256 before OpenSSL's is loaded.
WARM_UP = 64

_builtin: "Any" = None
if sys.implementation.name == "cpython":
    try:
        from _sha256 import sha256 as _builtin  # type: ignore[import-not-found,no-redef,unused-ignore]
    except ImportError:
        try:
            from _sha2 import sha256 as _builtin  # type: ignore[import-not-found,no-redef,unused-ignore]
        except ImportError:  # pragma: no cover - a CPython built without them
            _builtin = None

# The SHA-256 constructor in use; signatures left before OpenSSL is loaded (None: it is).
sha256: "Any" = _builtin
warm_left: "Any" = WARM_UP if _builtin is not None else None


def formula_mac(key: bytes, new: "Any") -> "Callable[[bytes], bytes]":
    """HMAC-SHA256 from the formula on the SHA-256 constructor ``new``: the two keyed
    states are made once and copied per message where they copy (MicroPython's do not:
    there the padded keys are made once and hashed per message)."""
    if len(key) > 64:
        key = new(key).digest()
    key = key + bytes(64 - len(key))
    ipad = bytes([b ^ 0x36 for b in key])
    opad = bytes([b ^ 0x5C for b in key])
    inner = new(ipad)
    outer = new(opad)
    if not hasattr(inner, "copy"):

        def fresh(message: bytes) -> bytes:
            h = new(ipad)
            h.update(message)
            o = new(opad)
            o.update(h.digest())
            return o.digest()  # type: ignore[no-any-return]

        return fresh

    def mac(message: bytes) -> bytes:
        h = inner.copy()
        h.update(message)
        o = outer.copy()
        o.update(h.digest())
        return o.digest()  # type: ignore[no-any-return]

    return mac


def _builtin_mac(key: bytes) -> "Callable[[bytes], bytes]":
    return formula_mac(key, _builtin)


def _openssl_mac(key: bytes) -> "Callable[[bytes], bytes]":
    """OpenSSL's HMAC, keyed once (CPython's C ``_hashlib.hmac_new``), copied per message."""
    keyed = _hmac_new(key, digestmod="sha256")

    def mac(message: bytes) -> bytes:
        h = keyed.copy()
        h.update(message)
        return h.digest()  # type: ignore[no-any-return]

    return mac


def _hashlib_mac(key: bytes) -> "Callable[[bytes], bytes]":
    """HMAC on ``hashlib``'s SHA-256 (PyPy, MicroPython)."""
    return formula_mac(key, _hashlib_sha256)


_hmac_new: "Any" = None
_hashlib_sha256: "Any" = None
keyed_mac: "Callable[[bytes], Callable[[bytes], bytes]]" = _builtin_mac


def load_openssl() -> None:
    """Switch to ``hashlib``'s SHA-256 (OpenSSL's on CPython and PyPy) for good."""
    global sha256, keyed_mac, warm_left, _hmac_new, _hashlib_sha256
    import hashlib

    _hashlib_sha256 = hashlib.sha256
    try:
        from _hashlib import hmac_new  # type: ignore[import-not-found,unused-ignore]

        _hmac_new = hmac_new
        keyed_mac = _openssl_mac
    except ImportError:  # PyPy, MicroPython
        keyed_mac = _hashlib_mac
    sha256 = hashlib.sha256
    warm_left = None


if _builtin is None or "_hashlib" in sys.modules:
    load_openssl()


def count_signature() -> bool:
    """One more signature made with the built-in SHA-256; after :data:`WARM_UP`,
    OpenSSL's is loaded (the process signs in bulk: its speed is worth the memory).
    True when this call switched."""
    global warm_left
    left = warm_left
    if left is None:
        return False
    if left <= 1:
        load_openssl()
        return True
    warm_left = left - 1
    return False


def hmac_sha256(key: bytes, message: bytes) -> bytes:
    """``HMAC-SHA256(key, message)``, one shot."""
    return keyed_mac(key)(message)


def sha256_hex(data: bytes) -> str:
    """Lower-case hex SHA-256 of ``data``."""
    return sha256(data).digest().hex()  # type: ignore[no-any-return]  # MicroPython: no hexdigest


try:
    from _operator import _compare_digest  # type: ignore[attr-defined,unused-ignore]
except ImportError:  # MicroPython
    _compare_digest = None  # type: ignore[assignment]


def same(a: bytes, b: bytes) -> bool:
    """``a == b`` in time that does not depend on where they differ (the C
    ``compare_digest`` of CPython and PyPy; a plain loop on MicroPython)."""
    if _compare_digest is not None:
        return bool(_compare_digest(a, b))
    diff = len(a) ^ len(b)
    for i in range(min(len(a), len(b))):
        diff |= a[i] ^ b[i]
    return diff == 0
