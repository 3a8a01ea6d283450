"""Verify presigned URLs, and explain what a server computes for one.

Verification is signing run backwards on a parsed URL, through the same functions::

    split_url, parse_query            -> path, decoded (name, value) pairs
    canonical_uri, canonical_query,
    canonical_headers                 -> canonical_request
    credential_scope, string_to_sign  -> string to sign
    signing_key, signature            -> expected signature
    hmac.compare_digest(expected, X-Amz-Signature)

Most URLs are already in canonical form on the wire: a query whose every component is
its own ``UriEncode(FormDecode(component))``, and (for S3) a path that is its own
``UriEncode(UriDecode(path))``, is read as it stands instead of being decoded and
encoded again (the same texts, so the same canonical request). Pure functions of public
URL texts (the checked authority, the credential scope, ``X-Amz-Date``, the signed
headers, the rules, the header block of a request without headers) are memoised,
bounded; nothing secret is kept, and the time and the signature are checked every time.

A SigV4a URL (``AWS4-ECDSA-P256-SHA256``) has a scope without region and an
``X-Amz-Region-Set``; its ECDSA signature is checked against the public key derived
from the credentials (:func:`~sigv4presign.core.signing.verify_canonical`).

The service in the credential scope picks the rules, as data: ``s3`` and
``s3-object-lambda`` (signed by S3's signer too) take the path in its one canonical
encoding (``UriEncode(UriDecode(path))``, no normalisation) and
``UNSIGNED-PAYLOAD``; every other service encodes the path as received once more after
removing ``.``, ``..`` and empty segments, with the SHA-256 of an empty body.

POST forms are verified in :mod:`.verify_post` and refusals diagnosed in :mod:`.diagnosis`,
both on the parsing and checks defined here.

Evidence attached to errors never holds a secret key, a signing key, the expected
signature or a session token (a token inside a canonical request is redacted).
"""

import hmac
import re

from .core.canonical import (
    UNSIGNED_PAYLOAD,
    canonical_headers,
    canonical_query_items,
    canonical_request,
    canonical_uri,
)
from .core.checks import (
    check_method,
    check_payload_hash,
    check_region_set,
    check_scope_part,
    headers_list,
)
from .core.encoding import uri_decode, uri_encode_pairs
from .core.errors import (
    ExpiredError,
    InvalidInputError,
    MalformedRequestError,
    NotYetValidError,
    ScopeMismatchError,
    SessionTokenError,
    SignatureMismatchError,
    UnknownAccessKeyError,
    printable,
    shown,
)
from .core.memo import remember
from .core.rules import GENERIC, S3, SERVICE_RULES, Rules, rules_for
from .core.signing import (
    ALGORITHM,
    ALGORITHM_V4A,
    ALGORITHMS,
    scope_for,
    string_to_sign_for,
    verify_canonical,
)
from .core.timefmt import (
    MAX_EXPIRES,
    MAX_EXPIRES_CAP,
    MAX_TIME,
    _shown_number,
    amz_date,
    parse_amz_date,
    signing_time,
)
from .core.urls import check_host, parse_query, split_url
from .core.values import Credentials, TimeWindow, utc_datetime, valid_until
from .pitfalls import sdk_pitfalls
from .redaction import redact
from .s3_object import bucket_and_key

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

    from .core.checks import HeadersArg
    from .core.values import TimeArg

    # The authentication parameters found in a query, by their spelling, as received:
    # text as on the wire (read by _field) or bytes percent-decoded (to be read as UTF-8).
    AuthFields = Dict[str, Union[str, bytes]]

    CredentialsArg = Union[
        Credentials, Mapping[str, Credentials], Callable[[str], Optional[Credentials]]
    ]

TOKEN_MODES = ("signed", "unsigned")

# decoded lower-case name -> the one spelling signers write
_AUTH = {
    b"x-amz-algorithm": "X-Amz-Algorithm",
    b"x-amz-credential": "X-Amz-Credential",
    b"x-amz-date": "X-Amz-Date",
    b"x-amz-expires": "X-Amz-Expires",
    b"x-amz-signedheaders": "X-Amz-SignedHeaders",
    b"x-amz-security-token": "X-Amz-Security-Token",
    b"x-amz-s3session-token": "X-Amz-S3session-Token",
    b"x-amz-signature": "X-Amz-Signature",
    b"x-amz-region-set": "X-Amz-Region-Set",
}
# the same, by the name as it stands on the wire, lower-cased (for ASCII names only)
_AUTH_TEXT = dict((name.decode("ascii"), spelling) for name, spelling in _AUTH.items())
_AUTH_SPELLINGS = frozenset(_AUTH.values())
_HEX = frozenset("0123456789abcdef")
_HEX_DIGITS = b"0123456789abcdef"
_PRINTABLE = bytes(range(32, 127))
_DIGITS = frozenset("0123456789")
_HEADER_NAME_CHARS = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz")

# -- wire text that is already canonical ------------------------------------------------
#
# A query component's canonical form is uri_encode(form_decode(component)), a path's
# under S3's rules uri_encode(uri_decode(path), keep "/"). Text made only of unreserved
# characters and upper-case escapes of bytes that are not unreserved (nor, in a path,
# "/") is its own canonical form, and most URLs are all such text: reading it as it
# stands spares decoding every component to bytes and encoding it again.
_UNRESERVED = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
_QUERY_CHARS = _UNRESERVED + b"%&="
_PATH_CHARS = _UNRESERVED + b"%/"
# "%" not before two upper-case hex digits, or before those of an unreserved byte
# (%2D %2E %30-%39 %41-%5A %5F %61-%7A %7E): decoding and encoding change either.
_QUERY_ESCAPE_CHANGES = re.compile(
    r"%(?:(?![0-9A-F]{2})|2[DE]|3[0-9]|4[1-9A-F]|5[0-9AF]|6[1-9A-F]|7[0-9AE])"
)
# the same, and %2F: S3 reads a path's escaped "/" as "/", which stays raw
_PATH_ESCAPE_CHANGES = re.compile(
    r"%(?:(?![0-9A-F]{2})|2[DEF]|3[0-9]|4[1-9A-F]|5[0-9AF]|6[1-9A-F]|7[0-9AE])"
)


def _only(text: str, chars: bytes) -> bool:
    """Is ``text`` made only of the ASCII characters ``chars``?"""
    return text.isascii() and not text.encode("ascii").translate(None, chars)


