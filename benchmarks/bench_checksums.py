"""MB/s of sigv4presign's S3 checksums, beside the C implementations where installed.

    .venv/bin/python benchmarks/bench_checksums.py            # 8 MiB, best of 5
    .venv/bin/python benchmarks/bench_checksums.py --size 2 --repeat 3

Each row checksums the same random buffer in one call and reports the best of
``--repeat`` runs in CPU time (``time.process_time``, so other load on the machine
counts less). Rows: our ``checksum()`` per algorithm; our pure-Python CRC-32 (used where
``binascii.crc32`` is missing); our one-table (MicroPython) CRC path; and, for
comparison, awscrt's C CRCs, ``zlib.crc32`` and ``hashlib``. Every row's value is
checked against the reference before it is timed.
"""

import argparse
import base64
import hashlib
import os
import time
import zlib
from typing import Callable, List, Tuple

from sigv4presign.core import checksums


def best(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=8, help="MiB to checksum (default 8)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per row (default 5)")
    args = parser.parse_args()
    data = os.urandom(args.size * 1024 * 1024)
    b64 = lambda raw: base64.b64encode(raw).decode()  # noqa: E731

    one_table_c = checksums.crc_tables(checksums.POLY_CRC32C)[:1]
    one_table_64 = checksums.crc_tables(checksums.POLY_CRC64NVME)[:1]
    rows: List[Tuple[str, Callable[[], object], object, object]] = [
        ("checksum CRC32 (binascii.crc32)", lambda: checksums.checksum(data, "CRC32"),
         b64(zlib.crc32(data).to_bytes(4, "big")), None),
        ("crc32, pure Python (8 tables)", lambda: checksums._pure_crc32(data), zlib.crc32(data), None),
        ("checksum CRC32C (8 tables)", lambda: checksums.checksum(data, "CRC32C"), None, "crc32c"),
        ("checksum CRC64NVME (8 tables)", lambda: checksums.checksum(data, "CRC64NVME"), None, "crc64nvme"),
        ("CRC32C, one table (MicroPython's path)",
         lambda: checksums._reflected_crc(data, 0xFFFFFFFF, one_table_c) ^ 0xFFFFFFFF, None, "crc32c-int"),
        ("CRC64NVME, one table (MicroPython's path)",
         lambda: checksums._reflected_crc(data, 2**64 - 1, one_table_64) ^ (2**64 - 1), None, "crc64nvme-int"),
        ("checksum SHA1", lambda: checksums.checksum(data, "SHA1"), b64(hashlib.sha1(data).digest()), None),
        ("checksum SHA256", lambda: checksums.checksum(data, "SHA256"), b64(hashlib.sha256(data).digest()), None),
        ("zlib.crc32 (C)", lambda: zlib.crc32(data), None, None),
    ]
    try:
        from awscrt import checksums as crt
    except ImportError:
        crt = None
        print("awscrt: not installed (the CRC32C and CRC64NVME rows are not checked)")
    else:
        rows += [("awscrt crc32c (C)", lambda: crt.crc32c(data), None, None),
                 ("awscrt crc64nvme (C)", lambda: crt.crc64nvme(data), None, None)]

    print("%-44s %10s" % ("%d MiB, best of %d" % (args.size, args.repeat), "MB/s"))
    for name, function, expected, crt_name in rows:
        got = function()
        if crt is not None and crt_name is not None:
            kind = crt_name.replace("-int", "")
            value = getattr(crt, kind)(data)
            expected = value if crt_name.endswith("-int") else b64(value.to_bytes(4 if kind == "crc32c" else 8, "big"))
        if expected is not None:
            assert got == expected, name
        seconds = best(function, args.repeat)
        print("%-44s %10.1f" % (name, len(data) / seconds / 1e6 if seconds else float("inf")))


if __name__ == "__main__":
    main()
