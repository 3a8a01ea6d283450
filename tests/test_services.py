"""Service tokens and WebSocket URLs (sigv4presign.services), checked against their makers.

- RDS and DSQL tokens equal botocore's ``generate_db_auth_token`` and
  ``generate_db_connect[_admin]_auth_token`` (pure-Python signer forced even when awscrt
  is installed, clock frozen through ``botocore.auth.get_current_datetime``), as tables
  and as properties over users, hosts, ports, regions and session tokens, and reproduce
  the exact signatures of botocore's own unit tests (tests/vectors/botocore).
- EKS tokens equal the AWS CLI v1's (``TokenGenerator`` with its STS client, and the
  whole ``aws eks get-token`` command run in-process): both decoded, the same URL up to
  parameter order.
- ElastiCache, IoT and Transcribe URLs have the documented shape, verify with
  ``verify_presigned`` and carry the same signature as awscrt's signer given the same
  request, time, credentials, region and service.
"""

import base64
import datetime
import functools
import io
import json
import os
import subprocess
import sys
from typing import List, Optional, Tuple
from unittest import mock

import botocore.session
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import VECTORS
from support.botocore_reference import signed_once

from sigv4presign import (
    Credentials,
    InvalidInputError,
    SignatureMismatchError,
    dsql_auth_token,
    eks_token,
    elasticache_auth_token,
    iot_websocket_url,
    rds_auth_token,
    transcribe_websocket_url,
    verify_presigned,
)
from sigv4presign.core.timefmt import parse_amz_date

AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE/token+with=odd&chars"
WHEN = datetime.datetime(2026, 4, 1, 12, 30, 45, tzinfo=datetime.timezone.utc)
EPOCH = int(WHEN.timestamp())
REGIONS = ["us-east-1", "eu-west-1", "eu-central-2", "ap-southeast-3", "sa-east-1",
           "cn-north-1", "us-gov-west-1", "il-central-1"]

EXAMPLES = 300 if os.environ.get("CI") else 40
PROPERTY = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def creds(token: Optional[str]) -> Credentials:
    return Credentials(AKID, SECRET, token)


def pieces(url: str) -> Tuple[str, List[str]]:
    """(everything before ``?``, the sorted raw ``name=value`` pieces of the query)."""
    base, _, query = url.partition("?")
    return base, sorted(query.split("&"))


def query_value(url: str, name: str) -> str:
    for piece in url.partition("?")[2].split("&"):
        key, _, value = piece.partition("=")
        if key == name:
            return value
    raise AssertionError("%s not in %s" % (name, url))


# -- botocore, with its pure-Python signer and a stopped clock ---------------------------

# The machine's AWS settings hidden; botocore signs with its pure-Python v4 query signer,
# inside signed_once("v4-query", timestamp).
pytestmark = pytest.mark.usefixtures("botocore_reference")


@functools.lru_cache(maxsize=32)
def _client(service: str, access_key: str, secret_key: str, token: Optional[str]):  # type: ignore[no-untyped-def]
    return botocore.session.get_session().create_client(
        service, region_name="us-east-1", aws_access_key_id=access_key,
        aws_secret_access_key=secret_key, aws_session_token=token,
    )


def botocore_rds(host: str, port: int, user: str, region: str, c: Credentials, ts: int) -> str:
    with signed_once("v4-query", ts):
        client = _client("rds", c.access_key_id, c.secret_access_key, c.session_token)
        return str(client.generate_db_auth_token(host, port, user, Region=region))


def botocore_dsql(host: str, region: str, admin: bool, c: Credentials, ts: int, expires: int = 900) -> str:
    with signed_once("v4-query", ts):
        client = _client("dsql", c.access_key_id, c.secret_access_key, c.session_token)
        make = client.generate_db_connect_admin_auth_token if admin else client.generate_db_connect_auth_token
        return str(make(host, Region=region, ExpiresIn=expires))


# -- the botocore unit-test vectors --------------------------------------------------------

