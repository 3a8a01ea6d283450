"""The upload service's parts without a server: key minting and checking, file names,
grants and limits, the JSON body reader, credentials that expire, the Lambda event
translation, and the arguments of make_app. (Over HTTP with SeaweedFS:
test_uploads_server.py; Lambda parity: test_uploads_lambda.py; a real browser:
test_uploads_browser.py.)"""

import base64
import io
import json
import time
from typing import Any, Dict, List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sigv4presign import Credentials, InvalidInputError
from sigv4presign.uploads import Grant, make_app
from sigv4presign.uploads.aws_lambda import call_wsgi, event_environ
from sigv4presign.uploads.grants import media_type, narrow, type_matches
from sigv4presign.uploads.keys import KeyRefused, check_key, check_prefix, mint_key, safe_name
from sigv4presign.uploads.store import CredentialSource, S3Failure
from sigv4presign.uploads.web import HttpError, read_json

CREDS = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
ENDPOINT = "http://127.0.0.1:9"  # never contacted: these tests only sign


def is_safe(name: str, limit: int = 255) -> bool:
    return (
        bool(name) and name not in (".", "..") and "/" not in name and "\\" not in name
        and not any(ord(c) < 32 or 127 <= ord(c) < 160 or 0xD800 <= ord(c) <= 0xDFFF for c in name)
        and len(name.encode("utf-8")) <= limit and name == name.strip(" .")
    )


@pytest.mark.parametrize("filename,expected", [
    ("photo.jpg", "photo.jpg"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\me\\report.pdf", "report.pdf"),
    ("dir/sub/", "file"),
    ("..", "file"),
    ("", "file"),
    ("   ", "file"),
    (".bashrc", "bashrc"),
    ("a  b\t\nc.txt", "a bc.txt"),
    ("<script>alert(1)<.html", "_script_alert(1)_.html"),
    ("<b>x</b>.html", "b_.html"),
    ("naïve café 東京.jpg", "naïve café 東京.jpg"),
    ("cafe\u0301.jpg", "caf\u00e9.jpg"),  # decomposed, as macOS gives it
    ("semi;colon&amp?q#frag%41.txt", "semi_colon_amp_q_frag_41.txt"),
    ("\u202etxt.exe", "_txt.exe"),
])
def test_safe_name_examples(filename: str, expected: str) -> None:
    assert safe_name(filename) == expected


def test_safe_name_cuts_long_names_keeping_the_extension() -> None:
    assert safe_name("x" * 1000) == "x" * 255
    name = safe_name("ü" * 500 + ".png")
    assert name.endswith(".png") and len(name.encode("utf-8")) <= 255 and name[:-4] == "ü" * 125
    assert safe_name("a" * 300 + ".averyveryverylongextension").encode("utf-8") == b"a" * 255


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_safe_name_is_always_one_safe_segment_and_idempotent(filename: str) -> None:
    name = safe_name(filename)
    assert is_safe(name)
    assert safe_name(name) == name


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600), st.sampled_from(["", "uploads/", "a/b/c/", "ü/" * 200]), st.booleans())
def test_minted_keys_are_taken_back_and_fit_s3(filename: str, prefix: str, signed: bool) -> None:
    secret = b"s" * 32 if signed else None
    key = mint_key(prefix, filename, secret)
    assert key.startswith(prefix) and len(key.encode("utf-8")) <= 1024
    token, name = key[len(prefix):].split("/")
    assert len(token) == 32 and is_safe(name)
    assert check_key(key, prefix, secret) == key


def test_keys_are_unique_and_tagged() -> None:
    secret = b"k" * 32
    keys = {mint_key("u/", "a.txt", secret) for _ in range(1000)}
    assert len(keys) == 1000
    key = keys.pop()
    with pytest.raises(KeyRefused, match="not issued"):
        check_key(key, "u/", b"other-secret-of-32-bytes-length!")
    with pytest.raises(KeyRefused, match="not issued"):
        check_key(key.replace("a.txt", "b.txt"), "u/", secret)
    flipped = key[:5] + ("0" if key[5] != "0" else "1") + key[6:]
    with pytest.raises(KeyRefused, match="not issued"):
        check_key(flipped, "u/", secret)
    with pytest.raises(KeyRefused, match="outside the prefix"):
        check_key(key, "v/", secret)
    for bad in (None, "", 7, "u/" + "a" * 2000):
        with pytest.raises(KeyRefused):
            check_key(bad, "u/")


