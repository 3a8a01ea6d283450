"""RFC 3986 percent-encoding, the one encoder used for canonical requests and URLs.

SigV4 encodes every byte except the unreserved set ``A-Z a-z 0-9 - . _ ~``, as
upper-case ``%XX`` of the UTF-8 bytes (so a space is ``%20``, never ``+``). The same
function produces the canonical request and the emitted URL, so the two never disagree.
"""

import sys

from .checks import check_flag
from .errors import InvalidInputError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, Tuple, Union

    Text = Union[str, bytes]

_UNRESERVED = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
_UNRESERVED_SLASH = _UNRESERVED + b"/"
_HEX = "0123456789ABCDEF"
# byte -> its %XX form, as bytes, for the replace-based encoder
_PCT = [("%" + _HEX[i >> 4] + _HEX[i & 15]).encode() for i in range(256)]
_BYTE = [bytes((i,)) for i in range(256)]
_HEXVAL = {}
for _i, _c in enumerate(_HEX):
    _HEXVAL[ord(_c)] = _i
    _HEXVAL[ord(_c.lower())] = _i

try:
    b"".translate(None, b"")
    _HAVE_TRANSLATE = True
except Exception:  # MicroPython has no bytes.translate
    _HAVE_TRANSLATE = False


def _unsafe_bytes(data: bytes, safe: bytes) -> bytes:
    """The bytes of ``data`` that are not in ``safe`` (duplicates allowed)."""
    if _HAVE_TRANSLATE:
        return data.translate(None, safe)
    return bytes([c for c in data if c not in safe])


def _to_bytes(value: "Text") -> bytes:
    if isinstance(value, str):
        try:
            return value.encode("utf-8")
        except UnicodeError as error:
            # Only a lone surrogate (U+D800..U+DFFF) has no UTF-8 form, hence no URL.
            # The text itself is not shown: it may be a secret.
            raise InvalidInputError(
                "text has a lone surrogate U+%04X at position %d, which UTF-8 cannot "
                "encode; pass real text" % (ord(value[error.start]), error.start)  # type: ignore[attr-defined]
            )
    if isinstance(value, bytes):
        return value
    if isinstance(value, bytearray):
        return bytes(value)
    raise InvalidInputError("expected text (str) or bytes, not %s" % type(value).__name__)


def uri_encode(value: "Text", keep_slash: bool = False) -> str:
    """Percent-encode ``value`` the SigV4 way.

    ``UriEncode(v) = for each UTF-8 byte b of v: b if b is unreserved, else "%" HEX(b)``

    With ``keep_slash`` a ``/`` also stays as it is (for paths).
    """
    try:
        data = value.encode("utf-8") if type(value) is str else _to_bytes(value)
    except UnicodeError:
        data = _to_bytes(value)  # raises the clear error
    if keep_slash is False:
        return encode_bytes(data, False)
    return encode_bytes(data, check_flag("keep_slash", keep_slash))


try:
    from codecs import charmap_decode
except ImportError:  # MicroPython
    charmap_decode = None  # type: ignore[assignment]

# PyPy's JIT makes a per-byte table lookup the quickest encoder; CPython's interpreter
# wants the work done in C passes (the wide encoder below).
_PER_BYTE = sys.implementation.name == "pypy"
# Per safe set: byte -> the text it encodes to (the per-byte encoder's tables).
_TEXT: "Dict[bytes, List[str]]" = {}
for _safe in (_UNRESERVED, _UNRESERVED_SLASH) if _PER_BYTE else ():
    _TEXT[_safe] = [chr(_i) if _i in _safe else _PCT[_i].decode("ascii") for _i in range(256)]

# Per safe set, the decoding table of the wide encoder: a byte to keep decodes to
# itself, a byte to encode with hex digits h, l to the character whose UTF-8 form is
# E1 80+h 90+l (U+1000 + h<<6 + 16+l).
_WIDE = {}
for _safe in (_UNRESERVED, _UNRESERVED_SLASH):
    _WIDE[_safe] = "".join([
        chr(_i) if _i in _safe else chr(0x1000 | (_i >> 4) << 6 | 0x10 | (_i & 15)) for _i in range(256)
    ])
# ... and the byte translation that spells those UTF-8 bytes: E1 -> "%", 80+h and 90+l
# -> hex digits; every other byte (the ASCII kept) as it is.
_spell = bytearray(range(256))
_spell[0xE1] = 0x25
for _i in range(16):
    _spell[0x80 + _i] = _spell[0x90 + _i] = ord(_HEX[_i])
_SPELL = bytes(_spell)


