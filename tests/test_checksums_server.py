"""checksum() values against a real S3 server (SeaweedFS), which computes its own.

For each algorithm SeaweedFS checks (CRC32, CRC32C, CRC64NVME, SHA1, SHA256), a
presigned PUT signs ``x-amz-checksum-<algorithm>: checksum(body)`` as a header the
client sends: the server stores the body and answers with the same checksum, and refuses
(400 BadDigest) a body with one byte changed. The body is given to checksum() as bytes,
as a file on disk and as chunks. (SeaweedFS 4.48 accepts SHA512 and MD5 checksum headers
without checking them, so those are not tested here.)
"""

import os
from pathlib import Path
from typing import Any

import pytest
from support.seaweed import error_code

from sigv4presign import checksum, checksum_header, presign_s3

CHECKED_BY_SEAWEEDFS = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"]
BODY = os.urandom(3 * 1024 * 1024 + 5)


def put(s3_server: Any, key: str, body: bytes, algorithm: str, value: str) -> Any:
    presigned = presign_s3("PUT", s3_server.bucket, key, credentials=s3_server.credentials(),
                           region=s3_server.region, endpoint_url=s3_server.endpoint_url,
                           headers={checksum_header(algorithm): value})
    assert presigned.headers[checksum_header(algorithm)] == value  # the client must send it
    return s3_server.request("PUT", presigned.url, body=body, headers=presigned.headers)


@pytest.mark.parametrize("form", ["bytes", "file", "chunks"])
@pytest.mark.parametrize("algorithm", CHECKED_BY_SEAWEEDFS)
def test_server_accepts_the_body_and_agrees(s3_server: Any, tmp_path: Path, algorithm: str, form: str) -> None:
    if form == "file":
        path = tmp_path / "body.bin"
        path.write_bytes(BODY)
        with path.open("rb") as file:
            value = checksum(file, algorithm)
    elif form == "chunks":
        value = checksum((BODY[i:i + 65537] for i in range(0, len(BODY), 65537)), algorithm)
    else:
        value = checksum(BODY, algorithm)
    status, headers, body = put(s3_server, "checksums/%s/%s" % (algorithm, form), BODY, algorithm, value)
    assert status == 200, body
    assert headers.get(checksum_header(algorithm)) == value


@pytest.mark.parametrize("algorithm", CHECKED_BY_SEAWEEDFS)
def test_server_refuses_other_bytes(s3_server: Any, algorithm: str) -> None:
    other = BODY[:1000] + bytes([BODY[1000] ^ 1]) + BODY[1001:]
    status, _, body = put(s3_server, "checksums/%s/refused" % algorithm, other, algorithm,
                          checksum(BODY, algorithm))
    assert status == 400
    assert error_code(body) == "BadDigest"


@pytest.mark.parametrize("algorithm", CHECKED_BY_SEAWEEDFS)
def test_empty_body(s3_server: Any, algorithm: str) -> None:
    status, headers, body = put(s3_server, "checksums/%s/empty" % algorithm, b"", algorithm, checksum(b"", algorithm))
    assert status == 200, body
    assert headers.get(checksum_header(algorithm)) == checksum(b"", algorithm)
