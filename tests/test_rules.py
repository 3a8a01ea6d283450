"""sigv4presign.core.rules: a service's quirks as one immutable value, and the one table
from a signing service to its preset."""

import re
from typing import Any, Dict

import pytest

from sigv4presign import InvalidInputError, Rules
from sigv4presign.core.rules import GENERIC, IOT, S3, rules_for

EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"  # sha256(b"")

# preset -> (double_encode, normalize_path, payload_hash, session_token, token_param)
PRESETS = [
    (GENERIC, (True, True, EMPTY_SHA256, "signed", "X-Amz-Security-Token")),
    (S3, (False, False, "UNSIGNED-PAYLOAD", "signed", "X-Amz-Security-Token")),
    (IOT, (True, True, EMPTY_SHA256, "unsigned", "X-Amz-Security-Token")),
]


@pytest.mark.parametrize(("preset", "expected"), PRESETS)
def test_presets(preset: Rules, expected: Any) -> None:
    assert (preset.double_encode, preset.normalize_path, preset.payload_hash,
            preset.session_token, preset.token_param) == expected


@pytest.mark.parametrize(
    ("service", "preset"),
    [("s3", S3), ("s3-object-lambda", S3), ("execute-api", GENERIC), ("rds-db", GENERIC), ("iotdevicegateway", GENERIC)],
)
def test_rules_for(service: str, preset: Rules) -> None:
    assert rules_for(service) is preset


def test_rules_are_immutable_and_compare_by_value() -> None:
    with pytest.raises(AttributeError):
        S3.double_encode = True  # type: ignore[misc]
    assert S3.replace(session_token="omit") != S3
    assert S3.replace(session_token="omit").replace(session_token="signed") == S3
    assert hash(Rules(False, False, "UNSIGNED-PAYLOAD")) == hash(S3)
    assert "UNSIGNED-PAYLOAD" in repr(S3)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"double_encode": 1}, "double_encode must be True or False, got 1"),
        ({"normalize_path": None}, "normalize_path must be True or False, got None"),
        ({"payload_hash": ""}, "payload_hash must be a hex SHA-256"),
        ({"session_token": "after"}, "session_token must be one of signed, unsigned, omit, got 'after'"),
        ({"token_param": "token"}, "token_param must be an X-Amz-* parameter name"),
        ({"sign_body": True}, "Rules has no setting 'sign_body'"),
    ],
)
def test_bad_rules_are_refused(changes: Dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        GENERIC.replace(**changes)


def test_presign_takes_a_rules_value_or_its_keywords_alike() -> None:
    from sigv4presign import Credentials, presign

    creds = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    url = "https://example.amazonaws.com/a//b/./c"
    by_value = presign("GET", url, credentials=creds, region="us-east-1", service="s3", now=0, rules=S3)
    by_keywords = presign("GET", url, credentials=creds, region="us-east-1", service="s3", now=0,
                          double_encode=False, normalize_path=False, payload_hash="UNSIGNED-PAYLOAD")
    assert by_value.url == by_keywords.url
    assert by_value.canonical_request.split("\n")[1] == "/a//b/./c"
    with pytest.raises(InvalidInputError, match="rules must be a sigv4presign.Rules"):
        presign("GET", url, credentials=creds, region="us-east-1", service="s3", rules="s3")  # type: ignore[arg-type]
