"""presign_s3_post against botocore's generate_presigned_post: byte-identical policies.

For the same bucket, key, fields, conditions, expiry, credentials and signing time, the
base64 ``policy`` field (so the policy JSON byte for byte), the signature and every other
form field, in the same order, must be equal. botocore is made deterministic here:

- its clock is frozen at the instant we pass as ``now``. It reads the time twice, in
  ``S3PostPresigner.generate_presigned_post`` (the expiration, through
  ``botocore.signers.get_current_datetime``) and in ``S3SigV4PostAuth.add_auth``
  (``x-amz-date``, through ``botocore.auth.get_current_datetime``); both are patched;
- its pure-Python POST signer is forced: ``AUTH_TYPE_MAPS["s3v4-presign-post"]`` is a
  recording subclass of ``botocore.auth.S3SigV4PostAuth`` (botocore has no CRT POST
  signer today, but an installed ``awscrt`` must never change what is compared), and every
  comparison asserts it ran;
- ``AWS_*`` variables and config files of the machine are hidden.

Where we deliberately differ: botocore posts to the global host
``{bucket}.s3.amazonaws.com`` for every ``aws`` region; we use the region's own host
(``test_url_differs_from_botocore_outside_us_east_1``). Fields without a covering
condition, which botocore signs and S3 then refuses, are an error here (test_post.py).
"""

import base64
import datetime
import functools
import os
import string
from typing import Any, Dict, List, Optional, Tuple

import boto3
import botocore.config
import botocore.session
import freezegun
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support.botocore_reference import signed_once

import sigv4presign
from sigv4presign import Credentials, presign_s3_post

EXAMPLES = 1000 if os.environ.get("CI") else 200
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-south-2", "sa-east-1"]
ENDPOINT = "http://127.0.0.1:8333"
B64 = string.ascii_letters + string.digits + "/+="
FILENAME = "${filename}"

# --- botocore, made deterministic ------------------------------------------------------

# The machine's AWS settings hidden, botocore's pure-Python POST signer forced.
pytestmark = pytest.mark.usefixtures("botocore_reference")


@functools.cache
def _session() -> Any:
    return botocore.session.get_session()


@functools.lru_cache(maxsize=64)
def _client(region: str, access_key: str, secret_key: str, token: Optional[str], endpoint_url: Optional[str]) -> Any:
    return _session().create_client(
        "s3",
        region_name=region,
        endpoint_url=endpoint_url,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        aws_session_token=token,
        config=botocore.config.Config(signature_version="s3v4"),
    )


def botocore_post(bucket: str, key: str, fields: Dict[str, str], conditions: List[Any], *,
                  region: str, access_key: str, secret_key: str, token: Optional[str],
                  expires: int, timestamp: int, endpoint_url: Optional[str]) -> Dict[str, Any]:
    client = _client(region, access_key, secret_key, token, endpoint_url)
    # botocore's pure-Python signer makes this form, exactly once.
    with signed_once("s3v4-presign-post", timestamp):
        result = client.generate_presigned_post(
            bucket, key, Fields=dict(fields), Conditions=list(conditions), ExpiresIn=expires
        )
    return result  # type: ignore[no-any-return]


def compare(bucket: str, key: str, fields: Dict[str, str], conditions: List[Any], *,
            region: str, access_key: str, secret_key: str, token: Optional[str],
            expires: int, timestamp: int, endpoint_url: Optional[str] = None,
            as_datetime: bool = True) -> Tuple[Any, Dict[str, Any]]:
    now: Any = (
        datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc) if as_datetime else timestamp
    )
    ours = presign_s3_post(
        bucket, key, credentials=Credentials(access_key, secret_key, token), region=region,
        expires_in=expires, fields=fields, conditions=conditions, endpoint_url=endpoint_url, now=now,
    )
    theirs = botocore_post(
        bucket, key, fields, conditions, region=region, access_key=access_key,
        secret_key=secret_key, token=token, expires=expires, timestamp=timestamp,
        endpoint_url=endpoint_url,
    )
    # The policy JSON byte for byte (a mismatch here shows the two documents).
    assert base64.b64decode(ours.fields["policy"]) == base64.b64decode(theirs["fields"]["policy"])
    assert ours.fields["x-amz-signature"] == theirs["fields"]["x-amz-signature"]
    # Every field, the same values in the same order.
    assert list(ours.fields.items()) == list(theirs["fields"].items())
    if endpoint_url is not None or region == "us-east-1":
        assert ours.url == theirs["url"]
    return ours, theirs


# --- inputs ---------------------------------------------------------------------------

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=24)
KEY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda k: len(k.encode("utf-8")) <= 900
)
BUCKETS = st.from_regex(r"\A[a-z0-9][a-z0-9-]{1,30}[a-z0-9]\Z")
FIELD_NAMES = st.sampled_from([
    "acl", "Content-Type", "success_action_status", "success_action_redirect", "Cache-Control",
    "Content-Disposition", "x-amz-storage-class", "x-amz-meta-uuid", "x-amz-meta-\u00fcber",
    "x-amz-tagging", "x-amz-server-side-encryption",
])


