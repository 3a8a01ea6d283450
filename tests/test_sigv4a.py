"""SigV4a's crypto core (sigv4presign/core/sigv4a.py) against independent sources.

- RFC 6979 A.2.5 (P-256, SHA-256): key pair, nonces and signatures, exactly.
- The aws-c-auth v4a vectors (38 complete cases): the public key derived from the
  credentials, the query canonical request and string to sign, both stored
  signatures verified with ours, and our signatures verified by `cryptography`.
- botocore with awscrt: its S3 multi-Region access point URLs verify with ours.
- awscrt: its SigV4a presigns verify with our verifier and derived key; our
  signatures verify with its ECC verifier; its public key of our private keys.
- `cryptography` on random keys and messages, both directions.
- Bad input: malformed DER, out-of-range r or s, points off the curve.
"""

import datetime
import hashlib
import random
from pathlib import Path
from typing import Optional, Tuple

import awscrt.auth as awscrt_auth
import pytest
from awscrt.crypto import EC, ECExportFormat
from awscrt.http import HttpHeaders, HttpRequest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from support.rfc6979 import RFC_SIGNATURES, RFC_UX, RFC_UY, RFC_X
from support.v4a import (
    complete_cases,
    credentials,
    public_key,
    query_canonical_request,
    stored_signatures,
    v4a_dir,
)
from support.vectorfiles import context, parse_request, read

from sigv4presign import InvalidInputError
from sigv4presign.core import sigv4a
from sigv4presign.core.canonical import (
    EMPTY_SHA256,
    UNSIGNED_PAYLOAD,
    canonical_query,
    canonical_request,
    canonical_uri,
)
from sigv4presign.core.encoding import uri_encode
from sigv4presign.core.urls import parse_query

CASES = complete_cases()


class TestRFC6979:
    """RFC 6979 A.2.5 (P-256, SHA-256): key pair, nonce k and (r, s), exactly."""

    def test_public_key(self) -> None:
        assert sigv4a.public_key(RFC_X) == (RFC_UX, RFC_UY)

    @pytest.mark.parametrize("message", sorted(RFC_SIGNATURES))
    def test_nonce(self, message: bytes) -> None:
        nonces = sigv4a.rfc6979_nonces(RFC_X, hashlib.sha256(message).digest())
        assert next(nonces) == RFC_SIGNATURES[message]["k"]

    @pytest.mark.parametrize("message", sorted(RFC_SIGNATURES))
    def test_signature(self, message: bytes) -> None:
        expected = RFC_SIGNATURES[message]
        assert sigv4a.sign_digest(RFC_X, hashlib.sha256(message).digest()) == (expected["r"], expected["s"])

    @pytest.mark.parametrize("message", sorted(RFC_SIGNATURES))
    def test_der_hex(self, message: bytes) -> None:
        expected = RFC_SIGNATURES[message]
        der = encode_dss_signature(expected["r"], expected["s"])  # cryptography's DER
        assert sigv4a.sign(RFC_X, message) == der.hex()
        assert sigv4a.decode_der(der) == (expected["r"], expected["s"])

    @pytest.mark.parametrize("message", sorted(RFC_SIGNATURES))
    def test_verify(self, message: bytes) -> None:
        der_hex = sigv4a.sign(RFC_X, message)
        assert sigv4a.verify((RFC_UX, RFC_UY), message, der_hex)
        assert not sigv4a.verify((RFC_UX, RFC_UY), message + b"!", der_hex)


# --------------------------------------------------------------------------------------
# The aws-c-auth v4a vectors


def _cryptography_key(point: Tuple[int, int]) -> ec.EllipticCurvePublicKey:
    return ec.EllipticCurvePublicNumbers(point[0], point[1], ec.SECP256R1()).public_key()


def test_all_38_complete_v4a_cases_are_present(vectors: Path) -> None:
    assert v4a_dir().is_dir()
    assert len(CASES) == 38


