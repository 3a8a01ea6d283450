"""MSK IAM tokens and Polly speech URLs (sigv4presign.services), checked against AWS's makers.

- ``msk_auth_token`` equals the token of AWS's ``aws-msk-iam-sasl-signer-python`` (its
  public ``generate_auth_token_from_credentials_provider``, botocore's clock frozen) byte
  for byte when given the package's User-Agent, over hypothesis-drawn regions, keys,
  session tokens and times; with our default User-Agent only the appended, unsigned
  ``User-Agent`` parameter differs.
- ``polly_speech_url`` equals botocore's generic query signer (``SigV4QueryAuth`` adding
  auth to an ``AWSRequest`` GET of ``https://polly.{region}.amazonaws.com/v1/speech``
  with the same parameters) byte for byte, over hypothesis-drawn texts and options; its
  host is the one botocore's endpoint rules give a Polly client in that region.
- Both verify with ``verify_presigned`` (the MSK token once decoded and stripped of its
  User-Agent, which MSK's signers add after signing).
"""

import base64
import datetime
import os
from typing import Any, Dict, List, Optional, Tuple

import pytest
from botocore.auth import SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import CredentialProvider
from botocore.credentials import Credentials as BotoCredentials
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.botocore_reference import frozen_clock, hermetic_environment

import sigv4presign
from sigv4presign import (
    Credentials,
    InvalidInputError,
    SignatureMismatchError,
    msk_auth_token,
    polly_speech_url,
    verify_presigned,
)

AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE/token+with=odd&chars"
WHEN = datetime.datetime(2026, 4, 1, 12, 30, 45, tzinfo=datetime.timezone.utc)
EPOCH = int(WHEN.timestamp())
REGIONS = ["us-east-1", "eu-west-1", "eu-central-2", "ap-southeast-3", "sa-east-1",
           "cn-north-1", "cn-northwest-1", "us-gov-west-1", "il-central-1"]
EXAMPLES = 300 if os.environ.get("CI") else 40
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEY_CHARS = st.characters(min_codepoint=33, max_codepoint=126)
ACCESS_KEYS = st.text(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), min_size=16, max_size=24)
SECRETS = st.text(KEY_CHARS, min_size=20, max_size=40)
TOKENS = st.one_of(st.none(), st.text(KEY_CHARS, min_size=1, max_size=60))
TIMES = st.integers(EPOCH - 10**8, EPOCH + 10**8)


@pytest.fixture(autouse=True)
def hermetic(monkeypatch: pytest.MonkeyPatch) -> None:
    hermetic_environment(monkeypatch)


def creds(token: Optional[str] = None) -> Credentials:
    return Credentials(AKID, SECRET, token)


def pieces(url: str) -> Tuple[str, List[str]]:
    base, _, query = url.partition("?")
    return base, sorted(query.split("&"))


# -- MSK ------------------------------------------------------------------------------

def msk_package_version() -> str:
    from importlib.metadata import version

    return version("aws-msk-iam-sasl-signer-python")


PACKAGE_AGENT = "aws-msk-iam-sasl-signer-python/" + msk_package_version()


class StaticProvider(CredentialProvider):  # type: ignore[misc]
    METHOD = "static-test"

    def __init__(self, keys: BotoCredentials) -> None:
        super().__init__()
        self.keys = keys

    def load(self) -> BotoCredentials:
        return self.keys


def aws_msk_token(region: str, access_key: str, secret: str, token: Optional[str], ts: int) -> Tuple[str, int]:
    """(token, expiry in ms) from AWS's package at POSIX time ``ts``."""
    from aws_msk_iam_sasl_signer import MSKAuthTokenProvider

    provider = StaticProvider(BotoCredentials(access_key, secret, token))
    with frozen_clock(ts):
        made, expiry_ms = MSKAuthTokenProvider.generate_auth_token_from_credentials_provider(region, provider)
    return str(made), int(expiry_ms)


def decode(token: str) -> str:
    assert "=" not in token and "+" not in token and "/" not in token
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("token", [None, TOKEN])
def test_msk_token_is_aws_packages(region: str, token: Optional[str]) -> None:
    theirs, expiry_ms = aws_msk_token(region, AKID, SECRET, token, EPOCH)
    ours = msk_auth_token(region, credentials=creds(token), now=WHEN, user_agent=PACKAGE_AGENT)
    assert ours == theirs
    assert expiry_ms == (EPOCH + 900) * 1000


