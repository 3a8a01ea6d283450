"""The boto3-compatible client: boto3's arguments, config spellings, names and errors.

Where a URL is compared, the reference is boto3 itself (pure-Python signer, clock
frozen): code written for boto3 gets the same URL with only the client line changed.
"""

import base64
import datetime
import hashlib
import sys
import types
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple
from urllib.parse import parse_qs, urlsplit

import boto3
import botocore.config
import pytest
from support.botocore_reference import frozen_clock, hermetic_environment

import sigv4presign
from sigv4presign import CredentialsError, InvalidInputError, S3Client, SigV4Error
from sigv4presign.operations import OPERATIONS

NOW = datetime.datetime(2026, 2, 3, 4, 5, 6, tzinfo=datetime.timezone.utc)
AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.fixture(autouse=True)
def clean_environment(botocore_reference: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No AWS settings from the machine: an empty HOME and no AWS_* variables;
    both clocks frozen at NOW; botocore's pure-Python signer (botocore_reference)."""
    hermetic_environment(monkeypatch, config_dir=tmp_path)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)  # it caches the first credentials it finds
    monkeypatch.setattr(sys.modules["sigv4presign.core.timefmt"], "time", types.SimpleNamespace(time=lambda: NOW.timestamp()))
    with frozen_clock(NOW.timestamp()):
        yield


def env_credentials(monkeypatch: pytest.MonkeyPatch, region: str = "us-east-1") -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", AKID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("AWS_DEFAULT_REGION", region)


def comparable(url: str) -> Tuple[str, Any]:
    base, _, query = url.partition("?")
    return base, sorted(query.split("&"))


def boto3_sample(s3: Any, bucket: str, key: str) -> Tuple[str, str]:
    """A code sample as written for boto3."""
    get_url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=1000)
    put_url = s3.generate_presigned_url(
        "put_object", Params={"Bucket": bucket, "Key": key, "ContentType": "text/plain"}, ExpiresIn=1000
    )
    return get_url, put_url


@pytest.mark.parametrize("region", ["us-east-1", "cn-north-1", "us-gov-west-1"])
def test_boto3_sample_runs_unchanged_with_environment_credentials(monkeypatch: pytest.MonkeyPatch, region: str) -> None:
    env_credentials(monkeypatch, region)
    theirs = boto3_sample(boto3.client("s3", config=botocore.config.Config(signature_version="s3v4")), "examplebucket", "dir/a b.txt")
    ours = boto3_sample(sigv4presign.client("s3"), "examplebucket", "dir/a b.txt")
    assert [comparable(u) for u in ours] == [comparable(u) for u in theirs]


def test_boto3_sample_with_a_session_token_and_endpoint_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    env_credentials(monkeypatch)
    monkeypatch.setenv("AWS_SESSION_TOKEN", "FwoGZXIvYXdzEBYaDH+token/==")
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000")
    theirs = boto3_sample(boto3.client("s3", config=botocore.config.Config(signature_version="s3v4")), "examplebucket", "k")
    ours = boto3_sample(sigv4presign.client("s3"), "examplebucket", "k")
    assert [comparable(u) for u in ours] == [comparable(u) for u in theirs]
    assert ours[0].startswith("http://127.0.0.1:9000/examplebucket/k?")


def test_explicit_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    env_credentials(monkeypatch, "eu-west-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
    s3 = sigv4presign.client("s3", region_name="ap-south-1", endpoint_url="https://minio.example.com",
                             aws_access_key_id="AKIDOTHER", aws_secret_access_key="other")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "b1b", "Key": "k"})
    assert url.startswith("https://minio.example.com/b1b/k?")
    assert parse_qs(urlsplit(url).query)["X-Amz-Credential"] == ["AKIDOTHER/20260203/ap-south-1/s3/aws4_request"]
    assert s3.meta.region_name == "ap-south-1"
    assert s3.meta.endpoint_url == "https://minio.example.com"


