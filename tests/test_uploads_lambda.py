"""``lambda_handler`` answers API Gateway HTTP API (payload 2.0) and Function URL events
as the WSGI app answers HTTP: the same statuses and bodies, against SeaweedFS.

The handler is configured as on Lambda, from ``SIGV4PRESIGN_*`` variables and the
role's ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``; the WSGI app gets the same
settings and is served by wsgiref on 127.0.0.1. Answers that sign something carry a new
key and signature each time: for those the shapes are compared and the URLs used.
"""

import base64
import json
import os
import uuid
from typing import Any, Dict, Iterator, Optional, Tuple
from urllib.parse import urlencode

import pytest
from support.uploads import MIB, ServedApp, post_form, put_url, s3_get

from sigv4presign.uploads import aws_lambda, lambda_handler, make_app

BUCKET = "uploads-lambda"
ORIGIN = "https://app.example"


@pytest.fixture(scope="module")
def server(s3_server: Any) -> Any:
    s3_server.create_bucket(BUCKET)
    return s3_server


@pytest.fixture()
def both(server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Tuple[ServedApp, str]]:
    """(the WSGI app served over HTTP, its prefix); lambda_handler configured alike."""
    prefix = "lambda/%s/" % uuid.uuid4().hex[:8]
    env = {
        "SIGV4PRESIGN_BUCKET": BUCKET, "SIGV4PRESIGN_REGION": server.region, "SIGV4PRESIGN_PREFIX": prefix,
        "SIGV4PRESIGN_MAX_SIZE": str(6 * MIB), "SIGV4PRESIGN_ALLOWED_TYPES": "image/*, application/octet-stream",
        "SIGV4PRESIGN_CORS_ORIGINS": ORIGIN, "SIGV4PRESIGN_ENDPOINT_URL": server.endpoint_url,
        "AWS_ACCESS_KEY_ID": server.access_key, "AWS_SECRET_ACCESS_KEY": server.secret_key,
    }
    for name in ("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "SIGV4PRESIGN_KEY_SECRET", "SIGV4PRESIGN_EXPIRES_IN"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(aws_lambda, "_APP", None)
    served = ServedApp(make_app(
        bucket=BUCKET, region=server.region, credentials=server.credentials(), endpoint_url=server.endpoint_url,
        prefix=prefix, max_size=6 * MIB, allowed_types=["image/*", "application/octet-stream"], cors_origins=[ORIGIN],
    ))
    yield served, prefix
    served.close()


def event(method: str, path: str, query: Optional[Dict[str, str]] = None, body: Optional[bytes] = None,
          headers: Optional[Dict[str, str]] = None, kind: str = "http-api", stage: str = "$default") -> Dict[str, Any]:
    """An event as API Gateway (HTTP API, payload 2.0) or a Function URL sends it."""
    raw_query = urlencode(query or {})
    domain = "abc123.execute-api.us-east-1.amazonaws.com" if kind == "http-api" else "xyz.lambda-url.us-east-1.on.aws"
    raw_path = path if stage == "$default" else "/" + stage + path
    sent = {"host": domain, "user-agent": "test", "x-forwarded-proto": "https"}
    sent.update({k.lower(): v for k, v in (headers or {}).items()})
    data: Dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": raw_path,
        "rawQueryString": raw_query,
        "headers": sent,
        "requestContext": {
            "accountId": "123456789012" if kind == "http-api" else "anonymous",
            "apiId": "abc123" if kind == "http-api" else "xyz",
            "domainName": domain,
            "domainPrefix": domain.split(".")[0],
            "http": {"method": method, "path": raw_path, "protocol": "HTTP/1.1", "sourceIp": "192.0.2.7", "userAgent": "test"},
            "requestId": uuid.uuid4().hex,
            "routeKey": "$default",
            "stage": stage,
            "time": "03/Dec/2026:12:00:00 +0000",
            "timeEpoch": 1796299200000,
        },
        "isBase64Encoded": False,
    }
    if query:
        data["queryStringParameters"] = dict(query)
    if body is not None:
        # Function URLs (here: always) and HTTP APIs (for bodies that are not text) send
        # the body base64-encoded
        try:
            body.decode("utf-8")
            text = True
        except UnicodeDecodeError:
            text = False
        if kind == "function-url" or not text:
            data["body"] = base64.b64encode(body).decode("ascii")
            data["isBase64Encoded"] = True
        else:
            data["body"] = body.decode("utf-8")
    return data