@PROPERTY
@given(region=st.sampled_from(REGIONS), access_key=ACCESS_KEYS, secret=SECRETS, token=TOKENS, ts=TIMES)
def test_msk_token_property_equals_aws_package(region: str, access_key: str, secret: str,
                                              token: Optional[str], ts: int) -> None:
    theirs, _ = aws_msk_token(region, access_key, secret, token, ts)
    ours = msk_auth_token(region, credentials=Credentials(access_key, secret, token), now=ts,
                          user_agent=PACKAGE_AGENT)
    assert ours == theirs


def test_msk_default_user_agent_is_the_only_difference() -> None:
    theirs = decode(aws_msk_token("eu-west-1", AKID, SECRET, TOKEN, EPOCH)[0])
    ours = decode(msk_auth_token("eu-west-1", credentials=creds(TOKEN), now=WHEN))
    signed, _, agent = ours.rpartition("&User-Agent=")
    assert agent == "sigv4presign%2F" + sigv4presign.__version__
    assert theirs == signed + "&User-Agent=" + PACKAGE_AGENT.replace("/", "%2F")


@pytest.mark.parametrize("token", [None, TOKEN])
def test_msk_token_shape_and_verification(token: Optional[str]) -> None:
    url = decode(msk_auth_token("ap-southeast-3", credentials=creds(token), now=WHEN, expires_in=600))
    assert url.startswith("https://kafka.ap-southeast-3.amazonaws.com/?Action=kafka-cluster%3AConnect&"
                          "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20260401%2F"
                          "ap-southeast-3%2Fkafka-cluster%2Faws4_request&X-Amz-Date=20260401T123045Z&"
                          "X-Amz-Expires=600&X-Amz-SignedHeaders=host&")
    signed, _, agent = url.rpartition("&User-Agent=")
    assert "X-Amz-Signature=" in signed and agent
    verified = verify_presigned(signed, credentials=creds(token), now=WHEN, service="kafka-cluster",
                                region="ap-southeast-3")
    assert verified.signed_headers == ("host",)
    assert verified.expires_at == WHEN + datetime.timedelta(seconds=600)
    with pytest.raises(SignatureMismatchError):  # the User-Agent is outside the signature
        verify_presigned(url, credentials=creds(token), now=WHEN)


@pytest.mark.parametrize("agent, encoded", [
    ("my-app/1.2 (linux)", "my-app%2F1.2%20%28linux%29"),
    ("ü", "%C3%BC"),
])
def test_msk_user_agent_is_percent_encoded(agent: str, encoded: str) -> None:
    url = decode(msk_auth_token("eu-west-1", credentials=creds(), now=WHEN, user_agent=agent))
    assert url.endswith("&User-Agent=" + encoded)


def test_msk_china_and_govcloud_use_amazonaws_com_as_aws_package() -> None:
    for region in ("cn-north-1", "us-gov-east-1"):
        host = "kafka.%s.amazonaws.com" % region
        assert decode(msk_auth_token(region, credentials=creds(), now=WHEN)).startswith("https://" + host + "/?")


# -- Polly ----------------------------------------------------------------------------

POLLY_NAMES = {
    "engine": "Engine", "language_code": "LanguageCode", "lexicon_names": "LexiconNames",
    "output_format": "OutputFormat", "sample_rate": "SampleRate",
    "speech_mark_types": "SpeechMarkTypes", "text_type": "TextType",
}


def botocore_polly(text: str, voice: str, region: str, c: Credentials, ts: int, expires: int = 3600,
                   **options: Any) -> str:
    """botocore's generic SigV4 query signer on the same GET request."""
    import botocore.session

    host = botocore.session.get_session().create_client(
        "polly", region_name=region, aws_access_key_id="x", aws_secret_access_key="y").meta.endpoint_url
    params: Dict[str, Any] = {"OutputFormat": options.pop("output_format", "mp3"), "Text": text, "VoiceId": voice}
    for name, value in options.items():
        params[POLLY_NAMES[name]] = value if isinstance(value, list) else str(value)
    request = AWSRequest(method="GET", url=host + "/v1/speech", params=dict(sorted(params.items())))
    with frozen_clock(ts):
        SigV4QueryAuth(BotoCredentials(c.access_key_id, c.secret_access_key, c.session_token),
                       "polly", region, expires=expires).add_auth(request)
    return str(request.url)