def test_boto3_positional_and_keyword_arguments() -> None:
    """boto3.client's parameters, in its order: (service_name, region_name, api_version,
    use_ssl, verify, endpoint_url, keys, token, config, aws_account_id)."""
    ours = sigv4presign.client("s3", "eu-west-1", "2006-03-01", True, False, None, AKID, SECRET, None, None, "123456789012")
    theirs = boto3.client("s3", "eu-west-1", "2006-03-01", True, False, None, AKID, SECRET, None,
                          botocore.config.Config(signature_version="s3v4", s3={"addressing_style": "virtual"}), "123456789012")
    params = {"Bucket": "examplebucket", "Key": "k"}
    assert comparable(ours.generate_presigned_url("get_object", Params=params)) == comparable(
        theirs.generate_presigned_url("get_object", Params=params)
    )


def test_region_defaults_to_us_east_1_like_boto3(monkeypatch: pytest.MonkeyPatch) -> None:
    s3 = sigv4presign.client("s3", aws_access_key_id=AKID, aws_secret_access_key=SECRET)
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "examplebucket", "Key": "k"})
    assert url.startswith("https://examplebucket.s3.amazonaws.com/k?")
    assert "%2Fus-east-1%2Fs3%2F" in url
    boto = boto3.client("s3", aws_access_key_id=AKID, aws_secret_access_key=SECRET,
                        config=botocore.config.Config(signature_version="s3v4"))
    assert boto.meta.region_name == s3.meta.region_name == "us-east-1"


def test_region_from_config_dict_and_profile(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "config").write_text("[default]\nregion = eu-north-1\n")
    s3 = sigv4presign.client("s3", aws_access_key_id=AKID, aws_secret_access_key=SECRET)
    assert s3.meta.region_name == "eu-north-1"
    s3 = sigv4presign.client("s3", aws_access_key_id=AKID, aws_secret_access_key=SECRET, config={"region_name": "sa-east-1"})
    assert s3.meta.region_name == "sa-east-1"


def test_no_credentials_anywhere_is_a_credentials_error() -> None:
    with pytest.raises(CredentialsError, match="no credentials found"):
        sigv4presign.client("s3")
    assert issubclass(CredentialsError, SigV4Error)


def test_returns_an_s3_client_that_keeps_secrets_out_of_repr() -> None:
    s3 = sigv4presign.client("s3", aws_access_key_id=AKID, aws_secret_access_key=SECRET, aws_session_token="tok3n")
    assert isinstance(s3, S3Client)
    assert SECRET not in repr(s3) and "tok3n" not in repr(s3)
    assert AKID in repr(s3)


def test_presign_returns_the_headers_to_send() -> None:
    s3 = sigv4presign.client("s3", region_name="eu-west-1", aws_access_key_id=AKID, aws_secret_access_key=SECRET)
    presigned = s3.presign("put_object", Params={"Bucket": "examplebucket", "Key": "k", "ContentType": "text/csv",
                                                 "Metadata": {"owner": "me"}, "Tagging": "a=b"}, ExpiresIn=60)
    assert presigned.headers == {"Content-Type": "text/csv", "x-amz-meta-owner": "me", "x-amz-tagging": "a=b"}
    assert presigned.method == "PUT"
    assert presigned.expires_at == NOW + datetime.timedelta(seconds=60)


def test_http_method_override() -> None:
    s3 = sigv4presign.client("s3", aws_access_key_id=AKID, aws_secret_access_key=SECRET)
    presigned = s3.presign("get_object", Params={"Bucket": "examplebucket", "Key": "k"}, HttpMethod="head")
    assert presigned.method == "HEAD"


def test_ssec_key_is_encoded_like_boto3() -> None:
    s3 = sigv4presign.client("s3", aws_access_key_id=AKID, aws_secret_access_key=SECRET)
    presigned = s3.presign("get_object", Params={"Bucket": "examplebucket", "Key": "k",
                                                 "SSECustomerAlgorithm": "AES256", "SSECustomerKey": b"\x00" * 32})
    assert presigned.headers["x-amz-server-side-encryption-customer-key"] == "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
    md5 = base64.b64encode(hashlib.md5(b"\x00" * 32).digest()).decode()
    assert presigned.headers["x-amz-server-side-encryption-customer-key-MD5"] == md5


