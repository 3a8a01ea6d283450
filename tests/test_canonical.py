"""Canonical request parts, checked against the classic AWS SigV4 suite and the spec.

The classic suite signs with an Authorization header, but its canonical requests use the
same canonical URI, query and header rules as presigning, so every case cross-checks
``canonical_uri``, ``canonical_query``, ``canonical_headers`` and ``canonical_request``.
"""

import hashlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import VECTORS
from support.vectorfiles import parse_request

from sigv4presign.core.canonical import (
    canonical_headers,
    canonical_query,
    canonical_query_items,
    canonical_request,
    canonical_uri,
    normalize_path,
)
from sigv4presign.core.encoding import uri_encode
from sigv4presign.core.urls import parse_query


def _classic_cases() -> list:  # type: ignore[type-arg]
    root = VECTORS / "classic"
    # get-vanilla-with-session-token: its .req lacks the X-Amz-Security-Token header that
    # the header signer adds from the credentials, so the .creq is not a function of the .req
    return sorted(
        p.parent for p in root.rglob("*.creq") if p.parent.name != "get-vanilla-with-session-token"
    )


def _creq_from_req(case: Path) -> str:
    name = case.name
    request = parse_request((case / (name + ".req")).read_text())
    header_block, signed = canonical_headers(request.headers)
    query = canonical_query([(uri_encode(k), uri_encode(v)) for k, v in parse_query(request.query)])
    return canonical_request(
        request.method,
        canonical_uri(request.path, double_encode=True, normalize=True),
        query,
        header_block,
        signed,
        hashlib.sha256(request.body).hexdigest(),
    )


CLASSIC = _classic_cases()
# The classic suite has no query-order-key/value vectors in aws-c-auth: they carry repeated
# keys whose values sort by byte order (upper case first), which the canonical query does.


def test_classic_cases_present(vectors: Path) -> None:
    assert len(CLASSIC) >= 30


@pytest.mark.parametrize("case", CLASSIC, ids=lambda p: p.name)
def test_classic_canonical_request(vectors: Path, case: Path) -> None:
    expected = (case / (case.name + ".creq")).read_text()
    assert _creq_from_req(case) == expected


@pytest.mark.parametrize("name", ["double-url-encode", "double-encode-path"])
def test_smithy_double_encoded_path(vectors: Path, name: str) -> None:
    case = vectors / "smithy-extra" / name
    request = parse_request((case / "request.txt").read_text())
    expected_uri = (case / "header-canonical-request.txt").read_text().split("\n")[1]
    assert canonical_uri(request.path, double_encode=True, normalize=True) == expected_uri


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("", "/"),
        ("/", "/"),
        ("//", "/"),
        ("/./", "/"),
        ("/example/..", "/"),
        ("/example/../..", "/"),
        ("/a/./b/../c", "/a/c"),
        ("//example//", "/example/"),
        ("/a/b/", "/a/b/"),
        # a final "." or ".." leaves no trailing "/": botocore and aws-c-auth sign "/a"
        # (RFC 3986 alone would keep "/a/"); tests/test_presign_server_model.py checks both
        ("/a/.", "/a"),
        ("/a/b/..", "/a"),
        ("/.bar", "/.bar"),
    ],
)
def test_normalize_path_rfc3986(path: str, expected: str) -> None:
    assert normalize_path(path) == expected


@pytest.mark.parametrize(
    ("path", "double", "normalize", "expected"),
    [
        # S3: one encoding, no normalisation; escapes in the given path are canonicalised
        ("/my bucket/a+b", False, False, "/my%20bucket/a%2Bb"),
        ("/a%2bb", False, False, "/a%2Bb"),
        ("/a//./b", False, False, "/a//./b"),
        ("/%E1%88%B4", False, False, "/%E1%88%B4"),
        ("/ሴ", False, False, "/%E1%88%B4"),
        # generic: the given path is encoded again, after normalisation
        ("/a%20b", True, True, "/a%2520b"),
        ("/a b", True, True, "/a%20b"),
        ("/a//./b", True, True, "/a/b"),
        ("/a//./b", True, False, "/a//./b"),
    ],
)
def test_canonical_uri_rules(path: str, double: bool, normalize: bool, expected: str) -> None:
    assert canonical_uri(path, double, normalize) == expected


def test_canonical_query_sorts_pairs_not_strings() -> None:
    # "a" < "a-b" as names although "a=" > "a-b=" as strings
    assert canonical_query([("a-b", "1"), ("a", "2")]) == "a=2&a-b=1"
    assert canonical_query([("k", "b"), ("k", "a"), ("K", "c")]) == "K=c&k=a&k=b"
    assert canonical_query([]) == ""


def test_canonical_query_items_sorts_pairs_not_strings() -> None:
    assert canonical_query_items(["a-b!1", "a!2"]) == "a=2&a-b=1"
    assert canonical_query_items(["k!b", "k!a", "K!c", "a.b!", "a%20!x", "a0!y"]) == (
        "K=c&a%20=x&a.b=&a0=y&k=a&k=b"
    )
    assert canonical_query_items([]) == ""


@given(st.lists(st.tuples(st.text(max_size=6), st.text(max_size=6)), max_size=10))
def test_canonical_query_items_sorts_as_the_pairs(pairs: "list[tuple[str, str]]") -> None:
    encoded = [(uri_encode(n), uri_encode(v)) for n, v in pairs]
    expected = "&".join(n + "=" + v for n, v in sorted(encoded))  # sorted by name, then value
    assert canonical_query_items([n + "!" + v for n, v in encoded]) == expected


def test_canonical_headers_spec_rules() -> None:
    block, signed = canonical_headers(
        [("Host", "example.com"), ("My-Header", "  a   b  "), ("my-header", "c"), ("X-B", "\tv ")]
    )
    assert block == "host:example.com\nmy-header:a b,c\nx-b:v\n"
    assert signed == "host;my-header;x-b"
