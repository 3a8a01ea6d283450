"""End to end against a real S3 server (SeaweedFS, see tests/support/seaweed.py).

URLs from ``presign_s3(..., endpoint_url=...)`` are sent as they are. What must work:
PUT then GET of awkward keys returns the bytes put, HEAD, DELETE, temporary
credentials. What must be refused, with the server's own S3 error code: a flipped
signature character, a changed key, an expired URL, and the other tamperings below.
"""

import re
import time
from typing import Callable, List, Optional, Tuple

import pytest
from support.seaweed import error_code

from sigv4presign import Credentials, Presigned, presign_s3

BUCKET = "presign-e2e"


def _long_key(segments: List[str]) -> str:
    return "/".join(segments)


# SeaweedFS stores an object as a file of its filer, so each `/`-separated segment of a
# key is limited to 255 bytes (a 256-byte segment gets 400 KeyTooLongError); the long
# keys reach S3's 1024-byte limit with several segments of at most 255 bytes.
LONG_ASCII = _long_key(["k" * 255, "e" * 255, "y" * 255, "s" * 254, "!"])  # 1024 bytes
LONG_MIXED = _long_key(["ü" * 127] * 4 + ["😀"])  # 4 * 254 + 4 * "/" + 4 = 1024 bytes
LONG_CJK = _long_key(["漢" * 85] * 4)  # 4 * 255 + 3 = 1023 bytes

# (test id, key). Left out because SeaweedFS cannot store them (not a signing matter):
# - keys with a "." or ".." segment ("./a", "a/../b", "a/."): 400 InvalidRequest, as
#   the key would name another filer path; dot-looking segments ("...", ".a", "a.") work;
# - keys ending in "/" ("dir/"): stored as a directory, the body is dropped.
AWKWARD_KEYS: List[Tuple[str, str]] = [
    ("space", "with space.txt"),
    ("double-space", "double  space"),
    ("edge-spaces", " leading and trailing "),
    ("plus", "plus+sign+"),
    ("equals-amp", "equals=and&amp"),
    ("question", "question?mark"),
    ("percent", "percent%"),
    ("percent-looks-encoded", "literal%20not-a-space"),
    ("percent-hex", "%41%2F%"),
    ("tilde", "tilde~"),
    ("sub-delims", "sub-delims*()'!"),
    ("double-slash", "a//b"),
    ("leading-slash", "/leading-slash"),
    ("two-leading-slashes", "//two-leading"),
    ("issue-example", "a b/ü+=&?%.txt"),
    ("cjk", "中文/日本語/한국어.txt"),
    ("emoji", "emoji 😀🎉/🚀"),
    ("gen-delims", "semi;colon,comma:colon@at$dollar#hash"),
    ("quotes-backslash", "quote\"apos'back\\slash"),
    ("brackets", "angle<>brace{}[]|^`"),
    ("controls", "tab\tnewline\nctrl\x01del\x7f"),
    ("nbsp", "no-break\u00a0space"),
    ("combining", "combining e\u0301 vs \u00e9"),
    ("bom", "\ufeffbyte-order-mark"),
    ("dot-looking", ".hidden/..a/a../.../x"),
    ("long-ascii-1024", LONG_ASCII),
    ("long-mixed-1024", LONG_MIXED),
    ("long-cjk-1023", LONG_CJK),
]


@pytest.fixture(scope="module")
def server(s3_server):
    """The shared server, with a bucket of this module's own."""
    s3_server.create_bucket(BUCKET)
    return s3_server


def sign(server, method: str, key: str, credentials: Optional[Credentials] = None, **kwargs) -> Presigned:
    return presign_s3(
        method,
        BUCKET,
        key,
        credentials=credentials or server.credentials(),
        region=server.region,
        endpoint_url=server.endpoint_url,
        **kwargs,
    )


def body_for(key: str) -> bytes:
    """Distinct bytes per key, including bytes that are not UTF-8."""
    return b"\x00\xff\xfe" + key.encode("utf-8") + bytes(range(256))