@pytest.mark.parametrize("prefix", ["/abs/", "a//b/", "a/../b/", "./", "tab\there/", "back\\slash/", "x" * 1000])
def test_bad_prefixes(prefix: str) -> None:
    with pytest.raises(InvalidInputError):
        check_prefix(prefix)


def test_prefix_gets_its_slash() -> None:
    assert check_prefix("uploads") == "uploads/" and check_prefix("") == ""


def test_grants_only_narrow() -> None:
    limits = narrow("uploads/", 1000, ("image/*",), Grant(prefix="uploads/u1", max_size=5000, allowed_types=["image/png", "text/*"]))
    assert (limits.prefix, limits.max_size) == ("uploads/u1/", 1000)
    assert limits.type_allowed("image/png")
    assert not limits.type_allowed("image/gif")  # not in the grant's list
    assert not limits.type_allowed("text/plain")  # not in the app's list
    assert narrow("uploads/", None, None, Grant(max_size=10)).max_size == 10
    assert narrow("uploads/", None, None, Grant()).type_allowed("anything/at-all")
    with pytest.raises(InvalidInputError, match="not under the app's prefix"):
        narrow("uploads/", None, None, Grant(prefix="other/"))
    for bad in ({"max_size": -1}, {"max_size": True}, {"allowed_types": "image/*"}, {"allowed_types": ["image/p*g"]},
                {"allowed_types": ["*/png"]}, {"prefix": "../"}):
        with pytest.raises(InvalidInputError):
            Grant(**bad)


def test_media_types() -> None:
    assert media_type("Image/PNG; charset=x") == "image/png"
    for bad in ("", "image", "image/", "/png", "im age/png", "image/png/x", None, 5, "a/" + "b" * 300):
        assert media_type(bad) is None
    assert type_matches("image/png", "image/*") and type_matches("x/y", "*/*")
    assert not type_matches("imagex/png", "image/*") and not type_matches("image/png", "image/jpeg")


def environ(body: bytes, length: Any = None) -> Dict[str, Any]:
    return {"CONTENT_LENGTH": str(len(body)) if length is None else length, "wsgi.input": io.BytesIO(body)}


def test_read_json() -> None:
    assert read_json(environ(b'{"a": 1}')) == {"a": 1}
    assert read_json(environ(b"", "")) is None
    for body, length, status in ((b"{}", "x", 400), (b"{}", "-1", 400), (b"{}", "5", 400), (b"{", None, 400),
                                 (b"\xc3(", None, 400), (b"x" * 11, None, 413)):
        with pytest.raises(HttpError) as caught:
            read_json(environ(body, length), limit=10)
        assert caught.value.status == status


def expiring(seconds: int) -> Credentials:
    return Credentials("ASIAEXAMPLE", "secret", "token", int(time.time()) + seconds)


def test_temporary_credentials_are_read_again_before_they_end() -> None:
    calls: List[int] = []

    def provider() -> Credentials:
        calls.append(1)
        return expiring(3600) if len(calls) > 1 else expiring(120)

    source = CredentialSource(provider)
    assert source.get(900)[1] <= 60  # a URL dies with the credentials (less a 60 s margin)
    first, lifetime = source.get(900)  # too little left for a 900 s URL: read again
    assert len(calls) == 2 and lifetime == 900
    again, _ = source.get(900)
    assert again is first and len(calls) == 2  # kept while they last
    short = CredentialSource(lambda: expiring(400))
    assert short.get(900)[1] <= 340  # the URL dies with the credentials (60 s margin)


def test_expired_credentials_sign_nothing() -> None:
    app = make_app(bucket="b-1", region="us-east-1", credentials=lambda: expiring(30), endpoint_url=ENDPOINT)
    with pytest.raises(S3Failure) as caught:
        app.store.presign("put_object", "k")
    assert caught.value.status == 503


@pytest.mark.parametrize("kwargs,message", [
    ({"single": "patch"}, "single must be"),
    ({"key_secret": b"short"}, "key_secret"),
    ({"key_secret": "text" * 10}, "key_secret"),
    ({"authorize": "yes"}, "authorize must be"),
    ({"cors_origins": ["example.com"]}, "CORS origins"),
    ({"expires_in": 0}, "expires_in"),
    ({"expires_in": 604801}, "expires_in"),
    ({"max_size": -5}, "max_size"),
    ({"allowed_types": "image/*"}, "allowed_types"),
    ({"prefix": "a/../b"}, "segment"),
    ({"bucket": "has space"}, "bucket"),
    ({"endpoint_url": "ftp://x"}, "endpoint_url"),
])
def test_make_app_refuses_bad_settings(kwargs: Dict[str, Any], message: str) -> None:
    settings_: Dict[str, Any] = {"bucket": "b-1", "region": "us-east-1", "credentials": CREDS, "endpoint_url": ENDPOINT}
    settings_.update(kwargs)
    with pytest.raises(InvalidInputError, match=message):
        make_app(**settings_)


