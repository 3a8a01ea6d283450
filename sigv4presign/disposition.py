"""``Content-Disposition`` values that make a browser save a download under a given name.

For S3's ``response-content-disposition`` (``ResponseContentDisposition``): a presigned
GET whose response carries this header downloads as ``filename``, whatever the key.

RFC 6266 with RFC 8187 for names outside plain ASCII::

    attachment; filename="report 2026.pdf"
    attachment; filename="Gr_e.pdf"; filename*=UTF-8''Gr%C3%BC%C3%9Fe.pdf

``filename*`` (``UTF-8''`` + the UTF-8 bytes percent-encoded, all but RFC 8187's
attr-char ``A-Z a-z 0-9 ! # $ & + - . ^ _ ` | ~``) carries the exact name; browsers
prefer it. ``filename`` is the fallback for clients that only read that: the name with
each run of characters outside printable ASCII, and every ``"`` and ``%``, replaced by
``_`` (RFC 6266 advises against ``%`` and escapes there), so the extension survives.

Refused, with a clear error, because a browser cannot save them as given or they
mislead: an empty name, ``.`` or ``..``; white space at either end (browsers trim
it); a ``/`` or ``\\`` (a path, not a name: pass its last part); control characters (U+0000-U+001F, U+007F-U+009F); bidirectional
overrides and isolates (U+202A-U+202E, U+2066-U+2069), with which ``"cod\\u202egpj.exe"``
shows as ``codexe.jpg``; unpaired surrogates (no UTF-8 form); and names of more than
255 UTF-8 bytes, which file systems cut short, often through the extension.
"""

from .core.errors import InvalidInputError, shown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, List

# RFC 8187 attr-char: what stays as it is in filename*
ATTR_CHARS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~"
)
MAX_NAME_BYTES = 255
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def check_filename(filename: "Any") -> str:
    """``filename`` if a browser can save a file under exactly that name (see the
    module's notes for what is refused and why)."""
    if not isinstance(filename, str) or not filename:
        raise InvalidInputError("filename must be a non-empty file name such as 'report.pdf', got %s"
                                % shown(filename))
    if filename in (".", ".."):
        raise InvalidInputError("filename %r is not a file name" % (filename,))
    for char in filename:
        if char in "/\\":
            raise InvalidInputError(
                "filename %r has a %r: give the name alone, without a path (such as %r)"
                % (filename, char, filename.replace("\\", "/").rsplit("/", 1)[-1] or "report.pdf")
            )
        if char < " " or "\x7f" <= char <= "\x9f":
            raise InvalidInputError("filename %r has a control character (U+%04X)" % (filename, ord(char)))
        if char in _BIDI_CONTROLS:
            raise InvalidInputError(
                "filename %r has a bidirectional control character (U+%04X), which can make a "
                "name show another extension than it has" % (filename, ord(char))
            )
        if "\ud800" <= char <= "\udfff":
            raise InvalidInputError("filename %r has an unpaired surrogate (U+%04X)" % (filename, ord(char)))
    if filename != filename.strip():
        raise InvalidInputError(
            "filename %r starts or ends with white space, which browsers and file systems "
            "drop: give %r" % (filename, filename.strip() or "report.pdf")
        )
    size = len(filename.encode("utf-8"))
    if size > MAX_NAME_BYTES:
        raise InvalidInputError(
            "filename is %d bytes in UTF-8; file systems keep at most %d, so it would be cut "
            "short: give a shorter name" % (size, MAX_NAME_BYTES)
        )
    return filename


def _plain(char: str) -> bool:
    """May ``char`` stand in the quoted ``filename`` as it is?"""
    return " " <= char <= "~" and char not in '"%\\'


def ascii_fallback(filename: str) -> str:
    """The ``filename`` parameter's value: each run of characters that are not printable
    ASCII, and each ``"`` and ``%``, becomes one ``_``."""
    out: "List[str]" = []
    replaced = False
    for char in filename:
        if _plain(char):
            out.append(char)
            replaced = False
        elif char in '"%' or not replaced:
            out.append("_")
            replaced = char not in '"%'
    return "".join(out)


def rfc8187_value(filename: str) -> str:
    """``UTF-8''`` + the UTF-8 bytes of ``filename``, each byte outside attr-char as
    ``%XX`` (upper-case hex): RFC 8187's ``ext-value``."""
    out = ["UTF-8''"]
    for byte in filename.encode("utf-8"):
        char = chr(byte)
        out.append(char if byte < 0x80 and char in ATTR_CHARS else "%%%02X" % byte)
    return "".join(out)


def content_disposition(filename: str, inline: bool = False) -> str:
    """A ``Content-Disposition`` value under which a browser saves (``inline=False``,
    ``attachment``) or shows (``inline=True``) the response as ``filename``::

        attachment; filename="report.pdf"
        attachment; filename="_.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf

    ``filename*`` appears only when the name is not plain printable ASCII without
    ``"``, ``%`` and ``\\``. Pass it as ``response-content-disposition`` (or
    ``ResponseContentDisposition``) on a presigned GET.
    """
    if inline is not True and inline is not False:
        raise InvalidInputError("inline must be True or False, got %s" % shown(inline))
    name = check_filename(filename)
    head = "inline" if inline else "attachment"
    if all(_plain(char) for char in name):
        return '%s; filename="%s"' % (head, name)
    return '%s; filename="%s"; filename*=%s' % (head, ascii_fallback(name), rfc8187_value(name))
