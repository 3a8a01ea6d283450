"""``sigv4presign post``: run as a user would (a subprocess), stdout, stderr, exit codes.

Expected policies are written out by hand from the S3 POST policy format; signatures
are recomputed here with hmac; one form from the command is posted to SeaweedFS.
"""

import base64
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest
from support.cli_runner import run_cli

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TIME = "20151229T000000Z"
SCOPE = AKID + "/20151229/us-east-1/s3/aws4_request"
AUTH = [{"x-amz-algorithm": "AWS4-HMAC-SHA256"}, {"x-amz-credential": SCOPE}, {"x-amz-date": TIME}]


def run(args: List[str], env: Optional[Dict[str, str]] = None, creds: bool = True,
        home: Optional[Path] = None) -> Tuple[int, str, str]:
    return run_cli(["post"] + args, (AKID, SECRET), env, creds, home)


def reference_signature(policy_b64: str, secret: str = SECRET, region: str = "us-east-1") -> str:
    key = ("AWS4" + secret).encode("utf-8")
    for part in ("20151229", region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return hmac.new(key, policy_b64.encode("ascii"), hashlib.sha256).hexdigest()


BASE = ["--region", "us-east-1", "--signing-time", TIME]


def run_json(args: List[str]) -> Dict[str, Any]:
    code, out, err = run(args + BASE)
    assert (code, err) == (0, "")
    result: Dict[str, Any] = json.loads(out)
    assert sorted(result) == ["fields", "url"]
    fields = result["fields"]
    assert fields["x-amz-signature"] == reference_signature(fields["policy"])
    result["policy"] = json.loads(base64.b64decode(fields["policy"]))
    return result


CASES = [
    # (id, args, fields before the signer's, conditions before bucket/key)
    ("plain", ["s3://examplebucket/uploads/${filename}"], {}, []),
    ("range", ["s3://examplebucket/uploads/${filename}", "--content-length-range", "1,10485760"],
     {}, [["content-length-range", 1, 10485760]]),
    ("field-adds-exact-condition", ["s3://examplebucket/uploads/${filename}", "--field", "acl=public-read"],
     {"acl": "public-read"}, [{"acl": "public-read"}]),
    ("condition-covers-field",
     ["s3://examplebucket/uploads/${filename}", "--field", "Content-Type=image/jpeg",
      "--condition", '["starts-with", "$Content-Type", "image/"]'],
     {"Content-Type": "image/jpeg"}, [["starts-with", "$Content-Type", "image/"]]),
    ("empty-field-value", ["s3://examplebucket/uploads/${filename}", "--field", "x-amz-meta-tag="],
     {"x-amz-meta-tag": ""}, [{"x-amz-meta-tag": ""}]),
    ("all-together",
     ["s3://examplebucket/uploads/${filename}", "--condition", '{"success_action_status": "201"}',
      "--field", "success_action_status=201", "--content-length-range", "0,5",
      "--field", "acl=private"],
     {"success_action_status": "201", "acl": "private"},
     [{"success_action_status": "201"}, ["content-length-range", 0, 5], {"acl": "private"}]),
]


@pytest.mark.parametrize("args, fields, conditions", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_json_output(args: List[str], fields: Dict[str, str], conditions: List[Any]) -> None:
    result = run_json(args)
    assert result["url"] == "https://examplebucket.s3.amazonaws.com/"
    assert result["policy"] == {
        "expiration": "2015-12-29T01:00:00Z",
        "conditions": conditions + [{"bucket": "examplebucket"}, ["starts-with", "$key", "uploads/"]] + AUTH,
    }
    assert list(result["fields"].items())[: len(fields) + 4] == list(fields.items()) + [
        ("key", "uploads/${filename}"), ("x-amz-algorithm", "AWS4-HMAC-SHA256"),
        ("x-amz-credential", SCOPE), ("x-amz-date", TIME),
    ]
    assert list(result["fields"])[-2:] == ["policy", "x-amz-signature"]


def test_expires_in_and_endpoint() -> None:
    result = run_json(["s3://bkt/exact key.txt", "--expires-in", "60", "--endpoint-url", "http://127.0.0.1:9000"])
    assert result["url"] == "http://127.0.0.1:9000/bkt"
    assert result["policy"]["expiration"] == "2015-12-29T00:01:00Z"
    assert {"key": "exact key.txt"} in result["policy"]["conditions"]


def test_session_token_becomes_a_field() -> None:
    code, out, _ = run(["s3://b/k"] + BASE, env={"AWS_SESSION_TOKEN": "TOKEN/+="})
    assert code == 0
    assert json.loads(out)["fields"]["x-amz-security-token"] == "TOKEN/+="


def test_html_output() -> None:
    code, out, err = run(["s3://examplebucket/u/${filename}", "--field", "x-amz-meta-note=<&\">", "--html"] + BASE)
    assert (code, err) == (0, "")
    assert out.startswith('<form action="https://examplebucket.s3.amazonaws.com/" method="post" '
                          'enctype="multipart/form-data">')
    assert '<input type="hidden" name="x-amz-meta-note" value="&lt;&amp;&quot;&gt;">' in out
    assert out.rstrip().endswith('<input type="file" name="file">\n  <button type="submit">Upload</button>\n</form>')


ERRORS = [
    # (id, args, with credentials, stderr part)
    ("no-credentials", ["s3://b/k"] + BASE, False, "credentials"),
    ("no-region", ["s3://b/k", "--signing-time", TIME], True, "no region"),
    ("not-s3-url", ["https://b/k"] + BASE, True, "expected s3://BUCKET/KEY"),
    ("no-key", ["s3://b/"] + BASE, True, "has no key"),
    ("no-bucket", ["s3:///k"] + BASE, True, "has no bucket"),
    ("bad-json", ["s3://b/k", "--condition", "[starts-with"] + BASE, True, "is not JSON"),
    ("deep-json", ["s3://b/k", "--condition", "[" * 100000] + BASE, True, "is not JSON"),
    ("bad-condition", ["s3://b/k", "--condition", '["ends-with", "$key", "x"]'] + BASE, True,
     "unknown operator 'ends-with'"),
    ("bad-range", ["s3://b/k", "--content-length-range", "10"] + BASE, True, "expected MIN,MAX"),
    ("reversed-range", ["s3://b/k", "--content-length-range", "10,1"] + BASE, True, "0 <= min <= max"),
    ("bad-field", ["s3://b/k", "--field", "acl"] + BASE, True, "expected NAME=VALUE"),
    ("field-breaks-condition", ["s3://b/k", "--field", "acl=private", "--condition", '{"acl": "public-read"}'] + BASE,
     True, "requires exactly 'public-read'"),
    ("expires-too-long", ["s3://b/k", "--expires-in", "604801"] + BASE, True, "between 1 and 604800"),
    ("expires-not-number", ["s3://b/k", "--expires-in", "soon"] + BASE, True, "invalid int value"),
    ("bad-time", ["s3://b/k", "--region", "us-east-1", "--signing-time", "yesterday"], True, "signing-time"),
    ("unknown-option", ["s3://b/k", "--bogus"] + BASE, True, "unrecognized arguments"),
    # str.isdigit() takes "²", which int() refuses
    ("superscript-range", ["s3://b/k", "--content-length-range", "\u00b2,3"] + BASE, True, "expected MIN,MAX"),
    ("superscript-time", ["s3://b/k", "--region", "us-east-1", "--signing-time", "\u00b2"], True,
     "--signing-time '\u00b2': expected a UTC time"),
    # bad arguments are reported before credentials are looked for (or a credential_process runs)
    ("bad-time-before-credentials", ["s3://b/k", "--region", "us-east-1", "--signing-time", "yesterday"],
     False, "--signing-time 'yesterday': expected a UTC time"),
    ("bad-expiry-before-credentials", ["s3://b/k", "--expires-in", "0"] + BASE, False, "between 1 and 604800"),
]


@pytest.mark.parametrize("args, creds, message", [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_usage_errors_exit_2(args: List[str], creds: bool, message: str) -> None:
    code, out, err = run(args, creds=creds)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert SECRET not in err


def test_help() -> None:
    code, out, _ = run(["--help"])
    assert code == 0
    for option in ("--content-length-range", "--field", "--condition", "--html", "--expires-in",
                   "--region", "--endpoint-url", "--profile", "--signing-time"):
        assert option in out


def test_form_from_the_command_uploads_to_seaweedfs(s3_server: Any) -> None:
    from test_post_server import get_object, multipart

    code, out, err = run(
        ["s3://%s/cli-post/${filename}" % s3_server.bucket, "--endpoint-url", s3_server.endpoint_url,
         "--region", s3_server.region, "--content-length-range", "1,100",
         "--field", "Content-Type=text/csv"],
        env={"AWS_ACCESS_KEY_ID": s3_server.access_key, "AWS_SECRET_ACCESS_KEY": s3_server.secret_key},
    )
    assert (code, err) == (0, "")
    form = json.loads(out)
    body, content_type = multipart(form["fields"], "data.csv", b"a,b\n1,2\n")
    status, _, answer = s3_server.request("POST", form["url"], body, {"Content-Type": content_type})
    assert status == 204, answer
    status, headers, data = get_object(s3_server, "cli-post/data.csv")
    assert (status, data) == (200, b"a,b\n1,2\n")
    assert headers["content-type"] == "text/csv"
