"""Presigned POST end to end against a real S3 server (SeaweedFS, see tests/support/seaweed.py).

The tests build the ``multipart/form-data`` body themselves (fields in order, the file
last) and post it as a browser would. SeaweedFS checks the signature over the base64
policy, the policy's expiration and its conditions; what it answers (204 on success,
403 ``SignatureDoesNotMatch``, 403 ``AccessDenied`` "Policy Condition failed" or
"Policy expired", 400 ``EntityTooLarge``/``EntityTooSmall``) is the evidence here.

SeaweedFS refuses POSTs signed with temporary (STS) credentials, so the session-token
field is checked against botocore instead (test_post_botocore.py).
"""

import base64
import json
import time
import uuid
from typing import Any, Dict, Optional, Tuple

import pytest
from support.seaweed import error_code

from sigv4presign import PresignedPost, presign_s3, presign_s3_post


def multipart(fields: Dict[str, str], filename: str, data: bytes,
              content_type: str = "application/octet-stream") -> Tuple[bytes, str]:
    """A multipart/form-data body (RFC 7578): each field, then the file part last."""
    boundary = "----sigv4presign" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            ('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n' % (boundary, name)).encode("utf-8")
            + value.encode("utf-8") + b"\r\n"
        )
    parts.append(
        ('--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\n'
         "Content-Type: %s\r\n\r\n" % (boundary, filename, content_type)).encode("utf-8")
        + data + b"\r\n"
    )
    parts.append(("--%s--\r\n" % boundary).encode("ascii"))
    return b"".join(parts), "multipart/form-data; boundary=" + boundary


def submit(server: Any, form: PresignedPost, data: bytes = b"hello, s3", filename: str = "hello.txt",
           fields: Optional[Dict[str, str]] = None) -> Tuple[int, Dict[str, str], bytes]:
    body, content_type = multipart(form.fields if fields is None else fields, filename, data)
    return server.request("POST", form.url, body, {"Content-Type": content_type})  # type: ignore[no-any-return]


def get_object(server: Any, key: str) -> Tuple[int, Dict[str, str], bytes]:
    url = presign_s3("GET", server.bucket, key, credentials=server.credentials(),
                     region=server.region, endpoint_url=server.endpoint_url).url
    return server.request("GET", url)  # type: ignore[no-any-return]


def make_form(server: Any, key: str, **kwargs: Any) -> PresignedPost:
    return presign_s3_post(server.bucket, key, credentials=server.credentials(), region=server.region,
                           endpoint_url=server.endpoint_url, **kwargs)


def unique(prefix: str) -> str:
    return "post-tests/%s-%s/" % (prefix, uuid.uuid4().hex[:8])


# ---------------------------------------------------------------------------------------
# Accepted uploads


@pytest.mark.parametrize(
    "filename",
    ["hello.txt", "a b c.txt", "\u00fcber+caf\u00e9=1&2.txt", "\u4e2d\u6587 (1).bin", "~tilde'!.dat"],
)
def test_filename_upload_lands_under_the_prefix(s3_server: Any, filename: str) -> None:
    prefix = unique("filename")
    data = ("payload for %s\n" % filename).encode("utf-8") + bytes(range(256))
    form = make_form(s3_server, prefix + "${filename}")
    status, _, body = submit(s3_server, form, data, filename)
    assert status == 204, body
    status, _, got = get_object(s3_server, prefix + filename)
    assert status == 200
    assert got == data


def test_exact_key_upload(s3_server: Any) -> None:
    key = unique("exact") + "fixed name.bin"
    form = make_form(s3_server, key)
    status, _, body = submit(s3_server, form, b"\x00\x01\x02", "ignored-name.bin")
    assert status == 204, body
    assert get_object(s3_server, key)[2] == b"\x00\x01\x02"


def test_fields_and_conditions_reach_the_object(s3_server: Any) -> None:
    prefix = unique("fields")
    form = make_form(
        s3_server, prefix + "${filename}",
        fields={"Content-Type": "text/plain; charset=utf-8", "x-amz-meta-note": "from a form",
                "success_action_status": "201"},
        conditions=[["starts-with", "$Content-Type", "text/"], {"x-amz-meta-note": "from a form"},
                    {"success_action_status": "201"}, ["content-length-range", 1, 1024]],
    )
    status, _, body = submit(s3_server, form, b"note", "n.txt")
    assert status == 201, body
    assert b"<Key>" + (prefix + "n.txt").encode() + b"</Key>" in body
    status, headers, got = get_object(s3_server, prefix + "n.txt")
    assert (status, got) == (200, b"note")
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert headers["x-amz-meta-note"] == "from a form"