def put(server, key: str, body: bytes, credentials: Optional[Credentials] = None) -> None:
    status, _, answer = server.request("PUT", sign(server, "PUT", key, credentials).url, body)
    assert status == 200, (key, status, answer)


def test_long_keys_reach_the_s3_limit() -> None:
    assert [len(k.encode("utf-8")) for k in (LONG_ASCII, LONG_MIXED, LONG_CJK)] == [1024, 1024, 1023]


@pytest.mark.parametrize("key", [k for _, k in AWKWARD_KEYS], ids=[i for i, _ in AWKWARD_KEYS])
def test_put_then_get_returns_the_bytes(server, key: str) -> None:
    body = body_for(key)
    put(server, key, body)
    status, headers, got = server.request("GET", sign(server, "GET", key).url)
    assert status == 200
    assert got == body
    assert headers["content-length"] == str(len(body))


def test_head_gives_status_and_length(server) -> None:
    key = "head/a b+c.bin"
    body = b"0123456789" * 7
    put(server, key, body)
    status, headers, got = server.request("HEAD", sign(server, "HEAD", key).url)
    assert (status, headers["content-length"], got) == (200, "70", b"")


def test_head_of_a_missing_key_is_404(server) -> None:
    status, _, _ = server.request("HEAD", sign(server, "HEAD", "head/never put").url)
    assert status == 404


def test_delete_then_get_is_404(server) -> None:
    key = "delete/me & you?.txt"
    put(server, key, b"short-lived")
    status, _, _ = server.request("DELETE", sign(server, "DELETE", key).url)
    assert status == 204
    status, _, answer = server.request("GET", sign(server, "GET", key).url)
    assert (status, error_code(answer)) == (404, "NoSuchKey")


def test_put_with_signed_content_type(server) -> None:
    # The signed header goes out exactly as Presigned.headers says, and is stored.
    key = "content-type/signed.txt"
    presigned = sign(server, "PUT", key, headers={"Content-Type": "text/plain"})
    assert presigned.headers == {"Content-Type": "text/plain"}
    status, _, _ = server.request("PUT", presigned.url, b"hello", presigned.headers)
    assert status == 200
    status, headers, _ = server.request("HEAD", sign(server, "HEAD", key).url)
    assert (status, headers["content-type"]) == (200, "text/plain")


def test_put_with_unsigned_content_type(server) -> None:
    # No header signed: any Content-Type may be sent, it is not part of the signature.
    key = "content-type/unsigned.bin"
    url = sign(server, "PUT", key).url
    status, _, _ = server.request("PUT", url, b"\x00\x01", {"Content-Type": "application/octet-stream"})
    assert status == 200
    status, headers, _ = server.request("HEAD", sign(server, "HEAD", key).url)
    assert (status, headers["content-type"]) == (200, "application/octet-stream")


# -- refusals -------------------------------------------------------------------------

TARGET = "refusals/target ü+&.txt"
TARGET_BODY = b"the original bytes"


def flip_signature_char(url: str) -> str:
    head, sig = url.rsplit("X-Amz-Signature=", 1)
    return head + "X-Amz-Signature=" + sig[:-1] + ("0" if sig[-1] != "0" else "1")


def change_key(url: str) -> str:
    # ".txt" -> ".txT" in the path: another key under the same signature
    assert ".txt?" in url
    return url.replace(".txt?", ".txT?", 1)


def add_unsigned_param(url: str) -> str:
    return url.replace("?", "?response-content-type=text%2Fhtml&", 1)


def raise_expires(url: str) -> str:
    return re.sub(r"X-Amz-Expires=(\d+)", lambda m: "X-Amz-Expires=%d" % (int(m.group(1)) + 1), url)


def _get(server, **kwargs):
    return "GET", sign(server, "GET", TARGET, **kwargs).url, {}


