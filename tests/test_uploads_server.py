"""The upload service over HTTP (wsgiref on 127.0.0.1) with SeaweedFS as S3: every row
of the Companion S3 contract and of ``/s3/presign``, resuming and abort, the attacks the
service must refuse, bad bodies, and 200 concurrent signing requests.

What S3 stores is read back from SeaweedFS, which checks every signature and POST policy.
"""

import os
import threading
import uuid
import xml.etree.ElementTree as ET
from typing import Any, Dict, Iterator, List

import pytest
from support.uploads import (
    MIB,
    ServedApp,
    error_code,
    post_form,
    put_bucket_cors,
    put_url,
    s3_get,
    s3_list_uploads,
)

from sigv4presign.uploads import Grant, make_app

BUCKET = "uploads-e2e"
ORIGIN = "http://127.0.0.1:5173"


@pytest.fixture(scope="module")
def server(s3_server: Any) -> Any:
    s3_server.create_bucket(BUCKET)
    put_bucket_cors(s3_server, BUCKET, [ORIGIN])
    return s3_server


@pytest.fixture()
def serve(server: Any) -> Iterator[Any]:
    """serve(**make_app arguments) -> a ServedApp on loopback, closed after the test."""
    started: List[ServedApp] = []

    def start(**kwargs: Any) -> ServedApp:
        settings: Dict[str, Any] = {
            "bucket": BUCKET, "region": server.region, "credentials": server.credentials(),
            "endpoint_url": server.endpoint_url, "prefix": "uploads/%s/" % uuid.uuid4().hex[:8],
        }
        settings.update(kwargs)
        served = ServedApp(make_app(**settings))
        served.settings = settings  # type: ignore[attr-defined]
        started.append(served)
        return served

    yield start
    for served in started:
        served.close()


def xml_text(body: bytes, name: str) -> str:
    for element in ET.fromstring(body).iter():
        if element.tag.rsplit("}", 1)[-1] == name:
            return element.text or ""
    return ""


def upload_parts(app: ServedApp, key: str, upload_id: str, chunks: List[bytes]) -> List[Dict[str, Any]]:
    """PUT each chunk to the URL of GET /s3/multipart/{id}/{n}; the parts with ETags."""
    parts = []
    for number, chunk in enumerate(chunks, 1):
        status, _, answer = app.call("GET", "/s3/multipart/%s/%d" % (upload_id, number), {"key": key})
        assert status == 200, answer
        assert set(answer) == {"url", "expires"}
        status, headers, body = put_url(answer["url"], chunk)
        assert status == 200, body[:300]
        parts.append({"PartNumber": number, "ETag": headers["etag"]})
    return parts


def create(app: ServedApp, filename: str = "movie.mp4", kind: str = "video/mp4") -> Dict[str, Any]:
    status, _, answer = app.call("POST", "/s3/multipart", body={"filename": filename, "type": kind, "metadata": {}})
    assert status == 200, answer
    return answer  # type: ignore[no-any-return]


# -- the contract, row by row -----------------------------------------------------------

def test_params_answers_a_post_form_that_s3_takes(serve: Any, server: Any) -> None:
    app = serve(max_size=MIB)
    status, headers, answer = app.call(
        "GET", "/s3/params", {"filename": "holiday photo.png", "type": "image/png", "metadata[name]": "x"}
    )
    assert status == 200
    assert headers["cache-control"] == "no-store"
    assert answer["method"] == "POST" and answer["expires"] == 900
    fields = answer["fields"]
    key = fields["key"]
    assert key.startswith(app.settings["prefix"]) and key.endswith("/holiday photo.png")
    assert fields["Content-Type"] == "image/png"
    data = os.urandom(70_000)
    status, _, body = post_form(answer["url"], fields, data)
    assert status == 201, body[:300]
    status, got, stored = s3_get(server, BUCKET, key)
    assert status == 200 and stored == data
    assert got["content-type"] == "image/png"