def encode_bytes(data: bytes, keep_slash: bool = False) -> str:
    """:func:`uri_encode` of UTF-8 bytes (or any bytes), ``keep_slash`` a checked bool."""
    safe = _UNRESERVED_SLASH if keep_slash else _UNRESERVED
    if not _HAVE_TRANSLATE:
        unsafe = _unsafe_bytes(data, safe)
        if not unsafe:
            return data.decode("ascii")
        return _replace_each(data, unsafe)
    unsafe = data.translate(None, safe)
    if not unsafe:
        return data.decode("ascii")
    # Three passes whatever the bytes, or one per distinct byte: the latter only when
    # few bytes need encoding.
    if len(unsafe) * 8 > len(data):
        if _PER_BYTE:
            table = _TEXT[safe]
            return "".join([table[byte] for byte in data])
        if charmap_decode is not None:
            return _wide(data, _WIDE[safe])
    return _replace_each(data, unsafe)


# The wide encoder serves (CPython); elsewhere encode_bytes picks another.
HAVE_WIDE = charmap_decode is not None and not _PER_BYTE


def encode_wide(data: bytes, keep_slash: bool = False) -> str:
    """:func:`encode_bytes` by the wide encoder (where :data:`HAVE_WIDE`): for bytes of
    which many need encoding."""
    return _wide(data, _WIDE[_UNRESERVED_SLASH if keep_slash else _UNRESERVED])


def _wide(data: bytes, table: str) -> str:
    """Encode in three C passes whatever the mix of bytes (replacing each distinct byte
    in turn costs a pass per distinct byte: dozens for text in a non-Latin script).

    Each byte decodes (``table``) to one character: itself when kept, else the one whose
    UTF-8 form is ``E1 80+h 90+l`` for its hex digits h, l. The UTF-8 bytes of the
    result, translated (``E1`` to ``%``, ``80+h`` and ``90+l`` to the digits), are the
    encoded text."""
    return charmap_decode(data, "strict", table)[0].encode("utf-8").translate(_SPELL).decode("ascii")


def _replace_each(data: bytes, unsafe: bytes) -> str:
    """``data`` with each byte of ``unsafe`` (the bytes of data to encode) replaced by
    its ``%XX``: "%" first, so that the "%" of later replacements is never encoded again,
    then each distinct byte once."""
    if 37 in unsafe:
        data = data.replace(b"%", b"%25")
        unsafe = unsafe.replace(b"%", b"")
    if len(unsafe) <= 32:
        for byte in set(unsafe):
            data = data.replace(_BYTE[byte], _PCT[byte])
    else:
        # Many bytes, few distinct (a long non-ASCII text): shrinking the rest is
        # cheaper than a set of all of them.
        while unsafe:
            byte = unsafe[0]
            data = data.replace(_BYTE[byte], _PCT[byte])
            unsafe = unsafe.replace(_BYTE[byte], b"")
    return data.decode("ascii")


def uri_encode_pairs(pairs: "List[Tuple[Text, Text]]") -> "List[Tuple[str, str]]":
    """``[(uri_encode(name), uri_encode(value)) for name, value in pairs]``, in one pass:
    the texts joined by a separator are encoded once and split again. Text is joined by
    U+00FF when none holds it; bytes by the byte 0xFF (which UTF-8 never holds) unless
    one does. Otherwise each goes on its own."""
    texts = []
    for name, value in pairs:
        texts.append(name)
        texts.append(value)
    try:
        # All text (the common case): one join, one UTF-8 encoding.
        blob: "Optional[bytes]" = "\xff".join(texts).encode("utf-8")  # type: ignore[arg-type]
    except TypeError:  # some are bytes
        blob = None
    except UnicodeError:
        blob = None
    if blob is not None:
        # U+00FF is the UTF-8 bytes C3 BF, encoded %C3%BF: a separator when no text
        # holds it (C3 BF is that character and nothing else).
        if blob.count(b"\xc3\xbf") == len(texts) - 1:
            encoded = encode_bytes(blob).split("%C3%BF")
            return list(zip(encoded[::2], encoded[1::2]))
        encoded = [uri_encode(text) for text in texts]
        return list(zip(encoded[::2], encoded[1::2]))
    blobs = [_to_bytes(text) for text in texts]  # raises the clear error
    if any(b"\xff" in blob for blob in blobs):
        encoded = [encode_bytes(blob) for blob in blobs]
    else:
        encoded = encode_bytes(b"\xff".join(blobs)).split("%FF")
    return list(zip(encoded[::2], encoded[1::2]))