def _wire_query(query: str) -> "Optional[Tuple[List[str], AuthFields]]":
    """:func:`_read_query` of a query whose components are each already their own
    canonical encoding, ``uri_encode(form_decode(component))``, in pieces
    ``NAME=VALUE``: read as it stands on the wire. None for any other query (a ``+``,
    a lower-case or unneeded escape, a raw reserved or non-ASCII character, an ``=``
    inside a value, an empty piece or one without ``=``), which must be decoded.

    Such a name is ASCII and, unless it has an escape (and then it names no parameter
    of ours), its own decoded text: the checks of :func:`_read_query` hold on it as is.
    """
    if not _only(query, _QUERY_CHARS) or _QUERY_ESCAPE_CHANGES.search(query):
        return None
    items = query.replace("=", "!").split("&")  # "!" is never in canonical text
    found: "AuthFields" = {}
    for item in items:
        name, bang, value = item.partition("!")
        if not bang or "!" in value:  # an empty piece, or not one "=" in it
            return None
        if name in _AUTH_SPELLINGS:
            if name in found:
                raise _malformed(name, "%s appears more than once" % name)
            found[name] = value  # decoded by _field when read
        else:
            spelling = _AUTH_TEXT.get(name.lower())
            if spelling is not None:
                if spelling in found:
                    raise _malformed(spelling, "%s appears more than once" % spelling)
                raise _malformed(spelling, "%s must be spelled %s" % (name, spelling))
    return items, found


def _is_canonical_s3_path(path: str) -> bool:
    """Is ``path`` its own canonical URI under S3's rules (single encoding, no
    normalisation): ``uri_encode(uri_decode(path), keep "/") == path``?"""
    return _only(path, _PATH_CHARS) and not _PATH_ESCAPE_CHANGES.search(path)


# -- memos of pure functions of public URL text ------------------------------------------
#
# Parsing the same credential scope, date, signed headers and rules again for every URL
# is waste: each memo maps a public text to what it parses into (never an error, never
# a secret). Bounded: a full memo is emptied. Entries are whole values, set at once.
_MEMO_SIZE = 256


def _remember(memo: "Dict[Any, Any]", key: "Any", value: "Any") -> None:
    remember(memo, key, value, _MEMO_SIZE)


class Verified(TimeWindow):
    """A request that verified: who signed it, for what, and until when.

    ``access_key_id`` signed it, for ``region`` and ``service``. What the signature
    covers: ``method``; ``host`` (the URL's authority, lower-case, without a default
    port) and ``path`` (as sent, percent-encoded); ``signed_headers``, the header names
    (``()`` for a POST form, whose ``host`` and ``path`` are None). For S3, ``bucket``
    and ``key`` are the object the URL names (see :mod:`sigv4presign.s3_object`; None
    when that cannot be known from the URL) or the form's bucket and key (with
    ``${filename}`` filled in). ``signed_at`` and ``expires_at`` are aware UTC datetimes
    (``expires_at`` is the earlier of the URL's or policy's expiry and the credentials'
    expiration).
    For a SigV4a URL ``region`` is its region set (``*``, or region names joined by ``,``).
    """

    __slots__ = (
        "access_key_id", "region", "service", "signed_headers", "method",
        "signed_at_epoch", "expires_at_epoch", "host", "path", "bucket", "key",
    )

    access_key_id: str
    region: str
    service: str
    signed_headers: "Tuple[str, ...]"
    method: str
    signed_at_epoch: int
    expires_at_epoch: int
    host: "Optional[str]"
    path: "Optional[str]"
    bucket: "Optional[str]"
    key: "Optional[str]"

    def __repr__(self) -> str:
        target = "" if self.host is None else " " + printable(self.host + (self.path or ""))
        return "<Verified %s%s by %s for %s/%s signed_at=%s expires_at=%s>" % (
            self.method, target, printable(self.access_key_id), self.region, self.service,
            amz_date(self.signed_at_epoch), amz_date(self.expires_at_epoch),
        )


# -- parsing a presigned URL ------------------------------------------------------------


class _Parsed:
    """A presigned URL taken apart and checked for form (not for validity)."""

    __slots__ = (
        "scheme", "host", "path", "query", "access_key_id", "date", "region", "service",
        "amz_date", "signed_at", "expires", "signed_headers", "signature", "token", "token_param",
        "algorithm", "query_key",
    )

    def __init__(self) -> None:
        self.scheme = ""
        self.host = ""
        self.path = ""
        # the query's parameters as canonical query items (see _read_query)
        self.query: "List[str]" = []
        self.access_key_id = ""
        self.date = ""
        self.region = ""
        self.service = ""
        self.amz_date = ""
        self.signed_at = 0
        self.expires: "Optional[int]" = None
        self.signed_headers: "Tuple[str, ...]" = ()
        self.signature: "Optional[str]" = None
        self.token: "Optional[str]" = None
        self.token_param = "X-Amz-Security-Token"
        # SigV4a: region holds the region set ("*" or names joined by ",").
        self.algorithm = ALGORITHM
        # The query up to its signature's value, when _PARSED_QUERIES holds its reading.
        self.query_key: "Optional[str]" = None

    def at(self, scheme: str, host: str, path: str, signature: str) -> "_Parsed":
        """This reading of a query, for another URL with the same query but for the
        signature's value (a copy: a reading is shared by every URL of its query)."""
        parsed = _Parsed.__new__(_Parsed)
        parsed.scheme, parsed.host, parsed.path, parsed.signature = scheme, host, path, signature
        parsed.query, parsed.access_key_id, parsed.date = self.query, self.access_key_id, self.date
        parsed.region, parsed.service, parsed.amz_date = self.region, self.service, self.amz_date
        parsed.signed_at, parsed.expires, parsed.signed_headers = self.signed_at, self.expires, self.signed_headers
        parsed.token, parsed.token_param, parsed.algorithm = self.token, self.token_param, self.algorithm
        parsed.query_key = self.query_key
        return parsed


def _malformed(parameter: str, message: str) -> MalformedRequestError:
    return MalformedRequestError(message, parameter=parameter)


def _text(value: bytes, parameter: str) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise _malformed(parameter, "%s is not UTF-8 text after percent-decoding" % parameter)