def _vector_cases() -> List[dict]:  # type: ignore[type-arg]
    path = VECTORS / "botocore" / "presign-unit-tests.json"
    cases = json.loads(path.read_text())["cases"]
    return [c for c in cases if c["name"] == "rds-iam-auth-token" or c["name"].startswith("dsql-")]


@pytest.mark.parametrize("name", ["rds-iam-auth-token", "dsql-dbconnect-token-with-session-token",
                                  "dsql-dbconnectadmin-token-with-session-token"])
def test_botocore_unit_test_vectors(name: str) -> None:
    (case,) = [c for c in _vector_cases() if c["name"] == name]
    given_, expected = case["inputs"], case["expected"]
    c = Credentials(given_["access_key_id"], given_["secret_access_key"], given_["session_token"])
    now = parse_amz_date(given_["timestamp"])
    params = dict(given_["params"])
    if name.startswith("rds"):
        host, port = given_["host_header"].rsplit(":", 1)
        token = rds_auth_token(host, int(port), params["DBUser"], credentials=c,
                               region=given_["region"], now=now)
    else:
        token = dsql_auth_token(given_["host_header"], credentials=c, region=given_["region"],
                                admin=params["Action"] == "DbConnectAdmin", now=now)
    assert query_value(token, "X-Amz-Signature") == expected["signature"]
    assert pieces(token) == pieces(expected["expected_url_from_test"])


# -- RDS ------------------------------------------------------------------------------

RDS_CASES = [
    ("prod-instance.us-east-1.rds.amazonaws.com", 3306, "someusername", "us-east-1"),
    ("db.cluster-abc.eu-west-1.rds.amazonaws.com", 5432, "app_user", "eu-west-1"),
    ("mydb.cn-north-1.rds.amazonaws.com.cn", 1, "a b+c=d&e/f", "cn-north-1"),
    ("10.0.0.12", 65535, "ünïcode-üser", "us-gov-west-1"),
]


@pytest.mark.parametrize("token", [None, TOKEN])
@pytest.mark.parametrize("host,port,user,region", RDS_CASES)
def test_rds_equals_botocore(host: str, port: int, user: str, region: str, token: Optional[str]) -> None:
    ours = rds_auth_token(host, port, user, credentials=creds(token), region=region, now=EPOCH)
    assert pieces(ours) == pieces(botocore_rds(host, port, user, region, creds(token), EPOCH))
    assert not ours.startswith("https://") and ours.startswith("%s:%d/?" % (host, port))


_LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
HOSTS = st.lists(_LABEL, min_size=1, max_size=5).map(".".join)
USERS = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=24)
TOKENS = st.one_of(st.none(), st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=40))
TIMES = st.integers(min_value=1420070400, max_value=2051222400)  # 2015..2035


@PROPERTY
@given(host=HOSTS, port=st.integers(1, 65535), user=USERS, region=st.sampled_from(REGIONS),
       token=TOKENS, ts=TIMES)
def test_rds_property_equals_botocore(host: str, port: int, user: str, region: str,
                                      token: Optional[str], ts: int) -> None:
    c = creds(token)
    ours = rds_auth_token(host, port, user, credentials=c, region=region, now=ts)
    assert pieces(ours) == pieces(botocore_rds(host, port, user, region, c, ts))


# -- DSQL -----------------------------------------------------------------------------

@pytest.mark.parametrize("admin", [False, True])
@pytest.mark.parametrize("token", [None, TOKEN])
@pytest.mark.parametrize("host,region", [("abc123.dsql.us-east-1.on.aws", "us-east-1"),
                                         ("xyz.dsql.eu-west-1.on.aws", "eu-west-1")])
def test_dsql_equals_botocore(host: str, region: str, token: Optional[str], admin: bool) -> None:
    ours = dsql_auth_token(host, credentials=creds(token), region=region, admin=admin, now=EPOCH)
    assert pieces(ours) == pieces(botocore_dsql(host, region, admin, creds(token), EPOCH))
    assert ours.startswith(host + "/?Action=" + ("DbConnectAdmin" if admin else "DbConnect") + "&")
    # The session token is inside the signature: the scheme-less token verifies as signed.
    assert verify_presigned("https://" + ours, credentials=creds(token), now=WHEN, service="dsql")