def test_multipart_create_sign_list_complete(serve: Any, server: Any) -> None:
    app = serve()
    created = create(app, "big file.bin", "application/octet-stream")
    assert set(created) == {"key", "uploadId", "bucket"} and created["bucket"] == BUCKET
    key, upload_id = created["key"], created["uploadId"]
    chunks = [os.urandom(5 * MIB), os.urandom(5 * MIB), os.urandom(2 * MIB)]
    parts = upload_parts(app, key, upload_id, chunks[:2])
    # the batch row signs the last part
    status, _, batch = app.call("GET", "/s3/multipart/%s/batch" % upload_id, {"key": key, "partNumbers": "3"})
    assert status == 200 and set(batch) == {"presignedUrls"} and set(batch["presignedUrls"]) == {"3"}
    status, headers, _ = put_url(batch["presignedUrls"]["3"], chunks[2])
    assert status == 200
    parts.append({"PartNumber": 3, "ETag": headers["etag"]})

    status, _, listed = app.call("GET", "/s3/multipart/%s" % upload_id, {"key": key})
    assert status == 200
    assert [(p["PartNumber"], p["ETag"], p["Size"]) for p in listed] == [
        (p["PartNumber"], p["ETag"], len(c)) for p, c in zip(parts, chunks)
    ]
    status, _, done = app.call("POST", "/s3/multipart/%s/complete" % upload_id, {"key": key}, {"parts": parts})
    assert status == 200, done
    assert done["key"] == key and done["bucket"] == BUCKET and done["location"]
    status, _, stored = s3_get(server, BUCKET, key)
    assert status == 200 and stored == b"".join(chunks)


def test_batch_signs_several_parts(serve: Any) -> None:
    app = serve()
    created = create(app)
    status, _, batch = app.call(
        "GET", "/s3/multipart/%s/batch" % created["uploadId"], {"key": created["key"], "partNumbers": "4,6,1"}
    )
    assert status == 200 and sorted(batch["presignedUrls"]) == ["1", "4", "6"]
    assert "partNumber=4" in batch["presignedUrls"]["4"]


def test_resume_lists_the_parts_already_there(serve: Any, server: Any) -> None:
    app = serve()
    created = create(app)
    key, upload_id = created["key"], created["uploadId"]
    first = os.urandom(5 * MIB)
    upload_parts(app, key, upload_id, [first])
    # a new page (or a restarted browser) asks what is there, and goes on from it
    status, _, listed = app.call("GET", "/s3/multipart/%s" % upload_id, {"key": key})
    assert status == 200 and [p["PartNumber"] for p in listed] == [1] and listed[0]["Size"] == len(first)
    second = os.urandom(1000)
    status, _, answer = app.call("GET", "/s3/multipart/%s/2" % upload_id, {"key": key})
    status, headers, _ = put_url(answer["url"], second)
    assert status == 200
    parts = [{"PartNumber": 1, "ETag": listed[0]["ETag"]}, {"PartNumber": 2, "ETag": headers["etag"]}]
    status, _, done = app.call("POST", "/s3/multipart/%s/complete" % upload_id, {"key": key}, {"parts": parts})
    assert status == 200, done
    assert s3_get(server, BUCKET, key)[2] == first + second


def test_abort_removes_the_upload(serve: Any, server: Any) -> None:
    app = serve()
    created = create(app)
    key, upload_id = created["key"], created["uploadId"]
    upload_parts(app, key, upload_id, [os.urandom(1000)])
    assert upload_id in s3_list_uploads(server, BUCKET, app.settings["prefix"])
    status, _, answer = app.call("DELETE", "/s3/multipart/%s" % upload_id, {"key": key})
    assert (status, answer) == (200, {})
    assert upload_id not in s3_list_uploads(server, BUCKET, app.settings["prefix"])
    status, _, answer = app.call("GET", "/s3/multipart/%s" % upload_id, {"key": key})
    assert status == 404 and answer == {"error": "no such upload"}


def test_complete_refuses_parts_not_uploaded(serve: Any) -> None:
    app = serve()
    created = create(app)
    key, upload_id = created["key"], created["uploadId"]
    parts = upload_parts(app, key, upload_id, [os.urandom(100)])
    for bad in ([{"PartNumber": 2, "ETag": parts[0]["ETag"]}], [{"PartNumber": 1, "ETag": '"00"'}]):
        status, _, answer = app.call("POST", "/s3/multipart/%s/complete" % upload_id, {"key": key}, {"parts": bad})
        assert status == 400 and "was not uploaded" in answer["error"]
    for bad in ({}, {"parts": []}, {"parts": [{"PartNumber": "1", "ETag": "x"}]}, {"parts": parts + parts}):
        status, _, answer = app.call("POST", "/s3/multipart/%s/complete" % upload_id, {"key": key}, bad)
        assert status == 400, bad


