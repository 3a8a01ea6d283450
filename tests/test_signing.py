"""Credential scope, string to sign, signing key and signature, against the formulas
computed directly with hashlib/hmac and against the classic suite's signatures."""

import hashlib
import hmac
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import VECTORS

from sigv4presign.core.signing import credential_scope, signature, signing_key, string_to_sign

SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def reference_key(secret: str, date: str, region: str, service: str) -> bytes:
    key = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def test_credential_scope() -> None:
    assert credential_scope("20150830", "us-east-1", "iam") == "20150830/us-east-1/iam/aws4_request"


def test_string_to_sign_layout() -> None:
    creq = "GET\n/\n\nhost:example.com\n\nhost\nUNSIGNED-PAYLOAD"
    assert string_to_sign("20150830T123600Z", "20150830/us-east-1/s3/aws4_request", creq) == (
        "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/s3/aws4_request\n"
        + hashlib.sha256(creq.encode()).hexdigest()
    )


@given(
    secret=st.text(min_size=1, max_size=60),
    region=st.sampled_from(["us-east-1", "eu-west-1", "cn-north-1", "ap-south-2"]),
    service=st.sampled_from(["s3", "iam", "rds-db", "execute-api"]),
)
def test_signing_key_matches_formula(secret: str, region: str, service: str) -> None:
    assert signing_key(secret, "20150830", region, service) == reference_key(secret, "20150830", region, service)


def test_signing_key_cache_does_not_confuse_secrets() -> None:
    a = signing_key("secret-a", "20150830", "us-east-1", "s3")
    b = signing_key("secret-b", "20150830", "us-east-1", "s3")
    assert a != b
    assert signing_key("secret-a", "20150830", "us-east-1", "s3") == a


def test_signing_key_cache_is_bounded() -> None:
    from sigv4presign.core import signing

    for i in range(signing._KEY_CACHE_SIZE * 3):
        signing_key("s%d" % i, "20150830", "us-east-1", "s3")
    assert len(signing._KEY_CACHE) <= signing._KEY_CACHE_SIZE


def _classic_with_sts() -> list:  # type: ignore[type-arg]
    return sorted(p.parent for p in (VECTORS / "classic").rglob("*.sts"))


@pytest.mark.parametrize("case", _classic_with_sts(), ids=lambda p: p.name)
def test_classic_string_to_sign_and_signature(vectors: Path, case: Path) -> None:
    creq = (case / (case.name + ".creq")).read_text()
    sts = (case / (case.name + ".sts")).read_text()
    algorithm, amz_date, scope, _ = sts.split("\n")
    date, region, service, _ = scope.split("/")
    assert string_to_sign(amz_date, credential_scope(date, region, service), creq) == sts
    authz = (case / (case.name + ".authz")).read_text()
    expected = authz.rsplit("Signature=", 1)[1].strip()
    assert signature(signing_key(SECRET, date, region, service), sts) == expected


@pytest.mark.parametrize("amz_date", [b"20150830T123600Z", 20150830, None, ["20150830T123600Z"]])
def test_sign_canonical_refuses_a_date_that_is_not_text(amz_date: object) -> None:
    from sigv4presign.core.errors import InvalidInputError
    from sigv4presign.core.signing import sign_canonical

    with pytest.raises(InvalidInputError, match="amz_date must be text"):
        sign_canonical(SECRET, amz_date, "us-east-1", "s3", "GET\n/\n\nhost:x\n\nhost\nUNSIGNED-PAYLOAD")  # type: ignore[arg-type]
