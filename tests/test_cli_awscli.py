"""``sigv4presign s3://B/K`` against ``aws s3 presign`` (the AWS CLI, a test dependency).

For the same config files, environment, profile, region, endpoint, time and key, both
print the same URL up to the order of the query parameters. The AWS CLI runs in one
subprocess per table, through a small wrapper that freezes its clock with freezegun and
calls its driver once per case; ``sigv4presign`` runs in a subprocess per case.

Every profile sets the ``s3`` sub-section to ``addressing_style = virtual`` and
``signature_version = s3v4``: without them the AWS CLI makes Signature Version 2 URLs in
the older regions and uses the global ``s3.amazonaws.com`` host.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE/token+with=chars"

# Runs many `aws` command lines in one interpreter (it takes a second to start).
WRAPPER = r'''
import io, json, os, sys
from freezegun import freeze_time
from awscli.clidriver import create_clidriver

jobs = json.load(sys.stdin)
# awscli sets AWS_DATA_PATH on import (where its own data lives): keep that one.
base = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") or k == "AWS_DATA_PATH"}
results = []
driver, driver_env = None, None
for job in jobs:
    os.environ.clear()
    os.environ.update(base)
    os.environ.update(job["env"])
    # A new driver (and session) per job, unless the job says the last one may serve:
    # same environment, and every such job passes --region and --profile itself.
    if not (job["reuse"] and driver is not None and driver_env == job["env"]):
        driver, driver_env = create_clidriver(), job["env"]
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        with freeze_time(job["time"]):
            code = driver.main(job["argv"])
    finally:
        sys.stdout, sys.stderr = saved
    results.append({"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()})
json.dump(results, sys.stdout)
'''

S3_SECTION = "s3 =\n    addressing_style = virtual\n    signature_version = s3v4\n"


def require_awscli():
    try:
        import awscli  # noqa: F401
        import freezegun  # noqa: F401
    except ImportError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip("the AWS CLI (awscli) or freezegun is not installed: %s" % exc)


class Setup:
    """A HOME with ~/.aws files, where both tools run with the same environment."""

    def __init__(self, root):
        self.root = root
        (root / ".aws").mkdir(parents=True)

    def files(self, credentials="", config=""):
        (self.root / ".aws" / "credentials").write_text(textwrap.dedent(credentials), encoding="utf-8")
        (self.root / ".aws" / "config").write_text(textwrap.dedent(config), encoding="utf-8")

    def environ(self, extra):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env["HOME"] = str(self.root)
        env.update(extra)
        return env

    def aws(self, jobs, reuse=False):
        """[(argv, env, time)] -> [(code, stdout, stderr)] from `aws`, clocks frozen."""
        payload = json.dumps([{"argv": a, "env": e, "time": t, "reuse": reuse} for a, e, t in jobs])
        done = subprocess.run(
            [sys.executable, "-c", WRAPPER], input=payload, capture_output=True, text=True,
            env=self.environ({}), timeout=600,
        )
        assert done.returncode == 0, done.stderr
        return [(r["code"], r["stdout"], r["stderr"]) for r in json.loads(done.stdout)]

    def ours(self, argv, env, time):
        done = subprocess.run(
            [sys.executable, "-m", "sigv4presign", *argv, "--signing-time", time],
            capture_output=True, text=True, env=self.environ(env), timeout=60,
        )
        return done.returncode, done.stdout, done.stderr


def same_url(ours, theirs):
    """Compare two URLs exactly, except for the order of the query parameters."""
    def parts(url):
        base, _, query = url.partition("?")
        return base, sorted(query.split("&"))

    return parts(ours) == parts(theirs)


@pytest.fixture
def setup(tmp_path):
    require_awscli()
    return Setup(tmp_path / "home")


def compare(setup, cases, reuse=False):
    """Run each (argv, env, time) with both tools; both succeed with the same URL."""
    theirs = setup.aws([(["s3", "presign", *argv], env, time) for argv, env, time in cases], reuse)
    mismatches = []
    for (argv, env, time), (code, out, err) in zip(cases, theirs):
        assert code == 0, "aws s3 presign %s failed: %s" % (argv, err)
        our_code, our_out, our_err = setup.ours(argv, env, time)
        assert our_code == 0, "sigv4presign %s failed: %s" % (argv, our_err)
        assert our_err == ""
        if not same_url(our_out.strip(), out.strip()):
            mismatches.append((argv, env, our_out.strip(), out.strip()))
    assert mismatches == []
    return theirs


KEYS = [
    "test.txt",
    "a b c.txt",
    "dir/sub dir/file name.pdf",
    "plus+sign=equals&amp.txt",
    "question?mark#hash",
    "percent%20literal%2F",
    "tilde~under_score-dash.dot",
    "unicode/\u00fcber/\u65e5\u672c\u8a9e/\u0645\u0631\u062d\u0628\u0627",
    "emoji \U0001f600\U0001f680.png",
    "double//slash///x",
    "/leading-slash",
    "trailing-slash/",
    "dots/./and/../segments",
    "quotes'\"and`backtick",
    "brackets[]{}()<>",
    "commas,semicolons;colons:at@",
    "dollar$caret^pipe|backslash\\",
    "star*bang!",
    "tab\there",
    "x" * 200 + "/" + "long-key-" * 50,
]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-east-1", "sa-east-1", "cn-north-1", "us-gov-west-1"]


def test_keys_and_regions_match_the_aws_cli(setup):
    setup.files(
        credentials="[diff]\naws_access_key_id = %s\naws_secret_access_key = %s\n" % (AKID, SECRET),
        config="[profile diff]\nregion = eu-west-1\n" + S3_SECTION,
    )
    cases = []
    for number, region in enumerate(REGIONS):
        time = "2026-0%d-1%dT0%d:3%d:5%dZ" % (number + 1, number, number, number, number)
        for index, key in enumerate(KEYS):
            expires = ["--expires-in", str(60 + 3600 * index)] if index % 3 else []
            cases.append((["s3://sigv4-diff-bucket/" + key, "--profile", "diff", "--region", region, *expires],
                          {}, time))
    assert len(KEYS) >= 20 and len(REGIONS) >= 5
    # Every case names its profile and region, so one AWS CLI session serves them all.
    compare(setup, cases, reuse=True)


CONFIG = """\
[default]
region = us-west-2
{s3}
[profile work]
region = eu-central-1
{s3}
[profile team]
region = ap-southeast-2
aws_access_key_id = AKIDCONFIGFILE
aws_secret_access_key = {secret}
{s3}
[profile proc]
region = ca-central-1
credential_process = "{python}" "{script}"
{s3}
[profile legacy]
region = us-east-2
{s3}
[profile endpoint]
region = eu-north-1
endpoint_url = https://objects.example.test:8443
{s3}
[profile ip]
region = us-east-1
endpoint_url = http://127.0.0.1:9000
{s3}
[profile svc]
region = eu-west-2
endpoint_url = https://global.example.test
services = local
{s3}
[services local]
s3 =
    endpoint_url = https://s3-only.example.test