def _split(url: "Any") -> "Tuple[str, str, str, str]":
    if type(url) is not str:
        if isinstance(url, (bytes, bytearray)):
            try:
                url = bytes(url).decode("utf-8")
            except UnicodeDecodeError:
                raise _malformed("url", "the URL is not UTF-8 text")
        if not isinstance(url, str):
            raise _malformed("url", "the URL must be a string, not %s" % type(url).__name__)
    # An ASCII URL is printable if nothing is left once its printable characters go.
    if url.encode("ascii").translate(None, _PRINTABLE) if url.isascii() else not url.isprintable():
        for i, char in enumerate(url):
            if char < " " or char == "\x7f":
                # No request line carries one raw (RFC 9112 3.2); percent-encoded, it is text.
                raise _malformed(
                    "url", "the URL has the control character U+%04X at position %d, which no "
                    "HTTP request carries raw" % (ord(char), i)
                )
    # split_url, spared its checks of a scheme and host it has passed before.
    sep = url.find("://")
    authority = url[: _authority_end(url, sep + 3)] if sep > 0 and "#" not in url else ""
    known = _AUTHORITIES.get(authority) if authority else None
    if known is not None:
        q = url.find("?", len(authority))
        path = url[len(authority) :] if q < 0 else url[len(authority) : q]
        return known[0], known[1], path or "/", "" if q < 0 else url[q + 1 :]
    try:
        parts = split_url(url)
    except InvalidInputError as exc:
        # split_url may quote the URL, which can hold a session token: not repeated.
        detail = str(exc).replace("url " + shown(url), "the URL").replace(shown(url), "the URL")
        raise _malformed("url", "the URL cannot be taken apart: " + detail)
    if authority:
        _remember(_AUTHORITIES, authority, (parts[0], parts[1]))
    return parts


# "scheme://host[:port]" as split_url accepted it -> its (scheme, host): the scheme and
# the host are a function of this text alone, checked once. (One with user info, the
# only place a URL's authority could hold a secret, is refused, so never kept.)
_AUTHORITIES: "Dict[str, Tuple[str, str]]" = {}


def _authority_end(url: str, start: int) -> int:
    """Where the authority that begins at ``start`` ends: at the first ``/`` or ``?``
    (as split_url reads it; a URL with a ``#`` is refused before)."""
    slash = url.find("/", start)
    query = url.find("?", start, len(url) if slash < 0 else slash)
    return query if query >= 0 else slash if slash >= 0 else len(url)


def parse_credential(value: str, parameter: str) -> "Tuple[str, str, str, str]":
    """``(access_key_id, date, region, service)`` of ``AKID/YYYYMMDD/region/service/aws4_request``.

    The access key id is whatever precedes the last four ``/``-separated parts.
    """
    parts = value.rsplit("/", 4)
    if len(parts) != 5 or not parts[0] or parts[4] != "aws4_request":
        raise _malformed(
            parameter,
            "%s must be ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request" % parameter,
        )
    akid, date, region, service = parts[0], parts[1], parts[2], parts[3]
    if len(date) != 8 or not _DIGITS.issuperset(date):
        raise _malformed(parameter, "%s: the date %s is not YYYYMMDD" % (parameter, shown(date)))
    try:
        parse_amz_date(date + "T000000Z")
        check_scope_part("region", region)
        check_scope_part("service", service)
    except InvalidInputError as exc:
        raise _malformed(parameter, "%s: %s" % (parameter, exc))
    for char in akid:
        if char in " \t\r\n\0":
            raise _malformed(parameter, "%s: the access key id has white space" % parameter)
    return akid, date, region, service


def parse_credential_v4a(value: str, parameter: str) -> "Tuple[str, str, str]":
    """``(access_key_id, date, service)`` of a SigV4a ``AKID/YYYYMMDD/service/aws4_request``
    (no region: it is in ``X-Amz-Region-Set``); checked as :func:`parse_credential`."""
    sigv4 = value.rsplit("/", 4)
    if len(sigv4) == 5 and len(sigv4[1]) == 8 and _DIGITS.issuperset(sigv4[1]):
        raise _malformed(parameter, "%s names region %r, but a SigV4a (%s) scope has none (it is in "
                         "X-Amz-Region-Set): ACCESS_KEY_ID/YYYYMMDD/SERVICE/aws4_request"
                         % (parameter, sigv4[2], ALGORITHM_V4A))
    parts = value.rsplit("/", 3)
    if len(parts) != 4 or not parts[0] or parts[3] != "aws4_request":
        raise _malformed(
            parameter, "%s must be ACCESS_KEY_ID/YYYYMMDD/SERVICE/aws4_request for %s" % (parameter, ALGORITHM_V4A)
        )
    # The same checks with a stand-in region, which is always valid.
    akid, date, _, service = parse_credential("/".join((parts[0], parts[1], "-", parts[2], parts[3])), parameter)
    return akid, date, service


def _parse_signed_headers(value: str) -> "List[str]":
    names = value.split(";")
    for name in names:
        if not name or not all(c in _HEADER_NAME_CHARS for c in name):
            raise _malformed(
                "X-Amz-SignedHeaders",
                "X-Amz-SignedHeaders must be lower-case header names separated by ';', got %s"
                % shown(value),
            )
    if names != sorted(set(names)):
        raise _malformed(
            "X-Amz-SignedHeaders",
            "X-Amz-SignedHeaders must list each header once, sorted, got %s" % shown(value),
        )
    if "host" not in names:
        raise _malformed("X-Amz-SignedHeaders", "X-Amz-SignedHeaders must include host")
    return names


def _signed_header_names(value: str) -> "Tuple[str, ...]":
    """:func:`_parse_signed_headers`, as a tuple."""
    return tuple(_parse_signed_headers(value))


def _amz_date(value: str) -> "Tuple[str, int]":
    """An ``X-Amz-Date`` and its POSIX time (:func:`parse_amz_date`)."""
    try:
        return value, parse_amz_date(value)
    except InvalidInputError as exc:
        raise _malformed("X-Amz-Date", "X-Amz-Date: %s" % exc)


# parameter as received (AuthFields' value) -> what it parses into
_SIGNED_HEADERS: "Dict[Union[str, bytes], Tuple[str, ...]]" = {}
_CREDENTIALS: "Dict[Union[str, bytes], Tuple[str, str, str, str]]" = {}
_AMZ_DATES: "Dict[Union[str, bytes], Tuple[str, int]]" = {}


def _memoised_field(
    found: "AuthFields", name: str, memo: "Dict[Union[str, bytes], Any]", parse: "Callable[[str], Any]"
) -> "Any":
    """``parse(_field(found, name))``, memoised by the parameter as received: the same
    text reads and parses the same way (or fails, which is not kept) every time."""
    raw = found.get(name)
    value = None if raw is None else memo.get(raw)
    if value is None:
        value = parse(_field(found, name))  # type: ignore[arg-type]
        _remember(memo, raw, value)
    return value