@PROPERTY
@given(host=HOSTS, region=st.sampled_from(REGIONS), admin=st.booleans(), token=TOKENS, ts=TIMES,
       expires=st.integers(1, 604800))
def test_dsql_property_equals_botocore(host: str, region: str, admin: bool, token: Optional[str],
                                       ts: int, expires: int) -> None:
    c = creds(token)
    ours = dsql_auth_token(host, credentials=c, region=region, admin=admin, expires_in=expires, now=ts)
    assert pieces(ours) == pieces(botocore_dsql(host, region, admin, c, ts, expires))


# -- EKS: the AWS CLI's token -----------------------------------------------------------

def decode_eks(token: str) -> str:
    assert token.startswith("k8s-aws-v1.") and "=" not in token
    body = token[len("k8s-aws-v1."):]
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("ascii")


@functools.lru_cache(maxsize=32)
def _awscli_sts(region: str, access_key: str, secret_key: str, token: Optional[str]):  # type: ignore[no-untyped-def]
    from awscli.customizations.eks.get_token import STSClientFactory

    session = botocore.session.get_session()
    session.set_credentials(access_key, secret_key, token)
    return STSClientFactory(session).get_sts_client(region_name=region)


def awscli_eks_token(cluster: str, region: str, c: Credentials, ts: int) -> str:
    from awscli.customizations.eks.get_token import TokenGenerator

    sts = _awscli_sts(region, c.access_key_id, c.secret_access_key, c.session_token)
    with signed_once("v4-query", ts):
        return str(TokenGenerator(sts).get_token(cluster))


@pytest.mark.parametrize("token", [None, TOKEN])
@pytest.mark.parametrize("region", REGIONS + ["us-iso-east-1"])
def test_eks_equals_awscli(region: str, token: Optional[str]) -> None:
    ours = eks_token("my-cluster", credentials=creds(token), region=region, now=EPOCH)
    theirs = awscli_eks_token("my-cluster", region, creds(token), EPOCH)
    assert pieces(decode_eks(ours)) == pieces(decode_eks(theirs))
    url = decode_eks(ours)
    assert query_value(url, "X-Amz-Expires") == "60"
    assert query_value(url, "X-Amz-SignedHeaders") == "host%3Bx-k8s-aws-id"
    assert verify_presigned(url, credentials=creds(token), now=WHEN, service="sts",
                            headers={"x-k8s-aws-id": "my-cluster"})


@PROPERTY
@given(cluster=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}", fullmatch=True),
       region=st.sampled_from(REGIONS), token=TOKENS, ts=TIMES)
def test_eks_property_equals_awscli(cluster: str, region: str, token: Optional[str], ts: int) -> None:
    c = creds(token)
    ours = eks_token(cluster, credentials=c, region=region, now=ts)
    assert pieces(decode_eks(ours)) == pieces(decode_eks(awscli_eks_token(cluster, region, c, ts)))