@st.composite
def field_and_condition(draw: Any, name: str) -> Tuple[str, Any]:
    """A field value and a condition it meets: exact, ``eq`` or ``starts-with`` a prefix."""
    value = draw(TEXT)
    form = draw(st.sampled_from(["exact", "eq", "starts-with"]))
    if form == "exact":
        return value, {name: value}
    if form == "eq":
        return value, ["eq", "$" + name, value]
    return value, ["starts-with", "$" + name, value[: draw(st.integers(0, len(value)))]]


@st.composite
def post_inputs(draw: Any) -> Dict[str, Any]:
    key = draw(KEY_TEXT)
    if draw(st.booleans()):
        key = key + FILENAME if draw(st.booleans()) else draw(st.sampled_from(["", "uploads/"])) + FILENAME
    names = draw(st.lists(FIELD_NAMES, unique=True, max_size=4))
    fields: Dict[str, str] = {}
    conditions: List[Any] = []
    for name in names:
        value, condition = draw(field_and_condition(name))
        fields[name] = value
        conditions.append(condition)
    if draw(st.booleans()):
        low = draw(st.integers(0, 10**10))
        conditions.append(["content-length-range", low, draw(st.integers(low, 10**11))])
    if draw(st.booleans()):
        literal = key[: -len(FILENAME)] if key.endswith(FILENAME) else key
        conditions.append(["starts-with", "$key", literal[: draw(st.integers(0, len(literal)))]])
    if draw(st.booleans()):
        fields["x-ignore-note"] = draw(TEXT)  # needs no condition
    conditions = draw(st.permutations(conditions))
    return {
        "bucket": draw(BUCKETS),
        "key": key,
        "fields": fields,
        "conditions": conditions,
        "region": draw(st.sampled_from(REGIONS)),
        "access_key": draw(st.text(string.ascii_uppercase + string.digits, min_size=16, max_size=20)),
        "secret_key": draw(st.text(B64, min_size=40, max_size=40)),
        "token": draw(st.one_of(st.none(), st.text(B64, min_size=16, max_size=200))),
        "expires": draw(st.integers(1, 604800)),
        # 2001-09-09 .. 2096-10-02, including leap days and year ends
        "timestamp": draw(st.integers(1_000_000_000, 4_000_000_000)),
        "endpoint_url": draw(st.sampled_from([None, ENDPOINT])),
        "as_datetime": draw(st.booleans()),
    }


# --- the property and its pinned examples ----------------------------------------------

BASE = dict(
    region="us-east-1", access_key="AKIAIOSFODNN7EXAMPLE",
    secret_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", token=None,
    expires=3600, timestamp=1451347200,
)


@PROPERTY
@given(post_inputs())
@example({**BASE, "bucket": "examplebucket", "key": "user/user1/${filename}", "fields": {},
          "conditions": [], "endpoint_url": None, "as_datetime": True})
@example({**BASE, "bucket": "examplebucket", "key": "a b/\u00fc+=&?%~.txt",
          "fields": {"acl": "public-read", "x-amz-meta-note": "\u4e2d\u6587 \"q\" \\"},
          "conditions": [{"acl": "public-read"}, ["starts-with", "$x-amz-meta-note", "\u4e2d"],
                         ["content-length-range", 0, 5368709120]],
          "endpoint_url": ENDPOINT, "as_datetime": False, "token": "FQoGZXIvYXdz+/="})
def test_same_policy_and_signature_as_botocore(inputs: Dict[str, Any]) -> None:
    inputs = dict(inputs)
    compare(inputs.pop("bucket"), inputs.pop("key"), inputs.pop("fields"), inputs.pop("conditions"), **inputs)


@pytest.mark.parametrize("token", [None, "FwoGZXIvYXdzEXAMPLETOKEN/+=="])
@pytest.mark.parametrize(
    "key, fields, conditions",
    [
        ("uploads/${filename}", {}, []),
        ("photo.jpg", {"Content-Type": "image/jpeg", "acl": "private"},
         [["starts-with", "$Content-Type", "image/"], {"acl": "private"}, ["content-length-range", 1, 1048576]]),
        ("\u00e9t\u00e9/${filename}", {"x-amz-meta-\u00e9": "\u00e9"}, [["eq", "$x-amz-meta-\u00e9", "\u00e9"]]),
    ],
)
def test_pinned_cases(token: Optional[str], key: str, fields: Dict[str, str], conditions: List[Any]) -> None:
    ours, theirs = compare("examplebucket", key, fields, conditions, **{**BASE, "token": token})
    assert ("x-amz-security-token" in theirs["fields"]) == (token is not None)
    assert ours.url == theirs["url"] == "https://examplebucket.s3.amazonaws.com/"


