"""The URL parser (sigv4presign/urls.py) as a spec table: input -> expected result, or
the exact error class and a fragment of its message.

Every expected value is written by hand, from RFC 3986 where it decides (scheme and host
are case-insensitive, so they come back lower-case (3.1, 3.2.2, 6.2.2.1); a port equal to
the scheme's default says nothing (3.2.3, 6.2.3); an empty path is "/" (RFC 9110 4.2.3);
the query runs from the first "?" to the end and may hold "?" (3.4); an IPv6 address is
written in brackets (3.2.2, RFC 4291 2.2)) and from the rules the module states: no
user info, no fragment, no character a host cannot have, ports 1-65535, the path and
query kept exactly as given; in a query "+" is a space, "&" alone separates, a name
without "=" has an empty value, a "%" not followed by two hex digits stays a literal
"%", and text is UTF-8. Where urllib.parse follows the same rule, each row is checked
against it as well.
"""

from typing import List, Optional, Tuple
from urllib.parse import parse_qsl, urlsplit

import pytest

from sigv4presign.core.errors import InvalidInputError
from sigv4presign.core.urls import check_host, parse_query, split_url

# -- split_url: (scheme, host, path, query) ---------------------------------------------

SPLIT = [
    # url, (scheme, host, path, query)
    ("https://example.com/a/b?x=1", ("https", "example.com", "/a/b", "x=1")),
    ("https://example.com", ("https", "example.com", "/", "")),
    ("https://example.com?x=1", ("https", "example.com", "/", "x=1")),
    ("https://example.com/?", ("https", "example.com", "/", "")),
    ("http://127.0.0.1:9000/bucket/key", ("http", "127.0.0.1:9000", "/bucket/key", "")),
    # scheme and host are case-insensitive; path and query are not
    ("HTTPS://Example.COM/Path/File?Name=Value", ("https", "example.com", "/Path/File", "Name=Value")),
    ("HtTp://EXAMPLE.com:80/A", ("http", "example.com", "/A", "")),
    # a scheme is a letter, then letters, digits, "+", "-" and "."
    ("s3+custom-1.x://h/", ("s3+custom-1.x", "h", "/", "")),
    # the default port of the scheme is dropped, any other port kept
    ("http://example.com:80/x", ("http", "example.com", "/x", "")),
    ("https://example.com:443/", ("https", "example.com", "/", "")),
    ("https://example.com:443", ("https", "example.com", "/", "")),
    ("https://example.com:443?x", ("https", "example.com", "/", "x")),
    ("ws://example.com:80/mqtt", ("ws", "example.com", "/mqtt", "")),
    ("wss://example.com:443/mqtt", ("wss", "example.com", "/mqtt", "")),
    ("https://example.com:80/", ("https", "example.com:80", "/", "")),
    ("http://example.com:443/", ("http", "example.com:443", "/", "")),
    ("https://example.com:8443/", ("https", "example.com:8443", "/", "")),
    ("http://example.com:65535/", ("http", "example.com:65535", "/", "")),
    ("http://example.com:1/", ("http", "example.com:1", "/", "")),
    # IPv6 literals, in brackets, lower-cased, default port dropped
    ("http://[::1]:9000/x", ("http", "[::1]:9000", "/x", "")),
    ("http://[::1]:80/", ("http", "[::1]", "/", "")),
    ("https://[2001:DB8::A]/", ("https", "[2001:db8::a]", "/", "")),
    ("https://[::]/", ("https", "[::]", "/", "")),
    ("https://[1:2:3:4:5:6:7:8]:8443/", ("https", "[1:2:3:4:5:6:7:8]:8443", "/", "")),
    ("https://[1:2:3:4:5:6:7::]/", ("https", "[1:2:3:4:5:6:7::]", "/", "")),
    ("https://[::ffff:192.0.2.128]/", ("https", "[::ffff:192.0.2.128]", "/", "")),
    ("https://[2001:db8::192.0.2.1]/", ("https", "[2001:db8::192.0.2.1]", "/", "")),
    # reg-name characters: unreserved (with "_" and "~"), sub-delims, a trailing dot
    ("https://my_bucket.s3.amazonaws.com/k", ("https", "my_bucket.s3.amazonaws.com", "/k", "")),
    ("https://example.com./", ("https", "example.com.", "/", "")),
    # the path and query come back exactly as given: nothing decoded, nothing normalised
    ("https://example.com/a%20b/%E2%82%AC?x=%2F", ("https", "example.com", "/a%20b/%E2%82%AC", "x=%2F")),
    ("https://example.com//a/./b/../c/", ("https", "example.com", "//a/./b/../c/", "")),
    ("https://example.com/a b/\u00fc?q=\u00e9 x", ("https", "example.com", "/a b/\u00fc", "q=\u00e9 x")),
    ("https://example.com/a?b?c", ("https", "example.com", "/a", "b?c")),
    ("https://example.com/a;b?c;d", ("https", "example.com", "/a;b", "c;d")),
    ("https://example.com/@x:y", ("https", "example.com", "/@x:y", "")),
]


