"""Checksums and conditional writes end to end, against SeaweedFS (tests/seaweed.py).

A presigned PUT that signs ``x-amz-checksum-sha256`` uploads the bytes whose checksum it
names and is refused for any other bytes; ``If-None-Match: *`` refuses a second upload
of the same key and ``If-Match`` one whose ETag moved on.
"""

import base64
import hashlib

import pytest

from sigv4presign import presign_s3

BUCKET = "presign-checksums"


@pytest.fixture(scope="module")
def server(s3_server):
    s3_server.create_bucket(BUCKET)
    return s3_server


def sign(server, method: str, key: str, **kwargs):
    return presign_s3(method, BUCKET, key, credentials=server.credentials(), region=server.region,
                      endpoint_url=server.endpoint_url, **kwargs)


def sha256_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def test_a_put_with_a_signed_sha256_uploads_the_right_bytes(server) -> None:
    body = b"the right bytes\x00\xff" * 100
    put = sign(server, "PUT", "sum/right.bin", checksum=("SHA256", sha256_b64(body)))
    status, _, answer = server.request("PUT", put.url, body, put.headers)
    assert status == 200, answer
    status, _, got = server.request("GET", sign(server, "GET", "sum/right.bin").url)
    assert (status, got) == (200, body)


def test_a_put_with_a_signed_sha256_refuses_other_bytes(server) -> None:
    body = b"the right bytes"
    put = sign(server, "PUT", "sum/wrong.bin", checksum=("SHA256", sha256_b64(body)))
    status, _, answer = server.request("PUT", put.url, b"other bytes!!!!", put.headers)
    assert status == 400, answer
    assert b"BadDigest" in answer or b"XAmzContentChecksumMismatch" in answer or b"InvalidDigest" in answer, answer
    status, _, _ = server.request("HEAD", sign(server, "HEAD", "sum/wrong.bin").url)
    assert status == 404


def test_the_checksum_header_cannot_be_left_out(server) -> None:
    body = b"abc"
    put = sign(server, "PUT", "sum/unsent.bin", checksum=("SHA256", sha256_b64(body)))
    status, _, _ = server.request("PUT", put.url, body)  # the signed header not sent
    assert status == 403


def test_if_none_match_star_refuses_a_second_upload(server) -> None:
    first = sign(server, "PUT", "cond/once.txt", headers={"If-None-Match": "*"})
    status, _, answer = server.request("PUT", first.url, b"first", first.headers)
    assert status == 200, answer
    second = sign(server, "PUT", "cond/once.txt", headers={"If-None-Match": "*"})
    status, _, answer = server.request("PUT", second.url, b"second", second.headers)
    assert status == 412, answer
    status, _, got = server.request("GET", sign(server, "GET", "cond/once.txt").url)
    assert got == b"first"


def test_if_match_refuses_an_upload_over_a_changed_object(server) -> None:
    put = sign(server, "PUT", "cond/match.txt")
    status, headers, _ = server.request("PUT", put.url, b"v1", put.headers)
    etag = headers["etag"]
    stale = sign(server, "PUT", "cond/match.txt", headers={"If-Match": '"0000000000000000"'})
    status, _, answer = server.request("PUT", stale.url, b"v2", stale.headers)
    assert status == 412, answer
    fresh = sign(server, "PUT", "cond/match.txt", headers={"If-Match": etag})
    status, _, answer = server.request("PUT", fresh.url, b"v2", fresh.headers)
    assert status == 200, answer


def test_a_post_form_with_a_checksum_takes_only_the_right_file(server) -> None:
    from test_post_server import submit

    from sigv4presign import presign_s3_post

    body = b"form bytes"
    form = presign_s3_post(BUCKET, "sum/form.bin", credentials=server.credentials(), region=server.region,
                           endpoint_url=server.endpoint_url, checksum=("SHA256", sha256_b64(body)))
    status, _, answer = submit(server, form, data=b"other bytes")
    assert status in (400, 403), answer
    status, _, answer = submit(server, form, data=body)
    assert status == 204, answer
    status, _, got = server.request("GET", sign(server, "GET", "sum/form.bin").url)
    assert (status, got) == (200, body)