AWKWARD_CASES = [
    # JSON escapes in every value the policy carries: quotes, backslashes, control
    # characters, DEL, U+2028, astral characters and lone surrogates (form field values
    # are any text; keys, access keys and tokens are refused with a lone surrogate).
    ("escapes-everywhere", "examplebucket", "\x01\"q\"\\\u2028\U0001f600/${filename}",
     {"x-amz-meta-note": "\ud800\x1f\"\\\x7f", "acl": "\udfff"},
     [{"x-amz-meta-note": "\ud800\x1f\"\\\x7f"}, ["starts-with", "$acl", "\udfff"]],
     'AK"\\\x01\u00e9', 'T"\\\x7f\u2028/+=', ENDPOINT),
    ("tuple-condition-and-big-bounds", "examplebucket", "k", {},
     [("content-length-range", 0, 2**63 - 1)], "AKIDEXAMPLE", None, None),
]


@pytest.mark.parametrize("bucket, key, fields, conditions, access_key, token, endpoint_url",
                         [c[1:] for c in AWKWARD_CASES], ids=[c[0] for c in AWKWARD_CASES])
def test_awkward_texts(bucket: str, key: str, fields: Dict[str, str], conditions: List[Any],
                       access_key: str, token: Optional[str], endpoint_url: Optional[str]) -> None:
    for as_datetime in (True, False):
        compare(bucket, key, fields, conditions, **{**BASE, "access_key": access_key, "token": token,
                                                    "endpoint_url": endpoint_url, "as_datetime": as_datetime})


def test_interleaved_times_keys_and_regions() -> None:
    """Calls that differ only in signing time, expiry, access key or region, in turn and
    repeated: each form equals botocore's (no text of one call is reused for another)."""
    calls = [
        {"timestamp": 1451347200, "expires": 3600, "access_key": "AKIAIOSFODNN7EXAMPLE", "region": "us-east-1"},
        {"timestamp": 1451347200, "expires": 3600, "access_key": "AKIDOTHEREXAMPLE", "region": "us-east-1"},
        {"timestamp": 1451347200, "expires": 3600, "access_key": "AKIAIOSFODNN7EXAMPLE", "region": "eu-west-1"},
        {"timestamp": 1451347200, "expires": 60, "access_key": "AKIAIOSFODNN7EXAMPLE", "region": "us-east-1"},
        {"timestamp": 1451347201, "expires": 3600, "access_key": "AKIAIOSFODNN7EXAMPLE", "region": "us-east-1"},
        {"timestamp": 1451433599, "expires": 1, "access_key": "AKIAIOSFODNN7EXAMPLE", "region": "us-east-1"},
        {"timestamp": 1451433600, "expires": 1, "access_key": "AKIAIOSFODNN7EXAMPLE", "region": "us-east-1"},
    ]
    for _ in range(2):
        for call in calls:
            compare("examplebucket", "uploads/${filename}", {}, [], **{**BASE, **call})


def test_url_differs_from_botocore_outside_us_east_1() -> None:
    """Deliberate: botocore posts to the global host for every aws region; we use the
    region's own host, which also works for regions launched after March 2019."""
    args = {**BASE, "region": "ap-south-2"}
    ours, theirs = compare("examplebucket", "k", {}, [], **args)
    assert theirs["url"] == "https://examplebucket.s3.amazonaws.com/"
    assert ours.url == "https://examplebucket.s3.ap-south-2.amazonaws.com/"


def test_boto3_code_sample_runs_with_the_client_line_changed() -> None:
    """Code written for boto3, with only the client line changed, gives the same form."""
    def upload_form(s3: Any) -> Dict[str, Any]:
        return s3.generate_presigned_post(  # type: ignore[no-any-return]
            "examplebucket",
            "user/user1/${filename}",
            Fields={"acl": "public-read", "Content-Type": "image/jpeg"},
            Conditions=[{"acl": "public-read"}, ["starts-with", "$Content-Type", "image/"],
                        ["content-length-range", 0, 10485760]],
            ExpiresIn=1000,
        )

    settings = dict(region_name="us-east-1", aws_access_key_id=BASE["access_key"],
                    aws_secret_access_key=BASE["secret_key"])
    theirs_client = boto3.client("s3", config=botocore.config.Config(signature_version="s3v4"), **settings)
    ours_client = sigv4presign.client("s3", **settings)
    with signed_once("s3v4-presign-post", 1451347200):
        theirs = upload_form(theirs_client)
    with freezegun.freeze_time("2015-12-29T00:00:00Z"):
        ours = upload_form(ours_client)
    assert ours == theirs
    assert list(ours["fields"].items()) == list(theirs["fields"].items())