# -- /s3/presign: signRequest mode ---------------------------------------------------------

def test_presign_put_object_is_a_post_form_with_a_minted_key(serve: Any, server: Any) -> None:
    app = serve(max_size=MIB)
    status, _, answer = app.call("POST", "/s3/presign", body={"method": "PUT", "key": "3f-notes.txt", "contentType": "text/plain"})
    assert status == 200
    assert set(answer) == {"url", "fields", "key", "expires"}
    assert answer["key"] == answer["fields"]["key"] and answer["key"].endswith("/3f-notes.txt")
    data = b"hello\n" * 1000
    assert post_form(answer["url"], answer["fields"], data)[0] == 201
    assert s3_get(server, BUCKET, answer["key"])[2] == data


def test_presign_every_multipart_operation(serve: Any, server: Any) -> None:
    app = serve()

    def sign(**body: Any) -> Dict[str, Any]:
        status, _, answer = app.call("POST", "/s3/presign", body=body)
        assert status == 200, answer
        return answer  # type: ignore[no-any-return]

    created = sign(method="POST", key="clip.mov")
    assert created["headers"] == {"Content-Type": "video/quicktime"}  # the type is pinned (guessed)
    key = created["key"]
    assert key.startswith(app.settings["prefix"]) and key.endswith("/clip.mov")
    status, _, body = server.request("POST", created["url"], b"", created["headers"])
    assert status == 200, body[:300]
    upload_id = xml_text(body, "UploadId")
    chunks = [os.urandom(5 * MIB), os.urandom(300)]
    etags = []
    for number, chunk in enumerate(chunks, 1):
        url = sign(method="PUT", key=key, uploadId=upload_id, partNumber=number)["url"]
        status, headers, _ = put_url(url, chunk)
        assert status == 200
        etags.append(headers["etag"])
    status, _, listing = server.request("GET", sign(method="GET", key=key, uploadId=upload_id)["url"])
    assert status == 200 and xml_text(listing, "PartNumber") == "1"
    xml = "<CompleteMultipartUpload>%s</CompleteMultipartUpload>" % "".join(
        "<Part><PartNumber>%d</PartNumber><ETag>%s</ETag></Part>" % (n, e.strip('"')) for n, e in enumerate(etags, 1)
    )
    url = sign(method="POST", key=key, uploadId=upload_id)["url"]
    status, _, body = server.request("POST", url, xml.encode(), {"Content-Type": "application/xml"})
    assert status == 200 and xml_text(body, "Key") == key
    assert s3_get(server, BUCKET, key)[2] == b"".join(chunks)

    other = sign(method="POST", key="gone.bin")
    status, _, body = server.request("POST", other["url"], b"", other["headers"])
    other_id = xml_text(body, "UploadId")
    status, _, _ = server.request("DELETE", sign(method="DELETE", key=other["key"], uploadId=other_id)["url"])
    assert status == 204
    assert other_id not in s3_list_uploads(server, BUCKET, app.settings["prefix"])


def test_presign_refuses_other_operations(serve: Any) -> None:
    app = serve()
    for body in ({"method": "GET", "key": "x"}, {"method": "DELETE", "key": "x"}, {"method": "HEAD", "key": "x"}):
        status, _, answer = app.call("POST", "/s3/presign", body=body)
        assert status == 403 and "url" not in answer
    created = create(app)
    status, _, answer = app.call("POST", "/s3/presign", body={"method": "PATCH", "key": created["key"], "uploadId": created["uploadId"]})
    assert status == 400
    for part in (0, 10001, "x", None, True):
        status, _, answer = app.call("POST", "/s3/presign", body={"method": "PUT", "key": created["key"], "uploadId": created["uploadId"], "partNumber": part})
        assert status == 400 and "url" not in answer


# -- attacks ---------------------------------------------------------------------------

