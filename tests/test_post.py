"""Presigned POST (sigv4presign.post): policy documents, their signature, the HTML form.

Expected values come from the S3 documentation's POST example, from the policy format
the S3 documentation specifies (written out by hand below), and from HMAC-SHA256
computed here with hashlib/hmac.
"""

import base64
import datetime
import hashlib
import hmac
import json
import warnings
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

from sigv4presign import (
    CredentialExpiryWarning,
    Credentials,
    InvalidInputError,
    PresignedPost,
    presign_s3_post,
    sign_post_policy,
)

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
CREDS = Credentials(AKID, SECRET)
TOKEN = "FwoGZXIvYXdzEXAMPLE//token+with/odd=chars"
# 2015-12-29T00:00:00Z, the S3 documentation example's signing time
NOW = datetime.datetime(2015, 12, 29, tzinfo=datetime.timezone.utc)


def hmac_sha256(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def reference_signature(secret: str, date: str, region: str, string_to_sign: str) -> str:
    """The SigV4 key derivation and signature, written out with hmac (independent of the library)."""
    key = hmac_sha256(("AWS4" + secret).encode("utf-8"), date)
    for part in (region, "s3", "aws4_request"):
        key = hmac_sha256(key, part)
    return hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


# ---------------------------------------------------------------------------------------
# sign_post_policy: the S3 documentation example, exact


def docs_example(vectors: Path) -> Dict[str, Any]:
    return json.loads((vectors / "s3-docs" / "post-policy.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("as_bytes", [False, True], ids=["text", "bytes"])
def test_aws_docs_post_example_exact(vectors: Path, as_bytes: bool) -> None:
    example = docs_example(vectors)
    inputs = example["inputs"]
    policy = inputs["policy_json"].encode("utf-8") if as_bytes else inputs["policy_json"]
    policy_b64, sig = sign_post_policy(
        policy,
        credentials=Credentials(inputs["access_key_id"], inputs["secret_access_key"]),
        region=inputs["region"],
        now=datetime.datetime(2015, 12, 29, tzinfo=datetime.timezone.utc),
    )
    assert policy_b64 == example["expected"]["policy_base64"]
    assert sig == example["expected"]["signature"]


def test_aws_docs_example_policy_is_used_as_is(vectors: Path) -> None:
    # CRLF line endings and the blank line survive: base64 covers the exact 648 bytes.
    inputs = docs_example(vectors)["inputs"]
    policy_b64, _ = sign_post_policy(inputs["policy_json"], credentials=CREDS, region="us-east-1", now=NOW)
    assert base64.b64decode(policy_b64) == inputs["policy_json"].encode("utf-8")
    assert len(base64.b64decode(policy_b64)) == 648


@pytest.mark.parametrize(
    "policy, now, message",
    [
        ({"expiration": "x"}, NOW, "text or bytes"),
        (None, NOW, "text or bytes"),
        ("", NOW, "empty"),
        ("  \r\n", NOW, "empty"),
        ('{"conditions": []}', datetime.datetime(2015, 12, 29), "naive"),
        ('{"conditions": []}', "20151229", "aware datetime or POSIX seconds"),
    ],
)
def test_sign_post_policy_refuses(policy: Any, now: Any, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        sign_post_policy(policy, credentials=CREDS, region="us-east-1", now=now)


def test_sign_post_policy_requires_now() -> None:
    with pytest.raises(TypeError):
        sign_post_policy("{}", credentials=CREDS, region="us-east-1")  # type: ignore[call-arg]


# ---------------------------------------------------------------------------------------
# presign_s3_post: the policy document (S3 API Reference, "Creating a POST policy")


def post(key: str = "uploads/${filename}", **kwargs: Any) -> PresignedPost:
    kwargs.setdefault("credentials", CREDS)
    kwargs.setdefault("region", "us-east-1")
    kwargs.setdefault("now", NOW)
    return presign_s3_post("examplebucket", key, **kwargs)


SCOPE = AKID + "/20151229/us-east-1/s3/aws4_request"
AUTH_CONDITIONS = [
    {"x-amz-algorithm": "AWS4-HMAC-SHA256"},
    {"x-amz-credential": SCOPE},
    {"x-amz-date": "20151229T000000Z"},
]

POLICY_CASES = [
    # (id, key, kwargs, expected conditions)
    ("filename-key", "uploads/${filename}", {},
     [{"bucket": "examplebucket"}, ["starts-with", "$key", "uploads/"]] + AUTH_CONDITIONS),
    ("bare-filename-key", "${filename}", {},
     [{"bucket": "examplebucket"}, ["starts-with", "$key", ""]] + AUTH_CONDITIONS),
    ("exact-key", "photos/cat.jpg", {},
     [{"bucket": "examplebucket"}, {"key": "photos/cat.jpg"}] + AUTH_CONDITIONS),
    ("filename-not-at-end-is-literal", "${filename}/x", {},
     [{"bucket": "examplebucket"}, {"key": "${filename}/x"}] + AUTH_CONDITIONS),
    ("size-range", "u/${filename}", {"conditions": [["content-length-range", 1, 10485760]]},
     [["content-length-range", 1, 10485760], {"bucket": "examplebucket"},
      ["starts-with", "$key", "u/"]] + AUTH_CONDITIONS),
    ("fields-and-conditions", "u/${filename}",
     {"fields": {"acl": "public-read", "Content-Type": "image/png"},
      "conditions": [{"acl": "public-read"}, ["starts-with", "$Content-Type", "image/"]]},
     [{"acl": "public-read"}, ["starts-with", "$Content-Type", "image/"],
      {"bucket": "examplebucket"}, ["starts-with", "$key", "u/"]] + AUTH_CONDITIONS),
    ("eq-form", "k", {"fields": {"acl": "private"}, "conditions": [["eq", "$acl", "private"]]},
     [["eq", "$acl", "private"], {"bucket": "examplebucket"}, {"key": "k"}] + AUTH_CONDITIONS),
    ("tuple-conditions-become-lists", "k", {"conditions": [("starts-with", "$key", "")]},
     [["starts-with", "$key", ""], {"bucket": "examplebucket"}, {"key": "k"}] + AUTH_CONDITIONS),
    ("token", "k", {"credentials": Credentials(AKID, SECRET, TOKEN)},
     [{"bucket": "examplebucket"}, {"key": "k"}] + AUTH_CONDITIONS + [{"x-amz-security-token": TOKEN}]),
    ("x-ignore-field-needs-no-condition", "k", {"fields": {"x-ignore-note": "hi"}},
     [{"bucket": "examplebucket"}, {"key": "k"}] + AUTH_CONDITIONS),
]


@pytest.mark.parametrize("key, kwargs, conditions", [c[1:] for c in POLICY_CASES], ids=[c[0] for c in POLICY_CASES])
def test_policy_document(key: str, kwargs: Dict[str, Any], conditions: List[Any]) -> None:
    result = post(key, **kwargs)
    assert result.policy == {"expiration": "2015-12-29T01:00:00Z", "conditions": conditions}
    # .policy is what was signed: the base64 field decodes to it
    assert json.loads(base64.b64decode(result.fields["policy"])) == result.policy


@pytest.mark.parametrize(
    "expires_in, expiration",
    [
        (1, "2015-12-29T00:00:01Z"),
        (3600, "2015-12-29T01:00:00Z"),
        (86400 * 3 + 61, "2016-01-01T00:01:01Z"),
        (datetime.timedelta(days=7), "2016-01-05T00:00:00Z"),
        (604800, "2016-01-05T00:00:00Z"),
    ],
)
def test_expiration(expires_in: Any, expiration: str) -> None:
    result = post(expires_in=expires_in)
    assert result.policy["expiration"] == expiration
    assert result.expires_at == datetime.datetime.strptime(expiration, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc
    )
    assert result.signed_at == NOW


def test_fractional_now_is_truncated_to_the_second() -> None:
    result = post(now=NOW + datetime.timedelta(microseconds=999999))
    assert result.fields["x-amz-date"] == "20151229T000000Z"
    assert result.policy["expiration"] == "2015-12-29T01:00:00Z"


def test_policy_json_is_serialized_like_json_dumps_defaults() -> None:
    # ", " and ": " separators, non-ASCII as \\u escapes (botocore's format)
    result = post("f\u00fcr/${filename}")
    text = base64.b64decode(result.fields["policy"]).decode("ascii")
    assert text.startswith('{"expiration": "2015-12-29T01:00:00Z", "conditions": [{"bucket": "examplebucket"}, ')
    assert '["starts-with", "$key", "f\\u00fcr/"]' in text


def test_fields_in_order_and_signature() -> None:
    result = post(
        "u/${filename}",
        credentials=Credentials(AKID, SECRET, TOKEN),
        fields={"success_action_status": "201", "acl": "private"},
        conditions=[{"acl": "private"}, {"success_action_status": "201"}],
    )
    assert list(result.fields) == [
        "success_action_status", "acl", "key", "x-amz-algorithm", "x-amz-credential",
        "x-amz-date", "x-amz-security-token", "policy", "x-amz-signature",
    ]
    assert result.fields["key"] == "u/${filename}"
    assert result.fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    assert result.fields["x-amz-credential"] == SCOPE
    assert result.fields["x-amz-date"] == "20151229T000000Z"
    assert result.fields["x-amz-security-token"] == TOKEN
    # String to sign = the base64 policy itself
    assert result.fields["x-amz-signature"] == reference_signature(
        SECRET, "20151229", "us-east-1", result.fields["policy"]
    )


def test_no_token_field_without_a_token() -> None:
    result = post()
    assert "x-amz-security-token" not in result.fields
    assert list(result.fields) == [
        "key", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "policy", "x-amz-signature",
    ]


def test_signature_uses_the_region_in_the_scope() -> None:
    result = post(region="eu-central-1")
    assert result.fields["x-amz-credential"] == AKID + "/20151229/eu-central-1/s3/aws4_request"
    assert result.fields["x-amz-signature"] == reference_signature(
        SECRET, "20151229", "eu-central-1", result.fields["policy"]
    )


def test_sign_post_policy_agrees_with_presign_s3_post() -> None:
    result = post()
    text = base64.b64decode(result.fields["policy"])
    assert sign_post_policy(text, credentials=CREDS, region="us-east-1", now=NOW) == (
        result.fields["policy"], result.fields["x-amz-signature"]
    )


def test_given_fields_and_conditions_are_not_modified() -> None:
    fields = {"acl": "private"}
    conditions: List[Any] = [{"acl": "private"}]
    post(fields=fields, conditions=conditions)
    assert fields == {"acl": "private"}
    assert conditions == [{"acl": "private"}]


# ---------------------------------------------------------------------------------------
# URL: the bucket's endpoint


@pytest.mark.parametrize(
    "bucket, kwargs, url",
    [
        ("examplebucket", {"region": "us-east-1"}, "https://examplebucket.s3.amazonaws.com/"),
        ("examplebucket", {"region": "eu-west-1"}, "https://examplebucket.s3.eu-west-1.amazonaws.com/"),
        ("examplebucket", {"region": "us-east-1", "endpoint_url": "http://127.0.0.1:8333"},
         "http://127.0.0.1:8333/examplebucket"),
        ("examplebucket", {"region": "us-east-1", "addressing": "path"},
         "https://s3.amazonaws.com/examplebucket"),
        # a dotted name cannot be virtual-hosted over https (the certificate): path style
        ("example.bucket", {"region": "us-east-1"}, "https://s3.amazonaws.com/example.bucket"),
        ("examplebucket", {"region": "us-east-1", "addressing": "virtual", "endpoint_url": "https://storage.example.com"},
         "https://examplebucket.storage.example.com/"),
        ("examplebucket", {"region": "eu-west-1", "dualstack": True},
         "https://examplebucket.s3.dualstack.eu-west-1.amazonaws.com/"),
        ("examplebucket", {"region": "us-east-1", "accelerate": True},
         "https://examplebucket.s3-accelerate.amazonaws.com/"),
        ("examplebucket", {"region": "us-west-2", "fips": True},
         "https://examplebucket.s3-fips.us-west-2.amazonaws.com/"),
        ("examplebucket", {"region": "cn-north-1"}, "https://examplebucket.s3.cn-north-1.amazonaws.com.cn/"),
    ],
)
def test_url(bucket: str, kwargs: Dict[str, Any], url: str) -> None:
    assert presign_s3_post(bucket, "k", credentials=CREDS, now=NOW, **kwargs).url == url


# ---------------------------------------------------------------------------------------
# Malformed input: clear errors naming the problem

BAD_CONDITIONS = [
    ("two-fields-in-one", [{"acl": "private", "key": "k"}], "exactly one field"),
    ("empty-dict", [{}], "exactly one field"),
    ("dollar-in-exact", [{"$acl": "private"}], "without '\\$'"),
    ("number-value", [{"success_action_status": 201}], "must be a string, not int"),
    ("unknown-operator", [["ends-with", "$key", "x"]], "unknown operator 'ends-with'"),
    ("upper-case-operator", [["STARTS-WITH", "$key", "x"]], "unknown operator"),
    ("missing-argument", [["starts-with", "$key"]], "exactly two arguments, got 1"),
    ("extra-argument", [["eq", "$acl", "a", "b"]], "exactly two arguments, got 3"),
    ("no-dollar", [["starts-with", "key", "u/"]], "leading '\\$'"),
    ("only-dollar", [["eq", "$", "x"]], "leading '\\$'"),
    ("non-string-prefix", [["starts-with", "$key", None]], "must be a string, not NoneType"),
    ("empty-list", [[]], "neither"),
    ("string-condition", ["acl=private"], "neither"),
    ("number-condition", [5], "neither"),
    ("range-strings", [["content-length-range", "1", "10"]], "whole numbers of bytes"),
    ("range-float", [["content-length-range", 0, 1.5]], "whole numbers of bytes"),
    ("range-bool", [["content-length-range", False, 10]], "whole numbers of bytes"),
    ("range-reversed", [["content-length-range", 10, 1]], "0 <= min <= max"),
    ("range-negative", [["content-length-range", -1, 10]], "0 <= min <= max"),
    ("range-missing-max", [["content-length-range", 10]], "exactly two arguments"),
    # CPython cannot print (nor json.dumps) an int of over 4300 digits
    ("range-huge", [["content-length-range", 0, 10 ** 5000]], "at most 2\\*\\*63 - 1\\), got <int object>"),
    ("range-past-int64", [["content-length-range", 0, 2 ** 63]], "at most 2\\*\\*63 - 1"),
    ("huge-operator", [[10 ** 5000, "$key", "x"]], "unknown operator <int object>"),
    ("huge-in-dict", [{"acl": 10 ** 5000}], "must be a string, not int"),
    ("huge-name", [["eq", 10 ** 5000, "x"]], "field name must be a non-empty string, got <int object>"),
    ("conditions-a-dict", {"acl": "private"}, "must be a list of conditions"),
    ("conditions-a-string", "acl", "must be a list of conditions"),
    ("conditions-huge", 10 ** 5000, "must be a list of conditions, .* got <int object>"),
]


@pytest.mark.parametrize("conditions, message", [c[1:] for c in BAD_CONDITIONS], ids=[c[0] for c in BAD_CONDITIONS])
def test_malformed_conditions(conditions: Any, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        post(conditions=conditions)


BAD_POSTS = [
    ("field-without-condition", {"fields": {"acl": "private"}}, "field 'acl' has no condition"),
    ("field-not-string", {"fields": {"acl": 1}, "conditions": [{"acl": "1"}]}, "must be a string, not int"),
    ("fields-not-mapping", {"fields": [("acl", "private")]}, "fields must be a mapping"),
    ("empty-field-name", {"fields": {"": "x"}}, "non-empty string"),
    ("huge-field-name", {"fields": {10 ** 5000: "x"}}, "field <int object>: the field name must be a non-empty"),
    ("huge-fields", {"fields": 10 ** 5000}, "fields must be a mapping .* got <int object>"),
    ("signer-field-policy", {"fields": {"policy": "x"}}, "written by the signer"),
    ("signer-field-signature", {"fields": {"X-Amz-Signature": "x"}}, "written by the signer"),
    ("signer-field-date", {"fields": {"x-amz-date": "x"}}, "written by the signer"),
    ("file-field", {"fields": {"file": "x"}}, "written by the signer"),
    ("other-key-field", {"fields": {"key": "other"}}, "give the key only as the key argument"),
    ("field-breaks-exact", {"fields": {"acl": "private"}, "conditions": [{"acl": "public-read"}]},
     "requires exactly 'public-read'"),
    ("field-breaks-starts-with", {"fields": {"Content-Type": "text/plain"},
                                  "conditions": [["starts-with", "$Content-Type", "image/"]]},
     "start with 'image/'"),
    ("key-breaks-starts-with", {"key": "other/a.txt", "conditions": [["starts-with", "$key", "uploads/"]]},
     "start with 'uploads/'"),
    ("filename-key-never-matches", {"key": "other/${filename}", "conditions": [["starts-with", "$key", "uploads/"]]},
     "can never start with 'uploads/'"),
    ("bucket-condition-conflict", {"conditions": [{"bucket": "another"}]}, "requires exactly 'another'"),
    ("empty-key", {"key": ""}, "key is empty"),
    ("no-key", {"key": None}, "key is required"),
    ("expires-too-long", {"expires_in": 604801}, "between 1 and 604800"),
    ("expires-zero", {"expires_in": 0}, "between 1 and 604800"),
    ("naive-now", {"now": datetime.datetime(2015, 12, 29)}, "naive"),
    ("bad-region", {"region": "us east 1"}, "region"),
    ("bad-credentials", {"credentials": (AKID, SECRET)}, "sigv4presign.Credentials"),
]


@pytest.mark.parametrize("kwargs, message", [c[1:] for c in BAD_POSTS], ids=[c[0] for c in BAD_POSTS])
def test_refused_inputs(kwargs: Dict[str, Any], message: str) -> None:
    key = kwargs.pop("key", "uploads/${filename}")
    with pytest.raises(InvalidInputError, match=message):
        post(key, **kwargs)


@pytest.mark.parametrize(
    "bucket, kwargs, message",
    [
        ("", {}, "bucket"),
        ("a/b", {}, "bucket"),
        ("a b", {}, "bucket"),
        ("arn:aws:s3:us-east-1:123456789012:accesspoint/uploads", {}, "is an ARN"),
        ("my.bucket", {"accelerate": True}, "Transfer Acceleration"),
        ("examplebucket", {"addressing": "sideways"}, "addressing"),
    ],
)
def test_bad_bucket_or_endpoint(bucket: str, kwargs: Dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        presign_s3_post(bucket, "k", credentials=CREDS, region="us-east-1", now=NOW, **kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        # a starts-with the key may still meet once the file name is filled in
        {"key": "uploads/${filename}", "conditions": [["starts-with", "$key", "uploads/img"]]},
        # field names match conditions case-insensitively (as S3 compares them)
        {"fields": {"Content-Type": "image/png"}, "conditions": [{"content-type": "image/png"}]},
        {"fields": {"acl": "private"}, "conditions": [["starts-with", "$acl", ""]]},
        {"fields": {"key": "uploads/${filename}"}},
    ],
)
def test_accepted_inputs(kwargs: Dict[str, Any]) -> None:
    key = kwargs.pop("key", "uploads/${filename}")
    result = post(key, **kwargs)
    assert result.fields["key"] == key


# ---------------------------------------------------------------------------------------
# Credentials that expire first, and secrets out of repr


def test_credentials_expiring_first_shorten_expires_at() -> None:
    ends = NOW + datetime.timedelta(minutes=10)
    with pytest.warns(CredentialExpiryWarning, match="before the policy's expiration"):
        result = post(credentials=Credentials(AKID, SECRET, TOKEN, expiration=ends))
    assert result.expires_at == ends
    # the policy itself keeps the requested expiration (it is what botocore signs too)
    assert result.policy["expiration"] == "2015-12-29T01:00:00Z"


def test_credentials_expiring_later_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = post(credentials=Credentials(AKID, SECRET, TOKEN, expiration=NOW + datetime.timedelta(hours=2)))
    assert result.expires_at == NOW + datetime.timedelta(hours=1)


def test_repr_hides_token_and_signature() -> None:
    result = post(credentials=Credentials(AKID, SECRET, TOKEN))
    text = repr(result)
    assert TOKEN not in text and SECRET not in text
    assert result.fields["x-amz-signature"] not in text
    assert "https://examplebucket.s3.amazonaws.com/" in text


def test_errors_never_show_the_secret() -> None:
    with pytest.raises(InvalidInputError) as info:
        post(credentials=Credentials(AKID, SECRET, TOKEN), fields={"acl": "x"})
    assert SECRET not in str(info.value) and TOKEN not in str(info.value)


# ---------------------------------------------------------------------------------------
# html_form


class FormParser(HTMLParser):
    """Collects the form's attributes and its controls in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.form: Optional[Dict[str, Optional[str]]] = None
        self.controls: List[Tuple[str, Dict[str, Optional[str]]]] = []
        self.text: List[str] = []

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        if tag == "form":
            self.form = dict(attrs)
        elif tag in ("input", "button"):
            self.controls.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.text.append(data.strip())


def parse_form(html: str) -> FormParser:
    parser = FormParser()
    parser.feed(html)
    parser.close()
    return parser


AWKWARD = "a\"b'c<d>e&f \u00fc\u4e2d"


def test_html_form_structure_and_escaping() -> None:
    result = post(
        "up/" + AWKWARD + "/${filename}",
        credentials=Credentials(AKID, SECRET, TOKEN),
        fields={"x-amz-meta-note": AWKWARD, "Content-Type": "text/plain"},
        conditions=[{"x-amz-meta-note": AWKWARD}, ["starts-with", "$Content-Type", "text/"]],
    )
    html = result.html_form(submit_label="Send <it> & \"go\"")
    # No raw markup characters from the values survive unescaped
    assert "<d>" not in html and 'b"' not in html and "<it>" not in html
    parsed = parse_form(html)
    assert parsed.form == {
        "action": "https://examplebucket.s3.amazonaws.com/",
        "method": "post",
        "enctype": "multipart/form-data",
    }
    hidden = [(a["name"], a["value"]) for tag, a in parsed.controls if a.get("type") == "hidden"]
    assert hidden == list(result.fields.items())
    inputs = [a for tag, a in parsed.controls if tag == "input"]
    assert inputs[-1] == {"type": "file", "name": "file"}
    buttons = [a for tag, a in parsed.controls if tag == "button"]
    assert buttons == [{"type": "submit"}]  # no name: the button is not sent as a field
    assert parsed.text == ['Send <it> & "go"']


def test_html_form_escapes_the_action_url() -> None:
    result = presign_s3_post(
        "b", "k", credentials=CREDS, region="us-east-1", now=NOW,
        endpoint_url="http://127.0.0.1:9000/base&x",
    )
    html = result.html_form()
    # The base path goes out in its one encoding, as botocore sends it ("/base%26x/b").
    assert 'action="http://127.0.0.1:9000/base%26x/b"' in html
    assert parse_form(html).form["action"] == "http://127.0.0.1:9000/base%26x/b"  # type: ignore[index]


def test_html_form_default_label() -> None:
    assert parse_form(post().html_form()).text == ["Upload"]


@pytest.mark.parametrize("value", ["line\nbreak", "line\rbreak", "a\r\nb\nc"])
def test_html_form_refuses_values_a_browser_would_change(value: str) -> None:
    # HTML form submission turns every lone LF and lone CR of a field into CRLF (the
    # "convert to a list of name-value pairs" step, whatwg/html#6287), so the upload
    # would carry another value than the one the policy names.
    result = post(fields={"x-amz-meta-note": value}, conditions=[{"x-amz-meta-note": value}])
    with pytest.raises(InvalidInputError) as info:
        result.html_form()
    assert str(info.value) == (
        "field 'x-amz-meta-note' has a line break that is not CRLF; a browser sends every "
        "line break of a form field as CRLF, so S3 would see another value than the policy's"
    )


@pytest.mark.parametrize("label", [5, None, b"Upload", "\udcff"])
def test_html_form_label_must_be_text(label: Any) -> None:
    with pytest.raises(InvalidInputError) as info:
        post().html_form(submit_label=label)
    assert str(info.value).startswith("submit_label must be text")


def test_html_form_keeps_crlf_values() -> None:
    # CRLF is what a browser sends: the HTML parser reads it as LF, submission writes CRLF
    value = "line one\r\nline two"
    result = post(fields={"x-amz-meta-note": value}, conditions=[{"x-amz-meta-note": value}])
    html = result.html_form()
    assert "line one\r\nline two" in html


# ---------------------------------------------------------------------------------------
# Lazy export


def test_exports() -> None:
    import sigv4presign
    import sigv4presign.post as module

    assert sigv4presign.presign_s3_post is module.presign_s3_post
    assert sigv4presign.sign_post_policy is module.sign_post_policy
    assert sigv4presign.PresignedPost is module.PresignedPost


# ---------------------------------------------------------------------------------------
# The boto3-compatible client's generate_presigned_post


def test_client_generate_presigned_post_is_presign_s3_post() -> None:
    import freezegun

    import sigv4presign

    s3 = sigv4presign.client(
        "s3", region_name="eu-west-1", aws_access_key_id=AKID, aws_secret_access_key=SECRET,
        aws_session_token=TOKEN, config={"s3": {"addressing_style": "path"}},
    )
    with freezegun.freeze_time(NOW):
        got = s3.generate_presigned_post(
            "examplebucket", "uploads/${filename}", Fields={"acl": "private"},
            Conditions=[{"acl": "private"}, ["content-length-range", 1, 100]], ExpiresIn=600,
        )
    expected = presign_s3_post(
        "examplebucket", "uploads/${filename}", credentials=Credentials(AKID, SECRET, TOKEN),
        region="eu-west-1", expires_in=600, fields={"acl": "private"},
        conditions=[{"acl": "private"}, ["content-length-range", 1, 100]], addressing="path", now=NOW,
    )
    assert got == {"url": expected.url, "fields": expected.fields}
    assert got["url"] == "https://s3.eu-west-1.amazonaws.com/examplebucket"
    assert list(got["fields"]) == list(expected.fields)


def test_client_generate_presigned_post_defaults_and_errors() -> None:
    import sigv4presign

    s3 = sigv4presign.client("s3", region_name="us-east-1", aws_access_key_id=AKID, aws_secret_access_key=SECRET)
    form = s3.generate_presigned_post("examplebucket", "k.txt")
    policy = json.loads(base64.b64decode(form["fields"]["policy"]))
    assert policy["conditions"][:2] == [{"bucket": "examplebucket"}, {"key": "k.txt"}]
    signed_at = datetime.datetime.strptime(form["fields"]["x-amz-date"], "%Y%m%dT%H%M%SZ")
    assert datetime.datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%SZ") - signed_at == datetime.timedelta(hours=1)
    with pytest.raises(InvalidInputError, match="field 'acl' has no condition"):
        s3.generate_presigned_post("examplebucket", "k.txt", Fields={"acl": "private"})
