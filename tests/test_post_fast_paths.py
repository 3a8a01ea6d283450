"""presign_s3_post's fast paths, each against an independent reference.

The policy JSON is written from its parts with json's own string escaper instead of
``json.dumps`` of the whole document; the bucket's endpoint, the time texts and the
credential text are remembered between calls. Here:

- every JSON text written that way equals ``json.dumps`` of the same value (drawn values:
  quotes, backslashes, control characters, non-ASCII, lone surrogates, big integers, and
  str/int subclasses, which take json.dumps itself);
- whole forms, over drawn inputs, equal a policy written with ``json.dumps`` and
  ``datetime.strftime`` and a signature computed with ``hmac`` in this file;
- a remembered endpoint never stands in for a check: inputs that are refused are
  refused with the same error whatever was signed before;
- the memos are bounded and hold no secret key or session token;
- calls that differ only in time, expiry, access key or region never share texts, also
  from several threads at once;
- error messages still name the field or condition at fault in full (that text is now
  made only when an error is raised).

The same inputs against botocore itself are in test_post_botocore.py.
"""

import base64
import datetime
import enum
import hashlib
import hmac
import json
import string
import threading
import warnings
from typing import Any, Dict, List, Optional, Tuple

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import sigv4presign.post as post_module
from sigv4presign import (
    CredentialExpiryWarning,
    Credentials,
    InvalidInputError,
    SigV4Error,
    presign_s3_post,
)

PROPERTY = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FILENAME = "${filename}"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
ENDPOINT = "http://127.0.0.1:9000"
NOW = 1_700_000_000


class Text(str):
    """A str subclass: json.dumps writes its text; the fast paths hand it to json.dumps."""


class Number(enum.IntEnum):
    """An int subclass: json.dumps writes int.__repr__; the fast paths hand it over too."""

    LOW = 1
    HIGH = 1048576


# Characters JSON escapes, or that take another path: quotes, backslash, controls, DEL,
# non-ASCII, U+2028, astral, and both halves of a surrogate pair on their own.
AWKWARD = st.sampled_from(['"', "\\", "/", "\x00", "\x08", "\x1f", "\x7f", "\u00e9", "\u2028", "\U0001f600",
                           "\ud800", "\udfff", "$", "{"])
ANY_TEXT = st.text(st.one_of(AWKWARD, st.characters()), max_size=16)
NO_SURROGATE = st.one_of(AWKWARD, st.characters()).filter(lambda c: not "\ud800" <= c <= "\udfff")


def plain(value: Any) -> bool:
    return type(value) is str or type(value) is int


# --- the JSON of single values and conditions ------------------------------------------

SCALARS = st.one_of(
    ANY_TEXT,
    st.integers(-(2**70), 2**70),
    ANY_TEXT.map(Text),
    st.sampled_from(list(Number)),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
)
CONDITIONS = st.one_of(
    st.dictionaries(st.one_of(ANY_TEXT, ANY_TEXT.map(Text)), SCALARS, max_size=3),
    st.lists(SCALARS, max_size=4),
    st.lists(st.lists(SCALARS, max_size=2), max_size=2),  # nested: left to json.dumps
    SCALARS,
)


@PROPERTY
@given(CONDITIONS)
@example({"acl": "\ud800\"\\\x00\u2028"})
@example(["content-length-range", 0, 2**63 - 1])
@example({Text("acl"): "x"})
@example(["content-length-range", Number.LOW, Number.HIGH])
def test_condition_json_is_json_dumps(condition: Any) -> None:
    text = post_module._condition_json(condition)
    if text is not None:
        assert text == json.dumps(condition)
    # Flat plain dicts and lists (what the checks let through) take the fast path.
    if type(condition) is dict and all(type(k) is str and plain(v) for k, v in condition.items()):
        assert text == json.dumps(condition)
    if type(condition) is list and all(plain(item) for item in condition):
        assert text == json.dumps(condition)


@PROPERTY
@given(ANY_TEXT, ANY_TEXT)
def test_pair_json_is_json_dumps(name: str, value: str) -> None:
    assert post_module._pair_json(name, value) == json.dumps({name: value})
    assert post_module._pair_json(Text(name), value) is None
    assert post_module._pair_json(name, Text(value)) is None


# --- whole forms against json.dumps, strftime and hmac ---------------------------------


