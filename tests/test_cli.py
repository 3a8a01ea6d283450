"""The command line, each command run in a subprocess: exit codes, stdout, stderr.

Expected URLs come from the AWS documentation example and from botocore's
``generate_presigned_url`` (s3v4, the same time and credentials), compared up to the
order of the query parameters.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from support import VECTORS

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = "FwoGZXIvYXdzEXAMPLE/SESSION+TOKEN=="
KEYS = {"AWS_ACCESS_KEY_ID": AKID, "AWS_SECRET_ACCESS_KEY": SECRET}
DOCS = ["s3://examplebucket/test.txt", "--region", "us-east-1", "--expires-in", "86400",
        "--signing-time", "20130524T000000Z"]
SCRIPT = Path(sys.executable).parent / ("sigv4presign.exe" if os.name == "nt" else "sigv4presign")


@pytest.fixture
def home(tmp_path):
    root = tmp_path / "home"
    (root / ".aws").mkdir(parents=True)
    return root


def cli(home, *args, env=None, script=False):
    """Run the command line with a clean environment: HOME=home, no AWS_* but ``env``."""
    environ = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    environ["HOME"] = str(home)
    environ.update(env or {})
    command = [str(SCRIPT)] if script else [sys.executable, "-m", "sigv4presign"]
    return subprocess.run(command + list(args), capture_output=True, text=True, env=environ, timeout=60)


def one_error_line(result, code, starts):
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sigv4presign: error: " + starts), lines[0]
    assert "Traceback" not in result.stderr
    return lines[0]


def url_parts(url):
    parts = urlsplit(url)
    return parts.scheme, parts.netloc, parts.path, sorted(parse_qsl(parts.query, keep_blank_values=True))


def docs_example():
    return json.loads((VECTORS / "s3-docs" / "presigned-get-object.json").read_text())


# -- the first CLI's contract ------------------------------------------------------------

@pytest.mark.parametrize("script", [False, True], ids=["python -m", "console script"])
def test_docs_example_prints_exactly_the_documented_url(home, script):
    if script and not SCRIPT.exists():
        pytest.skip("the console script is not installed beside %s" % sys.executable)
    result = cli(home, *DOCS, env=KEYS, script=script)
    assert result.returncode == 0, result.stderr
    assert result.stdout == docs_example()["expected"]["presigned_url"] + "\n"
    assert result.stderr == ""


@pytest.mark.parametrize(
    "env, args, starts",
    [
        ({}, DOCS, "no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"),
        ({"AWS_ACCESS_KEY_ID": AKID}, DOCS, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"),
        (KEYS, ["s3://examplebucket/test.txt"], "no region: pass --region, set AWS_REGION"),
    ],
)
def test_missing_settings_exit_2(home, env, args, starts):
    one_error_line(cli(home, *args, env=env), 2, starts)


# -- usage errors: exit 2, one line --------------------------------------------------------

@pytest.mark.parametrize(
    "args, starts",
    [
        ([], "the following arguments are required: s3://BUCKET/KEY (see sigv4presign --help)"),
        (["https://examplebucket.s3.amazonaws.com/test.txt"], "expected s3://BUCKET/KEY"),
        (["s3:///key"], "'s3:///key' has no bucket"),
        # a mistyped command is not taken for a presign target
        (["verfy", "https://examplebucket.s3.amazonaws.com/test.txt"],
         "unknown command 'verfy'; commands: presign, verify, explain, post"),
        (["frob"], "unknown command 'frob'; commands: presign, verify, explain, post"),
        (DOCS + ["--bogus"], "unrecognized arguments: --bogus"),
        (DOCS + ["--expires-in", "soon"], "argument --expires-in: invalid int value: 'soon'"),
        (DOCS[:3] + ["--expires-in", "604801"], "expires_in"),
        (DOCS[:3] + ["--expires-in", "0"], "expires_in"),
        (DOCS + ["--header", "no colon here"], "--header 'no colon here': expected 'Name: value'"),
        (DOCS + ["--param", "=value"], "--param '=value': expected name=value"),
        (DOCS + ["--addressing", "sideways"], "argument --addressing: invalid choice: 'sideways'"),
        (DOCS[:5] + ["--signing-time", "yesterday"], "--signing-time 'yesterday': expected a UTC time"),
        # str.isdigit() takes these; int() refuses the first, and neither is a time
        (DOCS[:5] + ["--signing-time", "\u00b2"], "--signing-time '\u00b2': expected a UTC time"),
        (DOCS[:5] + ["--signing-time", "20130524T00000\u00b2Z"], "--signing-time '20130524T00000\u00b2Z'"),
        (DOCS + ["--method", "GET PUT"], "method must be an HTTP method"),
        (DOCS + ["--profile", ""], "profile must be a non-empty profile name"),
    ],
)
def test_usage_errors(home, args, starts):
    one_error_line(cli(home, *args, env=KEYS), 2, starts)


def test_help_lists_commands_and_examples(home):
    result = cli(home, "--help")
    assert result.returncode == 0 and result.stderr == ""
    out = result.stdout
    assert out.startswith("usage: sigv4presign [presign] s3://BUCKET/KEY [options]")
    for command in ("presign", "verify", "explain", "post"):
        assert "\n  %s " % command in out
    for option in ("--expires-in", "--region", "--endpoint-url", "--profile", "--method",
                   "--content-type", "--header", "--param", "--version-id", "--addressing",
                   "--signing-time", "--json", "--debug", "--version"):
        assert option in out
    assert "examples:" in out and "sigv4presign s3://examplebucket/test.txt" in out
    assert cli(home, "presign", "--help").stdout == out
    # the help names every place a setting comes from, in the order they are read
    words = " ".join(out.split())
    assert "(default: AWS_PROFILE, AWS_DEFAULT_PROFILE, else default)" in words
    assert "--param NAME=VALUE add a query parameter (NAME alone for an empty value)" in words


def test_version(home):
    from sigv4presign import __version__

    result = cli(home, "--version")
    assert (result.returncode, result.stdout, result.stderr) == (0, "sigv4presign %s\n" % __version__, "")


def test_explicit_presign_command_is_the_default_command(home):
    plain = cli(home, *DOCS, env=KEYS)
    named = cli(home, "presign", *DOCS, env=KEYS)
    assert named.returncode == 0 and named.stdout == plain.stdout


# -- other failures: exit 1, one line -------------------------------------------------------

def test_credential_process_failure_exit_1_with_its_stderr(home):
    script = home / "helper.py"
    script.write_text("import sys\nsys.stderr.write('session expired: run sso login\\n')\nsys.exit(5)\n")
    (home / ".aws" / "config").write_text(
        '[default]\nregion = us-east-1\ncredential_process = "%s" "%s"\n' % (sys.executable, script)
    )
    line = one_error_line(cli(home, "s3://b/k"), 1, "credential_process of profile 'default'")
    assert line.endswith("failed with exit status 5; it said: session expired: run sso login")


def test_malformed_config_exit_2_names_file_and_line(home):
    (home / ".aws" / "credentials").write_text("[default]\naws_access_key_id = A\n%s\n" % SECRET)
    line = one_error_line(cli(home, "s3://b/k", "--region", "us-east-1"), 2,
                          "malformed AWS config file %s, line 3: " % (home / ".aws" / "credentials"))
    assert SECRET not in line


def test_profile_needing_sts_exit_2_with_what_to_do(home):
    (home / ".aws" / "config").write_text(
        "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = default\n"
    )
    line = one_error_line(cli(home, "s3://b/k", "--region", "us-east-1", "--profile", "admin"), 2,
                          "profile 'admin' assumes a role (role_arn)")
    assert "aws configure export-credentials --profile admin" in line


def test_missing_profile_exit_2(home):
    one_error_line(cli(home, "s3://b/k", "--region", "us-east-1", "--profile", "ghost"), 2,
                   "profile 'ghost' not found")


def test_unavailable_command_is_a_clear_error(monkeypatch, capsys):
    from sigv4presign import cli as cli_package

    monkeypatch.setitem(cli_package.SUBCOMMANDS, "ghost", ("no_such_module", "run"))
    assert cli_package.main(["ghost", "x"], {}) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "sigv4presign: error: the 'ghost' command is not available in this version\n"


@pytest.mark.parametrize("command", ["verify", "explain", "post"])
def test_other_commands_never_show_a_traceback(home, command):
    result = cli(home, command, "--help")
    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        assert command in result.stdout and result.stderr == ""
    else:
        one_error_line(result, 2, "the %r command is not available" % command)


# -- options -----------------------------------------------------------------------------

def botocore_url(method, params, region, when, token=None, addressing="virtual", endpoint_url=None,
                 expires=3600):
    """botocore's presigned URL (s3v4, pure-Python signer) at a frozen time."""
    botocore_session = pytest.importorskip("botocore.session")
    from botocore.config import Config
    from freezegun import freeze_time

    session = botocore_session.Session()
    session.set_config_variable("config_file", os.devnull)
    session.set_config_variable("credentials_file", os.devnull)
    client = session.create_client(
        "s3", region_name=region, endpoint_url=endpoint_url,
        aws_access_key_id=AKID, aws_secret_access_key=SECRET, aws_session_token=token,
        config=Config(signature_version="s3v4", s3={"addressing_style": addressing}),
    )
    with freeze_time(when):
        return client.generate_presigned_url(method, Params=params, ExpiresIn=expires)


