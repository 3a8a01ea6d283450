"""SHA-256 and HMAC-SHA256 from either source (core/hashes.py): the built-in SHA-256
with HMAC from its formula must give the bytes of the stdlib's hashlib and hmac, and a
fresh process must sign with the built-in first and switch to OpenSSL after WARM_UP
signatures, giving AWS's documented signature all along."""

import hashlib
import hmac
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigv4presign.core import hashes

builtin_only = pytest.mark.skipif(
    hashes._builtin is None, reason="this interpreter has no built-in SHA-256 module (PyPy)"
)


@builtin_only
@given(key=st.binary(max_size=200), message=st.binary(max_size=300))
def test_builtin_hmac_is_hmac(key: bytes, message: bytes) -> None:
    assert hashes._builtin_mac(key)(message) == hmac.new(key, message, hashlib.sha256).digest()


@builtin_only
@pytest.mark.parametrize("size", [0, 55, 56, 63, 64, 65, 128, 1000])
def test_builtin_hmac_key_sizes(size: int) -> None:
    key = bytes(range(256)) * 4
    assert hashes._builtin_mac(key[:size])(b"msg") == hmac.new(key[:size], b"msg", hashlib.sha256).digest()


@builtin_only
@given(data=st.binary(max_size=3000))
def test_builtin_sha256_is_sha256(data: bytes) -> None:
    assert hashes._builtin(data).hexdigest() == hashlib.sha256(data).hexdigest()


def test_same() -> None:
    assert hashes.same(b"abc", b"abc")
    assert not hashes.same(b"abc", b"abd")
    assert not hashes.same(b"abc", b"abcd")
    assert not hashes.same(b"", b"a")


# The AWS S3 documentation's presigned GET example (sigv4-query-string-auth).
DOCS_SIGNATURE = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
FRESH = """
import datetime, sys
from sigv4presign import Credentials, presign_s3
from sigv4presign.core import hashes
creds = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
when = datetime.datetime(2013, 5, 24, tzinfo=datetime.timezone.utc)
for i in range(hashes.WARM_UP + 2):
    url = presign_s3("GET", "examplebucket", "test.txt", credentials=creds,
                     region="us-east-1", expires_in=86400, now=when)
    print(i, "_hashlib" in sys.modules, url.signature)
"""


@builtin_only
def test_fresh_process_warms_up_then_loads_openssl() -> None:
    out = subprocess.run(
        [sys.executable, "-c", FRESH], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    rows = [line.split() for line in out if line]
    assert len(rows) == hashes.WARM_UP + 2
    assert {row[2] for row in rows} == {DOCS_SIGNATURE}
    loaded = [row[1] == "True" for row in rows]
    # WARM_UP signatures without OpenSSL; the one that reaches the count loads it.
    assert loaded == [False] * (hashes.WARM_UP - 1) + [True] * 3


class _NoCopy:
    """A SHA-256 whose states do not copy, as MicroPython's."""

    def __init__(self, data: bytes = b"") -> None:
        self._h = hashlib.sha256(data)

    def update(self, data: bytes) -> None:
        self._h.update(data)

    def digest(self) -> bytes:
        return self._h.digest()


@given(key=st.binary(max_size=100), message=st.binary(max_size=200))
def test_formula_hmac_with_states_that_do_not_copy(key: bytes, message: bytes) -> None:
    mac = hashes.formula_mac(key, _NoCopy)
    expected = hmac.new(key, message, hashlib.sha256).digest()
    assert mac(message) == expected
    assert mac(message) == expected  # the kept padded keys are reused


@given(key=st.binary(max_size=100), message=st.binary(max_size=200))
def test_formula_hmac_on_hashlib(key: bytes, message: bytes) -> None:
    assert hashes.formula_mac(key, hashlib.sha256)(message) == hmac.new(key, message, hashlib.sha256).digest()