def test_keys_outside_the_prefix_or_not_minted_are_refused_before_signing(serve: Any) -> None:
    app = serve(key_secret=b"k" * 32)
    created = create(app)
    upload_id, key = created["uploadId"], created["key"]
    prefix = app.settings["prefix"]
    token, name = key[len(prefix):].split("/", 1)
    forged_token = ("0" * 20) + token[20:]  # a well-formed token with another nonce: the tag no longer matches
    bad_keys = [
        "elsewhere/" + key[len(prefix):],        # outside the prefix
        "uploads/" + key[len(prefix):],          # the parent of this app's prefix
        prefix + "notes.txt",                    # under the prefix, not minted
        prefix + "abc/notes.txt",
        prefix + token + "/../" + name,
        prefix + token + "/sub/" + name,
        prefix + forged_token + "/" + name,
        prefix + token + "/other-name.mp4",       # the tag covers the name too
        "",
    ]
    for bad in bad_keys:
        for method, path, query, body in (
            ("GET", "/s3/multipart/%s/1" % upload_id, {"key": bad}, None),
            ("GET", "/s3/multipart/%s/batch" % upload_id, {"key": bad, "partNumbers": "1"}, None),
            ("GET", "/s3/multipart/%s" % upload_id, {"key": bad}, None),
            ("POST", "/s3/multipart/%s/complete" % upload_id, {"key": bad}, {"parts": [{"PartNumber": 1, "ETag": "x"}]}),
            ("DELETE", "/s3/multipart/%s" % upload_id, {"key": bad}, None),
            ("POST", "/s3/presign", None, {"method": "PUT", "key": bad, "uploadId": upload_id, "partNumber": 1}),
        ):
            status, _, answer = app.call(method, path, query, body)
            assert status == 403, (bad, path, answer)
            assert set(answer) == {"error"}  # nothing signed
    # the genuine key still works
    assert app.call("GET", "/s3/multipart/%s/1" % upload_id, {"key": key})[0] == 200


def test_keys_without_a_secret_must_still_have_the_minted_shape(serve: Any) -> None:
    app = serve()
    created = create(app)
    prefix = app.settings["prefix"]
    for bad in (prefix + "x.txt", prefix + "Z" * 32 + "/x.txt", prefix + "a" * 31 + "/x.txt", prefix + "a" * 32 + "/a\x01b"):
        status, _, answer = app.call("GET", "/s3/multipart/%s/1" % created["uploadId"], {"key": bad})
        assert status == 403 and "url" not in answer


@pytest.mark.parametrize("filename", [
    "../../etc/passwd", "/absolute/name.txt", "dir/sub/name.txt", "dir\\windows\\name.txt",
    "ctrl\x00\x01\r\n\x7f\u0085name.txt", "x" * 1000, "ü" * 500 + ".png", "..", ".", " ", "a/..", "\u202eevil.exe",
], ids=["dotdot", "absolute", "slashes", "backslashes", "controls", "1000-bytes", "1000-bytes-utf8", "dotdot-only", "dot", "space", "trailing-dotdot", "rtl"])
def test_hostile_filenames_stay_one_safe_segment(serve: Any, server: Any, filename: str) -> None:
    app = serve()
    prefix = app.settings["prefix"]
    status, _, answer = app.call("GET", "/s3/params", {"filename": filename, "type": "text/plain"})
    assert status == 200
    key = answer["fields"]["key"]
    assert key.startswith(prefix)
    token, name = key[len(prefix):].split("/")  # exactly one segment after the token
    assert len(token) == 32 and name not in ("", ".", "..")
    assert len(key.encode("utf-8")) <= 1024 and len(name.encode("utf-8")) <= 255
    assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in key) and "\\" not in key
    # S3 takes it, and it is where the key says
    data = filename.encode("utf-8", "replace")[:100] or b"-"
    assert post_form(answer["url"], answer["fields"], data)[0] == 201
    assert s3_get(server, BUCKET, key)[2] == data


