"""``sigv4presign token msk|iot|transcribe``, run as a user would (a subprocess).

Expected values come from AWS's ``aws-msk-iam-sasl-signer-python`` (MSK, botocore's clock
frozen) and from awscrt's signer (IoT, Transcribe), never from us.
"""

import base64
import datetime
from typing import Dict, List, Optional, Tuple

import pytest
from support.cli_runner import run_cli
from support.crt_signer import crt_url

AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE/token+with=odd&chars"
WHEN = datetime.datetime(2026, 4, 1, 12, 30, 45, tzinfo=datetime.timezone.utc)
TIME = "20260401T123045Z"


def output(args: List[str], env: Optional[Dict[str, str]] = None) -> str:
    code, out, err = run_cli(["token"] + args + ["--signing-time", TIME], (AKID, SECRET), env)
    assert (code, err) == (0, "")
    assert out.endswith("\n") and out.count("\n") == 1  # only the token
    return out[:-1]


def pieces(url: str) -> Tuple[str, List[str]]:
    base, _, query = url.partition("?")
    return base, sorted(query.split("&"))


@pytest.mark.parametrize("token", [None, TOKEN])
def test_msk_token_is_aws_packages(token: Optional[str]) -> None:
    from importlib.metadata import version

    from aws_msk_iam_sasl_signer import MSKAuthTokenProvider
    from botocore.credentials import CredentialProvider, Credentials
    from support.botocore_reference import frozen_clock

    class Static(CredentialProvider):  # type: ignore[misc]
        def load(self) -> Credentials:
            return Credentials(AKID, SECRET, token)

    agent = "aws-msk-iam-sasl-signer-python/" + version("aws-msk-iam-sasl-signer-python")
    with frozen_clock(WHEN.timestamp()):
        theirs, _ = MSKAuthTokenProvider.generate_auth_token_from_credentials_provider("eu-west-1", Static())
    env = {"AWS_REGION": "eu-west-1"}
    if token:
        env["AWS_SESSION_TOKEN"] = token
    assert output(["msk", "--user-agent", agent], env) == theirs


def test_msk_default_user_agent_and_expiry() -> None:
    token = output(["msk", "--region", "us-east-1", "--expires-in", "300"])
    url = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    assert url.startswith("https://kafka.us-east-1.amazonaws.com/?Action=kafka-cluster%3AConnect&")
    assert "&X-Amz-Expires=300&" in url
    assert url.rpartition("&")[2].startswith("User-Agent=sigv4presign%2F")


@pytest.mark.parametrize("token", [None, TOKEN])
def test_iot_url_has_awscrts_signature(token: Optional[str]) -> None:
    endpoint = "a1b2c3-ats.iot.eu-central-1.amazonaws.com"
    env = {"AWS_SESSION_TOKEN": token} if token else {}
    url = output(["iot", "--endpoint", endpoint, "--region", "eu-central-1", "--expires-in", "3600"], env)
    theirs = crt_url("wss", endpoint, "/mqtt", "iotdevicegateway", "eu-central-1", (AKID, SECRET), token,
                     WHEN, 3600, omit_token=True)
    assert pieces(url) == pieces(theirs)


def test_iot_default_expiry_is_a_day() -> None:
    url = output(["iot", "--endpoint", "x-ats.iot.us-east-1.amazonaws.com", "--region", "us-east-1"])
    assert "&X-Amz-Expires=86400&" in url