@pytest.mark.parametrize("url,expected", SPLIT, ids=[row[0] for row in SPLIT])
def test_split_url(url: str, expected: Tuple[str, str, str, str]) -> None:
    assert split_url(url) == expected


_DEFAULT = {"http": 80, "https": 443, "ws": 80, "wss": 443}


@pytest.mark.parametrize("url,expected", SPLIT, ids=[row[0] for row in SPLIT])
def test_split_url_agrees_with_urllib(url: str, expected: Tuple[str, str, str, str]) -> None:
    """urllib.parse.urlsplit reads the same scheme, host name, port, path and query."""
    scheme, host, path, query = expected
    theirs = urlsplit(url)
    assert (theirs.scheme, theirs.path or "/", theirs.query) == (scheme, path, query)
    name, _, port = host.rpartition(":") if not host.endswith("]") and ":" in host else (host, "", "")
    assert theirs.hostname == name.strip("[]")
    assert (theirs.port or _DEFAULT.get(scheme)) == (int(port) if port else _DEFAULT.get(scheme))


SPLIT_ERRORS = [
    # url, message fragment
    ("example.com/x", "is not absolute"),
    ("/path", "is not absolute"),
    ("", "is not absolute"),
    ("://example.com/", "is not absolute"),
    ("https:/example.com/", "is not absolute"),
    ("h\u00e9://example.com/", "is not absolute"),  # RFC 3986 schemes are ASCII (str.isalpha passed this)
    ("mailto:someone@example.com", "is not absolute"),
    ("1http://example.com/", "is not absolute"),
    ("ht tp://example.com/", "is not absolute"),
    ("ht_tp://example.com/", "is not absolute"),
    # a fragment is never sent to the server, so it cannot be signed
    ("https://example.com/x#frag", "#fragment"),
    ("https://example.com/#", "#fragment"),
    ("https://example.com/?a=#b", "#fragment"),
    # user info: credentials belong in `credentials`
    ("https://user:pass@example.com/", "user info"),
    ("https://user@example.com/", "user info"),
    ("https://@example.com/", "user info"),
    # no host
    ("https:///path", "no host"),
    ("https://?x=1", "no host"),
    ("https://:443/", "no host"),
    # characters no host can have
    ("https://exa mple.com/", "which no host can have"),
    ("https://exa\tmple.com/", "which no host can have"),
    ("https://example.com\\path", "which no host can have"),
    ("https://b\u00fccher.example/", "which no host can have"),
    ("https://example.com\u3002/", "which no host can have"),
    ('https://exa"mple.com/', "which no host can have"),
    # ports: digits, 1 to 65535
    ("https://example.com:99999/", "malformed port"),
    ("https://example.com:65536/", "malformed port"),
    ("https://example.com:0/", "malformed port"),
    ("https://example.com:/", "malformed port"),
    ("https://example.com:8a/", "malformed port"),
    ("https://example.com:+80/", "malformed port"),
    ("https://example.com:-1/", "malformed port"),
    # one port at most; an IPv6 address needs brackets
    ("https://example.com:80:90/", "is not HOST[:PORT]"),
    ("https://fe80::1/", "is not HOST[:PORT]"),
    ("https://[::1]x/", "is not HOST[:PORT]"),
    ("https://[::1]:80:90/", "is not HOST[:PORT]"),
    # brackets hold an IPv6 address and nothing else
    ("https://[::1/", "brackets may only hold an IPv6 address"),
    ("https://::1]/", "no host"),
    ("https://ex]ample.com/", "brackets may only hold an IPv6 address"),
    ("https://[example.com]/", "brackets may only hold an IPv6 address"),
    ("https://[192.0.2.1]/", "brackets may only hold an IPv6 address"),
    ("https://[1:2:3:4:5:6:7]/", "brackets may only hold an IPv6 address"),
    ("https://[1:2:3:4:5:6:7:8:9]/", "brackets may only hold an IPv6 address"),
    ("https://[1:2:3:4:5:6:7:8::]/", "brackets may only hold an IPv6 address"),
    ("https://[1::2::3]/", "brackets may only hold an IPv6 address"),
    ("https://[12345::1]/", "brackets may only hold an IPv6 address"),
    ("https://[::g]/", "brackets may only hold an IPv6 address"),
    ("https://[::ffff:256.0.0.1]/", "brackets may only hold an IPv6 address"),
    ("https://[::ffff:192.0.2]/", "brackets may only hold an IPv6 address"),
    ("https://[::192.0.2.1:1]/", "brackets may only hold an IPv6 address"),
    ("https://[]/", "brackets may only hold an IPv6 address"),
]