def wsgi(app: Any, method: str, path: str, query: str = "", body: bytes = b"", **headers: str) -> Any:
    env = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
           "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "wsgi.errors": io.StringIO()}
    env.update({"HTTP_" + k.upper(): v for k, v in headers.items()})
    seen: Dict[str, Any] = {}
    data = b"".join(app(env, lambda status, hs: seen.update(status=status, headers=hs)))
    return seen["status"], dict(seen["headers"]), json.loads(data), env["wsgi.errors"].getvalue()


def test_answers_hold_no_secret_and_errors_no_detail() -> None:
    temporary = Credentials("ASIAEXAMPLE", "the-secret-key", "the-session-token")
    app = make_app(bucket="b-1", region="us-east-1", credentials=temporary, endpoint_url=ENDPOINT)
    status, _, answer, _ = wsgi(app, "GET", "/s3/params", "filename=a.txt&type=text/plain")
    assert status == "200 OK" and "the-secret-key" not in json.dumps(answer)

    def authorize(request: Any) -> Any:
        raise ValueError("the-secret-key")

    app = make_app(bucket="b-1", region="us-east-1", credentials=temporary, endpoint_url=ENDPOINT, authorize=authorize)
    status, _, answer, log = wsgi(app, "GET", "/s3/params", "filename=a.txt")
    assert status.startswith("500") and answer == {"error": "internal error"}
    assert "ValueError" in log and "the-secret-key" not in log and "filename" not in log


def test_single_put_mode_signs_type_and_stated_size() -> None:
    app = make_app(bucket="b-1", region="us-east-1", credentials=CREDS, endpoint_url=ENDPOINT, single="put", max_size=100)
    status, _, answer, _ = wsgi(app, "GET", "/s3/params", "filename=a.txt&type=text/plain&size=100")
    assert status == "200 OK" and answer["method"] == "PUT"
    assert answer["headers"] == {"Content-Type": "text/plain"}  # Content-Length is signed, and the browser sends it
    assert "content-length%3Bcontent-type%3Bhost" in answer["url"]
    assert wsgi(app, "GET", "/s3/params", "filename=a.txt&type=text/plain")[0].startswith("400")  # size required
    assert wsgi(app, "GET", "/s3/params", "filename=a.txt&type=text/plain&size=101")[0].startswith("413")


# -- Lambda events -----------------------------------------------------------------------

def test_event_environ_named_stage_cookies_and_base64() -> None:
    event = {
        "rawPath": "/prod/s3/multipart/abc%2Fdef", "rawQueryString": "key=a%20b",
        "headers": {"content-type": "application/json", "x-user": "alice", "content-length": "999"},
        "cookies": ["a=1", "b=2"], "body": base64.b64encode(b'{"x": 1}').decode(), "isBase64Encoded": True,
        "requestContext": {"stage": "prod", "http": {"method": "post", "sourceIp": "192.0.2.9"}},
    }
    env = event_environ(event)
    assert (env["SCRIPT_NAME"], env["PATH_INFO"], env["QUERY_STRING"]) == ("/prod", "/s3/multipart/abc/def", "key=a%20b")
    assert env["REQUEST_METHOD"] == "POST" and env["REMOTE_ADDR"] == "192.0.2.9"
    assert env["HTTP_COOKIE"] == "a=1; b=2" and env["HTTP_X_USER"] == "alice" and env["CONTENT_TYPE"] == "application/json"
    assert env["CONTENT_LENGTH"] == "8" and env["wsgi.input"].read() == b'{"x": 1}'
    assert event_environ({"rawPath": "/s3/params", "requestContext": {"stage": "$default"}})["SCRIPT_NAME"] == ""


def test_call_wsgi_answers_binary_as_base64_and_cookies_apart() -> None:
    def app(environ: Any, start_response: Any) -> List[bytes]:
        start_response("200 OK", [("Content-Type", "image/png"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"), ("X-A", "1"), ("X-A", "2")])
        return [b"\x89PNG"]

    answer = call_wsgi(app, {"rawPath": "/", "requestContext": {"http": {"method": "GET"}}})
    assert answer == {"statusCode": 200, "headers": {"content-type": "image/png", "x-a": "1, 2"},
                      "cookies": ["a=1", "b=2"], "body": base64.b64encode(b"\x89PNG").decode(), "isBase64Encoded": True}
