"""S3 Express One Zone: directory buckets, against botocore's endpoint rules and its
S3ExpressQueryAuth / S3ExpressPostAuth signers (driven offline, as a server model).

A directory bucket ``base--azid--x-s3`` is reached at
``{bucket}.s3express[-fips]-{azid}[.dualstack].{region}.amazonaws.com`` and signed for
service ``s3express`` with CreateSession credentials, whose token travels as
``X-Amz-S3session-Token`` (never ``X-Amz-Security-Token``).
"""

import base64
import json
from typing import Any, Dict, List, Tuple
from urllib.parse import parse_qsl, quote, urlsplit

import botocore.auth
import botocore.credentials
import botocore.session
import pytest
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from hypothesis import given, settings
from hypothesis import strategies as st
from support.botocore_reference import frozen_clock

from sigv4presign import (
    Credentials,
    InvalidInputError,
    MalformedRequestError,
    presign_s3,
    presign_s3_post,
    verify_presigned,
    verify_s3_post,
)

NOW = 1767225600  # 2026-01-01T00:00:00Z
SESSION = Credentials("ASIASESSIONKEY", "session/secret+key", "IQoJb3JpZ2luX2VjE/session+token==")
IAM = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
BUCKET = "photos--usw2-az1--x-s3"


def botocore_endpoint(bucket: str, region: str, **config: Any) -> Tuple[str, Dict[str, Any]]:
    """botocore's endpoint ruleset for GetObject on ``bucket``, resolved offline."""
    client = botocore.session.get_session().create_client(
        "s3", region_name=region, aws_access_key_id="AKID", aws_secret_access_key="secret",
        config=Config(**config),
    )
    endpoint = client._ruleset_resolver.construct_endpoint(
        client.meta.service_model.operation_model("GetObject"), {"Bucket": bucket, "Key": "k"}, {}
    )
    return endpoint.url, endpoint.properties["authSchemes"][0]


def botocore_express_url(url: str, credentials: Credentials, region: str, expires: int) -> str:
    creds = botocore.credentials.Credentials(
        credentials.access_key_id, credentials.secret_access_key, credentials.session_token
    )
    with frozen_clock(NOW):
        auth = botocore.auth.S3ExpressQueryAuth(creds, "s3express", region, expires=expires, identity_cache=None)
        request = AWSRequest("GET", url)
        auth.add_auth(request)
    return str(request.url)


def query(url: str) -> List[Tuple[str, str]]:
    return sorted(parse_qsl(urlsplit(url).query, keep_blank_values=True))


# (bucket, region, config) -> the host botocore's rules give
ENDPOINTS = [
    ("photos--usw2-az1--x-s3", "us-west-2", {}),
    ("a1b--use1-az4--x-s3", "us-east-1", {}),
    ("photos--usw2-az1--x-s3", "us-west-2", {"use_fips_endpoint": True}),
    ("photos--usw2-az1--x-s3", "us-west-2", {"use_dualstack_endpoint": True}),
    ("logs-2026--apne1-az4--x-s3", "ap-northeast-1", {}),
]


@pytest.mark.parametrize(("bucket", "region", "config"), ENDPOINTS)
def test_the_endpoint_is_botocores(bucket: str, region: str, config: Dict[str, Any]) -> None:
    url, scheme = botocore_endpoint(bucket, region, **config)
    assert (scheme["name"], scheme["signingName"], scheme["signingRegion"]) == ("sigv4-s3express", "s3express", region)
    ours = presign_s3("GET", bucket, "k", credentials=SESSION, region=region, now=NOW,
                      fips=bool(config.get("use_fips_endpoint")), dualstack=bool(config.get("use_dualstack_endpoint")))
    assert ours.url.startswith(url + "/k?")
    assert "/%s/s3express/aws4_request" % region in dict(query(ours.url))["X-Amz-Credential"]


@settings(max_examples=150, deadline=None)
@given(key=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60),
       expires=st.integers(1, 604800))
def test_urls_equal_botocores_s3_express_query_auth(key: str, expires: int) -> None:
    ours = presign_s3("GET", BUCKET, key, credentials=SESSION, region="us-west-2", now=NOW, expires_in=expires)
    host = "https://%s.s3express-usw2-az1.us-west-2.amazonaws.com/" % BUCKET
    theirs = botocore_express_url(host + quote(key, safe="/~"), SESSION, "us-west-2", expires)
    assert urlsplit(ours.url)[:3] == urlsplit(theirs)[:3]
    assert query(ours.url) == query(theirs)  # up to parameter order