def reference_signature(secret: str, date: str, region: str, policy_b64: str) -> str:
    """SigV4's key derivation and the policy's signature, written out with hmac."""
    key = ("AWS4" + secret).encode("utf-8")
    for part in (date, region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return hmac.new(key, policy_b64.encode("utf-8"), hashlib.sha256).hexdigest()


def reference_form(inputs: Dict[str, Any]) -> Tuple[str, Dict[str, str]]:
    """The policy text and the form fields, from the S3 POST format written out here."""
    signed_at = datetime.datetime.fromtimestamp(inputs["now"], datetime.timezone.utc)
    date_time = signed_at.strftime("%Y%m%dT%H%M%SZ")
    expiration = (signed_at + datetime.timedelta(seconds=inputs["expires"])).strftime("%Y-%m-%dT%H:%M:%SZ")
    key = inputs["key"]
    credential = "%s/%s/%s/s3/aws4_request" % (inputs["access_key"], date_time[:8], inputs["region"])
    auth = [("x-amz-algorithm", "AWS4-HMAC-SHA256"), ("x-amz-credential", credential), ("x-amz-date", date_time)]
    if inputs["token"] is not None:
        auth.append(("x-amz-security-token", inputs["token"]))
    conditions = [dict(c) if isinstance(c, dict) else list(c) for c in inputs["conditions"]]
    conditions.append({"bucket": inputs["bucket"]})
    if key.endswith(FILENAME):
        conditions.append(["starts-with", "$key", key[: -len(FILENAME)]])
    else:
        conditions.append({"key": key})
    conditions += [{name: value} for name, value in auth]
    policy = json.dumps({"expiration": expiration, "conditions": conditions})
    policy_b64 = base64.b64encode(policy.encode("utf-8")).decode("ascii")
    fields = dict(inputs["fields"])
    fields["key"] = key
    fields.update(auth)
    fields["policy"] = policy_b64
    fields["x-amz-signature"] = reference_signature(SECRET, date_time[:8], inputs["region"], policy_b64)
    return policy, fields


FIELD_NAMES = ["acl", "Content-Type", "x-amz-meta-note", "x-amz-meta-\u00fcber", "success_action_status"]
KEYS = st.text(NO_SURROGATE, min_size=1, max_size=30)
# Bucket names an S3-compatible store may have (path style at endpoint_url): quotes and
# backslashes included.
ODD_BUCKETS = st.text(st.sampled_from(string.ascii_letters + string.digits + "\"\\'.-_!*()[]{}<>|^`~@$&+,;=:"),
                      min_size=1, max_size=20)


@st.composite
def form_inputs(draw: Any) -> Dict[str, Any]:
    subclasses = draw(st.booleans())  # str and int subclasses: json.dumps writes the policy

    def text(value: str) -> str:
        return Text(value) if subclasses and draw(st.booleans()) else value

    key = draw(KEYS)
    if draw(st.booleans()):
        key += FILENAME
    fields: Dict[str, str] = {}
    conditions: List[Any] = []
    for name in draw(st.lists(st.sampled_from(FIELD_NAMES), unique=True, max_size=3)):
        value = draw(ANY_TEXT)
        fields[text(name)] = text(value)
        form = draw(st.sampled_from(["exact", "eq", "starts-with"]))
        if form == "exact":
            conditions.append({text(name): text(value)})
        else:
            prefix = value if form == "eq" else value[: draw(st.integers(0, len(value)))]
            conditions.append([form, text("$" + name), text(prefix)])
    if draw(st.booleans()):
        low = draw(st.integers(0, 10**12))
        high = draw(st.integers(low, 2**63 - 1))
        if subclasses and draw(st.booleans()):
            low, high = Number.LOW, Number.HIGH
        conditions.append(draw(st.sampled_from([list, tuple]))(["content-length-range", low, high]))
    if draw(st.booleans()):
        fields["x-ignore-" + draw(st.text(string.ascii_lowercase, min_size=1, max_size=5))] = draw(ANY_TEXT)
    odd_bucket = draw(st.booleans())
    return {
        "bucket": text(draw(ODD_BUCKETS) if odd_bucket else draw(st.sampled_from(["examplebucket", "b-2.x"]))),
        "key": text(key),
        "fields": fields,
        "conditions": draw(st.permutations(conditions)),
        "region": text(draw(st.sampled_from(["us-east-1", "eu-west-1", "ap-south-2"]))),
        "access_key": draw(st.text(NO_SURROGATE.filter(lambda c: c not in " \t\r\n\0"), min_size=1, max_size=20)),
        "token": draw(st.one_of(st.none(), st.text(NO_SURROGATE.filter(lambda c: c not in " \t\r\n\0"),
                                                   min_size=1, max_size=40))),
        "expires": draw(st.integers(1, 604800)),
        "now": draw(st.integers(0, 4_000_000_000)),
        "as_datetime": draw(st.booleans()),
        "endpoint_url": ENDPOINT if odd_bucket else draw(st.sampled_from([None, ENDPOINT])),
    }


def sign(inputs: Dict[str, Any], **extra: Any) -> Any:
    now = inputs["now"]
    if inputs["as_datetime"]:
        now = datetime.datetime.fromtimestamp(now, datetime.timezone.utc)
    return presign_s3_post(
        inputs["bucket"], inputs["key"],
        credentials=Credentials(inputs["access_key"], SECRET, inputs["token"]),
        region=inputs["region"], expires_in=inputs["expires"], fields=inputs["fields"],
        conditions=inputs["conditions"], endpoint_url=inputs["endpoint_url"],
        addressing="path" if inputs["endpoint_url"] else "auto", now=now, **extra,
    )


@PROPERTY
@given(form_inputs())
@example({"bucket": 'a"b\\c', "key": "\x00\"\\\u2028\U0001f600/" + FILENAME,
          "fields": {"x-amz-meta-note": "\ud800\x1f\"", "acl": "\udfff"},
          "conditions": [{"x-amz-meta-note": "\ud800\x1f\""}, ["starts-with", "$acl", "\udfff"],
                         ("content-length-range", 0, 2**63 - 1)],
          "region": "eu-west-1", "access_key": 'AK"\\\x01\u00e9', "token": 'T"\\\x7f\u2028/+=',
          "expires": 604800, "now": 4_000_000_000, "as_datetime": False, "endpoint_url": ENDPOINT})
@example({"bucket": Text("examplebucket"), "key": Text("k"), "fields": {Text("acl"): Text("x")},
          "conditions": [{Text("acl"): Text("x")}, ["content-length-range", Number.LOW, Number.HIGH]],
          "region": Text("us-east-1"), "access_key": "AKID", "token": None, "expires": 1, "now": 0,
          "as_datetime": True, "endpoint_url": None})
def test_forms_equal_the_reference(inputs: Dict[str, Any]) -> None:
    policy, fields = reference_form(inputs)
    result = sign(inputs)
    assert base64.b64decode(result.fields["policy"]).decode("ascii") == policy
    assert list(result.fields.items()) == list(fields.items())
    # the decoded document is the one signed
    assert json.dumps(result.policy) == policy
    assert result.policy == json.loads(policy)
    # signed again: the remembered texts give the same form
    assert list(sign(inputs).fields.items()) == list(fields.items())


# --- a remembered endpoint never stands in for a check ---------------------------------


class Always(str):
    """Equal to every value, with the hash of a bucket signed before: a dict lookup that
    trusted == would take it for that bucket."""

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return hash("examplebucket")


def outcome(bucket: Any, key: Any = "k", **kwargs: Any) -> Tuple[str, str]:
    kwargs.setdefault("credentials", Credentials("AKIDEXAMPLE", SECRET))
    kwargs.setdefault("region", "eu-west-1")
    kwargs.setdefault("now", NOW)
    try:
        result = presign_s3_post(bucket, key, **kwargs)
    except SigV4Error as exc:
        return type(exc).__name__, str(exc)
    return "signed", result.url


BAD = [
    ("flag-as-int", "examplebucket", {"dualstack": 1}),
    ("flag-as-none", "examplebucket", {"fips": None}),
    ("flag-as-text", "examplebucket", {"accelerate": "yes"}),
    ("flag-with-endpoint-url", "examplebucket", {"endpoint_url": ENDPOINT, "dualstack": True}),
    ("addressing", "examplebucket", {"addressing": "Auto"}),
    ("region-with-space", "examplebucket", {"region": "eu-west-1 "}),
    ("region-as-bytes", "examplebucket", {"region": b"eu-west-1"}),
    ("upper-case-bucket", "ExampleBucket", {}),
    ("bucket-equal-to-anything", Always("Not A Bucket"), {}),
    ("bucket-as-bytes", b"examplebucket", {}),
    ("arn", "arn:aws:s3:eu-west-1:123456789012:accesspoint/x", {}),
    ("bad-endpoint-url", "examplebucket", {"endpoint_url": "ftp://x"}),
    ("bad-key-and-bucket", "a b", {"key": ""}),
    ("bad-key-and-endpoint", "examplebucket", {"key": "", "endpoint_url": "ftp://x"}),
    ("bad-key", "examplebucket", {"key": None}),
    ("surrogate-key", "examplebucket", {"key": "\ud800"}),
]


@pytest.mark.parametrize("bucket, kwargs", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_refused_the_same_after_good_calls(bucket: Any, kwargs: Dict[str, Any]) -> None:
    kwargs = dict(kwargs)
    key = kwargs.pop("key", "k")
    post_module._SITES.clear()
    fresh = outcome(bucket, key, **kwargs)
    assert fresh[0] == "InvalidInputError"
    # the same bucket, region and options, signed with every check passing
    for options in ({}, {"endpoint_url": ENDPOINT}, {"dualstack": True}, {"fips": False}):
        assert outcome("examplebucket", **options)[0] == "signed"
    assert outcome(bucket, key, **kwargs) == fresh


def test_a_key_is_checked_on_every_call() -> None:
    assert outcome("examplebucket", "k")[0] == "signed"
    assert outcome("examplebucket", "") == ("InvalidInputError", outcome("examplebucket", "")[1])
    assert "key is empty" in outcome("examplebucket", "")[1]
    assert "1024" in outcome("examplebucket", "x" * 1025)[1]


def test_subclass_inputs_sign_like_plain_ones() -> None:
    plain_result = outcome("examplebucket", "k", region="eu-west-1", addressing="auto")
    assert outcome(Text("examplebucket"), Text("k"), region=Text("eu-west-1"), addressing=Text("auto")) == plain_result


# --- the memos: bounded, no secrets, texts never shared between calls ------------------


def test_memos_are_bounded_and_hold_no_secrets() -> None:
    secret = "SECRET/only+here/0123456789abcdefghijklmnop"
    token = "TOKEN/only+here/0123456789"
    creds = Credentials("AKIDBOUNDS", secret, token)
    for i in range(300):
        presign_s3_post("bucket-%d" % i, "k", credentials=creds, region="eu-west-1", now=NOW + i)
    assert len(post_module._SITES) <= post_module._SITES_MAX
    assert len(post_module._SIGNER_TEXTS) <= post_module._SIGNER_TEXTS_MAX
    held = repr(post_module._SITES) + repr(post_module._SIGNER_TEXTS)
    assert "AKIDBOUNDS" in held  # the access key id is no secret
    for private in (secret, token, secret[:20], token[:12]):
        assert private not in held


def expected_texts(access_key: str, region: str, now: int, expires: int) -> Dict[str, str]:
    signed_at = datetime.datetime.fromtimestamp(now, datetime.timezone.utc)
    return {
        "x-amz-date": signed_at.strftime("%Y%m%dT%H%M%SZ"),
        "x-amz-credential": "%s/%s/%s/s3/aws4_request" % (access_key, signed_at.strftime("%Y%m%d"), region),
        "expiration": (signed_at + datetime.timedelta(seconds=expires)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


CALLS = [
    ("AKIDONE", "eu-west-1", NOW, 3600),
    ("AKIDTWO", "eu-west-1", NOW, 3600),
    ("AKIDONE", "us-west-2", NOW, 3600),
    ("AKIDONE", "eu-west-1", NOW, 60),
    ("AKIDONE", "eu-west-1", NOW + 1, 3600),
    ("AKIDONE", "eu-west-1", NOW + 86400, 3600),
    ("AKIDONE", "eu-west-1", NOW, 3600),
]


def check_call(access_key: str, region: str, now: int, expires: int) -> None:
    result = presign_s3_post("examplebucket", "k", credentials=Credentials(access_key, SECRET),
                             region=region, now=now, expires_in=expires)
    texts = expected_texts(access_key, region, now, expires)
    assert result.fields["x-amz-date"] == texts["x-amz-date"]
    assert result.fields["x-amz-credential"] == texts["x-amz-credential"]
    assert result.policy["expiration"] == texts["expiration"]
    policy = json.loads(base64.b64decode(result.fields["policy"]))
    assert policy["expiration"] == texts["expiration"]
    assert {"x-amz-date": texts["x-amz-date"]} in policy["conditions"]
    assert {"x-amz-credential": texts["x-amz-credential"]} in policy["conditions"]
    assert result.fields["x-amz-signature"] == reference_signature(
        SECRET, texts["x-amz-date"][:8], region, result.fields["policy"]
    )


def test_calls_that_differ_never_share_texts() -> None:
    for _ in range(2):
        for call in CALLS:
            check_call(*call)


def test_threads_never_see_each_others_texts() -> None:
    errors: List[BaseException] = []

    def work(offset: int) -> None:
        try:
            for i in range(150):
                check_call(*CALLS[(i + offset) % len(CALLS)])
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[0]


def test_expiring_credentials_warn_on_every_call() -> None:
    creds = Credentials("AKIDEXAMPLE", SECRET, "token", expiration=NOW + 60)
    for _ in range(3):
        with pytest.warns(CredentialExpiryWarning):
            result = presign_s3_post("examplebucket", "k", credentials=creds, region="eu-west-1", now=NOW)
        assert result.expires_at_epoch == NOW + 60
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(InvalidInputError, match="expired"):
            presign_s3_post("examplebucket", "k", credentials=creds, region="eu-west-1", now=NOW + 60)


def test_json_escaper_is_the_one_json_dumps_uses() -> None:
    import json.encoder

    assert post_module._json_str is json.encoder.encode_basestring_ascii
    for text in ["", "a\"b\\c", "\x00\x1f\x7f", "\u00e9\u2028", "\U0001f600", "\ud800", "\udfff\ud800"]:
        assert post_module._json_str(text) == json.dumps(text)


def test_directory_bucket_and_token_field_in_the_policy() -> None:
    # S3 Express: the token goes under X-Amz-S3session-Token, written by the fast path
    bucket = "photos--euw1-az1--x-s3"
    creds = Credentials("AKIDEXAMPLE", SECRET, 'sess"ion\\token')
    result = presign_s3_post(bucket, "k", credentials=creds, region="eu-west-1", now=NOW)
    policy = base64.b64decode(result.fields["policy"]).decode("ascii")
    assert policy == json.dumps(result.policy)
    assert {"X-Amz-S3session-Token": 'sess"ion\\token'} in json.loads(policy)["conditions"]
    with pytest.raises(InvalidInputError, match="directory bucket"):
        presign_s3_post(bucket, "k", credentials=Credentials("AKIDEXAMPLE", SECRET), region="eu-west-1", now=NOW)


def test_checksum_conditions_in_the_policy() -> None:
    digest = base64.b64encode(hashlib.sha256(b"data").digest()).decode("ascii")
    result = presign_s3_post("examplebucket", "k", credentials=Credentials("AKIDEXAMPLE", SECRET),
                             region="eu-west-1", now=NOW, checksum=("sha256", digest))
    policy = base64.b64decode(result.fields["policy"]).decode("ascii")
    assert policy == json.dumps(result.policy)
    conditions: Optional[List[Any]] = json.loads(policy)["conditions"]
    assert conditions is not None and ["eq", "$x-amz-checksum-sha256", digest] in conditions


# --- error messages name the field or condition at fault, in full ----------------------

FULL_MESSAGES = [
    ({"conditions": [["ends-with", "$key", "x"]]},
     "condition ['ends-with', '$key', 'x']: unknown operator 'ends-with'; allowed: eq, starts-with, "
     "content-length-range"),
    ({"conditions": [("eq", "$acl")]}, "condition ('eq', '$acl'): 'eq' takes exactly two arguments, got 1"),
    ({"conditions": [{"acl": 5}]}, "condition {'acl': 5}: the value must be a string, not int (form fields are text)"),
    ({"conditions": [{"": "x"}]}, "condition {'': 'x'}: the field name must be a non-empty string, got ''"),
    ({"conditions": [["eq", None, "x"]]},
     "condition ['eq', None, 'x']: the field name must be a non-empty string, got None"),
    ({"conditions": [{"$acl": "x"}]},
     "condition {'$acl': 'x'}: an exact-match condition names the field without '$', like {\"acl\": \"public-read\"}"),
    ({"conditions": [["starts-with", "key", "u/"]]},
     "condition ['starts-with', 'key', 'u/']: the field must be written with a leading '$', like \"$key\"; got 'key'"),
    ({"conditions": [["content-length-range", 10, 1]]},
     "condition ['content-length-range', 10, 1]: the range must satisfy 0 <= min <= max, got min=10, max=1"),
    ({"conditions": [["content-length-range", 0, "9"]]},
     "condition ['content-length-range', 0, '9']: the bounds must be whole numbers of bytes (at most 2**63 - 1), "
     "got '9'"),
    ({"fields": {"acl": 5}, "conditions": [{"acl": "5"}]},
     "field 'acl': the value must be a string, not int (form fields are text)"),
    ({"fields": {"": "x"}}, "field '': the field name must be a non-empty string, got ''"),
    ({"fields": {7: "x"}}, "field 7: the field name must be a non-empty string, got 7"),
]


@pytest.mark.parametrize("kwargs, message", FULL_MESSAGES)
def test_full_error_messages(kwargs: Dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        presign_s3_post("examplebucket", "k", credentials=Credentials("AKIDEXAMPLE", SECRET),
                        region="eu-west-1", now=NOW, **kwargs)
    assert str(caught.value) == message