def _read_query(query: str) -> "Tuple[List[str], AuthFields]":
    """The query's parameters as canonical query items, ``EncodedName "!"
    EncodedValue`` (:func:`canonical_query_items`), in order, and its authentication
    parameters (:data:`_AUTH`).

    Refused: an authentication parameter given twice, or spelled otherwise than
    signers write it (its decoded name compared, in the order of the query).
    """
    wire = _wire_query(query)
    if wire is not None:
        return wire
    pairs = parse_query(query)
    found: "AuthFields" = {}
    for name, value in pairs:
        spelling = _AUTH.get(name.lower())
        if spelling is None:
            continue
        if spelling in found:
            raise _malformed(spelling, "%s appears more than once" % spelling)
        if name != spelling.encode("ascii"):
            raise _malformed(spelling, "%s must be spelled %s" % (_text(name, spelling), spelling))
        found[spelling] = value
    return [name + "!" + value for name, value in uri_encode_pairs(pairs)], found  # type: ignore[arg-type]


def _field(found: "AuthFields", name: str, required: bool = True) -> "Optional[str]":
    """The text of the authentication parameter ``name``, or None when absent and not
    ``required``."""
    raw = found.get(name)
    if raw is None:
        if required:
            raise _malformed(name, "the URL has no %s parameter: it is not a presigned URL" % name)
        return None
    if type(raw) is bytes:
        return _text(raw, name)
    return _text(uri_decode(raw), name) if "%" in raw else raw  # type: ignore[return-value]


def _parse(url: "Any", require_all: bool) -> _Parsed:
    """Take a presigned URL apart; MalformedRequestError names the first bad parameter.

    ``require_all`` also demands ``X-Amz-Expires`` and ``X-Amz-Signature`` (verify does,
    explain does not).
    """
    return _parse_parts(_split(url), require_all)


def _parse_parts(parts: "Tuple[str, str, str, str]", require_all: bool) -> _Parsed:
    """:func:`_parse` of a URL :func:`_split` took apart."""
    parsed = _Parsed()
    parsed.scheme, parsed.host, parsed.path, query = parts
    parsed.query, found = _read_query(query)

    algorithm = _field(found, "X-Amz-Algorithm")
    if algorithm not in ALGORITHMS:
        raise _malformed("X-Amz-Algorithm", "X-Amz-Algorithm must be %s or %s" % ALGORITHMS)
    assert algorithm is not None
    parsed.algorithm = algorithm
    # A SigV4 scope is memoised by the parameter as received. (Had it been seen, it
    # reads and parses again without error: the checks between come out the same.)
    raw_credential = found.get("X-Amz-Credential")
    scope = None
    if algorithm == ALGORITHM and raw_credential is not None:
        scope = _CREDENTIALS.get(raw_credential)
    credential = "" if scope is not None else _field(found, "X-Amz-Credential")
    assert credential is not None
    region_set = _field(found, "X-Amz-Region-Set", algorithm == ALGORITHM_V4A)
    if algorithm == ALGORITHM_V4A:
        parsed.access_key_id, parsed.date, parsed.service = parse_credential_v4a(credential, "X-Amz-Credential")
        try:
            parsed.region = check_region_set(region_set)
        except InvalidInputError:
            raise _malformed(
                "X-Amz-Region-Set",
                "X-Amz-Region-Set must be '*' or region names joined by ',', each once, got %r" % (region_set,),
            )
    else:
        if scope is None:
            scope = parse_credential(credential, "X-Amz-Credential")
            _remember(_CREDENTIALS, raw_credential, scope)
        parsed.access_key_id, parsed.date, parsed.region, parsed.service = scope
        if region_set is not None:
            raise _malformed(
                "X-Amz-Region-Set", "X-Amz-Region-Set belongs to %s URLs, not %s ones" % (ALGORITHM_V4A, ALGORITHM)
            )
    date_time, parsed.signed_at = _memoised_field(found, "X-Amz-Date", _AMZ_DATES, _amz_date)
    parsed.amz_date = date_time
    if date_time[:8] != parsed.date:
        raise ScopeMismatchError(
            "X-Amz-Date is on %s but the credential scope is for %s: they must be the same day"
            % (date_time[:8], parsed.date),
            part="date", expected=date_time[:8], actual=parsed.date,
        )
    expires = _field(found, "X-Amz-Expires", require_all)
    if expires is not None:
        if not expires or len(expires) > 10 or not _DIGITS.issuperset(expires):
            raise _malformed("X-Amz-Expires", "X-Amz-Expires must be whole seconds, got %s" % shown(expires))
        parsed.expires = int(expires)
        if parsed.signed_at + parsed.expires > MAX_TIME:
            raise _malformed("X-Amz-Expires", "X-Amz-Expires: the URL would expire after 9999-12-31T23:59:59Z")
    parsed.signed_headers = _memoised_field(found, "X-Amz-SignedHeaders", _SIGNED_HEADERS, _signed_header_names)
    sig = _field(found, "X-Amz-Signature", require_all)
    if algorithm == ALGORITHM_V4A:
        # Hex DER of an ECDSA P-256 signature: 8 to 72 bytes.
        if sig is not None and (not 16 <= len(sig) <= 144 or len(sig) % 2 or not _only(sig, _HEX_DIGITS)):
            raise _malformed(
                "X-Amz-Signature",
                "X-Amz-Signature must be a DER ECDSA signature in lower-case hex (16 to 144 digits) for %s"
                % ALGORITHM_V4A,
            )
    elif sig is not None and (len(sig) != 64 or not _only(sig, _HEX_DIGITS)):
        raise _malformed("X-Amz-Signature", "X-Amz-Signature must be 64 lower-case hex digits")
    parsed.signature = sig
    # The scope's service names the token's parameter; the other one is refused (S3
    # Express does not take STS' X-Amz-Security-Token, nor S3 a session token).
    token_param = rules_for(parsed.service).token_param
    for other in _TOKEN_PARAMS:
        if other != token_param and _field(found, other, False) is not None:
            raise _malformed(other, "%s is not a session token parameter of service %s; it takes %s"
                             % (other, parsed.service, token_param))
    parsed.token_param = token_param
    parsed.token = _field(found, token_param, False)
    return parsed


_TOKEN_PARAMS = ("X-Amz-Security-Token", "X-Amz-S3session-Token")

# A SigV4 query up to its signature's value ("...&X-Amz-Signature=") -> its reading.
# URLs signed in one batch share everything in their query but the signature (the key
# is in the path), so the reading of one serves them all: what :func:`_parse` finds is a
# function of the query alone, and of the signature only through its own check (64
# lower-case hex digits), which runs on every URL. Only queries read without error are
# kept; they are public text (a session token in one is what the URL itself shows).
_PARSED_QUERIES: "Dict[str, _Parsed]" = {}
_SIGNATURE_AT_END = "&X-Amz-Signature="


