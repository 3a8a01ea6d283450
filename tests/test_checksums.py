"""S3 checksums (sigv4presign.core.checksums) against botocore's checksum classes.

The reference is ``botocore.httpchecksum``: ``Crc32Checksum``, ``CrtCrc32cChecksum``
and ``CrtCrc64NvmeChecksum`` (both through awscrt's C code), ``Sha1Checksum``,
``Sha256Checksum`` and ``Sha512Checksum``, each fed the whole input at once and asked
for ``b64digest()`` (and, for MD5, which botocore does not compute, the same built on
``hashlib.md5``). Ours
must give the same base64 value for the empty input, every single byte, 1 MiB (and
1 MiB + 7, for the tail after the last 8-byte word), and hypothesis-drawn inputs, given
as bytes, bytearray, memoryview, a binary file (in memory and on disk) and an iterable
of chunks split at random places. The CRCs also give the check values of the catalogue
of parametrised CRC algorithms (the CRC of ``b"123456789"``).
"""

import array
import base64
import hashlib
import io
import os
import random
import tracemalloc
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List

import pytest
from awscrt import checksums as crt
from botocore.httpchecksum import (
    Crc32Checksum,
    CrtCrc32cChecksum,
    CrtCrc64NvmeChecksum,
    Sha1Checksum,
    Sha256Checksum,
    Sha512Checksum,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigv4presign import InvalidInputError, SigV4Error
from sigv4presign.core import checksums
from sigv4presign.core.checksums import checksum, checksum_header

REFERENCE: Dict[str, Callable[[], Any]] = {
    "CRC32": Crc32Checksum,
    "CRC32C": CrtCrc32cChecksum,
    "CRC64NVME": CrtCrc64NvmeChecksum,
    "SHA1": Sha1Checksum,
    "SHA256": Sha256Checksum,
    "SHA512": Sha512Checksum,
    "MD5": lambda: Md5Checksum(),
}
ALGORITHMS = sorted(REFERENCE)
S3_ALGORITHMS = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"]  # before 2025
EXAMPLES = 300 if os.environ.get("CI") else 60
PROPERTY = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

class Md5Checksum(Sha256Checksum):  # type: ignore[misc]
    """botocore's base class with MD5 inside (S3's ``x-amz-checksum-md5``)."""

    def __init__(self) -> None:
        self._checksum = hashlib.md5()


MIB = random.Random(20260401).randbytes(1024 * 1024)


def botocore_b64(data: bytes, algorithm: str) -> str:
    """botocore's ``x-amz-checksum-*`` value for ``data``."""
    reference = REFERENCE[algorithm]()
    reference.update(data)
    return str(reference.b64digest())


def split(data: bytes, cuts: List[int]) -> List[bytes]:
    """``data`` cut at the given offsets (taken modulo its length + 1, sorted)."""
    points = sorted({cut % (len(data) + 1) for cut in cuts})
    edges = [0] + points + [len(data)]
    return [data[a:b] for a, b in zip(edges, edges[1:])]


# form -> data as bytes -> what checksum() is given
FORMS: Dict[str, Callable[[bytes], Any]] = {
    "bytes": lambda data: data,
    "bytearray": bytearray,
    "memoryview": memoryview,
    "BytesIO": io.BytesIO,
    "list of chunks": lambda data: split(data, [3, 1000, 65536, 524288]),
    "generator of chunks": lambda data: (chunk for chunk in split(data, [7, 8, 9, 777777])),
    "memoryview chunks": lambda data: [memoryview(c) for c in split(data, [1, 100001])],
}


# --- the catalogue's check values: CRC of the nine ASCII digits --------------------

@pytest.mark.parametrize("function, check", [
    (checksums.crc32, 0xCBF43926),  # CRC-32/ISO-HDLC
    (checksums._pure_crc32, 0xCBF43926),
    (checksums.crc32c, 0xE3069283),  # CRC-32/ISCSI
    (checksums.crc64nvme, 0xAE8B14860A799888),  # CRC-64/NVME
])
def test_catalogue_check_value(function: Callable[[bytes], int], check: int) -> None:
    assert function(b"123456789") == check


@pytest.mark.parametrize("algorithm, size, check", [
    ("CRC32", 4, 0xCBF43926), ("CRC32C", 4, 0xE3069283), ("CRC64NVME", 8, 0xAE8B14860A799888),
])
def test_check_value_as_s3_writes_it(algorithm: str, size: int, check: int) -> None:
    assert checksum(b"123456789", algorithm) == base64.b64encode(check.to_bytes(size, "big")).decode()


def test_polynomials_are_the_catalogues_reversed() -> None:
    def reverse(value: int, width: int) -> int:
        return int(format(value, "0%db" % width)[::-1], 2)

    assert checksums.POLY_CRC32 == reverse(0x04C11DB7, 32)
    assert checksums.POLY_CRC32C == reverse(0x1EDC6F41, 32)
    assert checksums.POLY_CRC64NVME == reverse(0xAD93D23594C93659, 64)


# --- equal to botocore ---------------------------------------------------------------

@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_empty_input(algorithm: str) -> None:
    assert checksum(b"", algorithm) == botocore_b64(b"", algorithm)
    assert checksum([], algorithm) == botocore_b64(b"", algorithm)
    assert checksum(io.BytesIO(), algorithm) == botocore_b64(b"", algorithm)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_every_single_byte(algorithm: str) -> None:
    ours = [checksum(bytes([i]), algorithm) for i in range(256)]
    assert ours == [botocore_b64(bytes([i]), algorithm) for i in range(256)]


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_one_mebibyte(algorithm: str, form: str) -> None:
    assert checksum(FORMS[form](MIB), algorithm) == botocore_b64(MIB, algorithm)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_one_mebibyte_and_a_tail(algorithm: str) -> None:
    data = MIB + b"\xff\x00tail!!"
    assert checksum(data, algorithm) == botocore_b64(data, algorithm)


@PROPERTY
@given(data=st.binary(max_size=5000), cuts=st.lists(st.integers(0, 5000), max_size=8),
       algorithm=st.sampled_from(ALGORITHMS), case=st.sampled_from(["upper", "lower", "title"]))
def test_random_input_in_random_chunks(data: bytes, cuts: List[int], algorithm: str, case: str) -> None:
    expected = botocore_b64(data, algorithm)
    name = getattr(algorithm, case)()
    assert checksum(data, name) == expected
    assert checksum(split(data, cuts), name) == expected
    assert checksum(io.BytesIO(data), name) == expected


@PROPERTY
@given(data=st.binary(max_size=3000), prefix=st.binary(max_size=300))
def test_crcs_continue_from_a_value_as_awscrt(data: bytes, prefix: bytes) -> None:
    """``crcX(data, value)`` continues the CRC ``value`` of what came before, as the C
    functions' previous-CRC argument does."""
    assert checksums.crc32c(data, checksums.crc32c(prefix)) == crt.crc32c(data, crt.crc32c(prefix))
    assert checksums.crc64nvme(data, checksums.crc64nvme(prefix)) == crt.crc64nvme(data, crt.crc64nvme(prefix))
    assert checksums.crc32(data, checksums.crc32(prefix)) == crt.crc32(data, crt.crc32(prefix))
    assert checksums._pure_crc32(data, checksums._pure_crc32(prefix)) == crt.crc32(data, crt.crc32(prefix))


@PROPERTY
@given(data=st.binary(max_size=3000), value=st.integers(0, 2**32 - 1), value64=st.integers(0, 2**64 - 1))
def test_one_table_path_equals_awscrt(data: bytes, value: int, value64: int) -> None:
    """The byte-at-a-time path MicroPython takes (one table), checked here too."""
    for poly, mask, function, start in (
        (checksums.POLY_CRC32C, 2**32 - 1, crt.crc32c, value),
        (checksums.POLY_CRC64NVME, 2**64 - 1, crt.crc64nvme, value64),
        (checksums.POLY_CRC32, 2**32 - 1, crt.crc32, value),
    ):
        one_table = checksums.crc_tables(poly)[:1]
        assert checksums._reflected_crc(data, start ^ mask, one_table) ^ mask == function(data, start)


def test_pure_crc32_of_a_mebibyte_equals_zlib() -> None:
    import zlib

    assert checksums._pure_crc32(MIB) == zlib.crc32(MIB)


def test_memoryviews_of_other_items_and_strides_count_their_bytes() -> None:
    words = array.array("I", range(5000))
    raw = words.tobytes()
    strided = memoryview(MIB[:9000])[::3]
    for algorithm in ALGORITHMS:
        assert checksum(memoryview(words), algorithm) == botocore_b64(raw, algorithm)
        assert checksum(memoryview(raw).cast("B", (100, len(raw) // 100)), algorithm) == botocore_b64(raw, algorithm)
        assert checksum(strided, algorithm) == botocore_b64(strided.tobytes(), algorithm)


# --- files -------------------------------------------------------------------------

@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_file_on_disk_from_its_position_and_put_back(tmp_path: Path, algorithm: str) -> None:
    """As botocore: the file is read from where it is to its end, and left where it was,
    so the same object can be uploaded next."""
    path = tmp_path / "body.bin"
    path.write_bytes(MIB + b"end")
    with path.open("rb") as file:
        assert checksum(file, algorithm) == botocore_b64(MIB + b"end", algorithm)
        assert file.tell() == 0
        file.seek(1000)
        assert checksum(file, algorithm) == botocore_b64(MIB[1000:] + b"end", algorithm)
        assert file.tell() == 1000
        reference = REFERENCE[algorithm]()
        assert checksum(file, algorithm) == reference.handle(file)


def test_unbuffered_file_and_pipe(tmp_path: Path) -> None:
    path = tmp_path / "body.bin"
    path.write_bytes(MIB)
    with open(path, "rb", buffering=0) as raw:
        assert checksum(raw, "crc32c") == botocore_b64(MIB, "CRC32C")
    read, write = os.pipe()
    with os.fdopen(write, "wb") as sink:
        sink.write(b"through a pipe" * 100)
    with os.fdopen(read, "rb") as pipe:  # cannot seek: read once
        assert checksum(pipe, "sha256") == botocore_b64(b"through a pipe" * 100, "SHA256")


def test_file_is_put_back_after_an_error() -> None:
    class Flaky(io.BytesIO):
        def read(self, size: Any = -1) -> Any:
            chunk = super().read(5)
            return chunk if self.tell() < 10 else "text"

    file = Flaky(b"0123456789abcdefghij")
    file.seek(2)
    with pytest.raises(InvalidInputError, match="text"):
        checksum(file, "crc32")
    assert file.tell() == 2


def test_file_read_in_mebibyte_chunks() -> None:
    sizes = []

    class Recording(io.BytesIO):
        def read(self, size: Any = -1) -> bytes:
            sizes.append(size)
            return super().read(size)

    checksum(Recording(MIB * 3), "sha256")
    assert sizes == [1024 * 1024] * 4


def test_streaming_keeps_memory_constant() -> None:
    """4 MiB through a generator of 256 KiB chunks: the peak of new allocations stays
    far below one chunk (CRC32C's work is done 8 KiB at a time)."""
    chunk = MIB[: 256 * 1024]
    expected = botocore_b64(chunk * 16, "CRC32C")

    def chunks() -> Iterator[bytes]:
        for _ in range(16):
            yield chunk

    checksums.crc_tables(checksums.POLY_CRC32C)
    tracemalloc.start()
    try:
        value = checksum(chunks(), "CRC32C")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert value == expected
    assert peak < 100 * 1024


def test_large_file_memory_is_one_chunk(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    with path.open("wb") as out:
        for _ in range(48):
            out.write(MIB)
    tracemalloc.start()
    try:
        with path.open("rb") as file:
            value = checksum(file, "SHA256")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert value == base64.b64encode(hashlib.sha256(MIB * 48).digest()).decode()
    assert peak < 3 * 1024 * 1024


# --- names -------------------------------------------------------------------------

@pytest.mark.parametrize("algorithm, header", [
    ("CRC32", "x-amz-checksum-crc32"),
    ("crc32c", "x-amz-checksum-crc32c"),
    ("Crc64Nvme", "x-amz-checksum-crc64nvme"),
    ("sha1", "x-amz-checksum-sha1"),
    ("SHA256", "x-amz-checksum-sha256"),
    ("sha512", "x-amz-checksum-sha512"),
    ("md5", "x-amz-checksum-md5"),
])
def test_checksum_header(algorithm: str, header: str) -> None:
    assert checksum_header(algorithm) == header


def test_algorithms_and_header_names_are_s3s() -> None:
    """Every algorithm of S3's ``ChecksumAlgorithm`` (botocore's service model) is either
    computed, with the header the model gives for ``PutObject``, or refused by name."""
    import botocore.session

    model = botocore.session.get_session().get_service_model("s3")
    members = model.operation_model("PutObject").input_shape.members
    s3_names = model.shape_for("ChecksumAlgorithm").enum
    assert set(S3_ALGORITHMS) <= set(checksums.ALGORITHMS) <= set(s3_names)
    for name in s3_names:
        header = members["Checksum" + name].serialization["name"]
        if name in checksums.ALGORITHMS:
            assert checksum_header(name) == header
        else:
            with pytest.raises(InvalidInputError, match="one of S3's checksums but is not computed here"):
                checksum_header(name)


def test_sha1_missing_from_hashlib_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on MicroPython, whose hashlib has only sha256."""
    monkeypatch.delattr(hashlib, "sha1")
    with pytest.raises(InvalidInputError, match="SHA1 is not available.*MicroPython"):
        checksum(b"abc", "SHA1")


# --- bad input ---------------------------------------------------------------------

class NonBlocking(io.RawIOBase):
    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> None:  # type: ignore[override]
        return None


BAD = [
    ("sha3_256", b"", "algorithm must be one of CRC32, CRC32C, CRC64NVME, SHA1, SHA256, SHA512, MD5"),
    ("xxhash64", b"", "XXHASH64 is one of S3's checksums but is not computed here"),
    ("CRC-32", b"", "algorithm must be one of"),
    ("sha-256", b"", "got 'sha-256'"),
    ("", b"", "algorithm must be one of"),
    (None, b"", "got None"),
    (32, b"", "got 32"),
    (b"CRC32", b"", "got b'CRC32'"),
    ("CRC32", "hello", "data is text \\(str\\), not bytes: pass text.encode"),
    ("CRC32", "/tmp/file.bin", "open\\(path, 'rb'\\)"),
    ("CRC32", io.StringIO("text"), "the file's data is text"),
    ("SHA256", ["a", "b"], "each chunk of data is text"),
    ("SHA256", [1, 2, 3], "each chunk of data must be bytes, bytearray or memoryview, got 1"),
    ("CRC64NVME", [b"ok", None], "each chunk of data must be bytes.*got None"),
    ("CRC32C", 12345, "data must be bytes, a binary file object or an iterable of bytes chunks, got 12345"),
    ("CRC32C", None, "got None"),
    ("CRC32C", Path("/tmp/x"), "data must be bytes, a binary file object"),
    ("CRC32C", NonBlocking(), "non-blocking"),
]


@pytest.mark.parametrize("algorithm, data, message", BAD, ids=[str(i) for i in range(len(BAD))])
def test_bad_input_is_refused_with_a_clear_message(algorithm: Any, data: Any, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as caught:
        checksum(data, algorithm)
    assert isinstance(caught.value, SigV4Error)


def test_text_mode_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with path.open("r") as file, pytest.raises(InvalidInputError, match="binary mode"):
        checksum(file, "crc32")


@pytest.mark.parametrize("call, message", [
    (lambda: checksums.crc32c("abc"), "data is text"),
    (lambda: checksums.crc32c(b"abc", -1), "value must be a CRC, an int in 0..0xFFFFFFFF, got -1"),
    (lambda: checksums.crc32(b"abc", 2**32), "got 4294967296"),
    (lambda: checksums.crc64nvme(b"abc", 2**64), "0..0xFFFFFFFFFFFFFFFF"),
    (lambda: checksums.crc64nvme(b"abc", True), "got True"),
    (lambda: checksums.crc32c(None), "must be bytes"),
    (lambda: checksum_header("sha-1"), "algorithm must be one of"),
])
def test_crc_functions_refuse_bad_input(call: Callable[[], Any], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        call()


def test_exported_from_the_package_on_first_use() -> None:
    import sigv4presign

    assert sigv4presign.checksum is checksum
    assert sigv4presign.checksum_header is checksum_header
    assert {"checksum", "checksum_header"} <= set(sigv4presign.__all__)