def test_types_outside_allowed_types_are_415(serve: Any) -> None:
    app = serve(allowed_types=["image/*", "application/pdf"])
    assert app.call("GET", "/s3/params", {"filename": "a.png", "type": "image/png"})[0] == 200
    assert app.call("GET", "/s3/params", {"filename": "a.pdf", "type": "application/pdf"})[0] == 200
    for kind in ("text/html", "application/pdfx", "imagex/png", "not a type", "image"):
        status, _, answer = app.call("GET", "/s3/params", {"filename": "a.png", "type": kind})
        assert status == 415 and set(answer) == {"error"}, kind
        status, _, answer = app.call("POST", "/s3/multipart", body={"filename": "a.png", "type": kind})
        assert status == 415, kind
        status, _, answer = app.call("POST", "/s3/presign", body={"method": "PUT", "key": "a.png", "contentType": kind})
        assert status == 415, kind
    # signRequest's CreateMultipartUpload names no type: it is guessed from the name and checked
    assert app.call("POST", "/s3/presign", body={"method": "POST", "key": "a.png"})[0] == 200
    assert app.call("POST", "/s3/presign", body={"method": "POST", "key": "page.html"})[0] == 415
    assert app.call("POST", "/s3/presign", body={"method": "POST", "key": "noextension"})[0] == 415


def test_the_form_pins_the_type(serve: Any) -> None:
    app = serve()
    answer = app.call("GET", "/s3/params", {"filename": "a.png", "type": "image/png"})[2]
    fields = dict(answer["fields"], **{"Content-Type": "text/html"})
    status, _, body = post_form(answer["url"], fields, b"<script>")
    assert status == 403, body[:300]


def test_single_uploads_over_max_size_are_refused_by_s3(serve: Any, server: Any) -> None:
    app = serve(max_size=100_000)
    answer = app.call("GET", "/s3/params", {"filename": "a.bin", "type": "application/octet-stream"})[2]
    assert ["content-length-range", 0, 100_000] in _policy(answer["fields"])
    status, _, body = post_form(answer["url"], answer["fields"], os.urandom(100_001))
    assert status == 400 and error_code(body) == "EntityTooLarge"
    assert s3_get(server, BUCKET, answer["fields"]["key"])[0] == 404
    assert post_form(answer["url"], answer["fields"], os.urandom(100_000))[0] == 201
    # a size stated over the limit is refused at once
    status, _, answer = app.call("GET", "/s3/params", {"filename": "a.bin", "type": "application/octet-stream", "size": "100001"})
    assert status == 413


def _policy(fields: Dict[str, str]) -> List[Any]:
    import base64
    import json

    return json.loads(base64.b64decode(fields["policy"]))["conditions"]  # type: ignore[no-any-return]


def test_multipart_over_max_size_is_aborted_at_completion(serve: Any, server: Any) -> None:
    app = serve(max_size=6 * MIB)
    created = create(app)
    key, upload_id = created["key"], created["uploadId"]
    parts = upload_parts(app, key, upload_id, [os.urandom(5 * MIB), os.urandom(2 * MIB)])
    status, _, answer = app.call("POST", "/s3/multipart/%s/complete" % upload_id, {"key": key}, {"parts": parts})
    assert status == 413 and "aborted" in answer["error"]
    assert upload_id not in s3_list_uploads(server, BUCKET, app.settings["prefix"])
    assert s3_get(server, BUCKET, key)[0] == 404


def test_presign_completion_over_max_size_is_aborted(serve: Any, server: Any) -> None:
    app = serve(max_size=6 * MIB)
    created = app.call("POST", "/s3/presign", body={"method": "POST", "key": "a.bin"})[2]
    status, _, body = server.request("POST", created["url"], b"", created["headers"])
    upload_id = xml_text(body, "UploadId")
    key = created["key"]
    for number, size in ((1, 5 * MIB), (2, 2 * MIB)):
        url = app.call("POST", "/s3/presign", body={"method": "PUT", "key": key, "uploadId": upload_id, "partNumber": number})[2]["url"]
        assert put_url(url, os.urandom(size))[0] == 200
    status, _, answer = app.call("POST", "/s3/presign", body={"method": "POST", "key": key, "uploadId": upload_id})
    assert status == 413 and "url" not in answer
    assert upload_id not in s3_list_uploads(server, BUCKET, app.settings["prefix"])