"""
CREDENTIALS = """\
[default]
aws_access_key_id = AKIDDEFAULTFILE
aws_secret_access_key = {secret}

[work]
aws_access_key_id = AKIDWORKFILE
aws_secret_access_key = {secret}
aws_session_token = {token}
region = eu-south-1

[legacy]
aws_access_key_id = AKIDLEGACY
aws_secret_access_key = {secret}
aws_session_token = NEWNAME
aws_security_token = {token}

[endpoint]
aws_access_key_id = AKIDENDPOINT
aws_secret_access_key = {secret}

[ip]
aws_access_key_id = AKIDIP
aws_secret_access_key = {secret}

[svc]
aws_access_key_id = AKIDSVC
aws_secret_access_key = {secret}
"""
ENV_KEYS = {"AWS_ACCESS_KEY_ID": "AKIDENVIRONMENT", "AWS_SECRET_ACCESS_KEY": SECRET}

SETTINGS_CASES = [
    # (id, extra argv, environment)
    ("default profile", [], {}),
    ("env keys beat the files", [], ENV_KEYS),
    ("env token", [], dict(ENV_KEYS, AWS_SESSION_TOKEN=TOKEN)),
    ("AWS_SECURITY_TOKEN is read first", [], dict(ENV_KEYS, AWS_SESSION_TOKEN="NEWNAME", AWS_SECURITY_TOKEN=TOKEN)),
    ("aws_security_token is read first", ["--profile", "legacy"], {}),
    ("AWS_PROFILE, token from file, region from credentials file", [], {"AWS_PROFILE": "work"}),
    ("env keys beat AWS_PROFILE", [], dict(ENV_KEYS, AWS_PROFILE="work")),
    ("--profile beats env keys", ["--profile", "work"], ENV_KEYS),
    ("AWS_DEFAULT_REGION beats the profile", ["--profile", "work"], {"AWS_DEFAULT_REGION": "sa-east-1"}),
    ("--region beats AWS_DEFAULT_REGION", ["--region", "ap-northeast-3"], {"AWS_DEFAULT_REGION": "sa-east-1"}),
    ("keys in the config file", ["--profile", "team"], {}),
    ("credential_process", ["--profile", "proc"], {}),
    ("profile endpoint_url", ["--profile", "endpoint"], {}),
    ("IP endpoint: path style", ["--profile", "ip"], {}),
    ("services section beats endpoint_url", ["--profile", "svc"], {}),
    ("AWS_ENDPOINT_URL beats the profile", ["--profile", "svc"], {"AWS_ENDPOINT_URL": "https://env.example.test"}),
    ("AWS_ENDPOINT_URL_S3 beats AWS_ENDPOINT_URL", ["--profile", "endpoint"],
     {"AWS_ENDPOINT_URL": "https://env.example.test", "AWS_ENDPOINT_URL_S3": "https://env-s3.example.test"}),
    ("--endpoint-url beats everything", ["--profile", "svc", "--endpoint-url", "https://cli.example.test:444"],
     {"AWS_ENDPOINT_URL_S3": "https://env-s3.example.test"}),
    ("ignore configured endpoints", ["--profile", "svc"],
     {"AWS_ENDPOINT_URL": "https://env.example.test", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"}),
    ("AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE", [], {"AWS_CONFIG_FILE": "{alt}/config",
                                                             "AWS_SHARED_CREDENTIALS_FILE": "{alt}/credentials"}),
]


def test_settings_are_found_like_the_aws_cli(setup):
    script = setup.root / "credential-process.py"
    script.write_text(
        "import json\nprint(json.dumps({'Version': 1, 'AccessKeyId': 'AKIDPROCESS', "
        "'SecretAccessKey': %r, 'SessionToken': %r, 'Expiration': '2099-01-01T00:00:00Z'}))\n"
        % (SECRET, TOKEN)
    )
    values = {"s3": S3_SECTION, "secret": SECRET, "token": TOKEN, "python": sys.executable, "script": script}
    setup.files(CREDENTIALS.format(**values), CONFIG.format(**values))
    alt = setup.root / "alt"
    alt.mkdir()
    (alt / "credentials").write_text("[default]\naws_access_key_id = AKIDALT\naws_secret_access_key = %s\n" % SECRET)
    (alt / "config").write_text("[default]\nregion = me-central-1\n" + S3_SECTION)
    cases = []
    for _, argv, env in SETTINGS_CASES:
        env = {name: value.replace("{alt}", str(alt)) for name, value in env.items()}
        cases.append((["s3://sigv4-diff-bucket/some key.txt", *argv], env, "2026-11-22T12:00:00Z"))
    theirs = compare(setup, cases)
    # The table really exercises the rules: credentials, regions and hosts all differ.
    urls = [out for _, out, _ in theirs]
    assert sum("NEWNAME" in url for url in urls) == 0
    for needle in ("AKIDENVIRONMENT", "AKIDLEGACY", "AKIDWORKFILE", "AKIDCONFIGFILE", "AKIDPROCESS", "AKIDALT",
                   "%2Feu-south-1%2F", "%2Fsa-east-1%2F", "%2Fap-northeast-3%2F", "%2Fme-central-1%2F",
                   "://sigv4-diff-bucket.objects.example.test:8443/", "://127.0.0.1:9000/sigv4-diff-bucket/",
                   "://sigv4-diff-bucket.s3-only.example.test/", "://sigv4-diff-bucket.env-s3.example.test/",
                   "://sigv4-diff-bucket.cli.example.test:444/", "://sigv4-diff-bucket.s3.eu-west-2.amazonaws.com/"):
        assert any(needle in url for url in urls), needle


@pytest.mark.parametrize(("name", "files", "argv", "env"), [
    # a profile named by AWS_PROFILE must exist, even "default", even when the environment
    # has keys (botocore's get_scoped_config: ProfileNotFound)
    ("AWS_PROFILE names no profile", True, [], dict(ENV_KEYS, AWS_PROFILE="nope", AWS_DEFAULT_REGION="us-east-1")),
    ("AWS_PROFILE=default without files", False, ["--region", "eu-west-1"], dict(ENV_KEYS, AWS_PROFILE="default")),
    ("--profile names no profile", True, ["--profile", "nope", "--region", "us-east-1"], ENV_KEYS),
])
def test_missing_profiles_are_refused_like_the_aws_cli(setup, name, files, argv, env):
    if files:
        setup.files("[default]\naws_access_key_id = AKIDDEFAULTFILE\naws_secret_access_key = %s\n" % SECRET,
                    "[default]\nregion = us-west-2\n" + S3_SECTION)
    else:
        setup.files("", "")
    profile = env.get("AWS_PROFILE") or argv[argv.index("--profile") + 1]
    [(code, out, err)] = setup.aws([(["s3", "presign", "s3://b/k", *argv], env, "2026-11-22T12:00:00Z")])
    assert code != 0 and out == ""
    assert "The config profile (%s) could not be found" % profile in err
    our_code, our_out, our_err = setup.ours(["s3://b/k", *argv], env, "2026-11-22T12:00:00Z")
    assert (our_code, our_out) == (2, "")
    assert our_err == "sigv4presign: error: profile %r not found: it is neither [%s] in %s nor [profile %s] in %s\n" % (
        profile, profile, setup.root / ".aws" / "credentials", profile, setup.root / ".aws" / "config")
