"""verify_s3_post: browser POST forms, checked the way S3 checks them.

Forms come from the AWS documentation example (``s3-docs/post-policy.json``: its form
fields, policy and signature), from botocore's ``generate_presigned_post`` and from
``presign_s3_post``. Each violated condition is reported by name.
"""

import base64
import datetime
import json
from typing import Any, Dict, List, Optional, Tuple

import botocore.config
import botocore.session
import freezegun
import pytest
from support import VECTORS

from sigv4presign import (
    Credentials,
    ExpiredError,
    InvalidInputError,
    MalformedRequestError,
    NotYetValidError,
    PolicyConditionError,
    ScopeMismatchError,
    SignatureMismatchError,
    UnknownAccessKeyError,
    VerificationError,
    Verified,
    presign_s3_post,
    verify_s3_post,
)
from sigv4presign.core.errors import SessionTokenError
from sigv4presign.core.timefmt import parse_amz_date

AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+token/with+slash=="
NOW = datetime.datetime(2026, 3, 14, 15, 9, 26, tzinfo=datetime.timezone.utc)


# -- the AWS documentation example ------------------------------------------------------


@pytest.fixture(scope="module")
def docs() -> Dict[str, Any]:
    return json.loads((VECTORS / "s3-docs" / "post-policy.json").read_text())  # type: ignore[no-any-return]


def docs_form(docs: Dict[str, Any]) -> Dict[str, str]:
    fields = dict(docs["inputs"]["form_fields"])
    fields["Policy"] = docs["expected"]["policy_base64"]
    fields["X-Amz-Signature"] = docs["expected"]["signature"]
    return fields


def docs_kwargs(docs: Dict[str, Any], **extra: Any) -> Dict[str, Any]:
    i = docs["inputs"]
    kwargs: Dict[str, Any] = {
        "credentials": Credentials(i["access_key_id"], i["secret_access_key"]),
        "now": parse_amz_date(i["timestamp"]),
        "bucket": "sigv4examplebucket",
        "filename": "photo.jpg",
    }
    kwargs.update(extra)
    return kwargs


def test_the_documentation_form_verifies(docs: Dict[str, Any]) -> None:
    verified = verify_s3_post(docs_form(docs), **docs_kwargs(docs))
    assert isinstance(verified, Verified)
    assert (verified.access_key_id, verified.region, verified.service) == ("AKIAIOSFODNN7EXAMPLE", "us-east-1", "s3")
    assert verified.signed_at.isoformat() == "2015-12-29T00:00:00+00:00"
    assert verified.expires_at.isoformat() == "2015-12-30T12:00:00+00:00"
    assert verified.method == "POST" and verified.signed_headers == ()


