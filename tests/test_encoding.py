"""uri_encode / uri_decode / form_decode / encode_path_for_url against the RFC 3986 rules."""

from urllib.parse import quote, unquote_to_bytes

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigv4presign.core.encoding import (
    encode_bytes,
    encode_path_for_url,
    form_decode,
    query_items,
    uri_decode,
    uri_encode,
    uri_encode_pairs,
)
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


# uri_encode_pairs encodes many texts in one pass; its result must be quote() of each.
def _quoted(value: object) -> str:
    return quote(value, safe="-_.~")  # type: ignore[call-overload,no-any-return]


@given(st.lists(st.tuples(st.text(), st.text()), max_size=8))
def test_uri_encode_pairs_is_quote_of_each(pairs: "list[tuple[str, str]]") -> None:
    assert uri_encode_pairs(pairs) == [(_quoted(n), _quoted(v)) for n, v in pairs]


@given(st.lists(st.tuples(st.binary(), st.text() | st.binary()), max_size=6))
def test_uri_encode_pairs_with_bytes(pairs: "list[tuple[bytes, object]]") -> None:
    assert uri_encode_pairs(pairs) == [(_quoted(n), _quoted(v)) for n, v in pairs]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "pairs",
    [
        [("ÿ", "a")],  # the text separator in a name
        [("a", "ÿÿ"), ("b", "c")],
        [("a", "%C3%BF"), ("ÿ", "")],  # its encoding, as text
        [(b"\xff", b"x"), ("y", "z")],  # the bytes separator in bytes
        [("", ""), ("", "")],
    ],
)
def test_uri_encode_pairs_separator_in_the_texts(pairs: "list[tuple[object, object]]") -> None:
    assert uri_encode_pairs(pairs) == [(_quoted(n), _quoted(v)) for n, v in pairs]  # type: ignore[arg-type]


@given(st.text(min_size=60, max_size=3000), st.booleans())
def test_long_texts(text: str, keep_slash: bool) -> None:
    # Long texts go through the wide encoder, or one replace per distinct byte when few
    # bytes need encoding.
    assert uri_encode(text, keep_slash) == quote(text, safe="-_.~/" if keep_slash else "-_.~")


@pytest.mark.parametrize("size", [1, 7, 8, 9, 40, 200, 2000])
def test_encode_bytes_of_every_byte(size: int) -> None:
    data = (bytes(range(256)) * 8)[:size]
    assert encode_bytes(data) == quote(data, safe="-_.~")
    assert encode_bytes(data, True) == quote(data, safe="-_.~/")


@pytest.mark.parametrize("text", ["日本語のファイル名" * 40, "ü" * 600, "a" * 900 + " " * 20, "%" * 50, "\x00" * 100,
                                  "a" * 7 + " ", "a" * 8 + " ", "a" * 9 + " "])
def test_long_texts_each_encoder(text: str) -> None:
    # Many distinct bytes (the lanes encoder) and few (one replace per distinct byte).
    assert uri_encode(text) == quote(text, safe="-_.~")


# query_items is the one-pass form of encoding checked params: quote() of each name and
# value, joined by "!"; None (the general path) for everything it does not take.
@given(st.lists(st.tuples(st.text(min_size=1), st.text()), min_size=1, max_size=8))
def test_query_items_is_quote_of_each(pairs: "list[tuple[str, str]]") -> None:
    items = query_items(pairs)
    if any("\x00" in n + v or "\x01" in n + v for n, v in pairs) or any(
        "\ud800" <= c <= "\udfff" for n, v in pairs for c in n + v
    ):
        assert items is None
    else:
        assert items == [_quoted(n) + "!" + _quoted(v) for n, v in pairs]


@pytest.mark.parametrize(
    "params",
    [
        [],
        [("", "v")],  # an empty name
        [("a", "v"), ("", "w")],
        [("a", 1)],  # an int value
        [(b"a", "v")],  # bytes
        [("a", "b", "c")],  # not a pair
        [("a",)],
        ("a", "b"),  # a tuple of texts, not of pairs
        [("a\x00", "v")],
        [("a", "v\x01")],
        [("a", "\x00"), ("b", "")],
        [("a", "\ud800")],
        iter([("a", "v")]),  # not a list, tuple or dict
        "ab",
    ],
)
def test_query_items_leaves_the_rest_to_the_general_path(params: object) -> None:
    assert query_items(params) is None


def test_query_items_of_a_dict() -> None:
    assert query_items({"a b": "c/d", "ü": ""}) == ["a%20b!c%2Fd", "%C3%BC!"]