def test_success_action_redirect(s3_server: Any) -> None:
    prefix = unique("redirect")
    target = "http://127.0.0.1:9/uploaded"
    form = make_form(
        s3_server, prefix + "${filename}",
        fields={"success_action_redirect": target},
        conditions=[["starts-with", "$success_action_redirect", "http://127.0.0.1:9/"]],
    )
    status, headers, _ = submit(s3_server, form, b"r", "r.txt")
    assert status == 303
    assert headers["location"].startswith(target + "?")
    assert "key=" + (prefix + "r.txt").replace("/", "%2F") in headers["location"]


def test_content_length_range_bounds_are_inclusive(s3_server: Any) -> None:
    prefix = unique("range")
    form = make_form(s3_server, prefix + "${filename}", conditions=[["content-length-range", 3, 5]])
    assert submit(s3_server, form, b"abc", "min.txt")[0] == 204
    assert submit(s3_server, form, b"abcde", "max.txt")[0] == 204


# ---------------------------------------------------------------------------------------
# Refused uploads: each leaves no object behind


def _flip(text: str) -> str:
    return text[:-1] + ("0" if text[-1] != "0" else "1")


def _reencode(policy_b64: str) -> str:
    # The same document, other bytes: compact separators
    document = json.loads(base64.b64decode(policy_b64))
    return base64.b64encode(json.dumps(document, separators=(",", ":")).encode("utf-8")).decode("ascii")


REFUSALS = [
    # (id, form kwargs, data, field changes, status, code, message part)
    ("key-outside-prefix", {}, b"x", {"key": lambda key: "elsewhere/" + key}, 403, "AccessDenied",
     b"Policy Condition failed"),
    ("body-too-large", {"conditions": [["content-length-range", 1, 10]]}, b"x" * 11, {}, 400,
     "EntityTooLarge", b""),
    ("body-too-small", {"conditions": [["content-length-range", 5, 10]]}, b"x" * 4, {}, 400,
     "EntityTooSmall", b""),
    ("expired-policy", {"now": time.time() - 7200, "expires_in": 60}, b"x", {}, 403, "AccessDenied",
     b"Policy expired"),
    ("re-encoded-policy", {}, b"x", {"policy": _reencode}, 403, "SignatureDoesNotMatch", b""),
    ("wrong-signature", {}, b"x", {"x-amz-signature": _flip}, 403, "SignatureDoesNotMatch", b""),
    ("field-outside-starts-with", {"fields": {"Content-Type": "image/png"},
                                   "conditions": [["starts-with", "$Content-Type", "image/"]]},
     b"x", {"Content-Type": "text/html"}, 403, "AccessDenied", b"Policy Condition failed"),
    ("field-not-exact", {"fields": {"x-amz-meta-a": "1"}, "conditions": [{"x-amz-meta-a": "1"}]},
     b"x", {"x-amz-meta-a": "2"}, 403, "AccessDenied", b"Policy Condition failed"),
]


@pytest.mark.parametrize(
    "kwargs, data, changes, status, code, message",
    [r[1:] for r in REFUSALS],
    ids=[r[0] for r in REFUSALS],
)
def test_refused(s3_server: Any, kwargs: Dict[str, Any], data: bytes, changes: Dict[str, Any],
                 status: int, code: str, message: bytes) -> None:
    prefix = unique("refused")
    form = make_form(s3_server, prefix + "${filename}", **dict(kwargs))
    fields = dict(form.fields)
    for name, change in changes.items():
        fields[name] = change(fields[name]) if callable(change) else change
    got_status, _, body = submit(s3_server, form, data, "f.txt", fields)
    assert got_status == status, body
    assert error_code(body) == code
    assert message in body
    assert get_object(s3_server, prefix + "f.txt")[0] == 404
    if "key" in changes:
        assert get_object(s3_server, fields["key"].replace("${filename}", "f.txt"))[0] == 404


def test_wrong_secret_is_refused(s3_server: Any) -> None:
    from sigv4presign import Credentials

    prefix = unique("secret")
    form = presign_s3_post(
        s3_server.bucket, prefix + "${filename}",
        credentials=Credentials(s3_server.access_key, s3_server.secret_key + "x"),
        region=s3_server.region, endpoint_url=s3_server.endpoint_url,
    )
    status, _, body = submit(s3_server, form)
    assert status == 403
    assert error_code(body) == "SignatureDoesNotMatch"