# (name, field changes (None removes), verify arguments, error, condition or parameter)
DOCS_CASES = [
    ("key outside the prefix", {"key": "user/user2/${filename}"}, {}, PolicyConditionError,
     '["starts-with", "$key", "user/user1/"]'),
    ("acl other", {"acl": "private"}, {}, PolicyConditionError, '{"acl": "public-read"}'),
    ("content type not an image", {"Content-Type": "text/html"}, {}, PolicyConditionError,
     '["starts-with", "$Content-Type", "image/"]'),
    ("content type missing", {"Content-Type": None}, {}, PolicyConditionError,
     '["starts-with", "$Content-Type", "image/"]'),
    ("metadata other", {"x-amz-meta-uuid": "1"}, {}, PolicyConditionError,
     '{"x-amz-meta-uuid": "14365123651274"}'),
    ("redirect other", {"success_action_redirect": "http://evil.example/"}, {}, PolicyConditionError,
     '{"success_action_redirect": "http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html"}'),
    ("other bucket", {}, {"bucket": "otherbucket"}, PolicyConditionError, '{"bucket": "sigv4examplebucket"}'),
    ("field without a condition", {"x-amz-meta-extra": "1"}, {}, PolicyConditionError, None),
    ("expired", {}, {"now": parse_amz_date("20151230T120000Z")}, ExpiredError, None),
    ("dated ahead", {}, {"now": parse_amz_date("20151228T230000Z")}, NotYetValidError, None),
    ("policy changed", {"Policy": base64.b64encode(b'{"expiration": "2099-01-01T00:00:00Z", "conditions": []}').decode()},
     {}, SignatureMismatchError, None),
    ("signature changed", {"X-Amz-Signature": "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699f"},
     {}, SignatureMismatchError, None),
    ("signature not hex", {"X-Amz-Signature": "x"}, {}, SignatureMismatchError, None),
    ("another secret", {}, {"credentials": Credentials("AKIAIOSFODNN7EXAMPLE", "other")},
     SignatureMismatchError, None),
    ("unknown access key", {}, {"credentials": Credentials("AKIDOTHER", "other")}, UnknownAccessKeyError, None),
    ("token unexpected", {"x-amz-security-token": "abc"}, {}, SessionTokenError, None),
    ("token missing", {}, {"credentials": Credentials("AKIAIOSFODNN7EXAMPLE", "x", "token")},
     SessionTokenError, None),
    ("algorithm other", {"X-Amz-Algorithm": "AWS4-HMAC-SHA1"}, {}, MalformedRequestError, "x-amz-algorithm"),
    ("policy missing", {"Policy": None}, {}, MalformedRequestError, "policy"),
    ("signature missing", {"X-Amz-Signature": None}, {}, MalformedRequestError, "x-amz-signature"),
    ("credential malformed", {"X-Amz-Credential": "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3"}, {},
     MalformedRequestError, "x-amz-credential"),
    ("date malformed", {"X-Amz-Date": "2015-12-29"}, {}, MalformedRequestError, "x-amz-date"),
    ("date with a superscript digit", {"X-Amz-Date": "20151229T00000\u00b2Z"}, {}, MalformedRequestError,
     "x-amz-date"),
    # S3: "key ... Required: Yes"; a form without one is refused whatever the policy says
    ("key missing", {"key": None}, {}, MalformedRequestError, "key"),
    ("date another day", {"X-Amz-Date": "20151230T000000Z"}, {}, ScopeMismatchError, None),
    ("credential for another service", {"X-Amz-Credential": "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/sqs/aws4_request"},
     {}, ScopeMismatchError, None),
    ("region other than expected", {}, {"region": "eu-west-1"}, ScopeMismatchError, None),
]


@pytest.mark.parametrize(("name", "changes", "kwargs", "error", "detail"), DOCS_CASES, ids=[c[0] for c in DOCS_CASES])
def test_each_check_of_the_documentation_form(docs: Dict[str, Any], name: str, changes: Dict[str, Optional[str]],
                                              kwargs: Dict[str, Any], error: type, detail: Optional[str]) -> None:
    fields = docs_form(docs)
    for field, value in changes.items():
        if value is None:
            del fields[field]
        else:
            fields[field] = value
    with pytest.raises(error) as info:
        verify_s3_post(fields, **docs_kwargs(docs, **kwargs))
    assert isinstance(info.value, VerificationError)
    if error is PolicyConditionError:
        assert info.value.condition == detail  # type: ignore[attr-defined]
        if detail is not None:
            assert detail in str(info.value)
        else:
            assert info.value.field == "x-amz-meta-extra"  # type: ignore[attr-defined]
    elif error is MalformedRequestError:
        assert info.value.parameter == detail  # type: ignore[attr-defined]


def test_field_names_are_case_insensitive_and_x_ignore_fields_are_free(docs: Dict[str, Any]) -> None:
    fields = {name.upper() if name != "key" else name: value for name, value in docs_form(docs).items()}
    fields["x-ignore-tracking"] = "anything"
    assert verify_s3_post(fields, **docs_kwargs(docs))
    # values are compared exactly
    changed = dict(docs_form(docs), acl="Public-Read")
    with pytest.raises(PolicyConditionError):
        verify_s3_post(changed, **docs_kwargs(docs))