def _parse_signed(url: "Any") -> _Parsed:
    """:func:`_parse` (``require_all``) for :func:`verify_presigned`, with the reading of
    a query whose last parameter is a SigV4 signature remembered."""
    parts = _split(url)
    query = parts[3]
    cut = len(query) - 64
    if cut > 17 and query[cut - 17:cut] == _SIGNATURE_AT_END:
        key = query[:cut]
        known = _PARSED_QUERIES.get(key)
        signature = query[cut:]
        if known is not None and _only(signature, _HEX_DIGITS):
            return known.at(parts[0], parts[1], parts[2], signature)
        parsed = _parse_parts(parts, True)
        if parsed.algorithm == ALGORITHM and parsed.signature == signature:
            parsed.query_key = key
            _remember(_PARSED_QUERIES, key, parsed.at("", "", "", ""))
        return parsed
    return _parse_parts(parts, True)


def _rules(
    service: str,
    double_encode: "Optional[bool]",
    normalize_path: "Optional[bool]",
    payload_hash: "Optional[str]",
    token_mode: str,
) -> Rules:
    """The scope's service's preset (:func:`rules_for`), with the caller's overrides;
    memoised by the service and the overrides (public values, checked first)."""
    if double_encode is not None:
        double_encode = bool(double_encode)
    if normalize_path is not None:
        normalize_path = bool(normalize_path)
    if payload_hash is not None:
        payload_hash = check_payload_hash(payload_hash)
    key = (service, double_encode, normalize_path, payload_hash, token_mode)
    rules = _RULES.get(key)
    if rules is None:
        changes: "Dict[str, Any]" = {"session_token": token_mode}
        if double_encode is not None:
            changes["double_encode"] = double_encode
        if normalize_path is not None:
            changes["normalize_path"] = normalize_path
        if payload_hash is not None:
            changes["payload_hash"] = payload_hash
        rules = rules_for(service).replace(**changes)
        _remember(_RULES, key, rules)
    return rules


_RULES: "Dict[Tuple[Any, ...], Rules]" = {}


def _check_token_mode(mode: "Any") -> str:
    if not isinstance(mode, str) or mode not in TOKEN_MODES:
        raise InvalidInputError(
            "session_token must be 'signed' (in the canonical query) or 'unsigned' "
            "(appended after signing, as AWS IoT does), got %s" % shown(mode)
        )
    return str(mode)


def _read_headers(
    parsed: _Parsed, headers: "HeadersArg"
) -> "Tuple[List[Tuple[str, str]], List[str]]":
    """The request's headers as a server reads them: the signed headers' (name, value)
    pairs as received, and the signed names not received (taken as empty, as a server
    does). ``host`` comes from a ``Host`` header when given, else from the URL.

    Refused with :class:`MalformedRequestError` (``parameter`` names the header, or is
    ``headers``), as a server refuses the request:

    - a field that HTTP cannot carry: a name that is not a token, a value with CR, LF or
      NUL (RFC 9110 5.5: a recipient must refuse them; a CR or LF would make it two
      header lines). Other control characters may stand in a received value (5.5 lets
      a recipient keep them); every message prints them escaped;
    - ``Authorization``: the URL's ``X-Amz-*`` parameters are the request's
      authorization, and S3 answers 400 to a request with two mechanisms;
    - ``Host`` more than once (RFC 9112 3.2: 400);
    - a ``Host`` that names another authority than the URL: the signature would cover
      one host while the URL names another. Another spelling of the same authority
      (upper case, the scheme's default port) is the same host, and its value as
      received is what the canonical request holds.
    """
    if headers is None:
        return _headers_from_url(parsed)
    try:
        given = headers_list(headers)
    except InvalidInputError as exc:
        raise _malformed("headers", "a header cannot be read: %s" % exc)
    received: "Dict[str, List[str]]" = {}
    for name, value in given:
        lower = name.lower()
        if lower == "authorization":
            raise _malformed(
                "Authorization", "the request has an Authorization header and X-Amz-* query "
                "parameters; S3 takes only one authorization mechanism (400 InvalidArgument)"
            )
        if lower == "host":
            if "host" in received:
                raise _malformed("Host", "the request has more than one Host header (HTTP answers 400)")
            try:
                authority = check_host(value.strip().lower(), parsed.scheme)
            except InvalidInputError as exc:
                raise _malformed("Host", "the Host header is not HOST[:PORT]: %s" % exc)
            if authority != parsed.host:
                raise _malformed(
                    "Host", "the Host header names %s but the URL names %s: the signature would "
                    "cover another host than the one addressed" % (shown(authority), shown(parsed.host))
                )
        received.setdefault(lower, []).append(value)
    pairs: "List[Tuple[str, str]]" = []
    missing: "List[str]" = []
    for name in parsed.signed_headers:
        values = received.get(name)
        if values is None:
            if name == "host":
                values = [parsed.host]
            else:
                missing.append(name)
                values = [""]
        for value in values:
            pairs.append((name, value))
    return pairs, missing


def _headers_from_url(parsed: _Parsed) -> "Tuple[List[Tuple[str, str]], List[str]]":
    """:func:`_read_headers` of a request without headers: ``host`` from the URL, every
    other signed header missing (empty)."""
    pairs: "List[Tuple[str, str]]" = []
    missing: "List[str]" = []
    for name in parsed.signed_headers:
        if name == "host":
            pairs.append((name, parsed.host))
        else:
            missing.append(name)
            pairs.append((name, ""))
    return pairs, missing


# Sent unsigned without harm (SeaweedFS, like S3, takes them so): the payload hash and date.
_UNSIGNED_OK = ("x-amz-content-sha256", "x-amz-date")


def _unsigned_amz_headers(parsed: _Parsed, headers: "HeadersArg") -> "Tuple[str, ...]":
    """The received ``x-amz-*`` headers the URL does not sign, sorted: S3 refuses a
    presigned request with any (else the URL's holder could add an ACL, metadata, a
    copy source, ...)."""
    names = set()
    for name, _ in headers_list(headers):
        lower = name.lower()
        if lower.startswith("x-amz-") and lower not in parsed.signed_headers and lower not in _UNSIGNED_OK:
            names.add(lower)
    return tuple(sorted(names))


def _request_headers(parsed: _Parsed, headers: "HeadersArg") -> "Tuple[Tuple[str, str], Sequence[str]]":
    """The canonical headers of the signed headers as the request has them
    (:func:`canonical_headers` of :func:`_read_headers`' pairs), and the signed names
    it lacks. A request without headers has the URL's host and empty values, all
    public: memoised by the host and the signed names."""
    if headers is not None:
        pairs, missing = _read_headers(parsed, headers)
        return canonical_headers(pairs), missing
    key = (parsed.host, parsed.signed_headers)
    found = _URL_HEADERS.get(key)
    if found is None:
        pairs, missing = _headers_from_url(parsed)
        found = canonical_headers(pairs), tuple(missing)
        _remember(_URL_HEADERS, key, found)
    return found