WHEN = "2026-03-01T12:34:56Z"


@pytest.mark.parametrize(
    "args, operation, params, extra",
    [
        ([], "get_object", {}, {}),
        (["--version-id", "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"], "get_object",
         {"VersionId": "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"}, {}),
        (["--param", 'response-content-disposition=attachment; filename="a b.txt"',
          "--param", "response-content-type=text/plain"], "get_object",
         {"ResponseContentDisposition": 'attachment; filename="a b.txt"',
          "ResponseContentType": "text/plain"}, {}),
        (["--method", "put", "--content-type", "image/jpeg"], "put_object", {"ContentType": "image/jpeg"}, {}),
        (["--method", "PUT", "--header", "x-amz-meta-owner:  Zoe   Smith ", "--header", "Cache-Control:no-cache"],
         "put_object", {"Metadata": {"owner": "Zoe Smith"}, "CacheControl": "no-cache"}, {}),
        (["--method", "PUT", "--param", "partNumber=3", "--param", "uploadId=abc/def+=="],
         "upload_part", {"PartNumber": 3, "UploadId": "abc/def+=="}, {}),
        (["--method", "DELETE"], "delete_object", {}, {}),
        (["--method", "HEAD"], "head_object", {}, {}),
        (["--expires-in", "604800"], "get_object", {}, {"expires": 604800}),
        (["--addressing", "path"], "get_object", {}, {"addressing": "path"}),
        ([], "get_object", {}, {"token": TOKEN}),
        (["--endpoint-url", "http://127.0.0.1:9000"], "get_object", {},
         {"addressing": "path", "endpoint_url": "http://127.0.0.1:9000"}),
    ],
)
def test_options_match_botocore(home, args, operation, params, extra):
    env = dict(KEYS)
    if "token" in extra:
        env["AWS_SESSION_TOKEN"] = extra["token"]
    key = "photos/2026/a b+c=d&e~.jpg"
    result = cli(home, "s3://my-bucket/" + key, "--region", "eu-west-1", "--signing-time", WHEN,
                 *args, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    expected = botocore_url(operation, dict(params, Bucket="my-bucket", Key=key), "eu-west-1", WHEN,
                            token=extra.get("token"), addressing=extra.get("addressing", "virtual"),
                            endpoint_url=extra.get("endpoint_url"), expires=extra.get("expires", 3600))
    assert params_of(result.stdout) == url_parts(expected)


def params_of(stdout):
    lines = stdout.splitlines()
    assert len(lines) == 1
    return url_parts(lines[0])


def test_settings_from_files_and_environment(home):
    (home / ".aws" / "credentials").write_text(
        "[work]\naws_access_key_id = %s\naws_secret_access_key = %s\n" % (AKID, SECRET)
    )
    (home / ".aws" / "config").write_text(
        "[profile work]\nregion = ap-southeast-2\nendpoint_url = http://127.0.0.1:8333\n"
        "s3 =\n  addressing_style = path\n"
    )
    expected = url_parts(botocore_url("get_object", {"Bucket": "b", "Key": "k"}, "ap-southeast-2", WHEN,
                                   addressing="path", endpoint_url="http://127.0.0.1:8333"))
    by_option = cli(home, "s3://b/k", "--profile", "work", "--signing-time", WHEN)
    by_env = cli(home, "s3://b/k", "--signing-time", WHEN, env={"AWS_PROFILE": "work"})
    for result in (by_option, by_env):
        assert result.returncode == 0, result.stderr
        assert params_of(result.stdout) == expected
    # the environment and the command line override the profile's settings
    result = cli(home, "s3://b/k", "--profile", "work", "--signing-time", WHEN, "--region", "eu-west-3",
                 env={"AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9999"})
    assert params_of(result.stdout) == url_parts(botocore_url(
        "get_object", {"Bucket": "b", "Key": "k"}, "eu-west-3", WHEN, addressing="path",
        endpoint_url="http://127.0.0.1:9999"))


def test_json_output(home):
    result = cli(home, *DOCS, "--method", "PUT", "--content-type", "text/plain", "--header",
                 "x-amz-meta-a:  b ", "--json", env=KEYS)
    assert result.returncode == 0 and result.stderr == ""
    out = json.loads(result.stdout)
    assert list(out) == ["url", "method", "headers", "signed_at", "expires_at"]
    assert out["method"] == "PUT"
    assert out["headers"] == {"Content-Type": "text/plain", "x-amz-meta-a": "b"}
    assert out["signed_at"] == "2013-05-24T00:00:00Z"
    assert out["expires_at"] == "2013-05-25T00:00:00Z"
    plain = cli(home, *DOCS, "--method", "PUT", "--content-type", "text/plain", "--header",
                "x-amz-meta-a:  b ", env=KEYS)
    assert out["url"] + "\n" == plain.stdout


def test_debug_shows_canonical_request_and_string_to_sign_on_stderr(home):
    expected = docs_example()["expected"]
    result = cli(home, *DOCS, "--debug", env=KEYS)
    assert result.returncode == 0
    assert result.stdout == expected["presigned_url"] + "\n"
    assert result.stderr == (
        "sigv4presign: canonical request:\n%s\nsigv4presign: string to sign:\n%s\n"
        % (expected["canonical_request"], expected["string_to_sign"])
    )


def test_secrets_never_reach_stderr(home):
    env = dict(KEYS, AWS_SESSION_TOKEN=TOKEN)
    result = cli(home, *DOCS, "--debug", "--json", env=env)
    assert result.returncode == 0
    assert "X-Amz-Security-Token=<redacted>" in result.stderr
    for secret in (SECRET, TOKEN, quote(TOKEN, safe="")):
        assert secret not in result.stderr
    assert SECRET not in result.stdout
    assert json.loads(result.stdout)["url"].count(quote(TOKEN, safe="")) == 1


def test_debug_masks_a_token_signed_as_a_header_too(home):
    env = dict(KEYS, AWS_SESSION_TOKEN=TOKEN)
    result = cli(home, *DOCS, "--debug", "--header", "X-Amz-Security-Token: " + TOKEN, env=env)
    assert result.returncode == 0, result.stderr
    assert "\nx-amz-security-token:<redacted>\n" in result.stderr
    assert "X-Amz-Security-Token=<redacted>" in result.stderr
    for secret in (SECRET, TOKEN, quote(TOKEN, safe="")):
        assert secret not in result.stderr


def test_credentials_expiring_first_give_one_warning_line(home):
    env = dict(KEYS, AWS_SESSION_TOKEN=TOKEN, AWS_CREDENTIAL_EXPIRATION="2013-05-24T00:10:00Z")
    result = cli(home, *DOCS, "--json", env=env)
    assert result.returncode == 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("sigv4presign: warning: the credentials expire at")
    assert json.loads(result.stdout)["expires_at"] == "2013-05-24T00:10:00Z"


@pytest.mark.parametrize(
    "target, bucket, key",
    [
        ("s3://b/k", "b", "k"),
        ("s3://b/dir/sub/file.txt", "b", "dir/sub/file.txt"),
        ("s3://b//double", "b", "/double"),
        ("s3://b/", "b", None),
        ("s3://b", "b", None),
        ("s3://arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap/some/key",
         "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap", "some/key"),
        ("s3://arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap",
         "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap", None),
    ],
)
def test_split_s3_url(target, bucket, key):
    from sigv4presign.cli.presign import split_s3_url

    assert split_s3_url(target) == (bucket, key)


def example_commands(block):
    """The `sigv4presign` commands of a block of shell examples, as argv lists."""
    import shlex

    commands = []
    for line in block.replace("\\\n", " ").splitlines():
        line = line.strip()
        if line.startswith("URL=$("):
            line = line[len("URL=$("):].rstrip(")")
        if line.startswith("sigv4presign "):
            commands.append(shlex.split(line)[1:])
    return commands


def readme_cli_commands():
    from support import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## The command line"):]
    block = section[section.index("```sh\n") + 6:]
    return example_commands(block[:block.index("```")])


def help_commands(home):
    out = cli(home, "--help").stdout
    return example_commands(out[out.index("examples:"):])


@pytest.mark.parametrize("source", [readme_cli_commands, help_commands])
def test_examples_run(home, source):
    commands = source() if source is readme_cli_commands else source(home)
    assert len(commands) >= 5
    (home / ".aws" / "credentials").write_text(
        "[work]\naws_access_key_id = %s\naws_secret_access_key = %s\n" % (AKID, SECRET)
    )
    for argv in commands:
        result = cli(home, *argv, env=dict(KEYS, AWS_REGION="eu-west-1"))
        assert result.returncode == 0, (argv, result.stderr)
        if "--json" in argv:
            assert json.loads(result.stdout)["url"].startswith("http")
        else:
            assert result.stdout.startswith("http") and result.stdout.count("\n") == 1
        if "--debug" not in argv:
            assert result.stderr == ""


@pytest.mark.parametrize(
    "exception, code, line",
    [
        (PermissionError(13, "Permission denied", "/etc/shadow"), 1,
         "sigv4presign: error: /etc/shadow: Permission denied"),
        (RuntimeError("first line\nsecond line"), 1, "sigv4presign: error: unexpected RuntimeError: first line second line"),
        (KeyboardInterrupt(), 130, None),
    ],
)
def test_unexpected_failures_are_one_line(monkeypatch, capsys, exception, code, line):
    from sigv4presign import cli as cli_package
    from sigv4presign.cli import presign as presign_command

    def fail(argv, environ):
        raise exception

    monkeypatch.setattr(presign_command, "run", fail)
    assert cli_package.main(["s3://b/k"], {}) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("" if line is None else line + "\n")


def clean_env(home):
    environ = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    environ.update(KEYS, HOME=str(home))
    return environ


def test_reader_going_away_is_quiet(home):
    process = subprocess.Popen([sys.executable, "-m", "sigv4presign", *DOCS, "--json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env(home))
    process.stdout.close()  # like `| head -c0`: closed before the command writes
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err == b""


@pytest.mark.skipif(os.name == "nt", reason="closing stdout with `>&-` needs a POSIX shell")
def test_closed_stdout_is_one_line(home):
    result = subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-m", "sigv4presign", *DOCS],
        capture_output=True, text=True, env=clean_env(home), timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr == "sigv4presign: error: stdout is closed; nowhere to print the result\n"
