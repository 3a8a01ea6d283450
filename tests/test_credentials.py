"""Credentials, region and endpoint found the way the AWS CLI finds them.

Every test runs in a temporary HOME with all AWS_* variables cleared. The expected
behaviour is the AWS CLI's (its documentation of the credential chain, the config and
credentials file formats and ``credential_process``); ``test_cli_awscli.py`` checks the
same rules against the AWS CLI itself.
"""

import datetime
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sigv4presign import Credentials, CredentialsError, InvalidInputError
from sigv4presign.core.errors import CredentialProcessError
from sigv4presign.credentials import (
    config_paths,
    load_credentials,
    load_endpoint_url,
    load_region,
    load_s3_settings,
    parse_expiration,
)

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEXAMPLETOKEN//+=="


class Home:
    """A temporary HOME with ~/.aws; ``write`` puts text into a file there."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.aws = root / ".aws"
        self.aws.mkdir()

    def credentials(self, text: str) -> Path:
        return self.write(self.aws / "credentials", text)

    def config(self, text: str) -> Path:
        return self.write(self.aws / "config", text)

    @staticmethod
    def write(path: Path, text: str) -> Path:
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def script(self, name: str, body: str) -> Path:
        """A small Python program to use as a credential_process."""
        return self.write(self.root / name, body)

    def process(self, name: str, body: str, *args: str) -> str:
        """A credential_process line running ``body`` with this interpreter."""
        script = self.script(name, body)
        return " ".join(['"%s"' % sys.executable, '"%s"' % script, *args])


@pytest.fixture
def home(tmp_path, monkeypatch):
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    root = tmp_path / "home"
    root.mkdir()
    monkeypatch.setenv("HOME", str(root))
    return Home(root)


def creds(akid, secret=SECRET, token=None):
    return Credentials(akid, secret, token)


# -- the order of the chain --------------------------------------------------------------

BOTH_FILES = {
    "credentials": """
        [default]
        aws_access_key_id = AKIDCREDSFILE
        aws_secret_access_key = %s

        [work]
        aws_access_key_id = AKIDWORKFILE
        aws_secret_access_key = %s
        aws_session_token = %s
        """ % (SECRET, SECRET, TOKEN),
    "config": """
        [default]
        region = eu-west-1

        [profile work]
        region = ap-south-1

        [profile only-config]
        aws_access_key_id = AKIDCONFIGFILE
        aws_secret_access_key = %s
        """ % SECRET,
}
ENV_KEYS = {"AWS_ACCESS_KEY_ID": "AKIDENVIRONMENT", "AWS_SECRET_ACCESS_KEY": SECRET}


@pytest.mark.parametrize(
    "env, profile, expected",
    [
        # nothing chosen: the environment variables win over the files
        (ENV_KEYS, None, creds("AKIDENVIRONMENT")),
        # nothing in the environment: [default] of the credentials file
        ({}, None, creds("AKIDCREDSFILE")),
        # AWS_PROFILE picks the profile; its session token comes along
        ({"AWS_PROFILE": "work"}, None, creds("AKIDWORKFILE", token=TOKEN)),
        # AWS_DEFAULT_PROFILE is the older name of AWS_PROFILE
        ({"AWS_DEFAULT_PROFILE": "work"}, None, creds("AKIDWORKFILE", token=TOKEN)),
        ({"AWS_PROFILE": "work", "AWS_DEFAULT_PROFILE": "default"}, None,
         creds("AKIDWORKFILE", token=TOKEN)),
        # AWS_PROFILE does not switch the environment's keys off (as in the AWS CLI) ...
        (dict(ENV_KEYS, AWS_PROFILE="work"), None, creds("AKIDENVIRONMENT")),
        # ... but a profile passed explicitly (like `aws --profile`) does
        (ENV_KEYS, "work", creds("AKIDWORKFILE", token=TOKEN)),
        (dict(ENV_KEYS, AWS_PROFILE="default"), "work", creds("AKIDWORKFILE", token=TOKEN)),
        # keys in the config file's [profile NAME] are the last resort
        ({}, "only-config", creds("AKIDCONFIGFILE")),
        ({"AWS_PROFILE": "only-config"}, None, creds("AKIDCONFIGFILE")),
        # environment token and its older name
        (dict(ENV_KEYS, AWS_SESSION_TOKEN=TOKEN), None, creds("AKIDENVIRONMENT", token=TOKEN)),
        (dict(ENV_KEYS, AWS_SECURITY_TOKEN=TOKEN), None, creds("AKIDENVIRONMENT", token=TOKEN)),
        # both names set: the older one wins, as in the AWS CLI
        (dict(ENV_KEYS, AWS_SESSION_TOKEN="NEWNAME", AWS_SECURITY_TOKEN=TOKEN), None,
         creds("AKIDENVIRONMENT", token=TOKEN)),
        # empty values count as unset
        (dict(ENV_KEYS, AWS_SESSION_TOKEN=""), None, creds("AKIDENVIRONMENT")),
        ({"AWS_ACCESS_KEY_ID": "", "AWS_PROFILE": ""}, None, creds("AKIDCREDSFILE")),
    ],
)
def test_precedence(home, monkeypatch, env, profile, expected):
    home.credentials(BOTH_FILES["credentials"])
    home.config(BOTH_FILES["config"])
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert load_credentials(profile) == expected


@pytest.mark.parametrize(
    "lines, token",
    [
        ("aws_session_token = %s\n" % TOKEN, TOKEN),
        ("aws_security_token = %s\n" % TOKEN, TOKEN),
        ("aws_session_token = NEWNAME\naws_security_token = %s\n" % TOKEN, TOKEN),  # as the AWS CLI
    ],
)
def test_token_names_in_files(home, lines, token):
    home.credentials("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = %s\n%s" % (SECRET, lines))
    home.config("[profile c]\naws_access_key_id = AKIDCONF\naws_secret_access_key = %s\n%s" % (SECRET, lines))
    assert load_credentials() == creds("AKIDFILE", token=token)
    assert load_credentials("c") == creds("AKIDCONF", token=token)


def test_environ_argument_replaces_os_environ(home, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDFROMOSENVIRON")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    other = home.root / "elsewhere"
    other.mkdir()
    Home.write(other / "creds", "[default]\naws_access_key_id = AKIDELSEWHERE\naws_secret_access_key = %s\n" % SECRET)
    environ = {"AWS_SHARED_CREDENTIALS_FILE": str(other / "creds")}
    assert load_credentials(environ=environ) == creds("AKIDELSEWHERE")
    assert load_credentials(environ=ENV_KEYS) == creds("AKIDENVIRONMENT")


def test_credentials_file_beats_credential_process_beats_config_keys(home):
    process = home.process(
        "proc.py",
        'import json; print(json.dumps({"Version": 1, "AccessKeyId": "AKIDPROCESS", '
        '"SecretAccessKey": "%s"}))' % SECRET,
    )
    home.config(
        """
        [profile p]
        credential_process = %s
        aws_access_key_id = AKIDCONFIGFILE
        aws_secret_access_key = %s
        """ % (process, SECRET)
    )
    assert load_credentials("p") == creds("AKIDPROCESS")
    home.credentials("[p]\naws_access_key_id = AKIDCREDSFILE\naws_secret_access_key = %s\n" % SECRET)
    assert load_credentials("p") == creds("AKIDCREDSFILE")


def test_credential_process_may_sit_in_the_credentials_file(home):
    process = home.process(
        "proc.py",
        'import json; print(json.dumps({"Version": 1, "AccessKeyId": "AKIDPROCESS", '
        '"SecretAccessKey": "%s"}))' % SECRET,
    )
    home.credentials("[p]\ncredential_process = %s\n" % process)
    assert load_credentials("p") == creds("AKIDPROCESS")


@pytest.mark.parametrize(
    "config, profile, expected",
    [
        # [default] and [profile default] both name the default profile
        ("[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = S\n", None, "AKIDDEFAULT"),
        ("[profile default]\naws_access_key_id = AKIDPROFDEFAULT\naws_secret_access_key = S\n", None,
         "AKIDPROFDEFAULT"),
        # a quoted profile name, and extra spaces in the title
        ('[profile "my team"]\naws_access_key_id = AKIDQUOTED\naws_secret_access_key = S\n', "my team",
         "AKIDQUOTED"),
        ("[profile    spaced]\naws_access_key_id = AKIDSPACED\naws_secret_access_key = S\n", "spaced",
         "AKIDSPACED"),
        # `:` separates too, names are case-insensitive, comments are skipped
        ("# comment\n[default]\nAWS_ACCESS_KEY_ID: AKIDCOLON\n; another\naws_secret_access_key=S\n", None,
         "AKIDCOLON"),
    ],
)
def test_config_file_sections(home, config, profile, expected):
    home.config(config)
    assert load_credentials(profile).access_key_id == expected


def test_config_file_without_profile_prefix_is_not_a_profile(home):
    # In the config file, [work] is not the profile "work" (only the credentials file says so).
    home.config("[work]\naws_access_key_id = AKIDNOPREFIX\naws_secret_access_key = S\n")
    with pytest.raises(CredentialsError, match="profile 'work' not found"):
        load_credentials("work")


def test_file_locations(home, monkeypatch, tmp_path):
    assert config_paths() == (
        str(home.root / ".aws" / "credentials"), str(home.root / ".aws" / "config")
    )
    monkeypatch.setenv("ELSEWHERE", str(tmp_path))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "$ELSEWHERE/c")
    monkeypatch.setenv("AWS_CONFIG_FILE", "~/conf")
    assert config_paths() == (str(tmp_path / "c"), str(home.root / "conf"))
    Home.write(tmp_path / "c", "[default]\naws_access_key_id = AKIDMOVED\naws_secret_access_key = S\n")
    Home.write(home.root / "conf", "[default]\nregion = sa-east-1\n")
    home.credentials("[default]\naws_access_key_id = AKIDNOTTHIS\naws_secret_access_key = S\n")
    assert load_credentials().access_key_id == "AKIDMOVED"
    assert load_region() == "sa-east-1"


def test_env_expiration(home, monkeypatch):
    for name, value in ENV_KEYS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_CREDENTIAL_EXPIRATION", "2030-01-02T03:04:05Z")
    found = load_credentials()
    assert found.expiration == datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2030-01-02T03:04:05Z", (2030, 1, 2, 3, 4, 5)),
        ("2030-01-02T03:04:05.123456Z", (2030, 1, 2, 3, 4, 5)),
        ("2030-01-02T05:04:05+02:00", (2030, 1, 2, 3, 4, 5)),
        ("2030-01-01T22:04:05-0500", (2030, 1, 2, 3, 4, 5)),
        ("2030-01-02 03:04:05z", (2030, 1, 2, 3, 4, 5)),
    ],
)
def test_parse_expiration(text, expected):
    assert parse_expiration(text, "x") == datetime.datetime(*expected, tzinfo=datetime.timezone.utc)


@pytest.mark.parametrize("text", ["2030-01-02T03:04:05", "tomorrow", "2030-13-02T03:04:05Z", "", 17])
def test_parse_expiration_refuses(text):
    with pytest.raises(CredentialsError, match="ISO 8601|not a valid date"):
        parse_expiration(text, "AWS_CREDENTIAL_EXPIRATION")


# -- what goes wrong ---------------------------------------------------------------------

def test_missing_profile(home, monkeypatch):
    home.credentials("[default]\naws_access_key_id = A\naws_secret_access_key = S\n")
    with pytest.raises(CredentialsError) as info:
        load_credentials("nope")
    message = str(info.value)
    assert "profile 'nope' not found" in message
    assert str(home.aws / "credentials") in message and str(home.aws / "config") in message
    monkeypatch.setenv("AWS_PROFILE", "nope")
    with pytest.raises(CredentialsError, match="profile 'nope' not found"):
        load_credentials()
    with pytest.raises(CredentialsError, match="profile 'nope' not found"):
        load_region()
    # ... even when the environment has keys, as the AWS CLI refuses it (ProfileNotFound)
    for name, value in ENV_KEYS.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(CredentialsError, match="profile 'nope' not found"):
        load_credentials()
    monkeypatch.setenv("AWS_PROFILE", "default")
    assert load_credentials() == creds("AKIDENVIRONMENT")


def test_no_credentials_anywhere(home):
    with pytest.raises(CredentialsError) as info:
        load_credentials()
    message = str(info.value)
    assert message.startswith("no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
    assert str(home.aws / "credentials") in message


def test_empty_profile_name_is_an_input_error(home):
    with pytest.raises(InvalidInputError, match="profile must be a non-empty"):
        load_credentials("")


@pytest.mark.parametrize(
    "env, files, message",
    [
        ({"AWS_ACCESS_KEY_ID": "AKID"}, {}, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"),
        ({}, {"credentials": "[default]\naws_access_key_id = AKID\n"},
         "profile 'default' in .*credentials has aws_access_key_id but no aws_secret_access_key"),
        ({}, {"config": "[default]\naws_access_key_id = AKID\naws_secret_access_key =\n"},
         "profile 'default' in .*config has aws_access_key_id but no aws_secret_access_key"),
        ({"AWS_ACCESS_KEY_ID": "AK ID", "AWS_SECRET_ACCESS_KEY": SECRET}, {},
         "the environment variables: access_key_id must not contain white space"),
        ({"AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": SECRET, "AWS_CREDENTIAL_EXPIRATION": "soon"},
         {}, "AWS_CREDENTIAL_EXPIRATION 'soon' is not an ISO 8601 time"),
    ],
)
def test_partial_or_bad_credentials(home, monkeypatch, env, files, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for kind, text in files.items():
        getattr(home, kind)(text)
    with pytest.raises(CredentialsError, match=message) as info:
        load_credentials()
    assert SECRET not in str(info.value)


@pytest.mark.parametrize(
    "kind, text, line, what",
    [
        ("credentials", "aws_access_key_id = A\n[default]\n", 1, "a setting before the first \\[section\\]"),
        ("credentials", "[default]\naws_access_key_id = A\n%s\n" % SECRET, 3,
         "expected `name = value`, a \\[section\\] header or a comment"),
        ("config", "[default]\nregion = a\n\n[default]\n", 4, "section \\[default\\] appears twice"),
        ("config", "[default]\nregion = a\nregion = b\n", 3, "'region' is set twice in section \\[default\\]"),
        ("config", "[default]\ns3 =\n  addressing_style = virtual\n  %s\n" % SECRET, 4,
         "the indented lines under 's3' in \\[default\\] must be `name = value`"),
    ],
)
def test_malformed_file_names_file_and_line(home, kind, text, line, what):
    path = getattr(home, kind)(text)
    with pytest.raises(CredentialsError) as info:
        load_credentials()
    message = str(info.value)
    assert message.startswith("malformed AWS config file %s, line %d: " % (path, line))
    import re

    assert re.search(what, message)
    assert SECRET not in message


def test_malformed_utf8_names_the_line(home):
    path = home.aws / "credentials"
    path.write_bytes(b"[default]\naws_access_key_id = A\naws_secret_access_key = \xff\xfe\n")
    with pytest.raises(CredentialsError, match="malformed AWS config file %s, line 3: not valid UTF-8" % path):
        load_credentials()


def test_windows_line_ends_read_as_the_aws_cli_reads_them(home):
    # botocore's configloader.raw_config_parse reads this file as {"default": {
    # "aws_access_key_id": "AKIDCRLF", "aws_secret_access_key": SECRET, "region": "eu-west-1"}}
    (home.aws / "credentials").write_bytes(
        b"[default]\r\naws_access_key_id = AKIDCRLF\r\naws_secret_access_key = %s\r\n"
        b"region = eu-west-1\r\n" % SECRET.encode())
    assert load_credentials() == creds("AKIDCRLF")
    assert load_region() == "eu-west-1"


def test_a_byte_order_mark_is_named(home):
    # The AWS CLI cannot read such a file either (botocore: ConfigParseError), but the
    # reason is invisible in an editor: say it.
    path = home.aws / "credentials"
    path.write_bytes(b"\xef\xbb\xbf[default]\naws_access_key_id = A\naws_secret_access_key = B\n")
    with pytest.raises(CredentialsError) as info:
        load_credentials()
    assert str(info.value) == (
        "malformed AWS config file %s, line 1: the file starts with a UTF-8 byte-order mark "
        "(BOM), which the AWS CLI cannot read either; save it as UTF-8 without BOM" % path
    )


def test_an_inline_comment_is_part_of_the_value_and_the_error_says_so(home):
    # configparser as the AWS CLI uses it has no inline comments: the key id would be
    # "AKIDX # work account", which no access key id is.
    home.credentials("[default]\naws_access_key_id = AKIDX # work account\naws_secret_access_key = %s\n" % SECRET)
    with pytest.raises(CredentialsError) as info:
        load_credentials()
    message = str(info.value)
    assert "access_key_id must not contain white space" in message
    assert "put comments on lines of their own" in message
    assert SECRET not in message


@pytest.mark.parametrize("variable", ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"])
def test_environment_variables_with_bytes_that_are_not_utf8(home, variable):
    # os.environ holds undecodable bytes as lone surrogates (PEP 383): "\udcff" is b"\xff"
    environ = {"HOME": str(home.root), "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": SECRET}
    environ[variable] = "tok\udcffen"
    with pytest.raises(CredentialsError) as info:
        load_credentials(environ=environ)
    assert str(info.value) == "%s is not valid UTF-8 text" % variable


def test_files_are_not_read_when_the_environment_settles_it(home, monkeypatch):
    home.credentials("this is not an INI file\n")
    home.config("neither is this\n")
    for name, value in ENV_KEYS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_REGION", "eu-north-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9000")
    assert load_credentials() == creds("AKIDENVIRONMENT")
    assert load_region() == "eu-north-1"
    assert load_endpoint_url() == "http://127.0.0.1:9000"
    with pytest.raises(CredentialsError, match="malformed"):
        load_credentials("default")


@pytest.mark.parametrize(
    "config, setting",
    [
        ("role_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n", "role_arn"),
        ("role_arn = arn:aws:iam::123456789012:role/r\nweb_identity_token_file = /t\n", "web_identity_token_file"),
        ("sso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev\n", "SSO"),
        ("sso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\n"
         "sso_role_name = R\n", "SSO"),
        ("login_session = arn:aws:iam::123456789012:user/u\n", "login_session"),
    ],
)
def test_profiles_that_need_aws_calls_are_refused_clearly(home, config, setting):
    # Even with keys in the credentials file: the AWS CLI would use the role, so must we.
    home.config("[profile p]\n" + config)
    home.credentials("[p]\naws_access_key_id = AKIDBASE\naws_secret_access_key = S\n")
    with pytest.raises(CredentialsError) as info:
        load_credentials("p")
    message = str(info.value)
    assert message.startswith("profile 'p' ")
    assert setting in message
    assert "aws configure export-credentials --profile p" in message


def test_web_identity_from_the_environment_is_refused(home, monkeypatch):
    home.credentials("[default]\naws_access_key_id = AKIDBASE\naws_secret_access_key = S\n")
    monkeypatch.setenv("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token")
    monkeypatch.setenv("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/r")
    with pytest.raises(CredentialsError, match="AWS_WEB_IDENTITY_TOKEN_FILE is set"):
        load_credentials()
    # keys in the environment come first
    for name, value in ENV_KEYS.items():
        monkeypatch.setenv(name, value)
    assert load_credentials() == creds("AKIDENVIRONMENT")


# -- credential_process ------------------------------------------------------------------

PRINT_JSON = """
import json, sys
print(json.dumps({
    "Version": 1,
    "AccessKeyId": "AKIDPROCESS",
    "SecretAccessKey": %r,
    "SessionToken": %r,
    "Expiration": "2031-05-06T07:08:09Z",
    "Args": sys.argv[1:],
}))
""" % (SECRET, TOKEN)


def test_credential_process_success(home):
    home.config("[default]\ncredential_process = %s\n" % home.process("p.py", PRINT_JSON))
    found = load_credentials()
    assert found == Credentials(
        "AKIDPROCESS", SECRET, TOKEN,
        datetime.datetime(2031, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc),
    )


def test_credential_process_runs_without_a_shell(home, tmp_path):
    # Arguments are split like a shell would (quotes kept together) but no shell runs:
    # `$HOME`, `;` and `>` reach the program as plain text.
    record = tmp_path / "argv.json"
    body = (
        "import json, sys\n"
        "open(%r, 'w').write(json.dumps(sys.argv[1:]))\n"
        "print(json.dumps({'Version': 1, 'AccessKeyId': 'AKIDP', 'SecretAccessKey': 'S'}))\n"
        % str(record)
    )
    line = home.process("p.py", body, "'two words'", "$HOME", ";", ">x")
    home.config("[default]\ncredential_process = %s\n" % line)
    assert load_credentials().access_key_id == "AKIDP"
    import json

    assert json.loads(record.read_text()) == ["two words", "$HOME", ";", ">x"]
    assert not (home.root / "x").exists()


def test_credential_process_gets_the_environ_argument(home):
    body = (
        "import json, os\n"
        "print(json.dumps({'Version': 1, 'AccessKeyId': os.environ['PICK'], 'SecretAccessKey': 'S'}))\n"
    )
    home.config("[default]\ncredential_process = %s\n" % home.process("p.py", body))
    environ = {"HOME": str(home.root), "PICK": "AKIDFROMENVIRON", "PATH": os.environ.get("PATH", "")}
    assert load_credentials(environ=environ).access_key_id == "AKIDFROMENVIRON"


@pytest.mark.parametrize(
    "body, message",
    [
        ("import sys\nsys.stderr.write('token expired, run login\\n')\nsys.exit(3)\n",
         "failed with exit status 3; it said: token expired, run login"),
        ("print('AccessKeyId=AKID SecretAccessKey=%s')\n" % SECRET,
         "printed \\d+ bytes that are not a JSON object"),
        ("print('[1, 2]')\n", "printed JSON that is not an object"),
        ("print('[' * 100000)\n", "printed 100001 bytes that are not a JSON object"),
        ("import json\nprint(json.dumps({'Version': 1, 'AccessKeyId': 'A', 'SecretAccessKey': %r, "
         "'Expiration': 20991231}))\n" % SECRET, "Expiration 20991231 is not an ISO 8601 time"),
        ("import json\nprint(json.dumps({'Version': 2, 'AccessKeyId': 'A', 'SecretAccessKey': %r}))\n" % SECRET,
         "printed Version 2; the supported version is 1"),
        ("import json\nprint(json.dumps({'AccessKeyId': 'A', 'SecretAccessKey': %r}))\n" % SECRET,
         "printed Version \\(missing\\); the supported version is 1"),
        ("import json\nprint(json.dumps({'Version': 1, 'AccessKeyId': 'A'}))\n", "printed no SecretAccessKey"),
        ("import json\nprint(json.dumps({'Version': 1, 'AccessKeyId': 'A', 'SecretAccessKey': %r, "
         "'Expiration': 'later'}))\n" % SECRET, "Expiration 'later' is not an ISO 8601 time"),
    ],
)
def test_credential_process_failures(home, body, message):
    home.config("[profile p]\ncredential_process = %s --secret-arg hunter2\n" % home.process("p.py", body))
    with pytest.raises(CredentialsError, match=message) as info:
        load_credentials("p")
    text = str(info.value)
    assert text.startswith("credential_process of profile 'p' (%s)" % sys.executable)
    assert SECRET not in text and "hunter2" not in text


def test_credential_process_failure_keeps_stderr_and_status(home):
    body = "import sys\nsys.stderr.write('line one\\nline two\\n')\nsys.exit(4)\n"
    home.config("[default]\ncredential_process = %s\n" % home.process("p.py", body))
    with pytest.raises(CredentialProcessError) as info:
        load_credentials()
    assert info.value.returncode == 4
    assert info.value.stderr == "line one\nline two"
    assert str(info.value).endswith("it said: line one line two")


def test_credential_process_timeout(home):
    body = "import sys, time\nsys.stderr.write('waiting for MFA\\n'); sys.stderr.flush()\ntime.sleep(60)\n"
    home.config("[default]\ncredential_process = %s\n" % home.process("slow.py", body))
    with pytest.raises(CredentialProcessError, match="did not finish within 0.5 seconds and was stopped") as info:
        load_credentials(process_timeout=0.5)
    assert info.value.stderr == "waiting for MFA"


@pytest.mark.parametrize(
    "line, message",
    [
        ("/nonexistent/credential-helper --flag", "could not be started: No such file or directory"),
        ("'unterminated", "cannot be split into arguments"),
    ],
)
def test_credential_process_cannot_run(home, line, message):
    home.config("[default]\ncredential_process = %s\n" % line)
    with pytest.raises(CredentialsError, match=message):
        load_credentials()


def test_credentials_from_object_reads_botocore_credentials():
    botocore_credentials = pytest.importorskip("botocore.credentials")
    plain = botocore_credentials.Credentials("AKIDBOTO", SECRET, TOKEN)
    assert Credentials.from_object(plain) == Credentials("AKIDBOTO", SECRET, TOKEN)
    assert Credentials.from_object(botocore_credentials.Credentials("AKIDBOTO", SECRET)) == creds("AKIDBOTO")
    refreshing = botocore_credentials.RefreshableCredentials(
        "AKIDREFRESH", SECRET, None,
        datetime.datetime(2099, 1, 1, tzinfo=datetime.timezone.utc),
        refresh_using=lambda: {}, method="test",
    )
    assert Credentials.from_object(refreshing) == creds("AKIDREFRESH")
    ours = creds("AKIDOURS")
    assert Credentials.from_object(ours) is ours
    with pytest.raises(InvalidInputError, match="access_key, secret_key and token"):
        Credentials.from_object(object())


# -- region, endpoint, s3 settings -------------------------------------------------------

@pytest.mark.parametrize(
    "env, profile, expected",
    [
        ({}, None, "eu-west-1"),
        ({"AWS_PROFILE": "work"}, None, "ap-south-1"),
        ({}, "work", "ap-south-1"),
        # the credentials file overlays the config file for the same profile
        ({}, "both", "us-west-2"),
        ({"AWS_DEFAULT_REGION": "ca-central-1"}, "work", "ca-central-1"),
        ({"AWS_REGION": "eu-south-2", "AWS_DEFAULT_REGION": "ca-central-1"}, None, "eu-south-2"),
        ({}, "noregion", None),
    ],
)
def test_region(home, monkeypatch, env, profile, expected):
    home.config(
        "[default]\nregion = eu-west-1\n[profile work]\nregion = ap-south-1\n"
        "[profile both]\nregion = ap-east-1\n[profile noregion]\noutput = json\n"
    )
    home.credentials("[both]\nregion = us-west-2\n")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert load_region(profile) == expected


def test_region_without_files(home):
    assert load_region() is None


ENDPOINT_CONFIG = """
[default]
endpoint_url = http://127.0.0.1:1001
services = local

