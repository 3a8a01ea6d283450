"""sigv4presign.express: the CreateSession request presigned (equal to botocore's s3v4
presign of ``create_session``), and the session credentials read from its answer."""

import datetime
from urllib.parse import parse_qsl, urlsplit

import botocore.session
import pytest
from botocore.config import Config
from support.botocore_reference import PurePythonSigners, frozen_clock

from sigv4presign import (
    Credentials,
    InvalidInputError,
    create_session_url,
    presign_s3,
    session_credentials,
)

NOW = 1767225600  # 2026-01-01T00:00:00Z
IAM = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
BUCKET = "photos--usw2-az1--x-s3"

# The answer's shape as the S3 API Reference documents CreateSession.
ANSWER = b"""<?xml version="1.0" encoding="UTF-8"?>
<CreateSessionResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Credentials>
    <SessionToken>IQoJb3JpZ2luX2VjEC0aCXVzLXdlc3QtMiJHMEUCIQ</SessionToken>
    <SecretAccessKey>Y8LvRmJ6/DFS8xyzzzExampleKey+zz</SecretAccessKey>
    <AccessKeyId>ASIAEXAMPLESESSION</AccessKeyId>
    <Expiration>2026-01-01T00:05:00Z</Expiration>
  </Credentials>
</CreateSessionResult>"""


@pytest.mark.parametrize("mode", [None, "ReadOnly"])
def test_create_session_url_equals_botocores(mode: object) -> None:
    client = botocore.session.get_session().create_client(
        "s3", region_name="us-west-2", aws_access_key_id=IAM.access_key_id,
        aws_secret_access_key=IAM.secret_access_key, config=Config(signature_version="s3v4"),
    )
    params = {"Bucket": BUCKET}
    if mode is not None:
        params["SessionMode"] = str(mode)
    with PurePythonSigners("s3v4-query") as signers, frozen_clock(NOW):
        theirs = client.generate_presigned_url("create_session", Params=params, ExpiresIn=60)
    assert signers.used == [signers.recording["s3v4-query"]]
    ours = create_session_url(BUCKET, credentials=IAM, region="us-west-2", now=NOW, session_mode=mode)  # type: ignore[arg-type]
    assert urlsplit(ours.url)[:3] == urlsplit(theirs)[:3]
    assert sorted(parse_qsl(urlsplit(ours.url).query, keep_blank_values=True)) == sorted(
        parse_qsl(urlsplit(theirs).query, keep_blank_values=True))
    assert ours.headers == ({} if mode is None else {"x-amz-create-session-mode": mode})


def test_session_credentials_then_presign() -> None:
    session = session_credentials(ANSWER)
    assert session == Credentials(
        "ASIAEXAMPLESESSION", "Y8LvRmJ6/DFS8xyzzzExampleKey+zz", "IQoJb3JpZ2luX2VjEC0aCXVzLXdlc3QtMiJHMEUCIQ",
        datetime.datetime(2026, 1, 1, 0, 5, tzinfo=datetime.timezone.utc),
    )
    url = presign_s3("GET", BUCKET, "a.jpg", credentials=session, region="us-west-2", now=NOW).url
    assert "X-Amz-S3session-Token=IQoJb3JpZ2luX2VjEC0aCXVzLXdlc3QtMiJHMEUCIQ&" in url


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<Error><Code>AccessDenied</Code></Error>", "has no AccessKeyId, SecretAccessKey, SessionToken, Expiration"),
        (b"not xml", "is not XML"),
        (ANSWER.replace(b"2026-01-01T00:05:00Z", b"2026-01-01T00:05:00"), "has no time zone"),
        (ANSWER.replace(b"2026-01-01T00:05:00Z", b"soon"), "is not an ISO 8601 time"),
        (42, "must be the answer's bytes"),
    ],
)
def test_bad_answers(body: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        session_credentials(body)


def test_create_session_needs_a_directory_bucket() -> None:
    with pytest.raises(InvalidInputError, match="is not a directory bucket"):
        create_session_url("examplebucket", credentials=IAM, region="us-west-2")
    with pytest.raises(InvalidInputError, match="session_mode must be"):
        create_session_url(BUCKET, credentials=IAM, region="us-west-2", session_mode="ReadWriteDelete")
