"""S3 operations end to end against a real server (SeaweedFS) that checks signatures.

Everything here goes over presigned URLs only: a multipart upload from create to
complete, response header overrides, signed headers that must match what is sent,
temporary credentials from STS AssumeRole, and a boto3-style code sample.
"""

import random
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Dict, List, Optional
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from support.seaweed import error_code

import sigv4presign
from sigv4presign import CredentialExpiryWarning, Credentials, presign_s3

MIB = 1024 * 1024


def xml_texts(body: bytes, name: str) -> List[str]:
    """The texts of every element called ``name`` in an S3 XML answer (any namespace)."""
    return [(e.text or "") for e in ET.fromstring(body).iter() if e.tag.rsplit("}", 1)[-1] == name]


def s3_client(server: Any, credentials: Optional[Credentials] = None) -> Any:
    creds = credentials or server.credentials()
    return sigv4presign.client(
        "s3",
        region_name=server.region,
        endpoint_url=server.endpoint_url,
        aws_access_key_id=creds.access_key_id,
        aws_secret_access_key=creds.secret_access_key,
        aws_session_token=creds.session_token,
    )


_counter = [0]


def fresh_key(prefix: str) -> str:
    _counter[0] += 1
    return "ops/%s/%d/\u00fcber file (%d).bin" % (prefix, random.randrange(10**9), _counter[0])


# --- Multipart upload, entirely with presigned URLs ------------------------------------

def test_multipart_upload_with_presigned_urls(s3_server: Any) -> None:
    s3 = s3_client(s3_server)
    bucket, key = s3_server.bucket, fresh_key("multipart")
    rng = random.Random(20260314)
    parts = [rng.randbytes(5 * MIB), rng.randbytes(5 * MIB + 12345)]

    create = s3.presign("create_multipart_upload", Params={"Bucket": bucket, "Key": key, "ContentType": "application/x-test"})
    assert create.method == "POST"
    status, _, body = s3_server.request("POST", create.url, headers=create.headers)
    assert status == 200, body
    (upload_id,) = xml_texts(body, "UploadId")
    assert upload_id

    etags = []
    for number, data in enumerate(parts, start=1):
        url = s3.generate_presigned_url(
            "upload_part", Params={"Bucket": bucket, "Key": key, "UploadId": upload_id, "PartNumber": number}
        )
        status, headers, body = s3_server.request("PUT", url, data)
        assert status == 200, body
        etags.append(headers["etag"])

    listing = s3.generate_presigned_url("list_parts", Params={"Bucket": bucket, "Key": key, "UploadId": upload_id})
    status, _, body = s3_server.request("GET", listing)
    assert status == 200, body
    assert xml_texts(body, "PartNumber") == ["1", "2"]
    assert [int(size) for size in xml_texts(body, "Size")] == [len(p) for p in parts]
    assert [t.strip('"') for t in xml_texts(body, "ETag")] == [t.strip('"') for t in etags]

    document = "<CompleteMultipartUpload>%s</CompleteMultipartUpload>" % "".join(
        "<Part><PartNumber>%d</PartNumber><ETag>%s</ETag></Part>" % (n, t) for n, t in enumerate(etags, start=1)
    )
    complete = s3.generate_presigned_url("complete_multipart_upload", Params={"Bucket": bucket, "Key": key, "UploadId": upload_id})
    status, _, body = s3_server.request("POST", complete, document.encode(), {"Content-Type": "application/xml"})
    assert status == 200, body
    assert b"Error" not in body

    status, headers, body = s3_server.request("GET", s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}))
    assert status == 200
    assert body == parts[0] + parts[1]
    assert headers["content-type"] == "application/x-test"


def test_abort_multipart_upload(s3_server: Any) -> None:
    s3 = s3_client(s3_server)
    bucket, key = s3_server.bucket, fresh_key("abort")
    status, _, body = s3_server.request("POST", s3.generate_presigned_url("create_multipart_upload", Params={"Bucket": bucket, "Key": key}))
    assert status == 200, body
    (upload_id,) = xml_texts(body, "UploadId")
    ids = {"Bucket": bucket, "Key": key, "UploadId": upload_id}
    status, _, body = s3_server.request("DELETE", s3.generate_presigned_url("abort_multipart_upload", Params=ids))
    assert status == 204, body
    status, _, body = s3_server.request("GET", s3.generate_presigned_url("list_parts", Params=ids))
    assert status == 404 and b"NoSuchUpload" in body


# --- Single-object operations ------------------------------------------------------------

