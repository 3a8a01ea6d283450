"""sigv4presign.pitfalls: the SDK habits that break presigned URLs, named by explain and
diagnose. Each row is a URL as an SDK would presign it (signed here with the same
parameters) and the sentence that must name its pitfall."""

from typing import Dict, List

import pytest

from sigv4presign import Credentials, diagnose, explain, presign

CREDS = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
NOW = 1767225600
S3 = dict(double_encode=False, normalize_path=False, payload_hash="UNSIGNED-PAYLOAD")


def s3_put(params: Dict[str, str] = {}, headers: Dict[str, str] = {}, method: str = "PUT") -> str:  # noqa: B006
    return presign(method, "https://examplebucket.s3.eu-west-1.amazonaws.com/k", credentials=CREDS,
                   region="eu-west-1", service="s3", params=params, headers=headers, now=NOW, **S3).url


# (what an SDK did, URL, sent headers, a fragment of the sentence that names it)
ROWS = [
    ("JS v3 >= 3.729: CRC32 of the empty body in the query",
     s3_put({"x-amz-checksum-crc32": "AAAAAA==", "x-amz-sdk-checksum-algorithm": "CRC32"}), {},
     ["x-amz-checksum-crc32 is in the query, where S3 ignores it",
      "x-amz-sdk-checksum-algorithm is in the query"]),
    ("a CRC32 of the empty body signed as a header", s3_put(headers={"x-amz-checksum-crc32": "AAAAAA=="}),
     {"x-amz-checksum-crc32": "AAAAAA=="}, ["is the CRC32/CRC32C of an empty body"]),
    ("a signed checksum header not sent", s3_put(headers={"x-amz-checksum-sha256": "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="}),
     {}, ["x-amz-checksum-sha256 is signed but not sent"]),
    ("Go v2: x-amz-checksum-mode signed", s3_put(headers={"x-amz-checksum-mode": "ENABLED"}, method="GET"),
     {"x-amz-checksum-mode": "ENABLED"}, ["x-amz-checksum-mode is signed"]),
    ("telemetry signed", s3_put(headers={"amz-sdk-request": "attempt=1; max=3", "x-amz-user-agent": "aws-sdk-js/3"}),
     {}, ["amz-sdk-request is signed", "x-amz-user-agent is signed"]),
]


@pytest.mark.parametrize(("url", "sent", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_explain_names_the_pitfall(url: str, sent: Dict[str, str], expected: List[str]) -> None:
    method = "GET" if "checksum-mode" in url else "PUT"
    explanation = explain(url, method=method, headers=sent)
    for fragment in expected:
        assert any(fragment in pitfall for pitfall in explanation.pitfalls), (fragment, explanation.pitfalls)
        assert fragment in str(explanation)


def test_diagnose_names_the_pitfall_as_a_cause() -> None:
    url = s3_put({"x-amz-checksum-crc32": "AAAAAA=="})
    error = b"<Error><Code>BadDigest</Code><Message>The CRC32 you specified did not match the calculated checksum.</Message></Error>"
    text = diagnose(url, error, method="PUT", now=NOW)
    assert "x-amz-checksum-crc32 is in the query, where S3 ignores it" in text


def test_a_clean_url_has_no_pitfalls() -> None:
    assert explain(s3_put(headers={"Content-Type": "image/png"}), method="PUT",
                   headers={"Content-Type": "image/png"}).pitfalls == ()