def test_eks_equals_aws_eks_get_token_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole ``aws eks get-token`` command, run in-process with botocore's clock stopped."""
    import awscli
    from awscli.clidriver import create_clidriver

    # awscli adds its data directory to AWS_DATA_PATH when first imported; the hermetic
    # fixture may have removed it since.
    monkeypatch.setenv("AWS_DATA_PATH", os.path.join(os.path.dirname(os.path.abspath(awscli.__file__)), "data"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", AKID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("AWS_SESSION_TOKEN", TOKEN)
    out = io.StringIO()
    with signed_once("v4-query", EPOCH), mock.patch("sys.stdout", out):
        code = create_clidriver().main(["eks", "get-token", "--cluster-name", "prod-1",
                                        "--region", "eu-west-1", "--output", "json"])
    assert code == 0
    theirs = json.loads(out.getvalue())["status"]["token"]
    ours = eks_token("prod-1", credentials=creds(TOKEN), region="eu-west-1", now=WHEN)
    assert pieces(decode_eks(ours)) == pieces(decode_eks(theirs))


# -- awscrt's signer, for the recipes botocore has no generator for ----------------------

def crt_url(scheme: str, host: str, target: str, service: str, region: str, token: Optional[str],
            expires: int, omit_token: bool = False) -> str:
    from awscrt import auth, http

    config = auth.AwsSigningConfig(
        algorithm=auth.AwsSigningAlgorithm.V4,
        signature_type=auth.AwsSignatureType.HTTP_REQUEST_QUERY_PARAMS,
        credentials_provider=auth.AwsCredentialsProvider.new_static(AKID, SECRET, token),
        region=region, service=service, date=WHEN, expiration_in_seconds=expires,
        omit_session_token=omit_token,
    )
    request = http.HttpRequest("GET", target, headers=http.HttpHeaders([("Host", host)]))
    auth.aws_sign_request(request, config).result(timeout=10)
    return scheme + "://" + host + request.path


ELASTICACHE_CASES = [
    ("my-group", "app-user", False, "my-group/?Action=connect&User=app-user&"),
    ("My-Group", "app-user", False, "my-group/?Action=connect&User=app-user&"),
    ("cache-1", "iam user", True, "cache-1/?Action=connect&User=iam%20user&ResourceType=ServerlessCache&"),
]


@pytest.mark.parametrize("token", [None, TOKEN])
@pytest.mark.parametrize("group,user,serverless,start", ELASTICACHE_CASES)
def test_elasticache_recipe(group: str, user: str, serverless: bool, start: str, token: Optional[str]) -> None:
    ours = elasticache_auth_token(group, user, credentials=creds(token), region="eu-west-1",
                                  serverless=serverless, now=WHEN)
    assert ours.startswith(start)  # the documented recipe, scheme stripped
    url = "http://" + ours
    assert query_value(url, "X-Amz-Expires") == "900"
    assert query_value(url, "X-Amz-Credential") == AKID + "%2F20260401%2Feu-west-1%2Felasticache%2Faws4_request"
    verified = verify_presigned(url, credentials=creds(token), now=WHEN, service="elasticache")
    assert verified.signed_headers == ("host",)
    target = "/?" + start.split("?", 1)[1].rstrip("&")
    theirs = crt_url("http", group.lower(), target, "elasticache", "eu-west-1", token, 900)
    assert pieces(url) == pieces(theirs)


@pytest.mark.parametrize("token", [None, TOKEN])
def test_iot_recipe(token: Optional[str]) -> None:
    endpoint = "a1b2c3-ats.iot.eu-central-1.amazonaws.com"
    url = iot_websocket_url(endpoint, credentials=creds(token), region="eu-central-1",
                            expires_in=3600, now=WHEN)
    assert url.startswith("wss://" + endpoint + "/mqtt?X-Amz-Algorithm=AWS4-HMAC-SHA256&")
    assert query_value(url, "X-Amz-Credential").endswith("%2Feu-central-1%2Fiotdevicegateway%2Faws4_request")
    assert verify_presigned(url, credentials=creds(token), now=WHEN, session_token="unsigned")
    # awscrt with omit_session_token signs without the token and appends it afterwards.
    theirs = crt_url("wss", endpoint, "/mqtt", "iotdevicegateway", "eu-central-1", token, 3600,
                     omit_token=True)
    assert pieces(url) == pieces(theirs)
    if token is not None:
        assert query_value(url, "X-Amz-Security-Token") == query_value(theirs, "X-Amz-Security-Token")
        with pytest.raises(SignatureMismatchError):  # the token is not inside the signature
            verify_presigned(url, credentials=creds(token), now=WHEN)


def test_iot_default_expiry_is_a_day() -> None:
    url = iot_websocket_url("x-ats.iot.us-east-1.amazonaws.com", credentials=creds(None),
                            region="us-east-1", now=WHEN)
    assert query_value(url, "X-Amz-Expires") == "86400"


TRANSCRIBE_CASES = [
    ("en-US", "pcm", 16000, None, "language-code=en-US&media-encoding=pcm&sample-rate=16000"),
    ("de-DE", "flac", 44100, {"vocabulary-name": "my vocab", "show-speaker-label": True},
     "language-code=de-DE&media-encoding=flac&sample-rate=44100&vocabulary-name=my%20vocab"
     "&show-speaker-label=true"),
    (None, "ogg-opus", 48000, {"identify-language": True, "language-options": "en-US,fr-FR"},
     "media-encoding=ogg-opus&sample-rate=48000&identify-language=true&language-options=en-US%2Cfr-FR"),
]


@pytest.mark.parametrize("token", [None, TOKEN])
@pytest.mark.parametrize("language,encoding,rate,params,query", TRANSCRIBE_CASES)
def test_transcribe_recipe(language: Optional[str], encoding: str, rate: int, params: Optional[dict],  # type: ignore[type-arg]
                           query: str, token: Optional[str]) -> None:
    url = transcribe_websocket_url("eu-west-1", credentials=creds(token), language_code=language,
                                   media_encoding=encoding, sample_rate=rate, params=params,
                                   expires_in=120, now=WHEN)
    host = "transcribestreaming.eu-west-1.amazonaws.com:8443"
    assert url.startswith("wss://%s/stream-transcription-websocket?%s&X-Amz-" % (host, query))
    assert query_value(url, "X-Amz-Expires") == "120"
    verified = verify_presigned(url, credentials=creds(token), now=WHEN, service="transcribe")
    assert verified.region == "eu-west-1"
    theirs = crt_url("wss", host, "/stream-transcription-websocket?" + query, "transcribe",
                     "eu-west-1", token, 120)
    assert pieces(url) == pieces(theirs)


def test_transcribe_default_expiry_is_five_minutes() -> None:
    url = transcribe_websocket_url("us-east-1", credentials=creds(None), language_code="en-US",
                                   media_encoding="pcm", sample_rate=8000, now=WHEN)
    assert query_value(url, "X-Amz-Expires") == "300"


# -- bad input ------------------------------------------------------------------------

def _rds(**kw):  # type: ignore[no-untyped-def]
    args = dict(host="db.example.com", port=5432, user="app", credentials=creds(None), region="us-east-1")
    args.update(kw)
    return rds_auth_token(args.pop("host"), args.pop("port"), args.pop("user"), **args)


def _transcribe(**kw):  # type: ignore[no-untyped-def]
    args = dict(credentials=creds(None), language_code="en-US", media_encoding="pcm", sample_rate=16000)
    args.update(kw)
    return transcribe_websocket_url(args.pop("region", "us-east-1"), **args)


BAD = [
    (lambda: _rds(host="https://db.example.com"), "no scheme, port or path"),
    (lambda: _rds(host="db.example.com:5432"), "no scheme, port or path"),
    (lambda: _rds(host=""), "non-empty host name"),
    (lambda: _rds(host="db..example.com"), "is not a host name"),
    (lambda: _rds(host="-db.example.com"), "is not a host name"),
    (lambda: _rds(host="db_1.example.com"), "is not a host name"),
    (lambda: _rds(port=0), "port must be a TCP port number in 1..65535"),
    (lambda: _rds(port=65536), "port must be a TCP port number in 1..65535"),
    (lambda: _rds(port=True), "port must be a TCP port number"),
    (lambda: _rds(port="x"), "port must be a TCP port number"),
    (lambda: _rds(user=""), "user must be a non-empty string"),
    (lambda: _rds(user=None), "user must be a non-empty string"),
    (lambda: _rds(user="a\nb"), "control character"),
    (lambda: _rds(region="US-EAST-1"), "not an AWS region name"),
    (lambda: _rds(region="useast1"), "not an AWS region name"),
    (lambda: _rds(region=""), "region must be a non-empty string"),
    (lambda: _rds(expires_in=901), "at most 15 minutes"),
    (lambda: _rds(expires_in=0), "between 1 and 900"),
    (lambda: _rds(credentials=("AKID", "SECRET")), "credentials must be a sigv4presign.Credentials"),
    (lambda: dsql_auth_token("abc.dsql.us-east-1.on.aws", credentials=creds(None), region="us-east-1",
                             admin="yes"), "admin must be True or False"),
    (lambda: dsql_auth_token("abc.dsql.us-east-1.on.aws/", credentials=creds(None), region="us-east-1"),
     "no scheme, port or path"),
    (lambda: dsql_auth_token("abc.dsql.us-east-1.on.aws", credentials=creds(None), region="us-east-1",
                             expires_in=604801), "between 1 and 604800"),
    (lambda: elasticache_auth_token("my_group", "u", credentials=creds(None), region="us-east-1"),
     "replication_group_id 'my_group' is not a host name"),
    (lambda: elasticache_auth_token("g", "", credentials=creds(None), region="us-east-1"),
     "user_id must be a non-empty string"),
    (lambda: elasticache_auth_token("g", "u", credentials=creds(None), region="us-east-1", expires_in=3600),
     "at most 15 minutes"),
    (lambda: eks_token("", credentials=creds(None), region="us-east-1"), "cluster_name must be an EKS cluster name"),
    (lambda: eks_token("my cluster", credentials=creds(None), region="us-east-1"), "cluster_name must be"),
    (lambda: eks_token("c" * 101, credentials=creds(None), region="us-east-1"), "1 to 100"),
    (lambda: eks_token("c", credentials=creds(None), region="eu_west_1"), "not an AWS region name"),
    (lambda: iot_websocket_url("wss://x.iot.us-east-1.amazonaws.com", credentials=creds(None),
                               region="us-east-1"), "no scheme, port or path"),
    (lambda: _transcribe(sample_rate=7999), "sample_rate must be an int in 8000..48000"),
    (lambda: _transcribe(sample_rate="16000"), "sample_rate must be an int"),
    (lambda: _transcribe(media_encoding="mp3"), "media_encoding must be one of pcm, ogg-opus, flac"),
    (lambda: _transcribe(language_code=None), "language_code is required unless"),
    (lambda: _transcribe(language_code=""), "language_code must be a non-empty string"),
    (lambda: _transcribe(params={"sample-rate": 8000}), "params must not repeat sample-rate"),
    (lambda: _transcribe(params={"vocabulary-name": None}), "must be a non-empty string"),
    (lambda: _transcribe(expires_in=301), "at most 5 minutes"),
    (lambda: _transcribe(region="Mars"), "not an AWS region name"),
]


@pytest.mark.parametrize("call,message", BAD)
def test_bad_input_is_refused_with_a_clear_message(call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInputError) as info:
        call()
    assert message in str(info.value)
    assert SECRET not in str(info.value)


def test_port_may_be_digits_and_host_is_lower_cased() -> None:
    assert _rds(host="DB.Example.COM", port="5432").startswith("db.example.com:5432/?")


def test_services_load_on_first_use() -> None:
    code = ("import sys, sigv4presign; loaded = 'sigv4presign.services' in sys.modules; "
            "from sigv4presign.services import eks_token; "
            "print(loaded, sigv4presign.eks_token is eks_token)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]


def readme_section() -> str:
    from support import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Database tokens, EKS and WebSocket URLs"):]
    return section[: section.index("\n## ", 1)]


def test_readme_python_example_runs() -> None:
    block = readme_section().split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}  # type: ignore[type-arg]
    exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["password"].startswith("mydb.123456789012.eu-west-1.rds.amazonaws.com:5432/?Action=connect&DBUser=app_user&")
    assert namespace["dsql_password"].startswith("abc123.dsql.eu-west-1.on.aws/?Action=DbConnectAdmin&")
    assert namespace["cache_password"].startswith("my-group/?Action=connect&User=app-user&")
    assert decode_eks(namespace["bearer"]).startswith("https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&")
    assert namespace["mqtt_url"].startswith("wss://abc123-ats.iot.eu-west-1.amazonaws.com/mqtt?")
    assert namespace["stream_url"].startswith(
        "wss://transcribestreaming.eu-west-1.amazonaws.com:8443/stream-transcription-websocket?"
        "language-code=en-US&media-encoding=pcm&sample-rate=16000&show-speaker-label=true&")