[profile plain]
endpoint_url = http://127.0.0.1:1002

[profile ignoring]
endpoint_url = http://127.0.0.1:1003
ignore_configured_endpoint_urls = true

[profile dangling]
services = missing

[services local]
s3 =
  endpoint_url = http://127.0.0.1:1004
  addressing_style = path
dynamodb =
  endpoint_url = http://127.0.0.1:1005
"""


@pytest.mark.parametrize(
    "env, profile, service, expected",
    [
        ({}, None, "s3", "http://127.0.0.1:1004"),  # [services local] s3 beats endpoint_url
        ({}, None, "dynamodb", "http://127.0.0.1:1005"),
        ({}, None, "sqs", "http://127.0.0.1:1001"),  # no sub-section: the profile's
        ({}, "plain", "s3", "http://127.0.0.1:1002"),
        ({}, "ignoring", "s3", None),
        ({"AWS_ENDPOINT_URL": "http://127.0.0.1:2000"}, None, "s3", "http://127.0.0.1:2000"),
        ({"AWS_ENDPOINT_URL": "http://127.0.0.1:2000", "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:2001"},
         None, "s3", "http://127.0.0.1:2001"),
        ({"AWS_ENDPOINT_URL_S3": "http://127.0.0.1:2001"}, None, "dynamodb", "http://127.0.0.1:1005"),
        ({"AWS_ENDPOINT_URL_S3": "http://127.0.0.1:2001", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"},
         None, "s3", None),
    ],
)
def test_endpoint_url(home, monkeypatch, env, profile, service, expected):
    home.config(ENDPOINT_CONFIG)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert load_endpoint_url(service, profile) == expected


def test_endpoint_url_dangling_services_section(home):
    home.config(ENDPOINT_CONFIG)
    with pytest.raises(CredentialsError, match="services = missing, but .*config has no \\[services missing\\]"):
        load_endpoint_url("s3", "dangling")


def test_s3_settings(home):
    home.config(
        "[default]\ns3 =\n  addressing_style = virtual\n  signature_version = s3v4\n"
        "[profile flat]\nregion = x\n"
    )
    assert load_s3_settings() == {"addressing_style": "virtual", "signature_version": "s3v4"}
    assert load_s3_settings("flat") == {}


def test_nothing_runs_on_import():
    code = (
        "import sys, sigv4presign\n"
        "print(sorted(m for m in ('sigv4presign.credentials', 'configparser', 'subprocess', 'shlex')"
        " if m in sys.modules))\n"
        "sigv4presign.load_region\n"
        "print('sigv4presign.credentials' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "True"]


def test_arguments_too_big_to_print_are_still_clear_errors(home):
    # CPython refuses to turn an int of over 4300 digits into text
    huge = 10 ** 5000
    with pytest.raises(InvalidInputError, match="profile must be a non-empty profile name, got <int object>"):
        load_credentials(huge)
    with pytest.raises(InvalidInputError, match="process_timeout must be a positive number of seconds"):
        load_credentials(process_timeout=-huge)
    with pytest.raises(CredentialsError, match="AWS_CREDENTIAL_EXPIRATION <int object> is not an ISO 8601"):
        parse_expiration(huge, "AWS_CREDENTIAL_EXPIRATION")
