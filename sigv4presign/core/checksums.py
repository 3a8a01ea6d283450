"""S3's integrity checksums: CRC32, CRC32C, CRC64NVME, SHA1 and SHA256 (and SHA512, MD5).

S3 takes a checksum as ``x-amz-checksum-<algorithm>: base64(big-endian digest)``; this
module computes that value for bytes, a binary file or an iterable of chunks, streamed
in constant memory. The CRCs are table-driven pure Python, built on first use: on
CPython "slicing-by-8" (eight 256-entry tables advance the CRC eight bytes per step),
on MicroPython one table, a byte per step (there the tables' values are boxed big
integers, and eight tables would take a large part of a board's RAM). CRC32 uses
``binascii.crc32`` where the platform has it. SHA1, SHA256, SHA512 and MD5 come from
``hashlib`` (MicroPython's has only SHA256). S3's XXHASH64, XXHASH3 and XXHASH128 are
not computed here.

Every CRC here is *reflected* (bits are processed least significant first), with the
register starting at all ones and inverted at the end; for each byte ``b``::

    crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    table[i] = i shifted right 8 times, each time xor-ing the reversed polynomial when
               the bit shifted out is 1
"""

import binascii
import hashlib
import struct

from .errors import InvalidInputError, shown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Generator, List, Optional, Tuple

ALGORITHMS = ("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256", "SHA512", "MD5")
# algorithm -> digest size in bytes (the header carries the base64 of the digest)
DIGEST_BYTES = {"CRC32": 4, "CRC32C": 4, "CRC64NVME": 8, "SHA1": 20, "SHA256": 32, "SHA512": 64, "MD5": 16}
# S3 accepts these too (since 2025), but this module does not compute them
_NOT_COMPUTED = ("XXHASH64", "XXHASH3", "XXHASH128")
CHUNK_SIZE = 1024 * 1024  # bytes read from a file at a time
_BLOCK_WORDS = 1024  # 8-byte words unpacked at a time, to bound the memory of one step

POLY_CRC32 = 0xEDB88320  # IEEE 802.3 0x04C11DB7, bits reversed
POLY_CRC32C = 0x82F63B78  # Castagnoli 0x1EDC6F41, bits reversed
POLY_CRC64NVME = 0x9A6C9329AC4BC9B5  # NVM Express 0xAD93D23594C93659, bits reversed
_MASK32 = 0xFFFFFFFF
_MASK64 = 0xFFFFFFFFFFFFFFFF

# zlib's CRC-32 in C, where the platform has it (CPython; most MicroPython ports)
_BINASCII_CRC32 = getattr(binascii, "crc32", None)
# Slicing tables per CRC: 8 on CPython; 1 on MicroPython (no memoryview.cast), where
# RAM is scarce and big integers are boxed.
SLICES = 8 if hasattr(memoryview, "cast") else 1
# reversed polynomial -> its tables, built on first use
_TABLES: "Dict[int, List[List[int]]]" = {}


def crc_tables(poly: int) -> "List[List[int]]":
    """The ``SLICES`` look-up tables of the reflected CRC with reversed polynomial
    ``poly``: ``t[0][i]`` is the register after feeding byte ``i`` into a zero register,
    and ``t[k][i] = (t[k-1][i] >> 8) ^ t[0][t[k-1][i] & 0xFF]`` is byte ``i`` followed
    by ``k`` zero bytes, so eight bytes are folded in with eight look-ups."""
    tables = _TABLES.get(poly)
    if tables is None:
        first = []
        for i in range(256):
            r = i
            for _ in range(8):
                r = (r >> 1) ^ poly if r & 1 else r >> 1
            first.append(r)
        tables = [first]
        for _ in range(SLICES - 1):
            prev = tables[-1]
            tables.append([(v >> 8) ^ first[v & 0xFF] for v in prev])
        _TABLES[poly] = tables
    return tables


