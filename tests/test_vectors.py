"""Every spec artifact checked separately against AWS's own vectors.

- v4/: the aws-c-auth suite (38 query-signing cases): canonical request, string to
  sign, signature and the signed URL's parameters.
- s3-docs/: the S3 documentation's presigned GET example, whole URL exact.
- botocore/: five presigns from botocore's unit tests (S3-style, non-S3, RDS, DSQL).
"""

import hashlib
import json
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from support import VECTORS
from support.vectorfiles import context, parse_request, read, v4_cases

from sigv4presign import Credentials, presign, presign_s3
from sigv4presign.core.canonical import UNSIGNED_PAYLOAD
from sigv4presign.core.signing import signing_key
from sigv4presign.core.timefmt import parse_amz_date

V4_CASES = v4_cases()


def _iso_to_epoch(text: str) -> int:
    # "2015-08-30T12:36:00Z" -> POSIX seconds, through our own strict parser
    return parse_amz_date(text.replace("-", "").replace(":", ""))


def _as_url(text: str) -> str:
    return quote(text, safe="!#$%&'()*+,/:;=?@[]~")


def presign_v4_case(case: Path):  # type: ignore[no-untyped-def]
    ctx = context(case)
    request = parse_request(read(case, "request.txt"))
    creds = ctx["credentials"]
    host = request.header("Host")
    mode = "unsigned" if ctx.get("omit_session_token") else "signed"
    return presign(
        request.method,
        "https://" + host + request.target,
        credentials=Credentials(creds["access_key_id"], creds["secret_access_key"], creds.get("token")),
        region=ctx["region"],
        service=ctx["service"],
        expires_in=ctx["expiration_in_seconds"],
        headers=request.headers,
        payload_hash=hashlib.sha256(request.body).hexdigest() if ctx["sign_body"] else None,
        now=_iso_to_epoch(ctx["timestamp"]),
        normalize_path=ctx["normalize"],
        session_token=mode,
    )


def test_all_38_v4_cases_are_present(vectors: Path) -> None:
    assert len(V4_CASES) == 38


@pytest.mark.parametrize("name", V4_CASES)
class TestV4QueryVectors:
    def test_canonical_request(self, vectors: Path, name: str) -> None:
        case = vectors / "v4" / name
        assert presign_v4_case(case).canonical_request == read(case, "query-canonical-request.txt")

    def test_string_to_sign(self, vectors: Path, name: str) -> None:
        case = vectors / "v4" / name
        assert presign_v4_case(case).string_to_sign == read(case, "query-string-to-sign.txt")

    def test_signature(self, vectors: Path, name: str) -> None:
        case = vectors / "v4" / name
        assert presign_v4_case(case).signature == read(case, "query-signature.txt").strip()

    def test_signed_url(self, vectors: Path, name: str) -> None:
        case = vectors / "v4" / name
        expected = parse_request(read(case, "query-signed-request.txt"))
        url = urlsplit(presign_v4_case(case).url)
        # Exact, up to parameter order. The vectors keep a space or non-ASCII raw in the
        # request line; a URL carries them percent-encoded (urllib's quote, keeping
        # every character a URL may hold raw and the escapes already there).
        assert sorted(url.query.split("&")) == sorted(p for p in _as_url(expected.query).split("&") if p)
        assert url.path == _as_url(expected.path)


class TestS3DocsExample:
    @pytest.fixture
    def record(self, vectors: Path):  # type: ignore[no-untyped-def]
        return json.loads((vectors / "s3-docs" / "presigned-get-object.json").read_text())

    @pytest.fixture
    def presigned(self, record):  # type: ignore[no-untyped-def]
        inputs = record["inputs"]
        return presign_s3(
            inputs["method"],
            "examplebucket",
            "test.txt",
            credentials=Credentials(inputs["access_key_id"], inputs["secret_access_key"]),
            region=inputs["region"],
            expires_in=inputs["expires"],
            now=parse_amz_date(inputs["timestamp"]),
        )

    def test_canonical_request(self, record, presigned) -> None:  # type: ignore[no-untyped-def]
        assert presigned.canonical_request == record["expected"]["canonical_request"]

    def test_string_to_sign(self, record, presigned) -> None:  # type: ignore[no-untyped-def]
        assert presigned.string_to_sign == record["expected"]["string_to_sign"]

    def test_signing_key(self, record) -> None:  # type: ignore[no-untyped-def]
        inputs = record["inputs"]
        key = signing_key(inputs["secret_access_key"], inputs["timestamp"][:8], inputs["region"], "s3")
        assert key.hex() == record["expected"]["signing_key"]

    def test_signature(self, record, presigned) -> None:  # type: ignore[no-untyped-def]
        assert presigned.signature == record["expected"]["signature"]

    def test_whole_url(self, record, presigned) -> None:  # type: ignore[no-untyped-def]
        assert presigned.url == record["expected"]["presigned_url"]

    def test_same_through_generic_presign_with_s3_rules(self, record) -> None:  # type: ignore[no-untyped-def]
        inputs = record["inputs"]
        p = presign(
            "GET",
            inputs["url"],
            credentials=Credentials(inputs["access_key_id"], inputs["secret_access_key"]),
            region=inputs["region"],
            service="s3",
            expires_in=inputs["expires"],
            now=parse_amz_date(inputs["timestamp"]),
            payload_hash=UNSIGNED_PAYLOAD,
            double_encode=False,
            normalize_path=False,
        )
        assert p.url == record["expected"]["presigned_url"]


def _botocore_cases():  # type: ignore[no-untyped-def]
    return json.loads((VECTORS / "botocore" / "presign-unit-tests.json").read_text())["cases"]


@pytest.mark.parametrize("record", _botocore_cases(), ids=lambda r: r["name"])
class TestBotocoreRecords:
    def presigned(self, record):  # type: ignore[no-untyped-def]
        inputs = record["inputs"]
        s3_style = inputs["payload_hash"] == UNSIGNED_PAYLOAD
        return presign(
            inputs["method"],
            inputs["url"],
            credentials=Credentials(
                inputs["access_key_id"], inputs["secret_access_key"], inputs["session_token"]
            ),
            region=inputs["region"],
            service=inputs["service"],
            expires_in=inputs["expires"],
            now=parse_amz_date(inputs["timestamp"]),
            payload_hash=inputs["payload_hash"],
            double_encode=not s3_style,
            normalize_path=not s3_style,
        )

    def test_canonical_request(self, vectors: Path, record) -> None:  # type: ignore[no-untyped-def]
        assert self.presigned(record).canonical_request == record["expected"]["canonical_request"]

    def test_string_to_sign(self, vectors: Path, record) -> None:  # type: ignore[no-untyped-def]
        assert self.presigned(record).string_to_sign == record["expected"]["string_to_sign"]

    def test_signature(self, vectors: Path, record) -> None:  # type: ignore[no-untyped-def]
        assert self.presigned(record).signature == record["expected"]["signature"]

    def test_url_params(self, vectors: Path, record) -> None:  # type: ignore[no-untyped-def]
        expected = record["expected"].get("expected_url_from_test")
        url = self.presigned(record).url
        if expected is not None:
            ours = url.split("://", 1)[1]
            assert ours.split("?")[0] == expected.split("?")[0]
            assert sorted(ours.split("?")[1].split("&")) == sorted(expected.split("?")[1].split("&"))
        else:
            assert urlsplit(url).query.endswith("X-Amz-Signature=" + record["expected"]["signature"])


def test_botocore_records_are_present(vectors: Path) -> None:
    assert len(_botocore_cases()) == 5