@pytest.mark.parametrize("name", CASES)
class TestV4aVectors:
    def test_public_key_derived_from_credentials(self, name: str) -> None:
        case = v4a_dir() / name
        assert sigv4a.public_key(sigv4a.derive_private_key(*credentials(case))) == public_key(case)

    def test_canonical_request(self, name: str) -> None:
        case = v4a_dir() / name
        assert query_canonical_request(case)[0] == read(case, "query-canonical-request.txt")

    def test_string_to_sign(self, name: str) -> None:
        case = v4a_dir() / name
        assert query_canonical_request(case)[1] == read(case, "query-string-to-sign.txt")

    @pytest.mark.parametrize("source", ["query-signature.txt", "query-signed-request.txt"])
    def test_stored_signature_verifies(self, name: str, source: str) -> None:
        case = v4a_dir() / name
        message = read(case, "query-string-to-sign.txt").encode()
        der_hex = stored_signatures(case)[source]
        assert sigv4a.verify(public_key(case), message, der_hex)
        # ... and not over another message, nor with another key
        assert not sigv4a.verify(public_key(case), message + b"\n", der_hex)
        assert not sigv4a.verify((RFC_UX, RFC_UY), message, der_hex)

    def test_own_signature_verifies_with_cryptography(self, name: str) -> None:
        case = v4a_dir() / name
        sts = read(case, "query-string-to-sign.txt")
        der_hex = sigv4a.signature(sigv4a.derive_private_key(*credentials(case)), sts)
        assert der_hex == der_hex.lower()
        _cryptography_key(public_key(case)).verify(
            bytes.fromhex(der_hex), sts.encode(), ec.ECDSA(hashes.SHA256())
        )  # raises InvalidSignature if not

    def test_own_signature_is_deterministic(self, name: str) -> None:
        case = v4a_dir() / name
        sts = read(case, "query-string-to-sign.txt")
        key = sigv4a.derive_private_key(*credentials(case))
        assert sigv4a.signature(key, sts) == sigv4a.signature(key, sts)
        assert sigv4a.signature(key, sts) not in stored_signatures(case).values()


# --------------------------------------------------------------------------------------
# awscrt (the C signer botocore uses for SigV4a)



def _awscrt_presign(case: Path) -> str:
    """awscrt's SigV4a query signature (X-Amz-Signature) of the case's request."""
    ctx = context(case)
    request = parse_request(read(case, "request.txt"))
    creds = ctx["credentials"]
    config = awscrt_auth.AwsSigningConfig(
        algorithm=awscrt_auth.AwsSigningAlgorithm.V4_ASYMMETRIC,
        signature_type=awscrt_auth.AwsSignatureType.HTTP_REQUEST_QUERY_PARAMS,
        credentials_provider=awscrt_auth.AwsCredentialsProvider.new_static(
            creds["access_key_id"], creds["secret_access_key"], creds.get("token")
        ),
        region=ctx["region"],
        service=ctx["service"],
        date=datetime.datetime.fromisoformat(ctx["timestamp"].replace("Z", "+00:00")),
        use_double_uri_encode=True,
        should_normalize_uri_path=ctx["normalize"],
        signed_body_value=hashlib.sha256(request.body).hexdigest() if ctx["sign_body"] else EMPTY_SHA256,
        expiration_in_seconds=ctx["expiration_in_seconds"],
        omit_session_token=bool(ctx.get("omit_session_token")),
    )
    http = HttpRequest(request.method, request.target, HttpHeaders(request.headers))
    signed = awscrt_auth.aws_sign_request(http, config).result(timeout=10)
    query = signed.path.partition("?")[2]
    values = [p.split("=", 1)[1] for p in query.split("&") if p.startswith("X-Amz-Signature=")]
    assert len(values) == 1
    return values[0]


def _awscrt_public_key(point: Tuple[int, int]) -> "EC":
    spki = _cryptography_key(point).public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return EC.new_key_from_der_data(spki)


@pytest.mark.parametrize("name", CASES)
class TestAwscrt:
    def test_awscrt_signature_verifies_with_ours(self, name: str) -> None:
        """awscrt signs the same request; its signature verifies with our verifier,
        with the key we derive, over the string to sign we build."""
        case = v4a_dir() / name
        key = sigv4a.public_key(sigv4a.derive_private_key(*credentials(case)))
        sts = query_canonical_request(case)[1]
        assert sigv4a.verify(key, sts.encode(), _awscrt_presign(case))

    def test_ours_verifies_with_awscrt(self, name: str) -> None:
        case = v4a_dir() / name
        sts = read(case, "query-string-to-sign.txt").encode()
        der_hex = sigv4a.sign(sigv4a.derive_private_key(*credentials(case)), sts)
        awscrt_key = _awscrt_public_key(public_key(case))
        assert awscrt_key.verify(hashlib.sha256(sts).digest(), bytes.fromhex(der_hex)) is True
        assert awscrt_key.verify(hashlib.sha256(sts + b"x").digest(), bytes.fromhex(der_hex)) is False