def test_put_head_get_range_list_tagging_delete(s3_server: Any) -> None:
    s3 = s3_client(s3_server)
    bucket, key = s3_server.bucket, fresh_key("object")
    data = bytes(range(256)) * 40
    put = s3.presign("put_object", Params={
        "Bucket": bucket, "Key": key, "ContentType": "application/octet-stream",
        "Metadata": {"owner": "tests"}, "Tagging": "project=presign&team=core",
    })
    status, _, body = s3_server.request("PUT", put.url, data, put.headers)
    assert status == 200, body

    status, headers, _ = s3_server.request("HEAD", s3.generate_presigned_url("head_object", Params={"Bucket": bucket, "Key": key}))
    assert status == 200
    assert headers["content-length"] == str(len(data))
    assert headers["x-amz-meta-owner"] == "tests"

    ranged = s3.presign("get_object", Params={"Bucket": bucket, "Key": key, "Range": "bytes=10-19"})
    status, _, body = s3_server.request("GET", ranged.url, headers=ranged.headers)
    assert status == 206 and body == data[10:20]

    prefix = key.rsplit("/", 1)[0] + "/"
    status, _, body = s3_server.request("GET", s3.generate_presigned_url("list_objects_v2", Params={"Bucket": bucket, "Prefix": prefix}))
    assert status == 200, body
    assert xml_texts(body, "Key") == [key]

    status, _, body = s3_server.request("GET", s3.generate_presigned_url("get_object_tagging", Params={"Bucket": bucket, "Key": key}))
    assert status == 200, body
    assert dict(zip(xml_texts(body, "Key"), xml_texts(body, "Value"))) == {"project": "presign", "team": "core"}

    status, _, _ = s3_server.request("DELETE", s3.generate_presigned_url("delete_object", Params={"Bucket": bucket, "Key": key}))
    assert status == 204
    status, _, _ = s3_server.request("GET", s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}))
    assert status == 404


def test_response_overrides_come_back_in_the_get_response(s3_server: Any) -> None:
    s3 = s3_client(s3_server)
    bucket, key = s3_server.bucket, fresh_key("overrides")
    status, _, _ = s3_server.request("PUT", s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": key}), b"hello")
    assert status == 200
    disposition = 'attachment; filename="report 2026.txt"'
    url = s3.generate_presigned_url("get_object", Params={
        "Bucket": bucket, "Key": key,
        "ResponseContentDisposition": disposition,
        "ResponseContentType": "text/plain; charset=utf-8",
    })
    status, headers, body = s3_server.request("GET", url)
    assert status == 200 and body == b"hello"
    assert headers["content-disposition"] == disposition
    assert headers["content-type"] == "text/plain; charset=utf-8"


# (signed headers, headers sent instead); the request always sends a Content-Type,
# application/octet-stream unless the case names one.
MISMATCHES = [
    ({"Content-Type": "text/plain"}, {"Content-Type": "text/html"}),
    ({"Content-Type": "text/plain"}, {}),
    ({"x-amz-meta-owner": "alice"}, {"x-amz-meta-owner": "mallory"}),
    ({"x-amz-meta-owner": "alice"}, {}),
    ({"x-amz-meta-owner": "alice"}, {"x-amz-meta-owner": "alice", "x-amz-meta-extra": "unsigned"}),
    ({"x-amz-meta-owner": "alice", "x-amz-meta-team": "core"}, {"x-amz-meta-owner": "alice"}),
]


@pytest.mark.parametrize(("signed", "sent"), MISMATCHES)
def test_put_with_other_headers_than_signed_is_refused(s3_server: Any, signed: Dict[str, str], sent: Dict[str, str]) -> None:
    bucket, key = s3_server.bucket, fresh_key("mismatch")
    presigned = presign_s3("PUT", bucket, key, credentials=s3_server.credentials(), region=s3_server.region,
                           endpoint_url=s3_server.endpoint_url, headers=signed)
    assert presigned.headers == signed
    status, _, body = s3_server.request("PUT", presigned.url, b"payload", sent)
    assert (status, error_code(body)) == (403, "SignatureDoesNotMatch"), body
    # the same URL with exactly the signed headers works
    status, _, body = s3_server.request("PUT", presigned.url, b"payload", presigned.headers)
    assert status == 200, body


def test_put_with_the_signed_headers_stores_them(s3_server: Any) -> None:
    s3 = s3_client(s3_server)
    bucket, key = s3_server.bucket, fresh_key("signed")
    put = s3.presign("put_object", Params={"Bucket": bucket, "Key": key, "ContentType": "image/png",
                                           "Metadata": {"camera": "z6"}, "CacheControl": "max-age=60"})
    assert put.headers == {"Content-Type": "image/png", "x-amz-meta-camera": "z6", "Cache-Control": "max-age=60"}
    status, _, body = s3_server.request("PUT", put.url, b"\x89PNG", put.headers)
    assert status == 200, body
    status, headers, _ = s3_server.request("HEAD", s3.generate_presigned_url("head_object", Params={"Bucket": bucket, "Key": key}))
    assert status == 200
    assert headers["content-type"] == "image/png"
    assert headers["x-amz-meta-camera"] == "z6"


# --- Temporary credentials ----------------------------------------------------------------

def _with_query(url: str, change: Any) -> str:
    """``url`` with its query pairs passed through ``change`` and re-encoded."""
    base, _, query = url.partition("?")
    pairs = change(parse_qsl(query, keep_blank_values=True))
    return base + "?" + urlencode(pairs, quote_via=quote)


# How S3 refuses a temporary key whose token is missing or wrong.
REFUSALS = {(403, "InvalidAccessKeyId"), (403, "InvalidToken"), (403, "SignatureDoesNotMatch"), (403, "AccessDenied")}


def test_temporary_credentials_from_assume_role(s3_server: Any) -> None:
    temporary = s3_server.assume_role("presign-ops")
    assert temporary.session_token
    s3 = s3_client(s3_server, temporary)
    bucket, key = s3_server.bucket, fresh_key("sts")
    put = s3.presign("put_object", Params={"Bucket": bucket, "Key": key, "ContentType": "text/plain"})
    assert "X-Amz-Security-Token=" in put.url
    status, _, body = s3_server.request("PUT", put.url, b"temporary", put.headers)
    assert status == 200, body
    get_url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key})
    status, _, body = s3_server.request("GET", get_url)
    assert status == 200 and body == b"temporary"

    stripped = _with_query(get_url, lambda pairs: [(n, v) for n, v in pairs if n != "X-Amz-Security-Token"])
    assert "X-Amz-Security-Token" not in stripped
    status, _, body = s3_server.request("GET", stripped)
    assert (status, error_code(body)) in REFUSALS, body

    def alter(pairs: Any) -> Any:
        return [(n, v[:-4] + ("AAAA" if v[-4:] != "AAAA" else "BBBB") if n == "X-Amz-Security-Token" else v) for n, v in pairs]

    altered = _with_query(get_url, alter)
    assert altered != get_url
    status, _, body = s3_server.request("GET", altered)
    assert (status, error_code(body)) in REFUSALS, body