@pytest.mark.parametrize("token", [None, TOKEN])
@pytest.mark.parametrize("args, query", [
    (["--language-code", "en-US", "--media-encoding", "pcm", "--sample-rate", "16000"],
     "language-code=en-US&media-encoding=pcm&sample-rate=16000"),
    (["--media-encoding", "ogg-opus", "--sample-rate", "48000", "--param", "identify-language=true",
      "--param", "language-options=en-US,fr-FR"],
     "media-encoding=ogg-opus&sample-rate=48000&identify-language=true&language-options=en-US%2Cfr-FR"),
    (["--language-code", "de-DE", "--media-encoding", "flac", "--sample-rate", "44100",
      "--param", "vocabulary-name=my vocab"],
     "language-code=de-DE&media-encoding=flac&sample-rate=44100&vocabulary-name=my%20vocab"),
])
def test_transcribe_url_has_awscrts_signature(args: List[str], query: str, token: Optional[str]) -> None:
    env = {"AWS_SESSION_TOKEN": token} if token else {}
    url = output(["transcribe", "--region", "eu-west-1", "--expires-in", "120"] + args, env)
    host = "transcribestreaming.eu-west-1.amazonaws.com:8443"
    assert url.startswith("wss://%s/stream-transcription-websocket?%s&X-Amz-" % (host, query))
    theirs = crt_url("wss", host, "/stream-transcription-websocket?" + query, "transcribe", "eu-west-1",
                     (AKID, SECRET), token, WHEN, 120)
    assert pieces(url) == pieces(theirs)


def test_transcribe_default_expiry_is_five_minutes() -> None:
    url = output(["transcribe", "--region", "us-east-1", "--language-code", "en-US", "--media-encoding",
                  "pcm", "--sample-rate", "8000"])
    assert "&X-Amz-Expires=300&" in url


TRANSCRIBE = ["transcribe", "--region", "us-east-1", "--media-encoding", "pcm", "--sample-rate", "16000"]

ERRORS = [
    (["msk", "--region", "us-east-1", "--expires-in", "901"], "expires_in must be between 1 and 900 seconds"),
    (["msk"], "no region: pass --region"),
    (["msk", "--region", "us-east-1", "--user-agent", ""], "--user-agent must be a non-empty string"),
    (["iot", "--region", "us-east-1"], "the following arguments are required: --endpoint"),
    (["iot", "--endpoint", "wss://x.iot.us-east-1.amazonaws.com/mqtt", "--region", "us-east-1"],
     "must be a bare host name"),
    (TRANSCRIBE, "--language-code is required unless --param identify-language=true"),
    (TRANSCRIBE[:4] + ["mp3"] + TRANSCRIBE[5:] + ["--language-code", "en-US"],
     "--media-encoding must be one of pcm, ogg-opus, flac, got 'mp3'"),
    (TRANSCRIBE[:6] + ["96000", "--language-code", "en-US"], "--sample-rate must be in 8000..48000 (Hz), got 96000"),
    (TRANSCRIBE[:6] + ["fast"], "argument --sample-rate: invalid int value: 'fast'"),
    (TRANSCRIBE + ["--language-code", "en-US", "--expires-in", "301"], "Transcribe streaming accepts at most 5 minutes"),
    (TRANSCRIBE + ["--language-code", "en-US", "--param", "sample-rate=8000"], "params must not repeat sample-rate"),
]


@pytest.mark.parametrize("args, message", ERRORS)
def test_errors_are_one_line_exit_2(args: List[str], message: str) -> None:
    code, out, err = run_cli(["token"] + args, (AKID, SECRET))
    assert (code, out) == (2, "")
    assert err.startswith("sigv4presign: error: ") and err.count("\n") == 1
    assert message in err
    assert SECRET not in err


@pytest.mark.parametrize("args", [
    ["iot", "--endpoint", "https://bad/"],
    TRANSCRIBE,
    ["msk", "--user-agent", "a\nb"],
])
def test_bad_arguments_are_reported_before_credentials_are_looked_up(args: List[str]) -> None:
    code, _, err = run_cli(["token"] + args, (AKID, SECRET), creds=False)
    assert code == 2 and "no credentials" not in err


@pytest.mark.parametrize("kind", ["msk", "iot", "transcribe"])
def test_help(kind: str) -> None:
    code, out, err = run_cli(["token", kind, "--help"], (AKID, SECRET))
    assert (code, err) == (0, "")
    assert "usage: sigv4presign token " + kind in out


def test_listed_in_token_help() -> None:
    code, out, _ = run_cli(["token", "--help"], (AKID, SECRET))
    assert code == 0
    for kind in ("msk", "iot", "transcribe"):
        assert "sigv4presign token %s " % kind in out  # an example of each
