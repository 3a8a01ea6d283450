"""uri_encode / uri_decode / form_decode / encode_path_for_url against the RFC 3986 rules."""

from urllib.parse import quote, unquote_to_bytes

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigv4presign.core.encoding import encode_path_for_url, form_decode, uri_decode, uri_encode
from sigv4presign.core.errors import InvalidInputError

UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"


@pytest.mark.parametrize(
    ("value", "keep_slash", "expected"),
    [
        ("", False, ""),
        (UNRESERVED, False, UNRESERVED),
        (" ", False, "%20"),
        ("+", False, "%2B"),
        ("%", False, "%25"),
        ("%20", False, "%2520"),
        ("a/b", False, "a%2Fb"),
        ("a/b", True, "a/b"),
        ("=&?#", False, "%3D%26%3F%23"),
        ("ü", False, "%C3%BC"),
        ("ሴ", False, "%E1%88%B4"),
        ("😀", False, "%F0%9F%98%80"),
        ("*()'!", False, "%2A%28%29%27%21"),
        (b"\x00\xff", False, "%00%FF"),
    ],
)
def test_uri_encode_table(value: object, keep_slash: bool, expected: str) -> None:
    assert uri_encode(value, keep_slash) == expected  # type: ignore[arg-type]


@given(st.text())
def test_uri_encode_matches_rfc3986_reference(text: str) -> None:
    # urllib's quote with only the unreserved set safe is the RFC 3986 reference
    assert uri_encode(text) == quote(text, safe="~")
    assert uri_encode(text, True) == quote(text, safe="/~")


@given(st.binary())
def test_uri_decode_inverts_encode(data: bytes) -> None:
    assert uri_decode(uri_encode(data)) == data


@given(st.text())
def test_uri_decode_matches_reference(text: str) -> None:
    assert uri_decode(text) == unquote_to_bytes(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("a+b", b"a b"), ("a%2Bb", b"a+b"), ("%e1%88%b4", "ሴ".encode()), ("100%", b"100%"), ("%zz", b"%zz")],
)
def test_form_decode_table(value: str, expected: bytes) -> None:
    assert form_decode(value) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/a b", "/a%20b"),
        ("/ü", "/%C3%BC"),
        ("/a%20b", "/a%20b"),
        ("/100%", "/100%25"),
        ("/arn:aws:lambda", "/arn:aws:lambda"),
        ("/a+b=c", "/a+b=c"),
        ('/"<>', "/%22%3C%3E"),
    ],
)
def test_encode_path_for_url_keeps_what_a_url_may_carry(path: str, expected: str) -> None:
    assert encode_path_for_url(path) == expected


@pytest.mark.parametrize("function", [uri_encode, uri_decode, form_decode, encode_path_for_url])
def test_lone_surrogate_is_an_input_error(function: object) -> None:
    # A lone surrogate has no UTF-8 form (RFC 3629 section 3), so there is no URL for it.
    with pytest.raises(InvalidInputError, match="lone surrogate"):
        function("a\ud800b")  # type: ignore[operator]
