"""``sigv4presign serve`` as a user runs it: a subprocess on 127.0.0.1 (port 0), with
SeaweedFS as S3: the bearer token, the loopback rule, the access log without query
strings, the demo page, and its usage errors."""

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest
from support.cli_runner import run_cli
from support.uploads import post_form, s3_get

from sigv4presign.cli.serve import is_loopback, parse_size

BUCKET = "uploads-cli"
KEYS = ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")


class Served:
    """A running ``sigv4presign serve``; its log is read as it goes."""

    def __init__(self, args: List[str], env: Dict[str, str]) -> None:
        environ = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.devnull,
            "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1",
        }
        environ.update(env)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sigv4presign", "serve", "--port", "0"] + args,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ, text=True, encoding="utf-8",
        )
        assert self.process.stderr is not None
        first = self.process.stderr.readline()
        assert "listening on http://127.0.0.1:" in first, first + self.process.stderr.read()
        self.banner = first
        self.origin = first.split("listening on ", 1)[1].split("/ ", 1)[0].rstrip("/")

    def call(self, method: str, path: str, body: Any = None, headers: Optional[Dict[str, str]] = None) -> Tuple[int, Dict[str, str], bytes]:
        import http.client

        port = int(self.origin.rsplit(":", 1)[1])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            data = None if body is None else json.dumps(body).encode("utf-8")
            conn.request(method, path, body=data, headers=dict(headers or {}, **({"Content-Type": "application/json"} if data else {})))
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def stop(self) -> Tuple[int, str]:
        """SIGINT (Ctrl-C); (exit status, the rest of the log)."""
        self.process.send_signal(signal.SIGINT)
        _, err = self.process.communicate(timeout=30)
        return self.process.returncode, err


@pytest.fixture(scope="module")
def server(s3_server: Any) -> Any:
    s3_server.create_bucket(BUCKET)
    return s3_server


@pytest.fixture()
def serve(server: Any) -> Iterator[Any]:
    started: List[Served] = []

    def start(*args: str, env: Optional[Dict[str, str]] = None) -> Served:
        environ = {"AWS_ACCESS_KEY_ID": server.access_key, "AWS_SECRET_ACCESS_KEY": server.secret_key}
        environ.update(env or {})
        served = Served(["--bucket", BUCKET, "--region", server.region, "--endpoint-url", server.endpoint_url] + list(args), environ)
        started.append(served)
        return served

    yield start
    for served in started:
        if served.process.poll() is None:
            served.process.kill()
            served.process.wait(10)


def test_serves_the_contract_and_logs_without_query_strings(serve: Any, server: Any) -> None:
    prefix = "cli/%s/" % uuid.uuid4().hex[:8]
    served = serve("--prefix", prefix, "--max-size", "1MiB", "--allow-type", "text/*", "--allow-type", "image/png",
                   "--expires-in", "300")
    status, _, body = served.call("GET", "/s3/params?filename=secret-plan.txt&type=text/plain")
    assert status == 200
    answer = json.loads(body)
    assert answer["expires"] == 300
    key = answer["fields"]["key"]
    assert key.startswith(prefix)
    assert post_form(answer["url"], answer["fields"], b"plan")[0] == 201
    assert s3_get(server, BUCKET, key)[2] == b"plan"
    assert served.call("GET", "/s3/params?filename=a.gif&type=image/gif")[0] == 415
    assert served.call("POST", "/s3/multipart", {"filename": "x.txt", "type": "text/plain"})[0] == 200
    code, log = served.stop()
    assert code == 0
    lines = [line for line in log.splitlines() if '"' in line]
    assert len(lines) == 3
    assert '"GET /s3/params" 200 ' in lines[0] and '"GET /s3/params" 415 ' in lines[1]
    assert '"POST /s3/multipart" 200 ' in lines[2]
    assert "secret-plan" not in log and "filename" not in log and "X-Amz" not in log and server.secret_key not in log