def via_lambda(method: str, path: str, query: Optional[Dict[str, str]] = None, body: Any = None,
               headers: Optional[Dict[str, str]] = None, raw: Optional[bytes] = None, **kwargs: Any) -> Tuple[int, Dict[str, str], Any]:
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode("utf-8"))
    sent = dict(headers or {})
    if data is not None:
        sent.setdefault("content-type", "application/json")
    answer = lambda_handler(event(method, path, query, data, sent, **kwargs), None)
    assert set(answer) <= {"statusCode", "headers", "body", "isBase64Encoded", "cookies"}
    text = base64.b64decode(answer["body"]) if answer["isBase64Encoded"] else answer["body"].encode("utf-8")
    parsed = json.loads(text) if answer["headers"].get("content-type", "").startswith("application/json") else text
    return answer["statusCode"], answer["headers"], parsed


KINDS = [{"kind": "http-api"}, {"kind": "function-url"}, {"kind": "http-api", "stage": "prod"}]
KIND_IDS = ["http-api", "function-url", "http-api-named-stage"]


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_same_errors_as_the_wsgi_app(both: Tuple[ServedApp, str], kind: Dict[str, str]) -> None:
    app, prefix = both
    requests = [
        ("GET", "/s3/params", {"filename": "a.html", "type": "text/html"}, None, None),
        ("GET", "/s3/params", {"type": "image/png"}, None, None),
        ("GET", "/s3/params", {"filename": "a.png", "type": "image/png", "size": str(7 * MIB)}, None, None),
        ("POST", "/s3/multipart", None, None, b"{not json"),
        ("POST", "/s3/multipart", None, None, b"\xff\xfe"),
        ("POST", "/s3/presign", None, None, b" " * (MIB + 1)),
        ("POST", "/s3/presign", None, {"method": "GET", "key": "x"}, None),
        ("GET", "/s3/multipart/abc/1", {"key": "elsewhere/x"}, None, None),
        ("GET", "/s3/multipart/abc/1", {"key": prefix + "0" * 32 + "/x.png"}, None, None),
        ("GET", "/s3/multipart/abc/0", {"key": prefix + "0" * 32 + "/x.png"}, None, None),
        ("GET", "/s3/multipart/abc", {"key": prefix + "0" * 32 + "/x.png"}, None, None),
        ("GET", "/nowhere", None, None, None),
        ("DELETE", "/s3/params", None, None, None),
    ]
    for method, path, query, body, raw in requests:
        expected = app.call(method, path, query, body, raw=raw)
        got = via_lambda(method, path, query, body, raw=raw, **kind)
        assert (got[0], got[2]) == (expected[0], expected[2]), (method, path)
        assert got[1]["content-type"] == expected[1]["content-type"]
        assert got[1]["cache-control"] == "no-store"


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_same_cors_answers(both: Tuple[ServedApp, str], kind: Dict[str, str]) -> None:
    app, _ = both
    for origin in (ORIGIN, "https://evil.example"):
        headers = {"Origin": origin, "Access-Control-Request-Method": "POST"}
        expected = app.call("OPTIONS", "/s3/multipart", headers=headers)
        got = via_lambda("OPTIONS", "/s3/multipart", headers=headers, **kind)
        assert got[0] == expected[0] == 204
        cors = {k: v for k, v in expected[1].items() if k.startswith("access-control-")}
        assert {k: v for k, v in got[1].items() if k.startswith("access-control-")} == cors
        assert bool(cors) == (origin == ORIGIN)


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_single_upload_through_the_handler(both: Tuple[ServedApp, str], server: Any, kind: Dict[str, str]) -> None:
    app, prefix = both
    query = {"filename": "cat.png", "type": "image/png"}
    expected = app.call("GET", "/s3/params", query)
    got = via_lambda("GET", "/s3/params", query, **kind)
    assert got[0] == expected[0] == 200
    assert set(got[2]) == set(expected[2]) and set(got[2]["fields"]) == set(expected[2]["fields"])
    assert got[2]["url"] == expected[2]["url"] and got[2]["expires"] == expected[2]["expires"]
    key = got[2]["fields"]["key"]
    assert key.startswith(prefix) and key.endswith("/cat.png")
    data = os.urandom(5000)
    assert post_form(got[2]["url"], got[2]["fields"], data)[0] == 201
    assert s3_get(server, BUCKET, key)[2] == data


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_multipart_through_the_handler_matches_the_app(both: Tuple[ServedApp, str], server: Any, kind: Dict[str, str]) -> None:
    app, prefix = both
    status, _, created = via_lambda("POST", "/s3/multipart", body={"filename": "big.bin", "type": "application/octet-stream"}, **kind)
    assert status == 200 and set(created) == {"key", "uploadId", "bucket"} and created["key"].startswith(prefix)
    key, upload_id = created["key"], created["uploadId"]
    chunks = [os.urandom(5 * MIB), os.urandom(1000)]
    parts = []
    for number, chunk in enumerate(chunks, 1):
        status, _, signed = via_lambda("GET", "/s3/multipart/%s/%d" % (upload_id, number), {"key": key}, **kind)
        assert status == 200 and set(signed) == {"url", "expires"}
        status, headers, _ = put_url(signed["url"], chunk)
        assert status == 200
        parts.append({"PartNumber": number, "ETag": headers["etag"]})
    # ListParts of one upload: byte for byte the same answer from both
    listed = via_lambda("GET", "/s3/multipart/%s" % upload_id, {"key": key}, **kind)
    assert listed[:1] + listed[2:] == app.call("GET", "/s3/multipart/%s" % upload_id, {"key": key})[:1] + app.call("GET", "/s3/multipart/%s" % upload_id, {"key": key})[2:]
    status, _, done = via_lambda("POST", "/s3/multipart/%s/complete" % upload_id, {"key": key}, {"parts": parts}, **kind)
    assert status == 200 and done["key"] == key and done["bucket"] == BUCKET
    assert s3_get(server, BUCKET, key)[2] == b"".join(chunks)
    # both say the finished upload is gone, alike
    expected = app.call("DELETE", "/s3/multipart/%s" % upload_id, {"key": key})
    got = via_lambda("DELETE", "/s3/multipart/%s" % upload_id, {"key": key}, **kind)
    assert (got[0], got[2]) == (expected[0], expected[2])