@pytest.mark.parametrize(
    ("value", "header"),
    [
        (datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc), "Fri, 02 Jan 2026 03:04:05 GMT"),
        (datetime.datetime(2026, 1, 2, 4, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=1))), "Fri, 02 Jan 2026 03:04:05 GMT"),
        ("Fri, 02 Jan 2026 03:04:05 GMT", "Fri, 02 Jan 2026 03:04:05 GMT"),
    ],
)
def test_timestamps_in_headers(value: Any, header: str) -> None:
    s3 = sigv4presign.client("s3", aws_access_key_id=AKID, aws_secret_access_key=SECRET)
    presigned = s3.presign("get_object", Params={"Bucket": "examplebucket", "Key": "k", "IfModifiedSince": value})
    assert presigned.headers == {"If-Modified-Since": header}


# --- config: boto3's spellings as a plain dict ---------------------------------------------

CONFIGS = [
    ({"s3": {"addressing_style": "path"}}, "https://s3.eu-west-1.amazonaws.com/examplebucket/k?"),
    ({"s3": {"addressing_style": "virtual"}}, "https://examplebucket.s3.eu-west-1.amazonaws.com/k?"),
    ({"s3": {"addressing_style": "auto"}}, "https://examplebucket.s3.eu-west-1.amazonaws.com/k?"),
    ({"use_dualstack_endpoint": True}, "https://examplebucket.s3.dualstack.eu-west-1.amazonaws.com/k?"),
    ({"s3": {"use_dualstack_endpoint": True}}, "https://examplebucket.s3.dualstack.eu-west-1.amazonaws.com/k?"),
    ({"s3": {"use_accelerate_endpoint": True}}, "https://examplebucket.s3-accelerate.amazonaws.com/k?"),
    ({"s3": {"use_accelerate_endpoint": True}, "use_dualstack_endpoint": True}, "https://examplebucket.s3-accelerate.dualstack.amazonaws.com/k?"),
    ({"signature_version": "s3v4", "retries": {"max_attempts": 3}, "connect_timeout": 5}, "https://examplebucket.s3.eu-west-1.amazonaws.com/k?"),
    (botocore.config.Config(signature_version="s3v4", s3={"addressing_style": "path"}), "https://s3.eu-west-1.amazonaws.com/examplebucket/k?"),
]


@pytest.mark.parametrize(("config", "prefix"), CONFIGS)
def test_config_spellings(config: Any, prefix: str) -> None:
    s3 = sigv4presign.client("s3", region_name="eu-west-1", aws_access_key_id=AKID, aws_secret_access_key=SECRET, config=config)
    assert s3.generate_presigned_url("get_object", Params={"Bucket": "examplebucket", "Key": "k"}).startswith(prefix)


def test_fips_config() -> None:
    s3 = sigv4presign.client("s3", region_name="us-west-2", aws_access_key_id=AKID, aws_secret_access_key=SECRET,
                             config={"use_fips_endpoint": True})
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "examplebucket", "Key": "k"})
    assert url.startswith("https://examplebucket.s3-fips.us-west-2.amazonaws.com/k?")


# --- refused inputs -----------------------------------------------------------------------