REFUSALS: List[Tuple[str, Callable[..., Tuple[str, str, dict]], int, str, str]] = [
    # (id, make (method, url, headers), status, S3 error code, message part)
    ("flipped-signature-char",
     lambda s: ("GET", flip_signature_char(_get(s)[1]), {}), 403, "SignatureDoesNotMatch", ""),
    ("changed-key",
     lambda s: ("GET", change_key(_get(s)[1]), {}), 403, "SignatureDoesNotMatch", ""),
    ("expired-2h-ago",
     lambda s: _get(s, now=time.time() - 7200, expires_in=60), 403, "AccessDenied", "Request has expired"),
    ("other-method",
     lambda s: ("DELETE", _get(s)[1], {}), 403, "SignatureDoesNotMatch", ""),
    ("extra-unsigned-param",
     lambda s: ("GET", add_unsigned_param(_get(s)[1]), {}), 403, "SignatureDoesNotMatch", ""),
    ("raised-expires",
     lambda s: ("GET", raise_expires(_get(s)[1]), {}), 403, "SignatureDoesNotMatch", ""),
    ("wrong-secret",
     lambda s: _get(s, credentials=Credentials(s.access_key, s.secret_key[::-1])),
     403, "SignatureDoesNotMatch", ""),
    ("unknown-access-key",
     lambda s: _get(s, credentials=Credentials("AKIDNOTKNOWNHERE0000", s.secret_key)),
     403, "InvalidAccessKeyId", ""),
    ("expires-over-7-days",
     lambda s: _get(s, expires_in=604801, max_expires_in=10**6),
     400, "AuthorizationQueryParametersError", ""),
    ("signed-content-type-not-sent-as-signed",
     lambda s: ("PUT", sign(s, "PUT", TARGET, headers={"Content-Type": "text/plain"}).url,
                {"Content-Type": "text/html"}),
     403, "SignatureDoesNotMatch", ""),
]


@pytest.mark.parametrize(
    "make, status, code, message", [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_refused(server, make, status: int, code: str, message: str) -> None:
    put(server, TARGET, TARGET_BODY)
    method, url, headers = make(server)
    body = b"tampered bytes" if method == "PUT" else b""
    got_status, _, answer = server.request(method, url, body, headers)
    assert (got_status, error_code(answer)) == (status, code), answer
    assert message.encode() in answer
    # and nothing changed
    status_after, _, stored = server.request("GET", sign(server, "GET", TARGET).url)
    assert (status_after, stored) == (200, TARGET_BODY)


def test_control_url_is_accepted(server) -> None:
    # The untampered URL the refusal cases start from works: the refusals are the tampering's.
    put(server, TARGET, TARGET_BODY)
    assert server.request("GET", sign(server, "GET", TARGET).url)[::2] == (200, TARGET_BODY)


# -- temporary credentials ----------------------------------------------------------------


@pytest.fixture(scope="module")
def temporary(server) -> Credentials:
    credentials = server.assume_role("presign-e2e")
    assert credentials.access_key_id.startswith("ASIA") and credentials.session_token
    return credentials


def test_temporary_credentials_put_and_get(server, temporary: Credentials) -> None:
    key = "temporary/a b+ü.txt"
    presigned = sign(server, "PUT", key, temporary)
    assert "X-Amz-Security-Token=" in presigned.url
    put(server, key, b"via a session", temporary)
    status, _, got = server.request("GET", sign(server, "GET", key, temporary).url)
    assert (status, got) == (200, b"via a session")


def _without_token(url: str) -> str:
    stripped = re.sub(r"&X-Amz-Security-Token=[^&]*", "", url)
    assert stripped != url
    return stripped


def _altered_token(url: str) -> str:
    return re.sub(
        r"(X-Amz-Security-Token=[^&]{40})(.)",
        lambda m: m.group(1) + ("A" if m.group(2) != "A" else "B"),
        url,
    )


@pytest.mark.parametrize("tamper", [_without_token, _altered_token], ids=["token-removed", "token-altered"])
def test_temporary_credentials_need_their_token(server, temporary: Credentials, tamper) -> None:
    key = "temporary/token needed.txt"
    put(server, key, b"secret-ish", temporary)
    url = sign(server, "GET", key, temporary).url
    assert server.request("GET", url)[0] == 200
    status, _, answer = server.request("GET", tamper(url))
    # SeaweedFS looks the ASIA key up among long-term keys when the token is gone or broken
    assert (status, error_code(answer)) == (403, "InvalidAccessKeyId")