def test_filename_completes_the_key(docs: Dict[str, Any]) -> None:
    fields = docs_form(docs)
    assert verify_s3_post(fields, **docs_kwargs(docs, filename="../../x"))  # still under the prefix as text
    fields["key"] = "${filename}"
    with pytest.raises(PolicyConditionError):
        verify_s3_post(fields, **docs_kwargs(docs, filename="photo.jpg"))


def test_the_bucket_must_be_given_when_the_policy_names_it(docs: Dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError, match="bucket="):
        verify_s3_post(docs_form(docs), **docs_kwargs(docs, bucket=None))


@pytest.mark.parametrize(("name", "value"), [
    ("x-amz-security-token", "tok\udcffen"), ("Policy", "\udcff"), ("key", "user/user1/\udcff"),
    ("x-amz-meta-\udcff", "1"),
])
def test_a_field_with_bytes_that_were_not_utf8_is_malformed(docs: Dict[str, Any], name: str, value: str) -> None:
    # a server that decodes the form with errors="surrogateescape" hands these over
    fields = dict(docs_form(docs))
    fields[name] = value
    with pytest.raises(MalformedRequestError) as info:
        verify_s3_post(fields, **docs_kwargs(docs, credentials=Credentials("AKIAIOSFODNN7EXAMPLE", "s", "tok")))
    assert info.value.parameter == name  # type: ignore[attr-defined]
    assert str(info.value) == (
        "the form field %r has a lone surrogate (bytes that were not UTF-8), which a form field "
        "cannot carry" % name
    )


@pytest.mark.parametrize("fields", [{10 ** 5000: "x"}, {10 ** 5000: b"x"}, [(10 ** 5000, "x")]])
def test_field_names_too_big_to_print_are_malformed(fields: Any) -> None:
    with pytest.raises(MalformedRequestError) as info:
        verify_s3_post(fields, credentials=Credentials(AKID, SECRET))
    assert str(info.value) == "form field names and values must be text, got <int object>"


def test_a_field_given_twice_is_malformed(docs: Dict[str, Any]) -> None:
    pairs: List[Tuple[str, str]] = list(docs_form(docs).items()) + [("ACL", "public-read")]
    with pytest.raises(MalformedRequestError) as info:
        verify_s3_post(pairs, **docs_kwargs(docs))
    assert info.value.parameter == "ACL"  # type: ignore[attr-defined]


@pytest.mark.parametrize("policy", ["not base64!", base64.b64encode(b"not json").decode(),
                                    base64.b64encode(b"[1, 2]").decode(),
                                    base64.b64encode(b'{"expiration": "2099-01-01T00:00:00Z"}').decode()])
def test_a_malformed_policy_is_refused_when_signed(policy: str) -> None:
    from sigv4presign.post import sign_post_policy

    creds = Credentials(AKID, SECRET)
    text = base64.b64decode(policy) if policy != "not base64!" else b"x"
    encoded, sig = sign_post_policy(text, credentials=creds, region="us-east-1", now=NOW)
    fields = {"policy": policy if policy == "not base64!" else encoded, "x-amz-algorithm": "AWS4-HMAC-SHA256",
              "x-amz-credential": AKID + "/20260314/us-east-1/s3/aws4_request",
              "x-amz-date": "20260314T150926Z", "x-amz-signature": sig, "key": "k"}
    with pytest.raises(VerificationError):
        verify_s3_post(fields, credentials=creds, now=NOW)


@pytest.mark.parametrize("expiration", ["2099-01-01T00:00:0\u00b2Z", "2099-01-01T00:00:00.\u00b2Z",
                                        "2099-01-01T00:00:00", 20990101])