POLLY_CASES: List[Tuple[str, str, Dict[str, Any]]] = [
    ("Hello world, the polly presigner is really cool!", "Kimberly", {}),
    ("Grüße aus Köln! 1 + 1 = 2 & <3 ~ 100%", "Vicki", {"engine": "neural", "language_code": "de-DE"}),
    ("<speak>Hi <break time='1s'/> there</speak>", "Joanna",
     {"text_type": "ssml", "output_format": "ogg_vorbis", "sample_rate": 22050}),
    ("Line one.\nLine two.\tTabbed.", "Matthew",
     {"engine": "generative", "output_format": "pcm", "sample_rate": "16000"}),
    ("I like tomatoes.", "Joanna",
     {"output_format": "json", "speech_mark_types": ["word", "sentence", "viseme"], "lexicon_names": ["tomato", "W3C"]}),
    ("日本語のテキスト 😀", "Takumi", {"engine": "long-form", "output_format": "ogg_opus"}),
]


@pytest.mark.parametrize("token", [None, TOKEN])
@pytest.mark.parametrize("text, voice, options", POLLY_CASES)
def test_polly_url_is_botocores(text: str, voice: str, options: Dict[str, Any], token: Optional[str]) -> None:
    ours = polly_speech_url(text, voice, region="eu-west-1", credentials=creds(token), now=WHEN, **options)
    assert ours == botocore_polly(text, voice, "eu-west-1", creds(token), EPOCH, **options)
    verified = verify_presigned(ours, credentials=creds(token), now=WHEN, service="polly")
    assert verified.expires_at == WHEN + datetime.timedelta(hours=1)


@pytest.mark.parametrize("region", REGIONS)
def test_polly_host_is_botocores_endpoint(region: str) -> None:
    ours = polly_speech_url("Hi", "Joanna", region=region, credentials=creds(), now=WHEN, expires_in=60)
    assert ours == botocore_polly("Hi", "Joanna", region, creds(), EPOCH, expires=60)


TEXTS = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x7f")
                .filter(lambda c: c >= " " or c in "\t\n\r"), min_size=1, max_size=200)
OPTIONS = st.fixed_dictionaries({}, optional={
    "engine": st.sampled_from(["standard", "neural", "long-form", "generative"]),
    "text_type": st.sampled_from(["text", "ssml"]),
    "sample_rate": st.sampled_from([8000, 16000, 22050, 24000, "44100"]),
    "language_code": st.sampled_from(["en-US", "cmn-CN", "en-GB-WLS", "arb"]),
    "lexicon_names": st.lists(st.text(st.sampled_from("abcXYZ019"), min_size=1, max_size=20), min_size=1, max_size=5),
    "output_format": st.sampled_from(["mp3", "ogg_opus", "ogg_vorbis", "pcm", "mulaw", "alaw"]),
})


@PROPERTY
@given(text=TEXTS, voice=st.sampled_from(["Joanna", "Lea", "Hans", "Zhiyu", "Kajal"]), options=OPTIONS,
       region=st.sampled_from(REGIONS), token=TOKENS, ts=TIMES, expires=st.integers(1, 604800))
def test_polly_property_equals_botocore(text: str, voice: str, options: Dict[str, Any], region: str,
                                        token: Optional[str], ts: int, expires: int) -> None:
    c = Credentials(AKID, SECRET, token)
    ours = polly_speech_url(text, voice, region=region, credentials=c, now=ts, expires_in=expires, **options)
    assert ours == botocore_polly(text, voice, region, c, ts, expires=expires, **options)
    assert verify_presigned(ours, credentials=c, now=ts, service="polly", region=region)


def test_polly_lists_of_botocores_model() -> None:
    """Every enum value we accept is one Polly's service model (in botocore) has."""
    import botocore.session

    from sigv4presign import services

    model = botocore.session.get_session().get_service_model("polly")
    assert set(services.POLLY_OUTPUT_FORMATS) == set(model.shape_for("OutputFormat").enum)
    assert set(services.POLLY_ENGINES) == set(model.shape_for("Engine").enum)
    assert set(services.POLLY_TEXT_TYPES) == set(model.shape_for("TextType").enum)
    assert set(services.POLLY_SPEECH_MARK_TYPES) == set(model.shape_for("SpeechMarkType").enum)
    for voice in model.shape_for("VoiceId").enum:  # every voice passes the name check
        polly_speech_url("Hi", voice, region="us-east-1", credentials=creds(), now=WHEN)


