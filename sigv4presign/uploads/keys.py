"""Object keys: the server mints every key, and only takes back keys it could have minted.

A key is ``{prefix}{token}/{name}``:

- ``prefix``: the grant's prefix (``uploads/``, or ``uploads/user-42/`` for one user);
- ``token``: 32 lower-case hex digits, 16 random bytes, or with a ``key_secret`` 10
  random bytes and the first 6 bytes of ``HMAC-SHA256(key_secret, prefix + nonce + "/"
  + name)``, so a key the server did not mint is recognised without any storage;
- ``name``: :func:`safe_name` of the client's filename, one segment of at most 255
  UTF-8 bytes (and shorter when the whole key would pass S3's 1,024 bytes).
"""

import hmac
import os
from hashlib import sha256

from ..core.errors import InvalidInputError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Optional

MAX_NAME_BYTES = 255
MAX_KEY_BYTES = 1024
TOKEN_HEX = 32
_NONCE_BYTES = 10
_TAG_BYTES = 6
_HEX = frozenset("0123456789abcdef")
# Besides letters and digits (any script), what a name keeps; anything else becomes "_".
_KEPT = frozenset(" -_.()+,=@")
DEFAULT_NAME = "file"


class KeyRefused(Exception):
    """A key given back by a client is outside the grant or was not minted here (403)."""


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _cut(text: str, limit: int) -> str:
    """The longest start of ``text`` of at most ``limit`` UTF-8 bytes (whole characters)."""
    data = text.encode("utf-8")[:limit]
    return data.decode("utf-8", "ignore")


def safe_name(filename: "Any", limit: int = MAX_NAME_BYTES) -> str:
    """The last segment of ``filename`` made safe as a key's last segment.

    Composed to NFC (macOS names arrive decomposed), split at ``/`` and ``\\`` (keep
    the last part); control characters (C0, DEL, C1) and lone surrogates dropped; every
    character that is not a letter, a digit or one of `` -_.()+,=@`` becomes ``_``; runs of spaces become one; spaces and dots trimmed at
    both ends (so ``.`` and ``..`` vanish); cut to ``limit`` UTF-8 bytes keeping the
    extension when it is short; ``file`` when nothing is left.
    """
    from unicodedata import normalize

    text = filename if isinstance(filename, str) else ""
    try:
        text = normalize("NFC", text)
    except UnicodeError:  # pragma: no cover - lone surrogates are dropped below anyway
        pass
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    out = []
    for char in text:
        code = ord(char)
        if code < 32 or 127 <= code < 160 or 0xD800 <= code <= 0xDFFF:
            continue
        out.append(char if char.isalnum() or char in _KEPT else "_")
    name = "".join(out).strip(" .")
    while "  " in name:
        name = name.replace("  ", " ")
    if not name:
        return DEFAULT_NAME
    if _utf8_len(name) > limit:
        stem, dot, ext = name.rpartition(".")
        if dot and stem and 0 < _utf8_len(ext) <= 16:
            name = _cut(stem, limit - _utf8_len(ext) - 1).rstrip(" .") + "." + ext
        else:
            name = _cut(name, limit).rstrip(" .")
    return name or DEFAULT_NAME


def check_prefix(prefix: "Any") -> str:
    """A key prefix: ``""`` or text ending in ``/`` (one is added), of printable
    characters, without ``.``/``..`` segments or an empty segment, short enough to leave
    room for a token and a name."""
    if not isinstance(prefix, str):
        raise InvalidInputError("prefix must be a string such as 'uploads/', not %s" % type(prefix).__name__)
    text: str = prefix
    if text and not text.endswith("/"):
        text += "/"
    for char in text:
        if ord(char) < 32 or 127 <= ord(char) < 160 or char == "\\":
            raise InvalidInputError("prefix %r has the character %r, which keys here cannot have" % (text, char))
    segments = text.split("/")[:-1]
    if text.startswith("/") or any(s in ("", ".", "..") for s in segments):
        raise InvalidInputError("prefix %r has an empty, '.' or '..' segment" % (text,))
    if _utf8_len(text) > MAX_KEY_BYTES - TOKEN_HEX - 2 - 16:
        raise InvalidInputError("prefix %r is too long to leave room for a token and a file name" % (text,))
    return text


def _tag(secret: bytes, prefix: str, nonce: str, name: str) -> str:
    message = (prefix + nonce + "/" + name).encode("utf-8")
    return str(hmac.new(secret, message, sha256).hexdigest())[: 2 * _TAG_BYTES]


def mint_key(prefix: str, filename: "Any", secret: "Optional[bytes]" = None) -> str:
    """A new key ``{prefix}{token}/{name}`` for ``filename`` (see the module docstring)."""
    room = MAX_KEY_BYTES - _utf8_len(prefix) - TOKEN_HEX - 1
    name = safe_name(filename, min(MAX_NAME_BYTES, room))
    if secret is None:
        token = os.urandom(TOKEN_HEX // 2).hex()
    else:
        nonce = os.urandom(_NONCE_BYTES).hex()
        token = nonce + _tag(secret, prefix, nonce, name)
    return prefix + token + "/" + name


def check_key(key: "Any", prefix: str, secret: "Optional[bytes]" = None) -> str:
    """``key`` when it lies under ``prefix`` and has the minted shape (and tag); else
    :class:`KeyRefused`, which says why without echoing the key."""
    if not isinstance(key, str) or not key:
        raise KeyRefused("the key is missing")
    if _utf8_len(key) > MAX_KEY_BYTES:
        raise KeyRefused("the key is longer than S3 allows")
    if not key.startswith(prefix):
        raise KeyRefused("the key is outside the prefix this request may use")
    rest = key[len(prefix):]
    token, slash, name = rest.partition("/")
    if (
        not slash
        or len(token) != TOKEN_HEX
        or any(c not in _HEX for c in token)
        or not name
        or safe_name(name) != name
    ):
        raise KeyRefused("the key was not issued by this server")
    if secret is not None:
        nonce, tag = token[: 2 * _NONCE_BYTES], token[2 * _NONCE_BYTES:]
        if not hmac.compare_digest(tag, _tag(secret, prefix, nonce, name)):
            raise KeyRefused("the key was not issued by this server")
    return key


def name_of(key: str) -> str:
    """The file name part of a minted key."""
    return key.rsplit("/", 1)[-1]