def test_temporary_credentials_expiring_first_warn(s3_server: Any) -> None:
    temporary = s3_server.assume_role("presign-expiry")
    assert temporary.expiration is not None
    with pytest.warns(CredentialExpiryWarning):
        presigned = presign_s3("GET", s3_server.bucket, "k", credentials=temporary, region=s3_server.region,
                               endpoint_url=s3_server.endpoint_url, expires_in=604800)
    assert presigned.expires_at == temporary.expiration


# --- A boto3 code sample with only the client line changed -----------------------------

def boto3_style_sample(s3: Any, bucket: str, key: str, server: Any) -> bytes:
    """Written for boto3: presign a PUT and a GET, then use them with plain HTTP."""
    put_url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=1000)
    status, _, body = server.request("PUT", put_url, b"sample body")
    assert status == 200, body
    get_url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=1000)
    status, _, body = server.request("GET", get_url)
    assert status == 200, body
    return bytes(body)


def test_boto3_sample_with_arguments(s3_server: Any) -> None:
    s3 = sigv4presign.client(
        "s3",
        endpoint_url=s3_server.endpoint_url,
        aws_access_key_id=s3_server.access_key,
        aws_secret_access_key=s3_server.secret_key,
        region_name=s3_server.region,
    )
    assert boto3_style_sample(s3, s3_server.bucket, fresh_key("sample-args"), s3_server) == b"sample body"


def test_boto3_sample_with_environment_only(s3_server: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(__import__("os").environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", s3_server.access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", s3_server.secret_key)
    monkeypatch.setenv("AWS_REGION", s3_server.region)
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", s3_server.endpoint_url)
    s3 = sigv4presign.client("s3")
    assert boto3_style_sample(s3, s3_server.bucket, fresh_key("sample-env"), s3_server) == b"sample body"


def test_boto3_sample_with_temporary_credentials_from_environment(s3_server: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    temporary = s3_server.assume_role("presign-env")
    for name in list(__import__("os").environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", temporary.access_key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", temporary.secret_access_key)
    monkeypatch.setenv("AWS_SESSION_TOKEN", temporary.session_token or "")
    monkeypatch.setenv("AWS_DEFAULT_REGION", s3_server.region)
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_server.endpoint_url)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 1000 s is well inside the token's lifetime
        s3 = sigv4presign.client("s3")
        assert boto3_style_sample(s3, s3_server.bucket, fresh_key("sample-sts"), s3_server) == b"sample body"
    assert urlsplit(s3.generate_presigned_url("get_object", Params={"Bucket": "b1b", "Key": "k"})).netloc == urlsplit(s3_server.endpoint_url).netloc