CLIENT_REFUSED = [
    ({"service_name": "sqs"}, "service 'sqs' is not supported; only 's3' is"),
    ({"aws_access_key_id": AKID}, "give both aws_access_key_id and aws_secret_access_key"),
    ({"aws_secret_access_key": SECRET}, "give both aws_access_key_id and aws_secret_access_key"),
    ({"aws_session_token": "t"}, "aws_session_token needs aws_access_key_id"),
    ({"config": {"signature_version": "s3"}}, "signature_version 's3' is not supported; only SigV4"),
    ({"config": {"max_bandwidth": 5}}, "config has 'max_bandwidth', which is not supported; the supported keys are s3,"),
    ({"config": {"s3": {"addressing_style": "host"}}}, "addressing_style must be 'auto', 'virtual' or 'path', got 'host'"),
    ({"config": {"s3": {"addressing_style": ""}}}, "addressing_style must be 'auto', 'virtual' or 'path', got ''"),
    ({"config": {"s3": {"addressing_style": []}}}, "addressing_style must be 'auto', 'virtual' or 'path', got []"),
    ({"config": {"s3": {"us_east_1_regional_endpoint": "regional"}}}, "config s3 has 'us_east_1_regional_endpoint', which is not supported; the supported keys are addressing_style"),
    ({"config": {"s3": "path"}}, "config s3 must be a dict"),
    ({"config": {"use_dualstack_endpoint": "true"}}, "config use_dualstack_endpoint must be True or False"),
    ({"config": {"s3": {"use_accelerate_endpoint": 1}}}, "config s3 use_accelerate_endpoint must be True or False"),
    ({"config": "path"}, "config must be a dict"),
    ({"aws_access_key_id": "AKID EX", "aws_secret_access_key": SECRET}, "access_key_id must not contain white space"),
    ({"api_version": "2011-06-15"}, "api_version '2011-06-15' is not supported; S3's is '2006-03-01'"),
    ({"use_ssl": False}, "use_ssl=False is not supported: AWS endpoints are reached over https"),
]


@pytest.mark.parametrize(("kwargs", "message"), CLIENT_REFUSED)
def test_client_refused(kwargs: Dict[str, Any], message: str) -> None:
    arguments: Dict[str, Any] = {"service_name": "s3", **kwargs}
    if "aws_access_key_id" not in kwargs and "aws_secret_access_key" not in kwargs and "aws_session_token" not in kwargs:
        arguments.update(aws_access_key_id=AKID, aws_secret_access_key=SECRET)
    with pytest.raises(InvalidInputError) as info:
        sigv4presign.client(**arguments)
    assert message in str(info.value)


CALL_REFUSED = [
    ("copy_object", {"Bucket": "b1b", "Key": "k"}, "operation 'copy_object' is not supported; the supported ones are abort_multipart_upload, complete_multipart_upload,"),
    ("GetObject", {"Bucket": "b1b", "Key": "k"}, "operation 'GetObject' is not supported"),
    ("get_object", {"Bucket": "b1b", "Key": "k", "ContentType": "x"}, "get_object has no parameter 'ContentType'; the supported ones are Bucket, ChecksumMode,"),
    ("list_objects_v2", {"Bucket": "b1b", "Key": "k"}, "list_objects_v2 has no parameter 'Key'"),
    ("put_object", {"Bucket": "b1b", "Key": "k", "Body": b"data"}, "put_object: 'Body' is the request body, which a presigned URL does not carry"),
    ("complete_multipart_upload", {"Bucket": "b1b", "Key": "k", "UploadId": "u", "MultipartUpload": {}}, "'MultipartUpload' is the request body"),
    ("get_object", {"Key": "k"}, "get_object needs the parameter 'Bucket'"),
    ("get_object", {"Bucket": "b1b"}, "get_object needs the parameter 'Key'"),
    ("upload_part", {"Bucket": "b1b", "Key": "k", "UploadId": "u"}, "upload_part needs the parameter 'PartNumber'"),
    ("list_parts", {"Bucket": "b1b", "Key": "k"}, "list_parts needs the parameter 'UploadId'"),
    ("put_object", {"Bucket": "b1b", "Key": "k", "Metadata": "a=b"}, "Metadata must be a mapping"),
    ("put_object", {"Bucket": "b1b", "Key": "k", "Metadata": {"a": 1}}, "Metadata entries must be non-empty names with string values"),
    ("get_object", {"Bucket": "b1b", "Key": "k", "Range": [0, 9]}, "parameter 'Range' (a header) must be a string, an int, a bool or an aware datetime, not list"),
    ("get_object", {"Bucket": "b1b", "Key": "k", "ResponseExpires": datetime.datetime(2026, 1, 1)}, "parameter 'ResponseExpires' is a naive datetime"),
    ("get_object", {"Bucket": "b1b", "Key": "k", "SSECustomerKey": 42}, "SSECustomerKey must be bytes or a string"),
    ("get_object", {"Bucket": "b1b", "Key": ""}, "key is empty"),
    ("get_object", {"Bucket": "B", "Key": "k"}, "bucket name 'B' is 1 characters long"),
    ("get_object", {"Bucket": "b1b", "Key": "k", "IfMatch": "a\r\nb"}, "line break"),
    ("get_object", "Bucket=b1b", "Params must be a mapping such as {'Bucket': ..., 'Key': ...}, not str"),
    ("get_object", 5, "Params must be a mapping such as {'Bucket': ..., 'Key': ...}, not int"),
    ("list_objects_v2", {"Bucket": "b1b", "MaxKeys": 10**5000}, "too large"),
    ("get_object", {"Bucket": "b1b", "Key": "k", "VersionId": "\ud800"}, "lone surrogate"),
    # botocore refuses non-ASCII metadata too ("S3 metadata can only contain ASCII characters")
    ("put_object", {"Bucket": "b1b", "Key": "k", "Metadata": {"a": "caf\u00e9"}}, "printable ASCII"),
    ("put_object", {"Bucket": "b1b", "Key": "k", "ContentType": "text/\u65e5"}, "printable ASCII"),
]