def test_awscrt_public_key_of_our_private_keys() -> None:
    rng = random.Random(6979)
    for i in range(20):
        secret = "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEF0123456789/+") for _ in range(40))
        d = sigv4a.derive_private_key("AKIA%016d" % i, secret)
        pkcs8 = ec.derive_private_key(d, ec.SECP256R1()).private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        coords = EC.new_key_from_der_data(pkcs8).get_public_coords()
        x, y = sigv4a.public_key(d)
        assert (coords.x, coords.y) == (x.to_bytes(32, "big"), y.to_bytes(32, "big"))
        assert EC.new_key_from_der_data(pkcs8).export_key(ECExportFormat.SPKI)


# --------------------------------------------------------------------------------------
# cryptography on random keys and messages

def _random_pairs(count: int, seed: int):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    for _ in range(count):
        yield rng.randrange(1, sigv4a.N), rng.randbytes(rng.randrange(0, 200))


@pytest.mark.parametrize("seed", range(4))
def test_random_keys_both_directions_with_cryptography(seed: int) -> None:
    for d, message in _random_pairs(10, seed):
        theirs = ec.derive_private_key(d, ec.SECP256R1())
        numbers = theirs.public_key().public_numbers()
        assert sigv4a.public_key(d) == (numbers.x, numbers.y)
        ours = sigv4a.sign(d, message)
        theirs.public_key().verify(bytes.fromhex(ours), message, ec.ECDSA(hashes.SHA256()))
        their_sig = theirs.sign(message, ec.ECDSA(hashes.SHA256()))
        assert sigv4a.verify((numbers.x, numbers.y), message, their_sig.hex())
        assert not sigv4a.verify((numbers.x, numbers.y), message + b"\0", their_sig.hex())


def test_small_and_edge_scalars_match_cryptography() -> None:
    for d in [1, 2, 3, 15, 16, 17, 2**32 - 1, 2**32, 2**224, 2**255, sigv4a.N - 2, sigv4a.N - 1]:
        numbers = ec.derive_private_key(d, ec.SECP256R1()).public_key().public_numbers()
        assert sigv4a.public_key(d) == (numbers.x, numbers.y), d
        X, Y, Z = sigv4a.multiply((sigv4a.GX, sigv4a.GY), d)
        assert sigv4a.to_affine(X, Y, Z) == (numbers.x, numbers.y), d


def test_multiply_by_zero_and_the_order_is_infinity() -> None:
    assert sigv4a.to_affine(*sigv4a.base_multiply(0)) is None
    assert sigv4a.to_affine(*sigv4a.base_multiply(sigv4a.N)) is None
    assert sigv4a.to_affine(*sigv4a.multiply((RFC_UX, RFC_UY), 0)) is None
    assert sigv4a.to_affine(*sigv4a.multiply((RFC_UX, RFC_UY), sigv4a.N)) is None


def test_inverse_mod() -> None:
    rng = random.Random(1)
    for m in (sigv4a.P, sigv4a.N):
        for _ in range(200):
            x = rng.randrange(1, m)
            assert sigv4a.inverse_mod(x, m) * x % m == 1
    with pytest.raises(InvalidInputError):
        sigv4a.inverse_mod(0, sigv4a.N)


# --------------------------------------------------------------------------------------
# Key derivation


def test_derivation_takes_the_first_candidate_at_most_n_minus_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """aws-c-auth retries while the candidate compares greater than n-2, and adds 1:
    a candidate of n-1 is refused, n-2 gives the key n-1."""
    sigv4a._PRIVATE_KEYS.clear()
    tried = []

    def candidates(access_key_id: str, secret: str, counter: int) -> int:
        tried.append(counter)
        return {1: 2**256 - 1, 2: sigv4a.N - 1, 3: sigv4a.N - 2}[counter]

    monkeypatch.setattr(sigv4a, "kdf_candidate", candidates)
    assert sigv4a.derive_private_key("AKIDRETRY", "secret") == sigv4a.N - 1
    assert tried == [1, 2, 3]
    sigv4a._PRIVATE_KEYS.clear()