# -- bad input ------------------------------------------------------------------------

def _polly(**kw: Any) -> str:
    args = {"text": "Hi", "voice_id": "Joanna", "region": "us-east-1", "credentials": creds(), "now": WHEN}
    args.update(kw)
    return polly_speech_url(**args)


def _msk(**kw: Any) -> str:
    args: Dict[str, Any] = {"region": "us-east-1", "credentials": creds(), "now": WHEN}
    args.update(kw)
    return msk_auth_token(**args)


BAD = [
    (lambda: _msk(region="us east 1"), "region"),
    (lambda: _msk(region="EU-WEST-1"), "not an AWS region name"),
    (lambda: _msk(expires_in=901), "expires_in must be between 1 and 900 seconds (AWS's MSK signers make 15-minute tokens)"),
    (lambda: _msk(expires_in=0), "between 1 and 900"),
    (lambda: _msk(user_agent=""), "user_agent must be a non-empty string"),
    (lambda: _msk(user_agent="a\r\nb"), "user_agent 'a\\r\\nb' has a control character"),
    (lambda: _polly(text=""), "text must be a non-empty string"),
    (lambda: _polly(text=b"Hi"), "text must be a non-empty string, got b'Hi'"),
    (lambda: _polly(text="x" * 6001), "text is 6001 characters; Polly takes at most 6000"),
    (lambda: _polly(text="a\x00b"), "text has a control character (U+0000)"),
    (lambda: _polly(text="a\ud800"), "unpaired surrogate"),
    (lambda: _polly(voice_id="Jo anna"), "voice_id must be a Polly voice name such as 'Joanna'"),
    (lambda: _polly(voice_id=""), "voice_id must be a non-empty string"),
    (lambda: _polly(output_format="wav"), "output_format must be one of mp3, ogg_opus, ogg_vorbis, pcm, mulaw, alaw, json, got 'wav'"),
    (lambda: _polly(output_format="json"), "speech_mark_types go with output_format='json'"),
    (lambda: _polly(speech_mark_types=["word"]), "speech_mark_types go with output_format='json'"),
    (lambda: _polly(output_format="json", speech_mark_types=["words"]), "each speech mark type must be one of"),
    (lambda: _polly(output_format="json", speech_mark_types="word"), "speech_mark_types must be a list of 1 to 4"),
    (lambda: _polly(output_format="json", speech_mark_types=[]), "speech_mark_types must be a list of 1 to 4"),
    (lambda: _polly(engine="turbo"), "engine must be one of standard, neural, long-form, generative"),
    (lambda: _polly(text_type="html"), "text_type must be one of text, ssml"),
    (lambda: _polly(sample_rate=44.1), "sample_rate must be a rate in Hz"),
    (lambda: _polly(sample_rate="16k"), "sample_rate must be a rate in Hz"),
    (lambda: _polly(sample_rate=True), "sample_rate must be a rate in Hz"),
    (lambda: _polly(sample_rate=96000), "sample_rate must be a rate in Hz"),
    (lambda: _polly(lexicon_names=["a"] * 6), "lexicon_names must be a list of 1 to 5 names"),
    (lambda: _polly(lexicon_names=["my-lexicon"]), "each lexicon name must be 1 to 20 letters and digits"),
    (lambda: _polly(language_code=""), "language_code must be a non-empty string"),
    (lambda: _polly(expires_in=604801), "expires_in must be between 1 and 604800"),
    (lambda: _polly(region="polly"), "not an AWS region name"),
]


@pytest.mark.parametrize("call, message", BAD, ids=[str(i) for i in range(len(BAD))])
def test_bad_input_is_refused_with_a_clear_message(call: Any, message: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        call()
    assert message in str(caught.value)
    assert SECRET not in str(caught.value)


def test_defaults() -> None:
    assert "X-Amz-Expires=900&" in decode(_msk())
    url = _polly()
    assert "OutputFormat=mp3&Text=Hi&VoiceId=Joanna&" in url and "X-Amz-Expires=3600&" in url


def test_exported_lazily() -> None:
    assert {"msk_auth_token", "polly_speech_url"} <= set(sigv4presign.__all__)
    from sigv4presign import services

    assert sigv4presign.msk_auth_token is services.msk_auth_token
    assert sigv4presign.polly_speech_url is services.polly_speech_url