def test_a_malformed_expiration_is_refused_when_signed(expiration: Any) -> None:
    from sigv4presign.post import sign_post_policy

    creds = Credentials(AKID, SECRET)
    document = json.dumps({"expiration": expiration, "conditions": [{"key": "k"}]})
    encoded, sig = sign_post_policy(document, credentials=creds, region="us-east-1", now=NOW)
    fields = {"policy": encoded, "x-amz-algorithm": "AWS4-HMAC-SHA256",
              "x-amz-credential": AKID + "/20260314/us-east-1/s3/aws4_request",
              "x-amz-date": "20260314T150926Z", "x-amz-signature": sig, "key": "k"}
    with pytest.raises(MalformedRequestError) as info:
        verify_s3_post(fields, credentials=creds, now=NOW)
    assert info.value.parameter == "expiration"  # type: ignore[attr-defined]


# -- botocore's forms -------------------------------------------------------------------


def botocore_post(token: bool, **kwargs: Any) -> Dict[str, Any]:
    client = botocore.session.get_session().create_client(
        "s3", region_name="eu-west-1", aws_access_key_id=AKID, aws_secret_access_key=SECRET,
        aws_session_token=TOKEN if token else None,
        config=botocore.config.Config(signature_version="s3v4"),
    )
    # botocore dates the policy's expiration by datetime.utcnow() and the signature by its
    # own clock: freeze both at NOW
    with freezegun.freeze_time(NOW):
        return client.generate_presigned_post(**kwargs)  # type: ignore[no-any-return]


CONDITIONS = [
    {"acl": "public-read"},
    ["starts-with", "$Content-Type", "image/"],
    ["content-length-range", 10, 1000],
    {"x-amz-meta-owner": "ann"},
    ["eq", "$success_action_status", "201"],
]
FIELDS = {"acl": "public-read", "Content-Type": "image/png", "x-amz-meta-owner": "ann",
          "success_action_status": "201"}


@pytest.mark.parametrize("token", [False, True])
def test_botocore_forms_verify(token: bool) -> None:
    post = botocore_post(token, Bucket="uploads-bucket", Key="in/${filename}", Fields=FIELDS,
                         Conditions=CONDITIONS, ExpiresIn=600)
    creds = Credentials(AKID, SECRET, TOKEN if token else None)
    verified = verify_s3_post(post["fields"], credentials=creds, now=NOW, bucket="uploads-bucket",
                              content_length=500, filename="cat.png")
    assert verified.expires_at == NOW + datetime.timedelta(seconds=600)
    assert verified.region == "eu-west-1"


BOTOCORE_VIOLATIONS = [
    ("key outside the prefix", {"key": "out/cat.png"}, {}, '["starts-with", "$key", "in/"]'),
    ("acl", {"acl": "private"}, {}, '{"acl": "public-read"}'),
    ("content type", {"Content-Type": "text/plain"}, {}, '["starts-with", "$Content-Type", "image/"]'),
    ("too small", {}, {"content_length": 9}, '["content-length-range", 10, 1000]'),
    ("too large", {}, {"content_length": 1001}, '["content-length-range", 10, 1000]'),
    ("metadata", {"x-amz-meta-owner": "bob"}, {}, '{"x-amz-meta-owner": "ann"}'),
    ("status", {"success_action_status": "200"}, {}, '["eq", "$success_action_status", "201"]'),
    ("bucket", {}, {"bucket": "other-bucket"}, '{"bucket": "uploads-bucket"}'),
]


@pytest.mark.parametrize(("name", "changes", "kwargs", "condition"), BOTOCORE_VIOLATIONS,
                         ids=[c[0] for c in BOTOCORE_VIOLATIONS])
def test_each_violated_condition_is_named(name: str, changes: Dict[str, str],
                                          kwargs: Dict[str, Any], condition: str) -> None:
    post = botocore_post(False, Bucket="uploads-bucket", Key="in/${filename}", Fields=FIELDS,
                         Conditions=CONDITIONS, ExpiresIn=600)
    fields = dict(post["fields"], **changes)
    arguments: Dict[str, Any] = {"credentials": Credentials(AKID, SECRET), "now": NOW,
                                 "bucket": "uploads-bucket", "content_length": 500, "filename": "cat.png"}
    arguments.update(kwargs)
    with pytest.raises(PolicyConditionError) as info:
        verify_s3_post(fields, **arguments)
    assert info.value.condition == condition  # type: ignore[attr-defined]
    assert condition in str(info.value)