def _reflected_crc(data: "Any", crc: int, tables: "List[List[int]]") -> int:
    """Advance the (un-inverted) register ``crc`` over the bytes of ``data``: eight bytes
    at a time when there are eight slicing tables, then byte by byte (``tables[0]``)."""
    view = memoryview(data)
    size = len(view)
    whole = size - size % 8 if len(tables) == 8 else 0
    start = 0
    if whole:
        t0, t1, t2, t3, t4, t5, t6, t7 = tables
        unpack = struct.unpack_from
    while start < whole:
        count = min(_BLOCK_WORDS, (whole - start) >> 3)
        for word in unpack("<%dQ" % count, view, start):
            # The register is xor-ed into the next (little-endian) eight bytes; each
            # byte then indexes the table for its distance from the end of the word.
            b = (word ^ crc).to_bytes(8, "little")
            crc = (t7[b[0]] ^ t6[b[1]] ^ t5[b[2]] ^ t4[b[3]]
                   ^ t3[b[4]] ^ t2[b[5]] ^ t1[b[6]] ^ t0[b[7]])
        start += count << 3
    first = tables[0]
    for byte in view[whole:]:
        crc = first[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc


def _crc_input(data: "Any", value: "Any", mask: int) -> "Tuple[Any, int]":
    """(a one-byte-per-item view of ``data``, ``value``), or a clear error."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= mask:
        raise InvalidInputError("value must be a CRC, an int in 0..0x%X, got %s" % (mask, shown(value)))
    return _as_bytes(_chunk(data, "data")), value


def crc32(data: "Any", value: int = 0) -> int:
    """CRC-32 (IEEE, as zlib and S3's ``CRC32``): reflected, polynomial 0x04C11DB7
    (reversed 0xEDB88320), register initialised to 0xFFFFFFFF and inverted at the end.
    ``value`` is the CRC of the data before ``data``, as in ``zlib.crc32(data, value)``.
    ``crc32(b"123456789") == 0xCBF43926``."""
    data, value = _crc_input(data, value, _MASK32)
    if _BINASCII_CRC32 is not None:
        return int(_BINASCII_CRC32(data, value)) & _MASK32
    return _pure_crc32(data, value)


def _pure_crc32(data: "Any", value: int = 0) -> int:
    return _reflected_crc(data, value ^ _MASK32, crc_tables(POLY_CRC32)) ^ _MASK32


def crc32c(data: "Any", value: int = 0) -> int:
    """CRC-32C (Castagnoli, S3's ``CRC32C``; iSCSI): reflected, polynomial 0x1EDC6F41
    (reversed 0x82F63B78), register initialised to 0xFFFFFFFF and inverted at the end.
    ``value`` is the CRC of the data before ``data``.
    ``crc32c(b"123456789") == 0xE3069283``."""
    data, value = _crc_input(data, value, _MASK32)
    return _reflected_crc(data, value ^ _MASK32, crc_tables(POLY_CRC32C)) ^ _MASK32


def crc64nvme(data: "Any", value: int = 0) -> int:
    """CRC-64/NVME (S3's ``CRC64NVME``, the NVM Express CRC): reflected, polynomial
    0xAD93D23594C93659 (reversed 0x9A6C9329AC4BC9B5), register initialised to all ones
    and inverted at the end. ``value`` is the CRC of the data before ``data``.
    ``crc64nvme(b"123456789") == 0xAE8B14860A799888``."""
    data, value = _crc_input(data, value, _MASK64)
    return _reflected_crc(data, value ^ _MASK64, crc_tables(POLY_CRC64NVME)) ^ _MASK64


# algorithm -> (running CRC function, digest length in bytes)
_CRCS: "Dict[str, Tuple[Optional[Callable[[Any, int], int]], int]]" = {
    "CRC32": (crc32, 4),
    "CRC32C": (crc32c, 4),
    "CRC64NVME": (crc64nvme, 8),
}


def algorithm_name(algorithm: "Any") -> str:
    """``algorithm`` as S3 spells it (``CRC32``, ``CRC32C``, ``CRC64NVME``, ``SHA1``,
    ``SHA256``, ``SHA512``, ``MD5``), given in any case."""
    name = algorithm.upper() if isinstance(algorithm, str) else None
    if name in _NOT_COMPUTED:
        raise InvalidInputError(
            "%s is one of S3's checksums but is not computed here: use one of %s"
            % (name, ", ".join(ALGORITHMS))
        )
    if name not in ALGORITHMS:
        raise InvalidInputError(
            "algorithm must be one of %s (in any case), got %s" % (", ".join(ALGORITHMS), shown(algorithm))
        )
    return str(name)


def checksum_header(algorithm: str) -> str:
    """The header that carries the checksum: ``x-amz-checksum-`` + the lower-case name
    (``x-amz-checksum-crc32``, ``x-amz-checksum-crc64nvme``, ``x-amz-checksum-sha256``)."""
    return "x-amz-checksum-" + algorithm_name(algorithm).lower()


def _sha(name: str) -> "Any":
    constructor = getattr(hashlib, name.lower(), None)
    if constructor is None:
        raise InvalidInputError(
            "%s is not available on this Python: its hashlib has no %s (MicroPython's "
            "has only sha256); use SHA256 or a CRC" % (name, name.lower())
        )
    return constructor()


def _chunk(value: "Any", where: str) -> "Any":
    """``value`` if it is a chunk of bytes; text and anything else are refused."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return value
    if isinstance(value, str):
        raise InvalidInputError(
            "%s is text (str), not bytes: encode it first (text.encode('utf-8')), or open "
            "the file in binary mode ('rb')" % where
        )
    raise InvalidInputError("%s must be bytes, bytearray or memoryview, got %s" % (where, shown(value, 80)))


def _file_chunks(file: "Any") -> "Generator[Any, None, None]":
    """The chunks of a binary file from its position to its end, ``CHUNK_SIZE`` at a
    time; the position is put back afterwards where the file can tell and seek."""
    try:
        start = file.tell()
    except Exception:  # a pipe or socket: read it once, as it comes
        start = None
    try:
        while True:
            chunk = file.read(CHUNK_SIZE)
            if chunk is None:
                raise InvalidInputError(
                    "the file gave no data without being at its end (a non-blocking "
                    "stream?): pass a blocking binary file"
                )
            if not chunk:
                return
            yield _chunk(chunk, "the file's data")
    finally:
        if start is not None:
            try:
                file.seek(start)
            except Exception:
                pass


def _chunks(data: "Any") -> "Generator[Any, None, None]":
    """The chunks of bytes that ``data`` is made of: itself, a file's reads or the items
    of an iterable."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        yield data
        return
    if isinstance(data, str):
        raise InvalidInputError(
            "data is text (str), not bytes: pass text.encode('utf-8'), or for a file "
            "open(path, 'rb') rather than its name"
        )
    if callable(getattr(data, "read", None)):
        yield from _file_chunks(data)
        return
    try:
        items = iter(data)
    except TypeError:
        raise InvalidInputError(
            "data must be bytes, a binary file object or an iterable of bytes chunks, got %s"
            % shown(data, 80)
        )
    for item in items:
        yield _chunk(item, "each chunk of data")


def _as_bytes(chunk: "Any") -> "Any":
    """``chunk`` as contiguous bytes, one per item: a memoryview of other items (or a
    strided one) is recast (or copied)."""
    if isinstance(chunk, memoryview):
        if not getattr(chunk, "contiguous", True):
            return chunk.tobytes()
        if getattr(chunk, "itemsize", 1) != 1 or getattr(chunk, "ndim", 1) != 1:
            return chunk.cast("B")
    return chunk


def digest(data: "Any", algorithm: str) -> bytes:
    """The raw digest of ``data`` (see :func:`checksum`): the CRC as a big-endian
    unsigned integer of 4 (CRC32, CRC32C) or 8 (CRC64NVME) bytes, or the hash's digest."""
    name = algorithm_name(algorithm)
    update, size = _CRCS.get(name, (None, 0))
    hasher = None if update is not None else _sha(name)
    value = 0
    chunks = _chunks(data)
    try:
        for chunk in chunks:
            if update is not None:
                value = update(chunk, value)
            elif hasher is not None:
                hasher.update(_as_bytes(chunk))
    finally:
        chunks.close()  # puts a file back where it was, even after an error
    if hasher is not None:
        return bytes(hasher.digest())
    return value.to_bytes(size, "big")


def checksum(data: "Any", algorithm: str) -> str:
    """S3's checksum of ``data`` for ``algorithm`` (``CRC32``, ``CRC32C``,
    ``CRC64NVME``, ``SHA1``, ``SHA256``, ``SHA512`` or ``MD5``, in any case):
    ``base64(digest)``, the value of the ``x-amz-checksum-<algorithm>`` header.

    ``data`` is bytes, bytearray or memoryview; a binary file object (read from its
    position to its end, 1 MiB at a time, then put back where it was if it can seek); or
    an iterable of such chunks. Memory stays constant however large the file or stream.
    Text (``str``, a file opened in text mode) is refused: encode it first.
    """
    return binascii.b2a_base64(digest(data, algorithm)).decode("ascii").strip()