# The wide table of query_items: as for any unreserved text, but the separators NUL
# (between a name and its value) and SOH (between pairs) decode to "!" and "&".
_WIDE_QUERY = "!&" + _WIDE[_UNRESERVED][2:]
_TEXT_QUERY = ["!", "&"] + _TEXT[_UNRESERVED][2:] if _PER_BYTE else []


def query_items(params: "Any") -> "Optional[List[str]]":
    """``[uri_encode(name) + "!" + uri_encode(value) for name, value in params]`` in one
    pass, for the common case: a list, tuple or dict of (name, value) pairs of text, no
    name empty, no text holding NUL or SOH (the separators). None otherwise: the general
    path (``params_list``, then :func:`uri_encode_pairs`) checks and encodes every other
    case, and refuses what it must.

    ``"!"`` is never in an encoded text and sorts below every character one holds, so
    the items sort as their (name, value) pairs do: see
    :func:`~sigv4presign.core.canonical.canonical_query_items`."""
    kind = type(params)
    if kind is dict:
        params = params.items()
    elif kind is not list and kind is not tuple:
        return None
    try:
        text = "\x01".join(map("\x00".join, params))
    except TypeError:  # bytes or ints: the general path
        return None
    count = len(params)
    if (
        not count
        or text.count("\x00") != count  # exactly one per pair: a pair of two texts
        or text.count("\x01") != count - 1
        or text[:1] == "\x00"  # an empty name
        or "\x01\x00" in text
    ):
        return None
    try:
        data = text.encode("utf-8")
    except UnicodeError:  # a lone surrogate: the general path says where
        return None
    if _PER_BYTE:
        return "".join([_TEXT_QUERY[byte] for byte in data]).split("&")
    if charmap_decode is not None:
        return _wide(data, _WIDE_QUERY).split("&")
    return encode_bytes(data).replace("%00", "!").split("%01")


def uri_decode(value: "Text") -> bytes:
    """Undo percent-encoding: each ``%XX`` (either hex case) becomes the byte XX.

    A ``%`` not followed by two hex digits is kept as a literal ``%``, as servers do.
    ``+`` is left alone; see :func:`form_decode` for query strings.
    """
    data = _to_bytes(value)
    if b"%" not in data:
        return data
    pieces = data.split(b"%")
    out = [pieces[0]]
    for piece in pieces[1:]:
        hi = _HEXVAL.get(piece[0]) if len(piece) >= 2 else None
        lo = None if hi is None else _HEXVAL.get(piece[1])
        if lo is None:
            out.append(b"%")  # not an escape: the "%" stays
            out.append(piece)
        else:
            out.append(_BYTE[hi * 16 + lo])  # type: ignore[operator]
            out.append(piece[2:])
    return b"".join(out)


def form_decode(value: "Text") -> bytes:
    """Decode a query-string component: ``+`` is a space, then ``%XX`` as usual.

    This is how S3 and botocore read the query of a URL.
    """
    data = _to_bytes(value)
    if b"+" in data:
        data = data.replace(b"+", b" ")
    return uri_decode(data)


# Characters that may stand raw in a URL path (RFC 3986 pchar plus "/" and "%").
_PATH_SAFE = _UNRESERVED_SLASH + b"!$&'()*+,;=:@%"


def encode_path_for_url(path: "Text") -> str:
    """A path as it goes on the wire: characters a URL cannot carry raw (space,
    non-ASCII, ``"<>\\^`{|}``, controls, a stray ``%``) become ``%XX``; everything
    else, existing ``%XX`` escapes included, stays as given."""
    data = _to_bytes(path)
    unsafe = _unsafe_bytes(data, _PATH_SAFE)
    if not unsafe and (b"%" not in data or _valid_escapes(data)):
        return data.decode("ascii")
    out = []
    i = 0
    n = len(data)
    while i < n:
        c = data[i]
        if c == 37:
            if i + 2 < n and data[i + 1] in _HEXVAL and data[i + 2] in _HEXVAL:
                out.append(data[i : i + 3].decode("ascii"))
                i += 3
                continue
            out.append("%25")
        elif c in _PATH_SAFE:
            out.append(chr(c))
        else:
            out.append(_PCT[c].decode("ascii"))
        i += 1
    return "".join(out)


def _valid_escapes(data: bytes) -> bool:
    i = data.find(b"%")
    n = len(data)
    while i >= 0:
        if not (i + 2 < n and data[i + 1] in _HEXVAL and data[i + 2] in _HEXVAL):
            return False
        i = data.find(b"%", i + 3)
    return True