_URL_HEADERS: "Dict[Tuple[str, Tuple[str, ...]], Tuple[Tuple[str, str], Tuple[str, ...]]]" = {}


def _canonical(parsed: _Parsed, method: str, header_block: "Tuple[str, str]", rules: Rules) -> str:
    """The canonical request of a parsed URL under ``rules``, by the signer's functions:
    every query parameter but the signature (and the session token when the rules append
    it after signing). ``header_block`` is :func:`_request_headers`'."""
    return canonical_request(
        method,
        _canonical_uri(parsed.path, rules),
        _canonical_query(parsed, rules),
        header_block[0],
        header_block[1],
        rules.payload_hash,
    )


# (query up to the signature's value, token mode, token parameter) -> CanonicalQuery
_CANONICAL_QUERIES: "Dict[Tuple[str, str, str], str]" = {}


def _canonical_query(parsed: _Parsed, rules: Rules) -> str:
    """CanonicalQuery of every query parameter but the signature (and the session token
    when the rules append it after signing); remembered with the query's reading."""
    memo_key = None
    if parsed.query_key is not None:
        memo_key = (parsed.query_key, rules.session_token, rules.token_param)
        known = _CANONICAL_QUERIES.get(memo_key)
        if known is not None:
            return known
    # An encoded name is one of these exactly when its decoded name is.
    skip = "X-Amz-Signature!"
    if rules.session_token == "unsigned":
        skip = (skip, rules.token_param + "!")  # type: ignore[assignment]
    text = canonical_query_items([item for item in parsed.query if not item.startswith(skip)])
    if memo_key is not None:
        _remember(_CANONICAL_QUERIES, memo_key, text)
    return text


def _canonical_uri(path: str, rules: Rules) -> str:
    """:func:`canonical_uri` of ``path`` under ``rules``; a path that S3's rules leave
    as it is needs no encoding."""
    if rules.double_encode is False and rules.normalize_path is False and _is_canonical_s3_path(path):
        return path
    return canonical_uri(path, rules.double_encode, rules.normalize_path)


def _string_to_sign(parsed: _Parsed, creq: str) -> str:
    return string_to_sign_for(parsed.algorithm, parsed.amz_date, parsed.region, parsed.service, creq)


# -- credentials ------------------------------------------------------------------------


def _lookup(credentials: "Any", access_key_id: str) -> Credentials:
    """The credentials of ``access_key_id`` from a Credentials, a mapping or a callable."""
    if isinstance(credentials, Credentials):
        found = credentials if credentials.access_key_id == access_key_id else None
    elif hasattr(credentials, "get") and hasattr(credentials, "items"):
        found = credentials.get(access_key_id)
    elif callable(credentials):
        found = credentials(access_key_id)
    else:
        raise InvalidInputError(
            "credentials must be a Credentials, a mapping of access key ids to Credentials "
            "or a callable(access_key_id) -> Credentials | None, not %s" % type(credentials).__name__
        )
    if found is None:
        raise UnknownAccessKeyError(
            "no credentials are known for the access key id %s" % shown(access_key_id),
            access_key_id=access_key_id,
        )
    if not isinstance(found, Credentials):
        raise InvalidInputError(
            "the credentials lookup returned %s for %s, not a Credentials"
            % (type(found).__name__, shown(access_key_id))
        )
    if found.access_key_id != access_key_id:
        raise UnknownAccessKeyError(
            "the credentials found for %s are for another access key id" % shown(access_key_id),
            access_key_id=access_key_id,
        )
    return found


def _check_token(given: "Optional[str]", credentials: Credentials, where: str) -> None:
    expected = credentials.session_token
    if expected is None:
        if given is not None:
            raise SessionTokenError(
                "the request carries %s, but the credentials of %s have no session token"
                % (where, printable(credentials.access_key_id)),
                parameter=where, problem="unexpected",
            )
        return
    if given is None:
        raise SessionTokenError(
            "the credentials of %s are temporary, but the request has no %s"
            % (printable(credentials.access_key_id), where),
            parameter=where, problem="missing",
        )
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise SessionTokenError(
            "%s is not the session token of the credentials of %s"
            % (where, printable(credentials.access_key_id)),
            parameter=where, problem="mismatch",
        )


def _check_scope(parsed_region: str, parsed_service: str, region: "Any", service: "Any") -> None:
    if region is None and service is None:
        return
    for part, expected, actual in (("region", region, parsed_region), ("service", service, parsed_service)):
        if expected is not None and not isinstance(expected, str):
            raise InvalidInputError("%s must be a string or None, not %s" % (part, type(expected).__name__))
        if expected is not None and expected != actual:
            raise ScopeMismatchError(
                "the credential scope names %s %s, but %s is expected" % (part, shown(actual), shown(expected)),
                part=part, expected=expected, actual=actual,
            )


def _check_region_set(region_set: str, region: "Any") -> None:
    """SigV4a: the expected ``region`` must be in the URL's region set, or the set is
    ``*`` (every region)."""
    if region is None:
        return
    if not isinstance(region, str):
        raise InvalidInputError("region must be a string or None, not %s" % type(region).__name__)
    if region_set != "*" and region not in region_set.split(","):
        raise ScopeMismatchError(
            "the URL is signed for the region set %r, which does not include %s" % (region_set, shown(region)),
            part="region", expected=region, actual=region_set,
        )


def _check_time(
    signed_at: int, expires_at: int, now: int, max_clock_skew: int, what: str
) -> None:
    if signed_at - now > max_clock_skew:
        raise NotYetValidError(
            "%s is dated %s, %d s after now (%s); at most %d s of clock skew is allowed"
            % (what, amz_date(signed_at), signed_at - now, amz_date(now), max_clock_skew),
            signed_at=utc_datetime(signed_at), now=utc_datetime(now), max_clock_skew=max_clock_skew,
        )
    if now >= expires_at:
        raise ExpiredError(
            "%s expired at %s (signed at %s); now is %s"
            % (what, amz_date(expires_at), amz_date(signed_at), amz_date(now)),
            signed_at=utc_datetime(signed_at), expires_at=utc_datetime(expires_at), now=utc_datetime(now),
        )


def _check_skew(value: "Any") -> int:
    if type(value) is int and value >= 0:
        return value
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError("max_clock_skew must be whole seconds >= 0, got %s" % _shown_number(value))
    return value


def _check_max_expires(value: "Any") -> int:
    if type(value) is int and 1 <= value <= MAX_EXPIRES_CAP:
        return value
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_EXPIRES_CAP:
        raise InvalidInputError(
            "max_expires_in must be whole seconds in 1..%d, got %s" % (MAX_EXPIRES_CAP, _shown_number(value))
        )
    return value