def test_presign_through_the_handler(both: Tuple[ServedApp, str], server: Any) -> None:
    _, prefix = both
    status, _, answer = via_lambda("POST", "/s3/presign", body={"method": "PUT", "key": "dog.png", "contentType": "image/png"})
    assert status == 200 and answer["key"].startswith(prefix)
    assert post_form(answer["url"], answer["fields"], b"woof")[0] == 201
    assert s3_get(server, BUCKET, answer["key"])[2] == b"woof"


def test_configuration_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from sigv4presign.core.errors import InvalidInputError

    monkeypatch.delenv("SIGV4PRESIGN_BUCKET", raising=False)
    with pytest.raises(InvalidInputError, match="SIGV4PRESIGN_BUCKET"):
        aws_lambda.app_from_environment({"AWS_REGION": "eu-west-1"})
    env = {
        "SIGV4PRESIGN_BUCKET": "my-bucket", "AWS_REGION": "eu-west-1", "SIGV4PRESIGN_MAX_SIZE": "1000",
        "SIGV4PRESIGN_ALLOWED_TYPES": "image/*,application/pdf", "SIGV4PRESIGN_CORS_ORIGINS": "https://a.example, https://b.example",
        "SIGV4PRESIGN_EXPIRES_IN": "300", "SIGV4PRESIGN_PREFIX": "in",
    }
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "AKIDEXAMPLE" if name == "AWS_ACCESS_KEY_ID" else "secret")
    app: Any = aws_lambda.app_from_environment(env)
    assert (app.store.bucket, app.store.region, app.max_size, app.expires_in, app.prefix) == ("my-bucket", "eu-west-1", 1000, 300, "in/")
    assert app.allowed_types == ("image/*", "application/pdf")
    assert app.cors_origins == ("https://a.example", "https://b.example")
    with pytest.raises(InvalidInputError, match="SIGV4PRESIGN_MAX_SIZE"):
        aws_lambda.app_from_environment(dict(env, SIGV4PRESIGN_MAX_SIZE="10MB"))