def test_derivation_is_cached_and_bounded() -> None:
    sigv4a._PRIVATE_KEYS.clear()
    first = sigv4a.derive_private_key("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    assert sigv4a.derive_private_key("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY") == first
    for i in range(40):
        sigv4a.derive_private_key("AKID%d" % i, "secret")
        assert len(sigv4a._PRIVATE_KEYS) <= 16
    # the key depends on both halves
    assert sigv4a.derive_private_key("AKID1", "secret") != sigv4a.derive_private_key("AKID2", "secret")
    assert sigv4a.derive_private_key("AKID1", "secret") != sigv4a.derive_private_key("AKID1", "secret2")


@pytest.mark.parametrize(
    "access_key_id, secret",
    [("", "s3cr3t-value"), (None, "s3cr3t-value"), ("AKID", ""), ("AKID", None),
     ("AKID", b"s3cr3t-value"), ("AKID", "s3cr3t-\udc80-value"), (["AKID"], "s3cr3t-value")],
)
def test_derivation_refuses_bad_credentials_without_showing_the_secret(access_key_id: object, secret: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        sigv4a.derive_private_key(access_key_id, secret)  # type: ignore[arg-type]
    assert "s3cr3t" not in str(info.value)


@pytest.mark.parametrize("key", [0, -1, sigv4a.N, sigv4a.N + 5, True, "1", 1.0, None])
def test_signing_refuses_bad_private_keys_without_showing_them(key: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        sigv4a.sign(key, b"message")  # type: ignore[arg-type]
    assert str(sigv4a.N) not in str(info.value) and "%x" % sigv4a.N not in str(info.value)
    with pytest.raises(InvalidInputError):
        sigv4a.public_key(key)  # type: ignore[arg-type]


def test_signing_refuses_text_and_bad_digests() -> None:
    with pytest.raises(InvalidInputError):
        sigv4a.sign(RFC_X, "text")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        sigv4a.sign_digest(RFC_X, b"short")
    with pytest.raises(InvalidInputError):
        sigv4a.signature(RFC_X, b"bytes")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        sigv4a.signature(RFC_X, "lone \udc80 surrogate")


# --------------------------------------------------------------------------------------
# The strings


def test_credential_scope_and_string_to_sign() -> None:
    scope = sigv4a.credential_scope("20150830", "service")
    assert scope == "20150830/service/aws4_request"
    sts = sigv4a.string_to_sign("20150830T123600Z", scope, "GET\n/\n\nhost:example.amazonaws.com\n\nhost\n" + EMPTY_SHA256)
    lines = sts.split("\n")
    assert lines[:3] == ["AWS4-ECDSA-P256-SHA256", "20150830T123600Z", "20150830/service/aws4_request"]
    assert len(lines[3]) == 64
    for bad in [(None, "service"), ("20150830", 5)]:
        with pytest.raises(InvalidInputError):
            sigv4a.credential_scope(*bad)  # type: ignore[arg-type]
    for bad_sts in [(None, scope, "x"), ("d", scope, b"x"), ("d", scope, "\udc80")]:
        with pytest.raises(InvalidInputError):
            sigv4a.string_to_sign(*bad_sts)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------
# Bad signatures, bad keys

RFC_KEY = (RFC_UX, RFC_UY)
GOOD = sigv4a.sign(RFC_X, b"sample")
R, S = RFC_SIGNATURES[b"sample"]["r"], RFC_SIGNATURES[b"sample"]["s"]


def _int(value: bytes) -> bytes:
    return b"\x02" + bytes((len(value),)) + value


def _seq(body: bytes) -> bytes:
    return b"\x30" + bytes((len(body),)) + body


R_BYTES = b"\x00" + R.to_bytes(32, "big")  # r's top bit is set: a leading zero in DER
S_BYTES = b"\x00" + S.to_bytes(32, "big")

MALFORMED_DER = {
    "empty": b"",
    "truncated": bytes.fromhex(GOOD)[:-1],
    "one byte more": bytes.fromhex(GOOD) + b"\x00",
    "not a SEQUENCE": b"\x31" + bytes.fromhex(GOOD)[1:],
    "SEQUENCE length too long": b"\x30" + bytes((len(GOOD) // 2 - 1,)) + bytes.fromhex(GOOD)[2:],
    "SEQUENCE length too short": b"\x30" + bytes((len(GOOD) // 2 - 3,)) + bytes.fromhex(GOOD)[2:],
    "long-form SEQUENCE length": b"\x30\x81" + bytes((len(GOOD) // 2 - 2,)) + bytes.fromhex(GOOD)[2:],
    "r not an INTEGER": _seq(b"\x04\x21" + R_BYTES + _int(S_BYTES)),
    "r without its leading zero (negative)": _seq(_int(R_BYTES[1:]) + _int(S_BYTES)),
    "r with an extra leading zero": _seq(_int(b"\x00" + R_BYTES) + _int(S_BYTES)),
    "s with a needless leading zero": _seq(_int(R_BYTES) + _int(b"\x00\x01")),
    "empty INTEGER": _seq(_int(R_BYTES) + _int(b"")),
    "INTEGER length past the end": _seq(_int(R_BYTES) + b"\x02\x22" + S_BYTES),
    "only one INTEGER": _seq(_int(R_BYTES)),
    "three INTEGERs": _seq(_int(R_BYTES) + _int(S_BYTES) + _int(b"\x01")),
    "long-form INTEGER length": _seq(_int(R_BYTES) + b"\x02\x81\x21" + S_BYTES),
    "40-byte r": _seq(_int(b"\x01" * 40) + _int(S_BYTES)),
}


def test_the_good_signature_is_good() -> None:
    assert sigv4a.verify(RFC_KEY, b"sample", GOOD)
    assert sigv4a.decode_der(bytes.fromhex(GOOD)) == (R, S)
    assert _seq(_int(R_BYTES) + _int(S_BYTES)).hex() == GOOD


@pytest.mark.parametrize("name", sorted(MALFORMED_DER))
def test_malformed_der_is_refused(name: str) -> None:
    data = MALFORMED_DER[name]
    with pytest.raises(InvalidInputError) as info:
        sigv4a.decode_der(data)
    assert "DER signature" in str(info.value)
    assert sigv4a.verify(RFC_KEY, b"sample", data.hex()) is False


@pytest.mark.parametrize(
    "der_hex",
    [GOOD[:-1], GOOD + "0", GOOD[:10] + " " + GOOD[10:], GOOD[:10] + "zz" + GOOD[12:], "", "30", "\u0663\u0660",
     None, 12, b"30", GOOD * 3],
    ids=["odd length", "odd length 2", "space", "non-hex", "empty", "one byte", "Arabic digits",
         "None", "int", "bytes", "too long"],
)
def test_garbage_hex_does_not_verify(der_hex: object) -> None:
    assert sigv4a.verify(RFC_KEY, b"sample", der_hex) is False  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "r, s",
    [(0, S), (R, 0), (sigv4a.N, S), (R, sigv4a.N), (R + sigv4a.N, S), (R, S + sigv4a.N), (S, R), (R, S + 1)],
    ids=["r=0", "s=0", "r=n", "s=n", "r+n", "s+n", "swapped", "s+1"],
)
def test_r_or_s_out_of_range_or_wrong_does_not_verify(r: int, s: int) -> None:
    digest = hashlib.sha256(b"sample").digest()
    assert sigv4a.verify_digest(RFC_KEY, digest, r, s) is False
    if r < 2**256 and s < 2**256:
        assert sigv4a.verify(RFC_KEY, b"sample", sigv4a.encode_der(r, s).hex()) is False


def test_verify_digest_refuses_non_integers() -> None:
    digest = hashlib.sha256(b"sample").digest()
    assert sigv4a.verify_digest(RFC_KEY, digest, R, S) is True
    for r, s in [(True, S), (R, float(S)), ("1", S), (None, S)]:
        assert sigv4a.verify_digest(RFC_KEY, digest, r, s) is False  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "key",
    [(RFC_UX, RFC_UY + 1), (RFC_UX + 1, RFC_UY), (RFC_UX, sigv4a.P - RFC_UY + 1), (0, 0), (RFC_UX + sigv4a.P, RFC_UY),
     (RFC_UX, RFC_UY + sigv4a.P), (-RFC_UX, RFC_UY), (RFC_UX,), (RFC_UX, RFC_UY, 1), None, "key", (True, RFC_UY),
     (float(RFC_UX), RFC_UY)],
    ids=["y+1", "x+1", "wrong y", "origin", "x+p", "y+p", "negative x", "one coordinate", "three", "None", "str",
         "bool", "float"],
)
def test_points_off_the_curve_do_not_verify(key: object) -> None:
    assert sigv4a.verify(key, b"sample", GOOD) is False  # type: ignore[arg-type]


def test_the_negated_key_does_not_verify() -> None:
    assert sigv4a.is_on_curve((RFC_UX, sigv4a.P - RFC_UY))
    assert sigv4a.verify((RFC_UX, sigv4a.P - RFC_UY), b"sample", GOOD) is False


def test_verify_refuses_a_text_message() -> None:
    with pytest.raises(InvalidInputError):
        sigv4a.verify(RFC_KEY, "sample", GOOD)  # type: ignore[arg-type]


def test_high_s_and_low_s_both_verify_as_cryptography_says() -> None:
    """ECDSA accepts (r, s) and (r, n - s) alike; so do cryptography and we."""
    digest_sig = encode_dss_signature(R, sigv4a.N - S)
    _cryptography_key(RFC_KEY).verify(digest_sig, b"sample", ec.ECDSA(hashes.SHA256()))
    assert sigv4a.verify(RFC_KEY, b"sample", digest_sig.hex())
    assert decode_dss_signature(digest_sig) == sigv4a.decode_der(digest_sig)


def test_cryptography_refuses_what_we_refuse() -> None:
    """Sanity check of the malformed table: cryptography refuses each one too."""
    key = _cryptography_key(RFC_KEY)
    for name, data in MALFORMED_DER.items():
        with pytest.raises((InvalidSignature, ValueError)):
            key.verify(data, b"sample", ec.ECDSA(hashes.SHA256()))
            raise AssertionError(name)


# --------------------------------------------------------------------------------------
# botocore + awscrt: an S3 multi-Region access point URL


def _s3_url_string_to_sign(url: str) -> Tuple[str, str]:
    """(string to sign, X-Amz-Signature) of a SigV4a S3 presigned URL, rebuilt with our
    canonical functions under S3's rules: the path as sent (single encoding, no
    normalisation), the query re-encoded without X-Amz-Signature, host signed,
    UNSIGNED-PAYLOAD."""
    rest = url.split("://", 1)[1]
    host, _, target = rest.partition("/")
    path, _, query = ("/" + target).partition("?")
    pairs = parse_query(query)
    params = {n.decode(): v.decode() for n, v in pairs}
    signed_pairs = [(uri_encode(n), uri_encode(v)) for n, v in pairs if n != b"X-Amz-Signature"]
    assert params["X-Amz-SignedHeaders"] == "host"
    creq = canonical_request(
        "GET", canonical_uri(path, False, False), canonical_query(signed_pairs),
        "host:" + host + "\n", "host", UNSIGNED_PAYLOAD,
    )
    scope = params["X-Amz-Credential"].split("/", 1)[1]
    return sigv4a.string_to_sign(params["X-Amz-Date"], scope, creq), params["X-Amz-Signature"]


@pytest.mark.parametrize("token", [None, "FwoGZXIvYXdzEJr//////////wEaDO+/=AQoDYXdz"])
@pytest.mark.parametrize("key", ["photos/\u00fc a+b.jpg", "k", "a//b/./c~!*'()"])
def test_botocore_mrap_url_verifies_with_ours(key: str, token: Optional[str]) -> None:
    """boto3 with awscrt presigns for an MRAP ARN with SigV4a (region set "*"); the
    signature verifies with the key we derive over the string to sign we rebuild."""
    import boto3

    session = boto3.session.Session(
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        aws_session_token=token,
        region_name="eu-west-1",
    )
    url = session.client("s3").generate_presigned_url(
        "get_object",
        Params={"Bucket": "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap", "Key": key},
        ExpiresIn=900,
    )
    assert url.startswith("https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/")
    assert "X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256" in url and "X-Amz-Region-Set=%2A" in url
    sts, der_hex = _s3_url_string_to_sign(url)
    point = sigv4a.public_key(
        sigv4a.derive_private_key("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    )
    assert sigv4a.verify(point, sts.encode(), der_hex)
    assert not sigv4a.verify(point, sts.replace("s3/aws4_request", "s4/aws4_request").encode(), der_hex)
