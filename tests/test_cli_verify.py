"""``python -m sigv4presign verify`` and ``explain`` as a user runs them: exit codes,
stdout, one-line reasons on stderr, and no secret in any output."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional

import pytest
from support import ROOT, VECTORS

from sigv4presign import Credentials, presign, presign_s3, uri_encode

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = "FQoGZXIvYXdzE/a+session=token"


@pytest.fixture(scope="module")
def docs() -> Dict[str, str]:
    data = json.loads((VECTORS / "s3-docs" / "presigned-get-object.json").read_text())
    return data["expected"]  # type: ignore[no-any-return]


def run(args: List[str], home: Path, token: Optional[str] = None, akid: str = AKID,
        credentials: bool = True) -> "subprocess.CompletedProcess[str]":
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    if credentials:
        env.update(AWS_ACCESS_KEY_ID=akid, AWS_SECRET_ACCESS_KEY=SECRET)
    if token:
        env["AWS_SESSION_TOKEN"] = token
    result = subprocess.run([sys.executable, "-m", "sigv4presign"] + args, env=env, cwd=str(ROOT),
                            capture_output=True, text=True, timeout=60)
    for stream in (result.stdout, result.stderr):
        assert SECRET not in stream and "Traceback" not in stream
        if token:
            assert token not in stream and uri_encode(token) not in stream
    return result


def test_a_valid_url_exits_0_with_a_summary(docs: Dict[str, str], tmp_path: Path) -> None:
    result = run(["verify", docs["presigned_url"], "--now", "20130524T000100Z"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "valid: GET signed by AKIAIOSFODNN7EXAMPLE for us-east-1/s3 at 20130524T000000Z, "
        "expires 20130525T000000Z; signed headers host\n"
    )
    assert result.stderr == ""


@pytest.mark.parametrize(("args", "reason"), [
    ([], "the URL expired at 20130525T000000Z"),
    (["--now", "2013-05-23T23:50:00Z"], "dated 20130524T000000Z, 600 s after now"),
    (["--now", "20130524T000100Z", "--region", "eu-west-1"], "names region 'us-east-1', but 'eu-west-1' is expected"),
    (["--now", "20130524T000100Z", "--method", "PUT"], "the signature does not match"),
    (["--now", "20130524T000100Z", "--header", "Host: other.example"], "the signature does not match"),
])
def test_an_invalid_url_exits_1_with_the_reason(docs: Dict[str, str], tmp_path: Path, args: List[str],
                                                reason: str) -> None:
    result = run(["verify", docs["presigned_url"]] + args, tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("sigv4presign: invalid: ")
    assert reason in result.stderr
    assert result.stderr.count("\n") == 1


def test_tampering_and_unknown_keys_exit_1(docs: Dict[str, str], tmp_path: Path) -> None:
    url = docs["presigned_url"]
    tampered = run(["verify", url.replace("test.txt", "test.txu"), "--now", "20130524T000100Z"], tmp_path)
    assert tampered.returncode == 1 and "signature does not match" in tampered.stderr
    malformed = run(["verify", url.replace("X-Amz-Date=", "X-Amz-Datum="), "--now", "20130524T000100Z"], tmp_path)
    assert malformed.returncode == 1 and "no X-Amz-Date parameter" in malformed.stderr
    stranger = run(["verify", url, "--now", "20130524T000100Z"], tmp_path, akid="AKIDOTHER")
    assert stranger.returncode == 1
    assert "no credentials are known for the access key id 'AKIAIOSFODNN7EXAMPLE'" in stranger.stderr


def test_signed_headers_are_given_with_header(tmp_path: Path) -> None:
    creds = Credentials(AKID, SECRET, TOKEN)
    put = presign_s3("PUT", "examplebucket", "a b.jpg", credentials=creds, region="eu-west-1",
                     headers={"Content-Type": "image/jpeg"})
    ok = run(["verify", put.url, "--method", "PUT", "-H", "Content-Type: image/jpeg"], tmp_path, token=TOKEN)
    assert ok.returncode == 0, ok.stderr
    assert "signed headers content-type;host" in ok.stdout
    missing = run(["verify", put.url, "--method", "PUT"], tmp_path, token=TOKEN)
    assert missing.returncode == 1 and "lacks the signed header content-type" in missing.stderr
    other_token = run(["verify", put.url, "--method", "PUT", "-H", "Content-Type: image/jpeg"], tmp_path,
                      token="another-token")
    assert other_token.returncode == 1 and "is not the session token" in other_token.stderr


def test_a_token_appended_after_signing(tmp_path: Path) -> None:
    creds = Credentials(AKID, SECRET, TOKEN)
    url = presign("GET", "wss://abc-ats.iot.eu-west-1.amazonaws.com/mqtt", credentials=creds,
                  region="eu-west-1", service="iotdevicegateway", session_token="unsigned").url
    assert run(["verify", url, "--token-mode", "unsigned"], tmp_path, token=TOKEN).returncode == 0
    signed = run(["verify", url], tmp_path, token=TOKEN)
    assert signed.returncode == 1 and "session_token='unsigned'" in signed.stderr


@pytest.mark.parametrize(("args", "credentials", "message"), [
    ([], True, "the following arguments are required: URL"),
    (["https://x/", "--header", "no colon"], True, "--header 'no colon': expected 'Name: value'"),
    (["https://x/", "--now", "yesterday"], True, "--now 'yesterday'"),
    (["https://x/"], False, "no credentials"),
])
def test_usage_errors_and_missing_credentials_exit_2(tmp_path: Path, args: List[str], credentials: bool,
                                                     message: str) -> None:
    result = run(["verify"] + args, tmp_path, credentials=credentials)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("sigv4presign: error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_explain_prints_the_documented_canonical_request(docs: Dict[str, str], tmp_path: Path) -> None:
    result = run(["explain", docs["presigned_url"]], tmp_path, credentials=False)
    assert result.returncode == 0, result.stderr
    assert docs["canonical_request"] in result.stdout
    assert docs["string_to_sign"] in result.stdout
    assert "Signed headers:  host" in result.stdout
    assert result.stderr == ""


def test_explain_shows_missing_headers_and_redacts_tokens(tmp_path: Path) -> None:
    creds = Credentials(AKID, SECRET, TOKEN)
    put = presign_s3("PUT", "examplebucket", "k", credentials=creds, region="eu-west-1",
                     headers={"Content-Type": "image/jpeg"})
    result = run(["explain", put.url, "--method", "PUT"], tmp_path, token=TOKEN, credentials=False)
    assert result.returncode == 0
    assert "Not given:       content-type" in result.stdout
    assert "X-Amz-Security-Token=<redacted>" in result.stdout
    given = run(["explain", put.url, "--method", "PUT", "-H", "Content-Type: image/jpeg"], tmp_path,
                token=TOKEN, credentials=False)
    assert put.string_to_sign in given.stdout


def test_explain_of_something_else_exits_1(tmp_path: Path) -> None:
    result = run(["explain", "https://example.com/?a=b"], tmp_path, credentials=False)
    assert result.returncode == 1
    assert result.stderr == "sigv4presign: error: the URL has no X-Amz-Algorithm parameter: it is not a presigned URL\n"


@pytest.mark.parametrize("command", ["verify", "explain"])
def test_help(command: str, tmp_path: Path) -> None:
    result = run([command, "--help"], tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: sigv4presign %s" % command)
    assert "exit status" in result.stdout