def test_a_token_is_needed_when_set(serve: Any) -> None:
    served = serve(env={"SIGV4PRESIGN_SERVE_TOKEN": "s3cr3t-token"})
    path = "/s3/params?filename=a.txt&type=text/plain"
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cr3t-token"}, {"Authorization": "Basic s3cr3t-token"}):
        status, _, body = served.call("GET", path, headers=headers)
        assert status == 401 and json.loads(body) == {"error": "not authorised"}, headers
    assert served.call("GET", path, headers={"Authorization": "Bearer s3cr3t-token"})[0] == 200
    assert served.call("POST", "/s3/presign", {"method": "PUT", "key": "a.txt"}, {"Authorization": "bearer s3cr3t-token"})[0] == 200
    # a CORS preflight carries no credentials: answered without the token
    assert served.call("OPTIONS", "/s3/multipart")[0] == 204
    _, log = served.stop()
    assert "s3cr3t-token" not in log


def test_demo_page(serve: Any, tmp_path: Path) -> None:
    served = serve("--demo")
    assert "demo page at" in served.banner
    status, headers, body = served.call("GET", "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode("utf-8")
    assert "https://cdn.jsdelivr.net/npm/uppy@6.0.1/dist/uppy.min.mjs" in page  # loaded by the user's browser
    assert "?mode=sign" not in page  # the CDN bundle's @uppy/aws-s3 is too old for signRequest forms
    served.stop()
    (tmp_path / "uppy.mjs").write_text("export const Uppy = 1")
    (tmp_path / "uppy.css").write_text("body{}")
    served = serve("--demo", "--uppy-dir", str(tmp_path), env={"SIGV4PRESIGN_SERVE_TOKEN": "t0ken"})
    page = served.call("GET", "/")[2].decode("utf-8")
    assert '"./demo/uppy.mjs"' in page and "?mode=sign" in page and "cdn.jsdelivr" not in page
    status, headers, body = served.call("GET", "/demo/uppy.mjs")
    assert status == 200 and body == b"export const Uppy = 1" and headers["content-type"].startswith("text/javascript")
    assert served.call("GET", "/s3/params?filename=a")[0] == 401  # the page is public, the API is not
    served.stop()


@pytest.mark.parametrize("args,env,message", [
    (["--host", "0.0.0.0"], {}, "refusing to listen on 0.0.0.0 without authentication"),
    (["--host", "192.0.2.1"], {}, "set SIGV4PRESIGN_SERVE_TOKEN"),
    (["--host", "::"], {}, "refusing to listen on ::"),
    # allowed by --no-auth or a token, so it gets as far as binding an address this machine lacks
    (["--host", "192.0.2.1", "--no-auth"], {}, "cannot listen on 192.0.2.1"),
    (["--host", "192.0.2.1"], {"SIGV4PRESIGN_SERVE_TOKEN": "x"}, "cannot listen on 192.0.2.1"),
    ([], {}, "the following arguments are required: --bucket"),
    (["--bucket", "b", "--max-size", "ten"], {}, "--max-size 'ten'"),
    (["--bucket", "b", "--allow-type", "image"], {}, "type pattern 'image'"),
    (["--bucket", "b", "--cors-origin", "example.com"], {}, "CORS origins are like"),
    (["--bucket", "b", "--expires-in", "0"], {}, "expires_in must be 1..604800"),
    (["--bucket", "b", "--uppy-dir", "/nowhere"], {}, "--uppy-dir goes with --demo"),
    (["--bucket", "b", "--demo", "--uppy-dir", "/nowhere"], {}, "/nowhere has no uppy.mjs"),
])
def test_usage_errors(args: List[str], env: Dict[str, str], message: str) -> None:
    if args[:1] == ["--host"]:
        args = ["--bucket", "b"] + args
    code, out, err = run_cli(["serve", "--region", "us-east-1", "--port", "0"] + args, KEYS, env)
    assert message in err, err
    assert out == ""
    assert code == 2


def test_missing_credentials_are_a_usage_error() -> None:
    code, _, err = run_cli(["serve", "--bucket", "b", "--region", "us-east-1"], KEYS, creds=False)
    assert code == 2 and "no credentials found" in err


def test_loopback_and_sizes() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.1", "example.com", "localhost.example"))
    assert [parse_size(t) for t in ("1048576", "5MiB", "20MB", "1 GiB", "7k")] == [1048576, 5 * 2**20, 20 * 10**6, 2**30, 7000]


def test_listed_in_help() -> None:
    code, out, _ = run_cli(["serve", "--help"], KEYS)
    assert code == 0 and "--cors-origin" in out and "SIGV4PRESIGN_SERVE_TOKEN" in out