# -- verify_presigned -------------------------------------------------------------------


def verify_presigned(
    url: str,
    *,
    credentials: "CredentialsArg",
    method: str = "GET",
    headers: "HeadersArg" = None,
    now: "TimeArg" = None,
    max_clock_skew: int = 300,
    region: "Optional[str]" = None,
    service: "Optional[str]" = None,
    session_token: str = "signed",
    payload_hash: "Optional[str]" = None,
    double_encode: "Optional[bool]" = None,
    normalize_path: "Optional[bool]" = None,
    max_expires_in: int = MAX_EXPIRES,
    endpoint_url: "Optional[str]" = None,
) -> Verified:
    """Check a presigned request as a careful server would; return who signed it.

    ``url`` is the URL as received (path and query as on the wire, the authority the
    client addressed), ``method`` and ``headers`` the request's. ``credentials`` is a
    :class:`Credentials`, a mapping of access key id to Credentials, or a callable
    ``(access_key_id) -> Credentials | None``.

    Checked, in order: the URL's form (no raw control character, algorithm, credential
    and scope, ``X-Amz-Date`` and its day, ``X-Amz-Expires`` in 1..``max_expires_in``,
    signed headers that include ``host``, no repeated ``X-Amz-*`` parameter); the
    headers' form (HTTP fields without CR, LF or NUL, no ``Authorization``, at most one
    ``Host``, naming the URL's host); ``region`` and ``service`` when given;
    the access key; the session token (required exactly when the credentials have one;
    ``session_token="unsigned"`` when the service appends it after signing, as AWS IoT
    does); every signed header present in ``headers`` and, for ``s3``, no unsigned
    ``x-amz-*`` header there (but ``x-amz-content-sha256`` and ``x-amz-date``), as S3
    refuses them; the time (not dated more than
    ``max_clock_skew`` seconds ahead of ``now``, not expired); and the signature,
    compared in constant time.

    The scope's service picks the rules (``s3``: single encoding, no normalisation,
    ``UNSIGNED-PAYLOAD``; others: double encoding, normalised path, empty-body hash);
    ``payload_hash``, ``double_encode`` and ``normalize_path`` override them.
    ``endpoint_url`` (an S3-compatible store's URL) tells :attr:`Verified.bucket` and
    :attr:`Verified.key` apart at hosts other than AWS's (:mod:`.s3_object`).
    Raises a :class:`VerificationError` subclass carrying its evidence.

    SigV4a URLs (``AWS4-ECDSA-P256-SHA256``, e.g. for S3 multi-Region access points)
    are checked against the public key derived from the credentials; for them
    ``region``, when given, must be in the URL's ``X-Amz-Region-Set``, or the set is
    ``*`` (every region), and :attr:`Verified.region` is the region set. (Checking one
    costs a few milliseconds of pure-Python ECDSA; it handles only public values.)
    """
    method = check_method(method)
    token_mode = _check_token_mode(session_token)
    skew = _check_skew(max_clock_skew)
    max_expires_in = _check_max_expires(max_expires_in)
    if endpoint_url is not None and not isinstance(endpoint_url, str):
        raise InvalidInputError("endpoint_url must be a string or None, not %s" % type(endpoint_url).__name__)
    parsed = _parse_signed(url)
    expires = parsed.expires
    assert expires is not None
    if not 1 <= expires <= max_expires_in:
        raise _malformed(
            "X-Amz-Expires", "X-Amz-Expires must be between 1 and %d seconds, got %d" % (max_expires_in, expires)
        )
    header_block, missing = _request_headers(parsed, headers)
    if parsed.algorithm == ALGORITHM_V4A:
        _check_region_set(parsed.region, region)
        region = None
    _check_scope(parsed.region, parsed.service, region, service)
    creds = _lookup(credentials, parsed.access_key_id)
    _check_token(parsed.token, creds, parsed.token_param)
    if missing:
        raise MalformedRequestError(
            "the request lacks the signed header%s %s" % ("s" if len(missing) > 1 else "", printable(", ".join(missing))),
            parameter="X-Amz-SignedHeaders", missing_headers=tuple(missing),
        )
    if headers is not None and parsed.service in SERVICE_RULES:  # an S3 server
        unsigned = _unsigned_amz_headers(parsed, headers)
        if unsigned:
            raise MalformedRequestError(
                "the request has x-amz-* headers the URL does not sign: %s; S3 refuses them "
                "(HeadersNotSigned)" % printable(", ".join(unsigned)),
                parameter="X-Amz-SignedHeaders", unsigned_headers=unsigned,
            )
    timestamp = signing_time(now)
    expires_at = valid_until(creds, parsed.signed_at, expires)
    _check_time(parsed.signed_at, expires_at, timestamp, skew, "the URL")

    rules = _rules(parsed.service, double_encode, normalize_path, payload_hash, token_mode)
    creq = _canonical(parsed, method, header_block, rules)
    provided = parsed.signature
    assert provided is not None
    sts, valid = verify_canonical(
        creds.secret_access_key, parsed.amz_date, parsed.region, parsed.service, creq, provided,
        parsed.algorithm, creds.access_key_id,
    )
    if not valid:
        hint = ""
        if parsed.token is not None and token_mode == "signed":
            hint = " (if the service appends the session token after signing, verify with session_token='unsigned')"
        raise SignatureMismatchError(
            "the signature does not match this request: its canonical request or string to "
            "sign differs from the signer's, or the secret key does%s" % hint,
            canonical_request=redact(creq),
            string_to_sign=sts,
            access_key_id=parsed.access_key_id,
        )
    if endpoint_url is not None:  # read now: a bad endpoint_url is refused here
        bucket, key = bucket_and_key(parsed.host, parsed.path, parsed.service, endpoint_url)
        return _verified(parsed, method, expires_at, bucket, key)
    on_demand = _verified(parsed, method, expires_at, None, None, _ObjectOnDemand)
    on_demand._object = None  # type: ignore[attr-defined]
    return on_demand


class _ObjectOnDemand(Verified):
    """A :class:`Verified` of an AWS URL whose ``bucket`` and ``key`` are read from its
    host and path when first asked for (a server that does not ask spares the work)."""

    __slots__ = ("_object",)

    _object: "Optional[Tuple[Optional[str], Optional[str]]]"

    def _bucket_and_key(self) -> "Tuple[Optional[str], Optional[str]]":
        found = self._object
        if found is None:
            found = self._object = bucket_and_key(self.host or "", self.path or "", self.service)
        return found

    @property
    def bucket(self) -> "Optional[str]":  # type: ignore[override]
        return self._bucket_and_key()[0]

    @property
    def key(self) -> "Optional[str]":  # type: ignore[override]
        return self._bucket_and_key()[1]


