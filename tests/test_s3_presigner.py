"""S3Presigner: presign_s3 bound to a bucket, credentials and region, and its batch
urls(). botocore's generate_presigned_url is the reference for every URL; the checks done
once at construction must refuse what presign_s3 refuses, with the same message."""

import datetime
import time
from typing import Any, Dict, Iterator, List
from urllib.parse import parse_qsl, urlsplit

import botocore.config
import botocore.session
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.botocore_reference import frozen_clock

from sigv4presign import Credentials, InvalidInputError, S3Presigner, presign_s3

NOW = datetime.datetime(2026, 3, 14, 15, 9, 26, tzinfo=datetime.timezone.utc)
AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
CREDS = Credentials(AKID, SECRET)


@pytest.fixture(autouse=True)
def frozen_botocore(botocore_reference: object) -> Iterator[None]:
    with frozen_clock(NOW.timestamp()):
        yield


def _client(region: str, endpoint_url: Any = None) -> Any:
    return botocore.session.get_session().create_client(
        "s3", region_name=region, endpoint_url=endpoint_url, aws_access_key_id=AKID,
        aws_secret_access_key=SECRET,
        config=botocore.config.Config(signature_version="s3v4", s3={"addressing_style": "virtual"}),
    )


CLIENTS: Dict[str, Any] = {}


def botocore_url(region: str, method: str, bucket: str, key: str, expires: int) -> str:
    client = CLIENTS.get(region) or CLIENTS.setdefault(region, _client(region))
    operation = {"GET": "get_object", "PUT": "put_object", "HEAD": "head_object", "DELETE": "delete_object"}[method]
    return client.generate_presigned_url(  # type: ignore[no-any-return]
        operation, Params={"Bucket": bucket, "Key": key}, ExpiresIn=expires
    )


def same_url(ours: str, theirs: str) -> bool:
    a, b = urlsplit(ours), urlsplit(theirs)
    return (a.scheme, a.netloc, a.path) == (b.scheme, b.netloc, b.path) and sorted(
        parse_qsl(a.query, keep_blank_values=True)
    ) == sorted(parse_qsl(b.query, keep_blank_values=True))


KEY = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keys=st.lists(KEY, min_size=1, max_size=6), method=st.sampled_from(["GET", "PUT", "HEAD", "DELETE"]),
       region=st.sampled_from(["eu-west-1", "us-east-1", "cn-north-1"]))
def test_urls_are_botocores(keys: List[str], method: str, region: str) -> None:
    signer = S3Presigner("examplebucket", credentials=CREDS, region=region, expires_in=900)
    urls = signer.urls(keys, method, now=NOW)
    assert len(urls) == len(keys)
    for key, url in zip(keys, urls):
        assert same_url(url, botocore_url(region, method, "examplebucket", key, 900))


def test_presign_is_botocores_and_takes_the_per_request_options() -> None:
    signer = S3Presigner("examplebucket", credentials=CREDS, region="eu-west-1")
    assert same_url(signer.presign("GET", "a b.txt", now=NOW).url,
                    botocore_url("eu-west-1", "GET", "examplebucket", "a b.txt", 3600))
    assert same_url(signer.presign("GET", "a b.txt", now=NOW, expires_in=60).url,
                    botocore_url("eu-west-1", "GET", "examplebucket", "a b.txt", 60))
    put = signer.presign("PUT", "x.jpg", headers={"Content-Type": "image/jpeg"}, now=NOW)
    assert put.headers == {"Content-Type": "image/jpeg"}


def test_urls_expiry_and_path_style_endpoint() -> None:
    signer = S3Presigner("examplebucket", credentials=CREDS, region="eu-west-1", expires_in=120,
                         endpoint_url="http://127.0.0.1:9000")
    url = signer.urls(["k"], now=NOW, expires_in=30)[0]
    assert url.startswith("http://127.0.0.1:9000/examplebucket/k?")
    assert dict(parse_qsl(urlsplit(url).query))["X-Amz-Expires"] == "30"
    assert dict(parse_qsl(urlsplit(signer.urls(["k"], now=NOW)[0]).query))["X-Amz-Expires"] == "120"


def test_urls_read_the_clock_once(monkeypatch: pytest.MonkeyPatch) -> None:
    ticks = iter(range(1_773_500_000, 1_773_500_100))
    monkeypatch.setattr(time, "time", lambda: float(next(ticks)))
    urls = S3Presigner("examplebucket", credentials=CREDS, region="eu-west-1").urls(["a", "b", "c"])
    dates = {dict(parse_qsl(urlsplit(url).query))["X-Amz-Date"] for url in urls}
    assert dates == {"20260314T145320Z"}


def _message(call: Any) -> str:
    with pytest.raises(InvalidInputError) as info:
        call()
    return str(info.value)


@pytest.mark.parametrize(
    ("bad", "presign_s3_args"),
    [
        (dict(bucket="Bad_Bucket"), dict(bucket="Bad_Bucket")),
        (dict(region="not a region"), dict(region="not a region")),
        (dict(expires_in=0), dict(expires_in=0)),
        (dict(expires_in=604801), dict(expires_in=604801)),
        (dict(credentials="AKID:SECRET"), dict(credentials="AKID:SECRET")),
        (dict(bucket="bucket--usw2-az1--x-s3", region="us-west-2"),
         dict(bucket="bucket--usw2-az1--x-s3", region="us-west-2")),
    ],
)
def test_construction_refuses_what_presign_s3_refuses(bad: Dict[str, Any], presign_s3_args: Dict[str, Any]) -> None:
    args: Dict[str, Any] = dict(bucket="examplebucket", credentials=CREDS, region="eu-west-1")
    ours = dict(args, **bad)
    theirs = dict(args, **presign_s3_args)
    bucket = theirs.pop("bucket")
    expected = _message(lambda: presign_s3("GET", bucket, "k", now=NOW, **theirs))
    bucket = ours.pop("bucket")
    assert _message(lambda: S3Presigner(bucket, **ours)) == expected


@pytest.mark.parametrize("key", ["", "x" * 1025, "\ud800", None, 5])
def test_urls_refuse_a_bad_key_as_presign_s3_does(key: Any) -> None:
    signer = S3Presigner("examplebucket", credentials=CREDS, region="eu-west-1")
    if key is None:  # the bucket itself, as presign_s3 signs it
        assert signer.urls([None], now=NOW)[0] == presign_s3(  # type: ignore[list-item]
            "GET", "examplebucket", None, credentials=CREDS, region="eu-west-1", now=NOW).url
        return
    expected = _message(lambda: presign_s3("GET", "examplebucket", key, credentials=CREDS, region="eu-west-1", now=NOW))
    assert _message(lambda: signer.urls(["ok", key], now=NOW)) == expected


def test_urls_refuse_one_text_as_keys_and_a_bad_method() -> None:
    signer = S3Presigner("examplebucket", credentials=CREDS, region="eu-west-1")
    assert "keys must be a list" in _message(lambda: signer.urls("photo.jpg"))  # type: ignore[arg-type]
    assert "method must be an HTTP method" in _message(lambda: signer.urls(["a"], "G E T"))
    assert signer.urls([], now=NOW) == []


def test_immutable_and_repr_without_secret() -> None:
    signer = S3Presigner("examplebucket", credentials=CREDS, region="eu-west-1")
    with pytest.raises(AttributeError):
        signer.bucket = "other"  # type: ignore[misc]
    assert SECRET not in repr(signer) and AKID in repr(signer)