@pytest.mark.parametrize(("operation", "params", "message"), CALL_REFUSED)
def test_call_refused(operation: str, params: Dict[str, Any], message: str) -> None:
    s3 = sigv4presign.client("s3", region_name="eu-west-1", aws_access_key_id=AKID, aws_secret_access_key=SECRET)
    with pytest.raises(InvalidInputError) as info:
        s3.generate_presigned_url(operation, Params=params)
    assert message in str(info.value)


@pytest.mark.parametrize("expires", [0, 604801, -1])
def test_expires_in_bounds(expires: int) -> None:
    s3 = sigv4presign.client("s3", aws_access_key_id=AKID, aws_secret_access_key=SECRET)
    with pytest.raises(InvalidInputError, match="expires_in must be between 1 and 604800"):
        s3.generate_presigned_url("get_object", Params={"Bucket": "b1b", "Key": "k"}, ExpiresIn=expires)


def test_unknown_operation_message_lists_every_supported_one() -> None:
    s3 = sigv4presign.client("s3", aws_access_key_id=AKID, aws_secret_access_key=SECRET)
    with pytest.raises(InvalidInputError) as info:
        s3.generate_presigned_url("select_object_content", Params={"Bucket": "b1b", "Key": "k"})
    for name in OPERATIONS:
        assert name in str(info.value)


def test_import_is_lazy() -> None:
    """`import sigv4presign` does not load the client layer (it loads on first use)."""
    import subprocess

    code = "import sys, sigv4presign; print('sigv4presign.compat' in sys.modules, 'sigv4presign.credentials' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def readme_s3_python_blocks() -> List[str]:
    """The Python examples of the README's S3 section."""
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## S3 in full"):]
    section = section[: section.index("\n## ", 1)]
    return [block.split("```", 1)[0] for block in section.split("```python\n")[1:]]


def test_readme_s3_examples_run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    env_credentials(monkeypatch, "eu-west-1")
    blocks = readme_s3_python_blocks()
    assert len(blocks) >= 2
    for block in blocks:
        namespace: Dict[str, Any] = {
            "creds": sigv4presign.Credentials(AKID, SECRET),
            "presign_s3": sigv4presign.presign_s3,
        }
        exec(compile(block, "README.md", "exec"), namespace)
    assert "'Content-Type': 'image/jpeg'" in capsys.readouterr().out
    assert namespace["url"].startswith("https://examplebucket.s3.eu-west-1.amazonaws.com/report.pdf?")
