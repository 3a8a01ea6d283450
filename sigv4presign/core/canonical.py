"""The canonical request and its parts, one small pure function per spec artifact.

    CanonicalRequest = Method "\\n" CanonicalURI "\\n" CanonicalQuery "\\n"
                       CanonicalHeaders "\\n" SignedHeaders "\\n" PayloadHash

where CanonicalHeaders ends with its own newline, hence the blank line before
SignedHeaders.
"""

from .checks import check_flag
from .encoding import uri_decode, uri_encode
from .errors import InvalidInputError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterable, List, Tuple, Union

    Text = Union[str, bytes]

EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"



def normalize_path(path: str) -> str:
    """Remove ``.`` and ``..`` segments (RFC 3986 5.2.4) and empty segments (``//``).

    A trailing ``/`` is kept, and only that: a path ending in a ``.`` or ``..`` segment
    ends without one (``/a/b/..`` is ``/a``), as botocore and aws-c-auth sign it. The
    result always starts with ``/``.
    """
    if path in ("", "/"):
        return "/"
    stack: "List[str]" = []
    segments = path.split("/")
    for segment in segments:
        if segment == "..":
            if stack:
                stack.pop()
        elif segment and segment != ".":
            stack.append(segment)
    trailing = segments[-1] == ""
    if not stack:
        return "/"
    return "/" + "/".join(stack) + ("/" if trailing else "")


def canonical_uri(path: "Text", double_encode: bool = True, normalize: bool = True) -> str:
    """The canonical URI of a request path.

    - generic services (``double_encode``): ``UriEncode(Normalize(path), keep "/")``; the
      path is taken as given, so an escape already in it is encoded again (``%20`` ->
      ``%2520``) and a raw character once (space -> ``%20``).
    - S3 (single encoding): ``UriEncode(UriDecode(path), keep "/")``: the path in its one
      canonical encoding, exactly as the URL carries it.
    """
    if not isinstance(path, (str, bytes, bytearray)):
        raise InvalidInputError("path must be text (str) or bytes, not %s" % type(path).__name__)
    if path and path[:1] != "/" and path[:1] != b"/":
        raise InvalidInputError("path must be empty or start with '/', like '/photos/a.jpg'")
    if check_flag("double_encode", double_encode):
        encoded = uri_encode(path or "/", True)
    else:
        encoded = uri_encode(uri_decode(path) or b"/", True)
    # Normalising the encoded path equals encoding the normalised one: the encoding keeps
    # "/" and "." and turns nothing else into them. It also spares decoding raw bytes
    # as latin-1, which MicroPython cannot do.
    return normalize_path(encoded) if check_flag("normalize", normalize) else encoded


def canonical_query(pairs: "Iterable[Tuple[str, str]]") -> str:
    """``join("&", sorted(EncodedName "=" EncodedValue))``, sorted by name then value.

    ``pairs`` are already percent-encoded; sorting the pairs (not the joined strings)
    keeps ``a`` before ``a-b`` whatever their values.
    """
    try:
        return "&".join([name + "=" + value for name, value in sorted(pairs)])
    except (TypeError, ValueError):
        raise InvalidInputError("pairs must be (name, value) pairs of percent-encoded text")


def canonical_query_items(items: "List[str]") -> str:
    """:func:`canonical_query` of ``EncodedName "!" EncodedValue`` items:
    ``replace(join("&", sorted(items)), "!", "=")``. ``"!"`` is never in an encoded text
    and sorts below every character one holds, so sorting the items sorts by name, then
    value (as ``a`` before ``a-b``)."""
    return "&".join(sorted(items)).replace("!", "=")


def canonical_headers(headers: "Iterable[Tuple[str, str]]") -> "Tuple[str, str]":
    """(CanonicalHeaders, SignedHeaders) for (name, value) pairs.

    ``CanonicalHeaders = for each name, sorted: lower(name) ":" Trimall(values) "\\n"``
    where repeated names join their values with ``,`` in the order given, and Trimall
    strips the ends and folds each inner run of white space to one space.
    ``SignedHeaders = join(";", sorted lower-case names)``.
    """
    merged: "dict[str, str]" = {}
    try:
        for name, value in headers:
            key = name.lower()
            value = " ".join(value.split())
            if key in merged:
                merged[key] = merged[key] + "," + value
            else:
                merged[key] = value
    except (AttributeError, TypeError, ValueError):
        raise InvalidInputError("headers must be (name, value) pairs of text")
    names = sorted(merged)
    return (
        "".join([name + ":" + merged[name] + "\n" for name in names]),
        ";".join(names),
    )


def canonical_request(
    method: str,
    uri: str,
    query: str,
    headers: str,
    signed_headers: str,
    payload_hash: str,
) -> str:
    """``Method \\n URI \\n Query \\n Headers \\n SignedHeaders \\n PayloadHash``.

    ``headers`` is the CanonicalHeaders block, which ends with a newline of its own.
    """
    try:
        return "\n".join((method, uri, query, headers, signed_headers, payload_hash))
    except TypeError:
        raise InvalidInputError("the parts of a canonical request must all be text (str)")