def test_the_size_must_be_given_when_the_policy_limits_it() -> None:
    post = botocore_post(False, Bucket="uploads-bucket", Key="k", Conditions=[["content-length-range", 1, 2]])
    with pytest.raises(InvalidInputError, match="content_length="):
        verify_s3_post(post["fields"], credentials=Credentials(AKID, SECRET), now=NOW, bucket="uploads-bucket")


def test_a_token_condition_is_never_shown() -> None:
    post = botocore_post(True, Bucket="uploads-bucket", Key="k")
    fields = dict(post["fields"])
    with pytest.raises(SessionTokenError) as info:
        verify_s3_post(dict(fields, **{"x-amz-security-token": "OTHER"}),
                       credentials=Credentials(AKID, SECRET, TOKEN), now=NOW, bucket="uploads-bucket")
    assert TOKEN not in str(info.value) and TOKEN not in repr(info.value.evidence)


# -- presign_s3_post's forms ------------------------------------------------------------


@pytest.mark.parametrize("token", [None, TOKEN])
def test_presign_s3_post_forms_verify(token: Optional[str]) -> None:
    creds = Credentials(AKID, SECRET, token)
    post = presign_s3_post("uploads-bucket", "in/${filename}", credentials=creds, region="eu-west-1",
                           expires_in=600, fields=FIELDS, conditions=CONDITIONS, now=NOW)
    verified = verify_s3_post(post.fields, credentials=creds, now=NOW, bucket="uploads-bucket",
                              content_length=10, filename="a b.png")
    assert verified.expires_at == post.expires_at
    with pytest.raises(PolicyConditionError) as info:
        verify_s3_post(dict(post.fields, key="elsewhere/a.png"), credentials=creds, now=NOW,
                       bucket="uploads-bucket", content_length=10)
    assert info.value.condition == '["starts-with", "$key", "in/"]'  # type: ignore[attr-defined]
    with pytest.raises(ExpiredError):
        verify_s3_post(post.fields, credentials=creds, now=NOW + datetime.timedelta(seconds=600),
                       bucket="uploads-bucket", content_length=10)


def test_presign_s3_post_and_credentials_expiry() -> None:
    creds = Credentials(AKID, SECRET, TOKEN, expiration=NOW + datetime.timedelta(seconds=60))
    with pytest.warns(Warning):
        post = presign_s3_post("uploads-bucket", "k", credentials=creds, region="eu-west-1", now=NOW)
    assert verify_s3_post(post.fields, credentials=creds, now=NOW + datetime.timedelta(seconds=59),
                          bucket="uploads-bucket")
    with pytest.raises(ExpiredError):
        verify_s3_post(post.fields, credentials=creds, now=NOW + datetime.timedelta(seconds=60),
                       bucket="uploads-bucket")


def test_a_fraction_in_the_last_second_of_9999_stays_a_time() -> None:
    # the fraction rounds the expiration up, but never past the last second a time can name
    from sigv4presign.post import sign_post_policy

    creds = Credentials(AKID, SECRET)
    document = json.dumps({"expiration": "9999-12-31T23:59:59.500Z", "conditions": [
        {"key": "k"}, {"x-amz-algorithm": "AWS4-HMAC-SHA256"},
        {"x-amz-credential": AKID + "/20260314/us-east-1/s3/aws4_request"}, {"x-amz-date": "20260314T150926Z"}]})
    encoded, sig = sign_post_policy(document, credentials=creds, region="us-east-1", now=NOW)
    fields = {"policy": encoded, "x-amz-algorithm": "AWS4-HMAC-SHA256",
              "x-amz-credential": AKID + "/20260314/us-east-1/s3/aws4_request",
              "x-amz-date": "20260314T150926Z", "x-amz-signature": sig, "key": "k"}
    verified = verify_s3_post(fields, credentials=creds, now=NOW)
    assert verified.expires_at.isoformat() == "9999-12-31T23:59:59+00:00"
