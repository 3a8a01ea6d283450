"""verify_presigned's fast paths answer exactly as its general path does.

verify reads a query whose components are each already their own canonical encoding
as it stands on the wire (``verify._wire_query``), takes an S3 path in its one
canonical encoding as its own canonical URI (``verify._is_canonical_s3_path``), spares
split_url's checks of an authority it has passed before, memoises public texts (the
credential scope, X-Amz-Date, the signed headers, the rules, the header block of a
request without headers, the reading of an S3 host) and decodes S3 paths for the
bucket and key in C (``s3_object._decoded``).

``general`` turns every one of them off, so each input here goes through both: the
result (every field of Verified, or of Explanation) or the error (class, message and
evidence) must be the same. Inputs are drawn to hit both paths: lower-case ``%xx``,
``+`` in values, over-encoded unreserved characters (``%41``), raw reserved and
non-ASCII characters, repeated, reordered and misspelled parameters, and random
character edits. URLs signed by botocore (the reference signer) must verify both ways.
"""

import contextlib
import datetime
import functools
import random
from typing import Any, Dict, Iterator, List, Tuple

import botocore.config
import botocore.session
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigv4presign import Credentials, SigV4Error, explain, presign, presign_s3, s3_object, verify
from sigv4presign.core.canonical import canonical_uri
from sigv4presign.core.encoding import uri_decode, uri_encode
from sigv4presign.core.urls import parse_query, split_url

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+token/with+slash=="
SIGNED_AT = datetime.datetime(2026, 5, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
NOW = SIGNED_AT + datetime.timedelta(seconds=30)
UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
MEMOS = ("_AUTHORITIES", "_CREDENTIALS", "_AMZ_DATES", "_SIGNED_HEADERS", "_RULES", "_URL_HEADERS",
         "_PARSED_QUERIES", "_CANONICAL_QUERIES")

def pieces(alphabet: List[str], max_size: int) -> Any:
    """Texts of up to ``max_size`` pieces drawn from ``alphabet`` (characters or longer)."""
    return st.lists(st.sampled_from(alphabet), max_size=max_size).map("".join)


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def creds(token: bool = False) -> Credentials:
    return Credentials(AKID, SECRET, TOKEN if token else None)


@contextlib.contextmanager
def general() -> Iterator[None]:
    """Every fast path and memo off: the general path alone."""
    patch = pytest.MonkeyPatch()
    try:
        patch.setattr(verify, "_wire_query", lambda query: None)
        patch.setattr(verify, "_is_canonical_s3_path", lambda path: False)
        patch.setattr(verify, "_remember", lambda memo, key, value: None)
        for name in MEMOS:
            patch.setattr(verify, name, {})
        patch.setattr(s3_object, "_escape_decode", None)
        patch.setattr(s3_object, "_aws_host", s3_object._read_aws_host)
        yield
    finally:
        patch.undo()


def outcome(call: Any, *args: Any, **kwargs: Any) -> Tuple[Any, ...]:
    """What a call gives: the result's fields, or the error's class, message and evidence."""
    try:
        result = call(*args, **kwargs)
    except Exception as error:  # any error at all must match, not only ours
        return ("error", type(error), str(error), getattr(error, "evidence", None))
    if isinstance(result, verify.Verified):
        return ("verified", repr(result)) + tuple(getattr(result, name) for name in verify.Verified.__slots__)
    return ("explained", str(result), result.canonical_request, result.string_to_sign,
            result.missing_headers, result.signed_headers, result.signature, result.session_token)


def both(call: Any, *args: Any, **kwargs: Any) -> Tuple[Any, ...]:
    """The outcome of the fast paths (with their memos cold, then warm) and of the
    general path, checked equal."""
    for name in MEMOS:
        getattr(verify, name).clear()
    cold = outcome(call, *args, **kwargs)
    warm = outcome(call, *args, **kwargs)
    with general():
        reference = outcome(call, *args, **kwargs)
    assert cold == reference
    assert warm == reference
    return reference


def check_url(url: str, token: bool = False, **kwargs: Any) -> Tuple[Any, ...]:
    """verify_presigned and explain of ``url``, both ways; verify's outcome."""
    both(explain, url, method=kwargs.get("method", "GET"))
    kwargs.setdefault("now", NOW)
    return both(verify.verify_presigned, url, credentials=creds(token), **kwargs)


# -- rewrites of a URL's wire text ------------------------------------------------------


def split(url: str) -> Tuple[str, str, List[str]]:
    head, _, query = url.partition("?")
    scheme_host, slash, path = head.partition("://")[2].partition("/")
    return head[: len(head) - len(path) - len(slash)], slash + path, query.split("&")


def join(origin: str, path: str, pieces: List[str]) -> str:
    return origin + path + "?" + "&".join(pieces)


def lower_escapes(text: str, rng: random.Random) -> str:
    out = text.split("%")
    for i in range(1, len(out)):
        if rng.random() < 0.5:
            out[i] = out[i][:2].lower() + out[i][2:]
    return "%".join(out)


def over_encode(text: str, rng: random.Random) -> str:
    """Some unreserved characters as escapes (%41 for A), escapes left as they are."""
    out = []
    i = 0
    while i < len(text):
        if text[i] == "%":
            out.append(text[i : i + 3])
            i += 3
            continue
        c = text[i]
        out.append("%%%02X" % ord(c) if c in UNRESERVED and rng.random() < 0.2 else c)
        i += 1
    return "".join(out)


def plus_for_space(piece: str) -> str:
    name, eq, value = piece.partition("=")
    return name + eq + value.replace("%20", "+")


REWRITES = ["none", "lower query", "lower path", "over-encode query", "over-encode path", "plus",
            "reorder", "repeat", "misspell", "drop", "edit", "insert", "delete", "empty piece",
            "no equals", "equals in value", "raw reserved", "raw unicode"]


def rewrite(url: str, how: str, rng: random.Random) -> str:
    origin, path, pieces = split(url)
    if how == "lower query":
        pieces = [lower_escapes(p, rng) for p in pieces]
    elif how == "lower path":
        path = lower_escapes(path, rng)
    elif how == "over-encode query":
        pieces = ["=".join(over_encode(part, rng) for part in p.split("=", 1)) for p in pieces]
    elif how == "over-encode path":
        path = "/".join(over_encode(segment, rng) for segment in path.split("/"))
    elif how == "plus":
        pieces = [plus_for_space(p) for p in pieces]
    elif how == "reorder":
        rng.shuffle(pieces)
    elif how == "repeat":
        pieces.insert(rng.randrange(len(pieces) + 1), rng.choice(pieces))
    elif how == "misspell":
        i = rng.randrange(len(pieces))
        name, eq, value = pieces[i].partition("=")
        pieces[i] = rng.choice([name.lower(), name.upper(), name.swapcase()]) + eq + value
    elif how == "drop":
        del pieces[rng.randrange(len(pieces))]
    elif how in ("edit", "insert", "delete"):
        text = join(origin, path, pieces)
        i = rng.randrange(len(origin), len(text))
        char = rng.choice("aZ09-._~%+=&/?#;: é\u00a0\x00\x7f" + "%41%2f%2F%20%zz")
        text = {"edit": text[:i] + char + text[i + 1 :], "insert": text[:i] + char + text[i:],
                "delete": text[:i] + text[i + 1 :]}[how]
        return text
    elif how == "empty piece":
        pieces.insert(rng.randrange(len(pieces) + 1), "")
    elif how == "no equals":
        pieces.insert(rng.randrange(len(pieces) + 1), rng.choice(["acl", "X-Amz-Date", "x"]))
    elif how == "equals in value":
        i = rng.randrange(len(pieces))
        pieces[i] += "=x"
    elif how == "raw reserved":
        i = rng.randrange(len(pieces))
        pieces[i] = pieces[i].replace("%2F", "/").replace("%3A", ":").replace("%40", "@")
    elif how == "raw unicode":
        path = path.replace("%C3%BC", "ü").replace("%C3%AF", "ï")
    return join(origin, path, pieces)


# -- URLs ---------------------------------------------------------------------------------

key_text = st.text(st.sampled_from(list("abcXYZ019-._~ /+=&?%#!*'();:@$,ü中") + ["\u00a0"]), min_size=1, max_size=20)
param_text = st.text(st.sampled_from(list("abcXYZ019-._~ /+=&?%!*ü") + ["\u00a0"]), max_size=12)
extra_params = st.lists(st.tuples(param_text.filter(bool), param_text), max_size=4)


def presigned_s3(key: str, params: List[Tuple[str, str]], token: bool) -> str:
    return presign_s3("GET", "examplebucket", key, credentials=creds(token), region="eu-west-1",
                      expires_in=3600, now=SIGNED_AT, params=params or None).url


@SETTINGS
@given(key=key_text, params=extra_params, token=st.booleans(), how=st.sampled_from(REWRITES),
       seed=st.integers(0, 2**32))
def test_s3_urls_rewritten(key: str, params: List[Tuple[str, str]], token: bool, how: str, seed: int) -> None:
    url = rewrite(presigned_s3(key, params, token), how, random.Random(seed))
    result = check_url(url, token)
    if how in ("none", "lower query", "lower path", "over-encode query", "over-encode path", "reorder"):
        assert result[0] == "verified", result  # S3 reads these the same: so must both paths


@SETTINGS
@given(path=pieces(list("/aZ0-._~%+=&;:@!$'()*,ü") + ["%41", "%2F", "%2f", "%20", "%C3%BC", "%zz"], 16),
       service=st.sampled_from(["s3", "execute-api", "s3express"]), token=st.booleans(), how=st.sampled_from(REWRITES),
       seed=st.integers(0, 2**32))
def test_generic_and_other_urls_rewritten(path: str, service: str, token: bool, how: str, seed: int) -> None:
    url = presign("GET", "https://example.execute-api.eu-west-1.amazonaws.com/" + path.lstrip("/"),
                  credentials=creds(token and service != "s3express"), region="eu-west-1", service=service,
                  expires_in=3600, now=SIGNED_AT).url
    check_url(rewrite(url, how, random.Random(seed)), token and service != "s3express")


@SETTINGS
@given(query=pieces(list("aZ09-._~%+=&/?;:ü ") + ["%41", "%2F", "%2f", "%20", "%zz", "X-Amz-Date=", "x-amz-date=",
                                                   "X-Amz-Signature=", "X-Amz-Date=20260501T120000Z", "&&"], 30))
def test_read_query_both_ways(query: str) -> None:
    """_read_query: the same items and the same decoded authentication parameters (or
    the same error), and a query read on the wire is what uri_encode(parse_query(...))
    makes of it."""

    def read(query: str) -> Tuple[Any, ...]:
        try:
            items, found = verify._read_query(query)
        except Exception as error:
            return ("error", type(error), str(error), getattr(error, "evidence", None))
        fields: Dict[str, Any] = {}
        for spelling in verify._AUTH_SPELLINGS:
            try:
                fields[spelling] = verify._field(found, spelling, False)
            except SigV4Error as error:
                fields[spelling] = (type(error), str(error))
        return ("read", items, fields)

    fast = read(query)
    with general():
        assert read(query) == fast
    wire = verify._wire_query(query) if fast[0] == "read" else None
    if wire is not None:
        assert wire[0] == [uri_encode(n) + "!" + uri_encode(v) for n, v in parse_query(query)]


@SETTINGS
@given(path=pieces(list("/aZ0-._~%+=&;:@!$'()*,\\ü") + ["%41", "%2F", "%2f", "%20", "%C3%BC", "%zz", "%FF", "%7E",
                                                            "%5f"], 20))
def test_path_helpers(path: str) -> None:
    """A path taken as its own canonical URI is one; S3 paths decode the same in C."""
    path = "/" + path
    if verify._is_canonical_s3_path(path):
        assert canonical_uri(path, False, False) == path
    assert s3_object._decoded(path) == uri_decode(path)


@SETTINGS
@given(url=pieces(list("htps:/aZ0.-[]@?#&=:%") + ["https://", "http://", "HTTPS://", "example.com", ":443", ":8080",
                                                   "/p", "?q=1"], 12))
def test_split_both_ways(url: str) -> None:
    for name in MEMOS:
        getattr(verify, name).clear()
    try:
        expected: Any = split_url(url)
    except SigV4Error:
        expected = SigV4Error
    for _ in range(2):  # the second time the authority may be known
        try:
            got: Any = verify._split(url)
        except SigV4Error:
            got = SigV4Error
        assert got == expected


def test_fast_paths_are_taken() -> None:
    """The benchmark's kind of URL takes the fast paths (else this file tests nothing)."""
    url = presigned_s3("photos/2026/ünïcode name+1.jpg", [], False)
    query = url.partition("?")[2]
    assert verify._wire_query(query) is not None
    assert verify._is_canonical_s3_path(split_url(url)[2])
    assert verify._wire_query(query.replace("%2F", "%2f")) is None
    assert verify._wire_query(query + "&a=b+c") is None
    assert verify._wire_query(query + "&a=%41") is None
    assert not verify._is_canonical_s3_path("/a%2Fb")
    assert not verify._is_canonical_s3_path("/a%41")


def test_a_query_read_once_serves_its_batch() -> None:
    """URLs signed together share their query but for the signature: the second and
    later are read from the first's reading, and each gives what the general path gives
    (verified, or the same error for a signature changed in any way)."""
    urls = [presigned_s3(key, [], False) for key in ("a.jpg", "b/ü c.jpg", "c+d.txt")]
    queries = {url.partition("?")[2].rpartition("=")[0] for url in urls}
    assert len(queries) == 1  # one batch: the same query up to the signature's value
    for name in MEMOS:
        getattr(verify, name).clear()
    for url in urls:
        assert check_url(url)[0] == "verified"
    assert list(verify._PARSED_QUERIES) == [queries.pop() + "="]
    head, _, signature = urls[0].rpartition("=")
    for changed in (signature.upper(), signature[:-1] + "0" if signature[-1] != "0" else signature[:-1] + "1",
                    signature[:-1], signature + "0", signature[:-1] + "g", "%" + signature[1:]):
        result = check_url(head + "=" + changed)
        assert result[0] == "error"


# -- botocore, the reference signer ----------------------------------------------------


@functools.cache
def s3_client(token: bool, addressing: str) -> Any:
    return botocore.session.get_session().create_client(
        "s3", region_name="eu-west-1", aws_access_key_id=AKID, aws_secret_access_key=SECRET,
        aws_session_token=TOKEN if token else None,
        config=botocore.config.Config(signature_version="s3v4", s3={"addressing_style": addressing}),
    )


BOTO_KEYS = ["plain.txt", "photos/2026/ünïcode name+1.jpg", "a//b/./c/../d", "~*()'!;:@$,", "中文 キー",
             "100% sure?&=#.txt", "A-Z_a-z.0~9"]


@pytest.mark.parametrize("token", [False, True])
@pytest.mark.parametrize("addressing", ["virtual", "path"])
@pytest.mark.parametrize("key", BOTO_KEYS)
@pytest.mark.parametrize("disposition", [None, 'attachment; filename="a b+c.txt"'])
def test_botocore_urls_verify_both_ways(token: bool, addressing: str, key: str, disposition: Any) -> None:
    params: Dict[str, Any] = {"Bucket": "examplebucket", "Key": key}
    if disposition:
        params["ResponseContentDisposition"] = disposition
    url = s3_client(token, addressing).generate_presigned_url("get_object", Params=params, ExpiresIn=900)
    signed_at = url.partition("X-Amz-Date=")[2][:16]
    now = datetime.datetime.strptime(signed_at, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    result = check_url(url, token, now=now)
    assert result[0] == "verified", result
    fields = dict(zip(verify.Verified.__slots__, result[2:]))
    assert fields["bucket"] == "examplebucket"
    assert fields["key"] == key
    rng = random.Random(key)
    for how in REWRITES:
        check_url(rewrite(url, how, rng), token, now=now)


def test_bucket_and_key_read_when_asked_give_what_verify_read_before() -> None:
    """At AWS hosts the object is read on first use; it must be what the module's rule
    gives for the URL, every time it is asked for."""
    for key in ("a.jpg", "b/ü c.jpg", "%41", "dir/"):
        url = presigned_s3(key, [], False)
        verified = verify.verify_presigned(url, credentials=creds(), now=NOW)
        expected = s3_object.bucket_and_key(verified.host or "", verified.path or "", "s3")
        assert expected == ("examplebucket", key)
        assert (verified.bucket, verified.key) == expected
        assert (verified.bucket, verified.key) == expected