def test_defaults_token_name_and_round_trip() -> None:
    presigned = presign_s3("GET", BUCKET, "a.txt", credentials=SESSION, region="us-west-2", now=NOW)
    params = dict(query(presigned.url))
    assert params["X-Amz-Expires"] == "300"  # the session's own life, botocore's default
    assert params["X-Amz-S3session-Token"] == SESSION.session_token
    assert "X-Amz-Security-Token" not in params
    verified = verify_presigned(presigned.url, credentials=SESSION, now=NOW)
    assert (verified.service, verified.region) == ("s3express", "us-west-2")


def test_an_sts_token_parameter_is_refused_for_s3express() -> None:
    presigned = presign_s3("GET", BUCKET, "a.txt", credentials=SESSION, region="us-west-2", now=NOW)
    url = presigned.url.replace("X-Amz-S3session-Token=", "X-Amz-Security-Token=")
    with pytest.raises(MalformedRequestError, match="not a session token parameter of service s3express"):
        verify_presigned(url, credentials=SESSION, now=NOW)


@pytest.mark.parametrize(
    ("bucket", "credentials", "options", "message"),
    [
        (BUCKET, IAM, {}, "sign with the session credentials of an S3 CreateSession call"),
        (BUCKET, SESSION, {"addressing": "path"}, "addressing='path' cannot be used"),
        (BUCKET, SESSION, {"accelerate": True}, "no Transfer Acceleration endpoint"),
        ("--usw2-az1--x-s3", SESSION, {}, "is not a directory bucket name"),
        ("photos--x-s3", SESSION, {}, "is not a directory bucket name"),
        ("Photos--usw2-az1--x-s3", SESSION, {}, "is not a directory bucket name"),
        ("my.photos--usw2-az1--x-s3", SESSION, {}, "is not a directory bucket name"),
    ],
)
def test_refusals(bucket: str, credentials: Credentials, options: Dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        presign_s3("GET", bucket, "k", credentials=credentials, region="us-west-2", now=NOW, **options)


def test_post_form_equals_botocores_s3_express_post_auth() -> None:
    form = presign_s3_post(BUCKET, "uploads/${filename}", credentials=SESSION, region="us-west-2", now=NOW,
                           expires_in=300)
    creds = botocore.credentials.Credentials(SESSION.access_key_id, SESSION.secret_access_key, SESSION.session_token)
    with frozen_clock(NOW):
        auth = botocore.auth.S3ExpressPostAuth(creds, "s3express", "us-west-2", identity_cache=None)
        request = AWSRequest("POST", form.url)
        request.context["s3-presign-post-fields"] = {"key": "uploads/${filename}"}
        request.context["s3-presign-post-policy"] = {
            "expiration": "2026-01-01T00:05:00Z",
            "conditions": [{"bucket": BUCKET}, ["starts-with", "$key", "uploads/"]],
        }
        auth.add_auth(request)
    theirs = request.context["s3-presign-post-fields"]
    assert form.fields == theirs
    assert form.url == "https://%s.s3express-usw2-az1.us-west-2.amazonaws.com/" % BUCKET
    policy = json.loads(base64.b64decode(form.fields["policy"]))
    assert {"X-Amz-S3session-Token": SESSION.session_token} in policy["conditions"]
    verified = verify_s3_post(dict(form.fields, key="uploads/a.txt"), credentials=SESSION, now=NOW,
                              bucket=BUCKET, filename="a.txt")
    assert verified.service == "s3express"


def test_directory_bucket_names_at_an_endpoint_url_are_plain_buckets() -> None:
    """S3-compatible stores know nothing of zonal endpoints: the name is just a name."""
    presigned = presign_s3("GET", BUCKET, "k", credentials=IAM, region="us-east-1", now=NOW,
                           endpoint_url="http://127.0.0.1:9000")
    assert presigned.url.startswith("http://127.0.0.1:9000/%s/k?" % BUCKET)
    assert "/s3/aws4_request" in dict(query(presigned.url))["X-Amz-Credential"]
