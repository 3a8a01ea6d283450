"""P-256 public keys and ECDSA-SHA256 checks by independent implementations: the
`cryptography` package (OpenSSL) and awscrt (aws-c-cal, the C library behind botocore's
SigV4a signer)."""

import hashlib
from typing import Tuple

from awscrt.crypto import EC
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec


def cryptography_key(point: Tuple[int, int]) -> ec.EllipticCurvePublicKey:
    x, y = point
    return ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()


def cryptography_verifies(point: Tuple[int, int], message: bytes, der_hex: str) -> bool:
    """True if ``der_hex`` is a valid ECDSA-P256-SHA256 signature of ``message``."""
    try:
        cryptography_key(point).verify(bytes.fromhex(der_hex), message, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def awscrt_key(point: Tuple[int, int]) -> EC:
    spki = cryptography_key(point).public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return EC.new_key_from_der_data(spki)


def awscrt_verifies(point: Tuple[int, int], message: bytes, der_hex: str) -> bool:
    """awscrt's verdict on ``der_hex`` as a signature of SHA-256(``message``)."""
    return bool(awscrt_key(point).verify(hashlib.sha256(message).digest(), bytes.fromhex(der_hex)))