@pytest.mark.parametrize("url,fragment", SPLIT_ERRORS, ids=[repr(row[0]) for row in SPLIT_ERRORS])
def test_split_url_refuses(url: str, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        split_url(url)
    assert caught.type is InvalidInputError
    assert fragment in str(caught.value)


@pytest.mark.parametrize("url,kind", [(b"https://example.com/", "bytes"), (None, "NoneType"), (1, "int")])
def test_split_url_takes_only_text(url: object, kind: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        split_url(url)  # type: ignore[arg-type]
    assert caught.type is InvalidInputError
    assert str(caught.value) == "url must be a string, not " + kind


# -- check_host: lower-case host[:port] -> host without the scheme's default port -------

HOSTS = [
    # host, scheme, expected
    ("example.com:443", "https", "example.com"),
    ("example.com:443", None, "example.com"),  # the scheme defaults to https
    ("example.com:80", "http", "example.com"),
    ("example.com:80", "ws", "example.com"),
    ("example.com:443", "wss", "example.com"),
    ("example.com:443", "http", "example.com:443"),
    ("example.com:80", "https", "example.com:80"),
    ("example.com:80", "ftp", "example.com:80"),
    ("example.com", "https", "example.com"),
    ("[::1]:443", "https", "[::1]"),
    ("[::1]:8080", "https", "[::1]:8080"),
    ("xn--bcher-kva.example", "https", "xn--bcher-kva.example"),
]


@pytest.mark.parametrize("host,scheme,expected", HOSTS)
def test_check_host(host: str, scheme: Optional[str], expected: str) -> None:
    assert (check_host(host) if scheme is None else check_host(host, scheme)) == expected


# -- parse_query: decoded (name, value) byte pairs, in order ------------------------------

QUERIES: List[Tuple[str, List[Tuple[bytes, bytes]]]] = [
    ("", []),
    ("a=1", [(b"a", b"1")]),
    ("b=2&a=1", [(b"b", b"2"), (b"a", b"1")]),  # order kept, nothing sorted
    ("a=1&a=2&a=1", [(b"a", b"1"), (b"a", b"2"), (b"a", b"1")]),  # repeated names all kept
    # empty values and names
    ("a", [(b"a", b"")]),
    ("a=", [(b"a", b"")]),
    ("=v", [(b"", b"v")]),
    ("a=b=c", [(b"a", b"b=c")]),  # the first "=" separates
    ("a&&b&", [(b"a", b""), (b"b", b"")]),  # empty pieces are nothing
    ("&", []),
    # "+" is a space; an encoded plus is a plus
    ("a+b=c+d", [(b"a b", b"c d")]),
    ("+=+", [(b" ", b" ")]),
    ("a%2Bb=%2B", [(b"a+b", b"+")]),
    ("x=%20+%2B", [(b"x", b"  +")]),
    # ";" is not a separator
    ("a;b=c", [(b"a;b", b"c")]),
    ("a=1;b=2", [(b"a", b"1;b=2")]),
    # percent escapes: either hex case, any byte, not decoded further
    ("x=%41%42", [(b"x", b"AB")]),
    ("x=%c3%a9&y=%C3%A9", [(b"x", b"\xc3\xa9"), (b"y", b"\xc3\xa9")]),
    ("x=%FF", [(b"x", b"\xff")]),
    ("x=%2541", [(b"x", b"%41")]),
    ("%26=%3D", [(b"&", b"=")]),
    # a "%" without two hex digits after it stays a "%"
    ("x=%", [(b"x", b"%")]),
    ("x=100%", [(b"x", b"100%")]),
    ("x=%4", [(b"x", b"%4")]),
    ("x=%zz", [(b"x", b"%zz")]),
    ("x=%%41", [(b"x", b"%A")]),
    ("x=%4%41", [(b"x", b"%4A")]),
    ("x=%G1", [(b"x", b"%G1")]),
    # non-ASCII text is UTF-8, the same bytes as its escapes
    ("q=\u00e9", [(b"q", b"\xc3\xa9")]),
    ("\u1234=\u1234", [(b"\xe1\x88\xb4", b"\xe1\x88\xb4")]),
    ("q=%E1%88%B4", [(b"q", b"\xe1\x88\xb4")]),
    ("q=\U0001f600", [(b"q", b"\xf0\x9f\x98\x80")]),
    # "?" and "/" are data in a query
    ("a=b?c/d", [(b"a", b"b?c/d")]),
]


@pytest.mark.parametrize("query,expected", QUERIES, ids=[repr(row[0]) for row in QUERIES])
def test_parse_query(query: str, expected: List[Tuple[bytes, bytes]]) -> None:
    assert parse_query(query) == expected


@pytest.mark.parametrize("query,expected", QUERIES, ids=[repr(row[0]) for row in QUERIES])
def test_parse_query_agrees_with_urllib(query: str, expected: List[Tuple[bytes, bytes]]) -> None:
    """urllib.parse.parse_qsl (blank values kept, "&" only) reads the same pairs; the
    surrogateescape round trip gives back the exact bytes."""
    theirs = parse_qsl(query, keep_blank_values=True, encoding="utf-8", errors="surrogateescape")
    as_bytes = [(n.encode("utf-8", "surrogateescape"), v.encode("utf-8", "surrogateescape")) for n, v in theirs]
    assert as_bytes == expected


def test_parse_query_refuses_a_lone_surrogate() -> None:
    # no UTF-8 form, so no bytes to sign; the text is not repeated (it may be a secret)
    with pytest.raises(InvalidInputError) as caught:
        parse_query("token=abc\ud800def")
    assert caught.type is InvalidInputError
    assert "lone surrogate U+D800" in str(caught.value)
    assert "abc" not in str(caught.value)