def _verified(
    parsed: _Parsed, method: str, expires_at: int, bucket: "Optional[str]", key: "Optional[str]",
    kind: "Any" = Verified,
) -> Verified:
    """The :class:`Verified` (or ``kind``) of a verified URL, its fields set one by one
    (spares the generic loop of ``Record.__init__``)."""
    verified: Verified = kind.__new__(kind)
    verified.access_key_id = parsed.access_key_id
    verified.region = parsed.region
    verified.service = parsed.service
    verified.signed_headers = parsed.signed_headers
    verified.method = method
    verified.signed_at_epoch = parsed.signed_at
    verified.expires_at_epoch = expires_at
    verified.host = parsed.host
    verified.path = parsed.path
    if kind is Verified:
        verified.bucket = bucket
        verified.key = key
    return verified


# -- explain ----------------------------------------------------------------------------


class Explanation:
    """The canonical request and string to sign of a presigned URL, without credentials.

    ``missing_headers`` are signed headers not given in ``headers``: they enter the
    canonical request empty, as a server sees them when the client does not send them.
    ``str()`` renders everything for a reader, with any session token redacted (the
    attributes hold the exact texts).
    """

    __slots__ = (
        "method", "host", "path", "access_key_id", "region", "service", "rules",
        "signed_headers", "missing_headers", "signed_at_epoch", "expires_in",
        "session_token", "canonical_request", "string_to_sign", "signature", "_flags", "pitfalls",
        "algorithm",
    )

    def __init__(self, parsed: _Parsed, method: str, rules: Rules,
                 missing: "Sequence[str]", creq: str, sts: str) -> None:
        self.method = method
        self.host = parsed.host
        self.path = parsed.path
        self.access_key_id = parsed.access_key_id
        self.region = parsed.region
        self.service = parsed.service
        self.algorithm = parsed.algorithm
        self.rules = _rules_name(rules)
        self._flags = rules
        self.signed_headers = tuple(parsed.signed_headers)
        self.missing_headers = tuple(missing)
        self.signed_at_epoch = parsed.signed_at
        self.expires_in = parsed.expires
        self.session_token = "absent" if parsed.token is None else rules.session_token
        self.canonical_request = creq
        self.string_to_sign = sts
        self.signature = parsed.signature
        self.pitfalls = tuple(sdk_pitfalls(creq, missing))

    @property
    def signed_at(self) -> "datetime.datetime":
        return utc_datetime(self.signed_at_epoch)

    @property
    def expires_at(self) -> "Optional[datetime.datetime]":
        if self.expires_in is None:
            return None
        return utc_datetime(self.signed_at_epoch + self.expires_in)

    def __str__(self) -> str:
        flags = self._flags
        double_encode, normalize, payload = flags.double_encode, flags.normalize_path, flags.payload_hash
        rules = "%s rules: the path %s%s, payload %s" % (
            {"s3": "S3", "generic": "generic", "custom": "custom"}[self.rules],
            "normalised, " if normalize else "not normalised, ",
            "encoded again" if double_encode else "in its one canonical encoding",
            "unsigned" if payload == UNSIGNED_PAYLOAD else "hash " + payload[:12] + "...",
        )
        expiry = "not given"
        if self.expires_in is not None:
            expiry = "%d s, until %s" % (self.expires_in, amz_date(self.signed_at_epoch + self.expires_in))
        token = {
            "absent": "none",
            "signed": "present, signed (value redacted below)",
            "unsigned": "present, appended after signing (not in the canonical request)",
        }[self.session_token]
        lines = [
            "Method:          " + self.method,
            "Host:            " + printable(self.host),
            "Access key id:   " + printable(self.access_key_id),
            "Scope:           %s (%s)" % (
                scope_for(self.algorithm, amz_date(self.signed_at_epoch)[:8], self.region, self.service), rules
            ),
            "Signed at:       " + amz_date(self.signed_at_epoch),
            "Expires:         " + expiry,
            "Signed headers:  " + printable(";".join(self.signed_headers)),
            "Session token:   " + token,
        ]
        if self.algorithm == ALGORITHM_V4A:
            lines.insert(4, "Region set:      %s (SigV4a, %s)" % (self.region, ALGORITHM_V4A))
        if self.missing_headers:
            lines.append(
                "Not given:       %s (taken as empty, as a server does when they are not sent)"
                % printable(", ".join(self.missing_headers))
            )
        lines += ["SDK pitfall:     " + pitfall for pitfall in self.pitfalls]
        lines += [
            "",
            "Canonical request:",
            redact(self.canonical_request),
            "",
            "String to sign:",
            self.string_to_sign,
        ]
        # Each line through the one formatter (the canonical request whole): a header
        # value from the request can hold any character a terminal obeys.
        return "\n".join([printable(line, None) for line in "\n".join(lines).split("\n")]) + "\n"

    def __repr__(self) -> str:
        return "<Explanation %s %s scope=%s/%s/%s>" % (
            self.method, printable(self.host + self.path), amz_date(self.signed_at_epoch)[:8],
            printable(self.region), printable(self.service),
        )


def explain(
    url: str,
    *,
    method: str = "GET",
    headers: "HeadersArg" = None,
    session_token: str = "signed",
    payload_hash: "Optional[str]" = None,
    double_encode: "Optional[bool]" = None,
    normalize_path: "Optional[bool]" = None,
) -> Explanation:
    """The canonical request and string to sign a server computes for ``url``.

    No credentials are needed and nothing is checked but the form of the URL and of the
    headers (as :func:`verify_presigned` reads them): the result shows what the
    signature must cover. Its text escapes every character a terminal would obey. Signed headers absent from ``headers`` count
    as empty (listed in ``missing_headers``). Rules as in :func:`verify_presigned`.
    """
    method = check_method(method)
    token_mode = _check_token_mode(session_token)
    parsed = _parse(url, False)
    header_block, missing = _request_headers(parsed, headers)
    rules = _rules(parsed.service, double_encode, normalize_path, payload_hash, token_mode)
    creq = _canonical(parsed, method, header_block, rules)
    return Explanation(parsed, method, rules, missing, creq, _string_to_sign(parsed, creq))


def _rules_name(rules: Rules) -> str:
    """``"s3"``, ``"generic"`` or ``"custom"``: which preset the path and payload rules are."""
    for name, preset in (("s3", S3), ("generic", GENERIC)):
        if rules.replace(session_token=preset.session_token) == preset:
            return name
    return "custom"