def test_authorize_none_is_401_and_a_grant_narrows_the_prefix(serve: Any, server: Any) -> None:
    seen = []

    def authorize(request: Any) -> Any:
        seen.append((request.method, request.path, request.body))
        user = request.headers.get("x-user")
        if user not in ("alice", "bob"):
            return None
        return Grant(prefix=app_prefix + user + "/", max_size=1000 if user == "bob" else None)

    app_prefix = "uploads/%s/" % uuid.uuid4().hex[:8]
    app = serve(prefix=app_prefix, authorize=authorize)
    status, _, answer = app.call("GET", "/s3/params", {"filename": "a.txt", "type": "text/plain"})
    assert status == 401 and answer == {"error": "not authorised"}
    status, _, answer = app.call("POST", "/s3/multipart", body={"filename": "a.txt", "type": "text/plain"}, headers={"X-User": "alice"})
    assert status == 200 and answer["key"].startswith(app_prefix + "alice/")
    assert seen[-1] == ("POST", "/s3/multipart", {"filename": "a.txt", "type": "text/plain"})
    # bob may not touch alice's upload
    status, _, answer = app.call("GET", "/s3/multipart/%s/1" % answer["uploadId"], {"key": answer["key"]}, headers={"X-User": "bob"})
    assert status == 403
    bob = app.call("GET", "/s3/params", {"filename": "b.txt", "type": "text/plain"}, headers={"X-User": "bob"})[2]
    assert ["content-length-range", 0, 1000] in _policy(bob["fields"])


def test_authorize_errors_are_500_without_details(serve: Any) -> None:
    def authorize(request: Any) -> Any:
        raise RuntimeError("database password is hunter2")

    app = serve(authorize=authorize)
    status, _, answer = app.call("GET", "/s3/params", {"filename": "a.txt"})
    assert status == 500 and answer == {"error": "internal error"}


def test_cors_preflight_only_for_configured_origins(serve: Any) -> None:
    app = serve(cors_origins=["https://app.example"])
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,authorization"}
    status, headers, _ = app.call("OPTIONS", "/s3/multipart", headers=dict(preflight, Origin="https://app.example"))
    assert status == 204
    assert headers["access-control-allow-origin"] == "https://app.example"
    assert "POST" in headers["access-control-allow-methods"]
    assert "authorization" in headers["access-control-allow-headers"]
    status, headers, _ = app.call("OPTIONS", "/s3/multipart", headers=dict(preflight, Origin="https://evil.example"))
    assert not any(name.startswith("access-control-") for name in headers)
    status, headers, _ = app.call("GET", "/s3/params", {"filename": "a"}, headers={"Origin": "https://app.example"})
    assert status == 200 and headers["access-control-allow-origin"] == "https://app.example"
    status, headers, _ = app.call("GET", "/s3/params", {"filename": "a"}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in headers


# -- bodies and routes -----------------------------------------------------------------------

def test_bad_json_huge_bodies_and_unknown_routes(serve: Any) -> None:
    app = serve()
    for raw in (b"{", b"\xff\xfe", b"[" * 100_000, b'{"filename": 1}', b"null", b"[]"):
        status, _, answer = app.call("POST", "/s3/multipart", raw=raw)
        assert status == 400 and set(answer) == {"error"}, raw[:20]
    status, _, answer = app.call("POST", "/s3/presign", raw=b"x" * (2 * MIB))
    assert status == 413 and set(answer) == {"error"}
    assert app.call("GET", "/nowhere")[0] == 404
    assert app.call("GET", "/s3/presign")[0] == 405
    assert app.call("PUT", "/s3/multipart")[0] == 405
    assert app.call("GET", "/s3/params")[0] == 400  # no filename
    # still serving
    assert app.call("GET", "/s3/params", {"filename": "a.txt"})[0] == 200


def test_200_concurrent_signing_requests(serve: Any) -> None:
    app = serve(max_size=10 * MIB, allowed_types=["image/*"])
    count = 200
    barrier = threading.Barrier(count, timeout=60)
    results: List[Any] = [None] * count

    def one(i: int) -> None:
        barrier.wait()
        if i % 2:
            results[i] = app.call("GET", "/s3/params", {"filename": "img %d.png" % i, "type": "image/png"})
        else:
            results[i] = app.call("POST", "/s3/presign", body={"method": "PUT", "key": "img %d.png" % i, "contentType": "image/png"})

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert all(r is not None and r[0] == 200 for r in results), [r[:1] if r else r for r in results if not r or r[0] != 200][:5]
    keys = {r[2]["fields"]["key"] for r in results}
    assert len(keys) == count
    for _, _, answer in results:
        assert answer["fields"]["key"].startswith(app.settings["prefix"])
        assert ["content-length-range", 0, 10 * MIB] in _policy(answer["fields"])
        assert {"Content-Type": "image/png"} in _policy(answer["fields"])
