"""SigV4 query signing: credentials in, presigned URL out.

The pipeline, each step one function of :mod:`.canonical` or :mod:`.signing`::

    canonical_uri, canonical_query, canonical_headers -> canonical_request
      -> string_to_sign (with credential_scope) -> signing_key -> signature
      -> URL with the X-Amz-* parameters, X-Amz-Signature last
"""

import time

from .canonical import (
    EMPTY_SHA256,
    canonical_headers,
    canonical_query,
    canonical_request,
    canonical_uri,
    check_header,
)
from .encoding import encode_path_for_url, uri_encode
from .errors import CredentialExpiryWarning, InvalidInputError, shown
from .signing import ALGORITHM, credential_scope, signature, signing_key, string_to_sign
from .timefmt import MAX_EXPIRES, MAX_TIME, amz_date, to_expires, to_timestamp
from .urls import parse_query, split_url

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

    HeadersArg = Optional[Union[Mapping[str, str], Sequence[Tuple[str, str]]]]
    ParamsArg = Optional[Union[Mapping[str, Any], Sequence[Tuple[str, Any]]]]
    TimeArg = Optional[Union[datetime.datetime, int, float]]

TOKEN_MODES = ("signed", "unsigned", "omit")
_SCOPE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
# Parameters the signer writes itself (lower case); a query that already has one is
# refused, since the URL would then carry two of them.
_AUTH_PARAMS = frozenset((
    "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-expires",
    "x-amz-signedheaders", "x-amz-security-token", "x-amz-signature",
))
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _secret_free(name: str, value: "Any") -> str:
    if not isinstance(value, str) or not value:
        return "%s must be a non-empty string" % name
    for char in value:
        if char in " \t\r\n\0":
            return "%s must not contain white space or control characters" % name
        if "\ud800" <= char <= "\udfff":
            return "%s has a lone surrogate, which UTF-8 cannot encode" % name
    return ""


class Credentials:
    """AWS credentials. ``repr`` shows only the access key id.

    ``expiration`` (an aware datetime or POSIX seconds) is when temporary credentials
    stop working; a URL signed with them dies then, whatever its own expiry.
    """

    __slots__ = ("access_key_id", "secret_access_key", "session_token", "expiration")

    def __init__(
        self,
        access_key_id: str,
        secret_access_key: str,
        session_token: "Optional[str]" = None,
        expiration: "TimeArg" = None,
    ) -> None:
        for name, value in (
            ("access_key_id", access_key_id),
            ("secret_access_key", secret_access_key),
        ):
            problem = _secret_free(name, value)
            if problem:
                raise InvalidInputError(problem)
        if session_token is not None:
            problem = _secret_free("session_token", session_token)
            if problem:
                raise InvalidInputError(problem + " (or None)")
        if expiration is not None:
            to_timestamp(expiration, "expiration")
        self.access_key_id = access_key_id
        self.secret_access_key = secret_access_key
        self.session_token = session_token
        self.expiration = expiration

    @classmethod
    def from_object(cls, obj: "Any") -> "Credentials":
        """Credentials from an object with ``access_key``, ``secret_key`` and ``token``
        attributes, such as botocore's (read once, through ``get_frozen_credentials()``
        when it has one, so refreshing credentials give a consistent set)."""
        if isinstance(obj, cls):
            return obj
        freeze = getattr(obj, "get_frozen_credentials", None)
        if freeze is not None:
            obj = freeze()
        access_key = getattr(obj, "access_key", None)
        secret_key = getattr(obj, "secret_key", None)
        if access_key is None or secret_key is None:
            raise InvalidInputError(
                "expected an object with access_key, secret_key and token attributes "
                "(such as botocore's Credentials), got %s" % type(obj).__name__
            )
        return cls(access_key, secret_key, getattr(obj, "token", None) or None)

    def _key(self) -> "Tuple[Any, ...]":
        expiration = self.expiration
        return (
            self.access_key_id,
            self.secret_access_key,
            self.session_token,
            None if expiration is None else to_timestamp(expiration, "expiration"),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Credentials):
            return NotImplemented
        return self._key() == other._key()

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return "Credentials(access_key_id=%r, secret_access_key='***'%s%s)" % (
            self.access_key_id,
            "" if self.session_token is None else ", session_token='***'",
            "" if self.expiration is None else ", expiration=%r" % (self.expiration,),
        )


def utc_datetime(timestamp: int) -> "datetime.datetime":
    """POSIX seconds as an aware UTC datetime."""
    import datetime  # only when asked: the core works in POSIX seconds

    return datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc)


class TimeWindow:
    """``signed_at`` and ``expires_at`` as aware UTC datetimes, from the integer
    ``signed_at_epoch`` and ``expires_at_epoch`` the core works with (use those on
    MicroPython, which usually has no ``datetime``)."""

    __slots__ = ()
    signed_at_epoch: int
    expires_at_epoch: int

    @property
    def signed_at(self) -> "datetime.datetime":
        """The signing time, an aware UTC datetime."""
        return utc_datetime(self.signed_at_epoch)

    @property
    def expires_at(self) -> "datetime.datetime":
        """When it stops working (earlier than its own expiry if the credentials expire
        first), an aware UTC datetime."""
        return utc_datetime(self.expires_at_epoch)


class Presigned(TimeWindow):
    """A presigned request: the URL, what the client must send, and the evidence.

    ``headers`` are the headers the client must send besides the URL's ``Host``, exactly
    as signed (a ``Host`` header given for another host is among them).
    ``str(presigned)`` is the URL.
    """

    __slots__ = (
        "url", "method", "headers", "signed_at_epoch", "expires_at_epoch",
        "canonical_request", "string_to_sign", "signature",
    )

    def __init__(
        self,
        url: str,
        method: str,
        headers: "Dict[str, str]",
        signed_at_epoch: int,
        expires_at_epoch: int,
        canonical_request: str,
        string_to_sign: str,
        signature: str,
    ) -> None:
        self.url = url
        self.method = method
        self.headers = headers
        self.signed_at_epoch = signed_at_epoch
        self.expires_at_epoch = expires_at_epoch
        self.canonical_request = canonical_request
        self.string_to_sign = string_to_sign
        self.signature = signature

    def __str__(self) -> str:
        return self.url

    def __repr__(self) -> str:
        # The URL is a bearer credential and may carry a session token: not shown.
        end = self.url.find("?")
        return "<Presigned %s %s expires_at=%s>" % (
            self.method, self.url if end < 0 else self.url[:end], amz_date(self.expires_at_epoch)
        )


def _pairs(value: "Any", what: str) -> "Iterable[Any]":
    """The items of a mapping, or ``value`` itself if it is a sequence of pairs."""
    items = getattr(value, "items", None)
    if callable(items):
        return items()  # type: ignore[no-any-return]
    try:
        iter(value)
    except TypeError:
        raise InvalidInputError(
            "%s must be a mapping or (name, value) pairs, not %s" % (what, type(value).__name__)
        )
    return value  # type: ignore[no-any-return]


def _int_text(value: int, what: str) -> str:
    try:
        return str(value)
    except ValueError:  # CPython refuses to print ints of more than 4300 digits
        raise InvalidInputError("%s: the number is too large" % what)


def _params_list(params: "ParamsArg") -> "List[Tuple[Any, Any]]":
    if params is None:
        return []
    out = []
    for item in _pairs(params, "params"):
        try:
            name, value = item
        except (TypeError, ValueError):
            raise InvalidInputError("params must be a mapping or (name, value) pairs, got %s" % shown(item))
        if isinstance(value, bool) or not isinstance(value, (str, bytes, int)):
            raise InvalidInputError(
                "query parameter %s: the value must be a string or an int, not %s"
                % (shown(name), type(value).__name__)
            )
        if not isinstance(name, (str, bytes)) or not name:
            raise InvalidInputError("query parameter names must be non-empty strings, got %s" % shown(name))
        out.append((name, _int_text(value, "query parameter %r" % (name,)) if isinstance(value, int) else value))
    return out


def headers_list(headers: "HeadersArg") -> "List[Tuple[str, str]]":
    """(name, value) pairs from a mapping or a sequence of pairs, each checked."""
    if headers is None:
        return []
    out: "List[Tuple[str, str]]" = []
    for item in _pairs(headers, "headers"):
        try:
            name, value = item
        except (TypeError, ValueError):
            raise InvalidInputError("headers must be a mapping or (name, value) pairs, got %s" % shown(item))
        if isinstance(value, int) and not isinstance(value, bool):
            value = _int_text(value, "header %s" % (name,))
        check_header(name, value)
        out.append((name, value))
    return out


def check_scope_part(name: str, value: "Any") -> str:
    """A region or service name: non-empty, letters, digits, ``-``, ``_``, ``.``."""
    if not isinstance(value, str) or not value:
        raise InvalidInputError("%s must be a non-empty string such as %r" % (
            name, "us-east-1" if name == "region" else "s3"))
    for char in value:
        if char not in _SCOPE_CHARS:
            raise InvalidInputError(
                "%s %r has %r; only letters, digits, '-', '_' and '.' are allowed" % (name, value, char)
            )
    return value


def _check_payload_hash(value: "Any") -> str:
    if not isinstance(value, str) or not value or any(c in value for c in " \t\r\n"):
        raise InvalidInputError(
            "payload_hash must be a hex SHA-256 or a marker such as 'UNSIGNED-PAYLOAD', got %s" % shown(value)
        )
    return value


# Memos for sign(): the last (timestamp, X-Amz-Date) and encoded X-Amz-Credential values
# (bounded: emptied when full). Both hold only public values, never a secret.
_LAST_DATE: "Tuple[Any, str]" = (None, "")
_CREDENTIALS: "Dict[str, str]" = {}


def sign(
    method: str,
    scheme: str,
    host: str,
    wire_path: str,
    canonical_path: str,
    query: "List[Tuple[str, str]]",
    headers: "List[Tuple[str, str]]",
    credentials: Credentials,
    region: str,
    service: str,
    timestamp: int,
    expires: int,
    payload_hash: str,
    session_token: str,
) -> Presigned:
    """The pipeline on prepared, checked inputs (``query`` already percent-encoded).

    ``presign`` and ``presign_s3`` prepare their inputs and end here; verification
    runs the same canonical functions on a parsed URL.
    """
    global _LAST_DATE
    for name, _ in query:
        if name.lower() in _AUTH_PARAMS:
            raise InvalidInputError(
                "the query already has %s: the URL is signed already, or the name is reserved"
                % name
            )
    expires_at, credentials_end = _lifetime(credentials, timestamp, expires)
    header_block, signed_names, sent = _headers_to_sign(host, headers)

    # URLs made in one batch share their second: reuse the last formatted time. The pair
    # is replaced as one tuple, so threads never see a time with another's text.
    last = _LAST_DATE
    if last[0] == timestamp:
        date_time = last[1]
    else:
        date_time = amz_date(timestamp)
        _LAST_DATE = (timestamp, date_time)
    scope = credential_scope(date_time[:8], region, service)
    credential = credentials.access_key_id + "/" + scope
    encoded_credential = _CREDENTIALS.get(credential)
    if encoded_credential is None:
        encoded_credential = uri_encode(credential)
        if len(_CREDENTIALS) >= 64:
            _CREDENTIALS.clear()
        _CREDENTIALS[credential] = encoded_credential
    auth = [
        ("X-Amz-Algorithm", ALGORITHM),
        ("X-Amz-Credential", encoded_credential),
        ("X-Amz-Date", date_time),
        ("X-Amz-Expires", str(expires)),
        ("X-Amz-SignedHeaders", "host" if signed_names == "host" else uri_encode(signed_names)),
    ]
    token = credentials.session_token
    tail: "List[Tuple[str, str]]" = []
    if token is not None and session_token != "omit":
        pair = ("X-Amz-Security-Token", uri_encode(token))
        (auth if session_token == "signed" else tail).append(pair)

    creq = canonical_request(
        method, canonical_path, canonical_query(query + auth), header_block, signed_names, payload_hash
    )
    sts = string_to_sign(date_time, scope, creq)
    sig = signature(signing_key(credentials.secret_access_key, date_time[:8], region, service), sts)
    tail.append(("X-Amz-Signature", sig))
    url = scheme + "://" + host + wire_path + "?" + "&".join(
        [name + "=" + value for name, value in query + auth + tail]
    )

    if credentials_end is not None and credentials_end < expires_at:
        _warn_credential_expiry(credentials_end, expires_at)
        expires_at = credentials_end
    return Presigned(url, method, sent, timestamp, expires_at, creq, sts, sig)


def _check_sendable(name: str, value: str) -> None:
    """Refuse a value a request cannot carry as signed: only
    ``*( VCHAR / SP / HTAB )`` (RFC 9110 5.5, printable ASCII) goes out as it is signed.
    Other text is signed as UTF-8 but sent as whatever bytes the client's HTTP library
    picks (Latin-1 for Python's), so the signature could not match. (Verification reads
    received headers as they are.)"""
    for i, char in enumerate(value):
        if not " " <= char <= "~" and char != "\t":
            # The value is not shown: it may be a secret (an SSE-C key).
            raise InvalidInputError(
                "header %s: the value has %s U+%04X at position %d; header values are "
                "printable ASCII (encode other text first, e.g. RFC 2047 or percent-encoding)"
                % (name, "the control character" if char < " " or char == "\x7f"
                   else "the non-ASCII character", ord(char), i)
            )


def _lifetime(credentials: Credentials, timestamp: int, expires: int) -> "Tuple[int, Optional[int]]":
    """(the URL's own end ``timestamp + expires``, the credentials' end or None), checked:
    both must be sayable as X-Amz-Date, and the credentials alive when signing."""
    expires_at = timestamp + expires
    if expires_at > MAX_TIME:
        raise InvalidInputError("the URL would expire after the year 9999, which X-Amz-Date cannot name")
    if credentials.expiration is None:
        return expires_at, None
    ends = to_timestamp(credentials.expiration, "expiration")
    if ends <= timestamp:
        raise InvalidInputError(
            "the credentials expired at %s, not after the signing time %s: a URL signed "
            "with them never works; refresh them" % (amz_date(ends), amz_date(timestamp))
        )
    return expires_at, ends


def _headers_to_sign(host: str, headers: "List[Tuple[str, str]]") -> "Tuple[str, str, Dict[str, str]]":
    """(CanonicalHeaders, SignedHeaders, headers the client must send) for ``host`` and
    the checked ``headers``. What is returned to send is exactly what was signed: a
    repeated name is one field line with the values joined by ``,`` (RFC 9110 5.3)."""
    if not headers:
        # Only host is signed (most URLs): canonical_headers' result, without its merge and sort.
        return "host:" + " ".join(host.split()) + "\n", "host", {}
    sent: "Dict[str, str]" = {}
    signed = [("host", host)]
    spelling: "Dict[str, str]" = {}  # lower-case name -> the first spelling given
    for name, value in headers:
        lower = name.lower()
        _check_sendable(name, value)
        if lower == "authorization":
            raise InvalidInputError(
                "an Authorization header cannot go with a presigned URL: the URL's "
                "X-Amz-* parameters are its authorization, and servers accept only one"
            )
        if lower == "host":
            if "host" in spelling:
                raise InvalidInputError("headers has Host more than once; a request has one Host")
            spelling["host"] = name
            signed[0] = ("host", value)
            if value.strip() != host:
                # The URL names another host: only a client that sends this Host
                # header matches the signature, so it is one to send.
                sent[name] = value
            continue
        signed.append((name, value))
        first = spelling.get(lower)
        if first is None:
            spelling[lower] = name
            sent[name] = value
        else:
            # Trimmed values joined by ",": what the server rebuilds from one field line.
            sent[first] = " ".join(sent[first].split()) + "," + " ".join(value.split())
    header_block, signed_names = canonical_headers(signed)
    return header_block, signed_names, sent


def _warn_credential_expiry(ends: int, url_ends: int) -> None:
    try:
        import warnings
    except ImportError:  # pragma: no cover - MicroPython
        return
    warnings.warn(
        CredentialExpiryWarning(
            "the credentials expire at %s, before the URL's own expiry at %s: the URL "
            "stops working then (expires_at reports the earlier time)"
            % (amz_date(ends), amz_date(url_ends))
        ),
        stacklevel=4,
    )


def check_method(method: "Any") -> str:
    # ASCII letters only: str.isalpha() would pass "ı", which upper() turns into "I".
    if not isinstance(method, str) or not method or any(c not in _LETTERS for c in method):
        raise InvalidInputError("method must be an HTTP method such as 'GET' or 'PUT', got %s" % shown(method))
    return method.upper()


def check_credentials(credentials: "Any") -> Credentials:
    if not isinstance(credentials, Credentials):
        raise InvalidInputError(
            "credentials must be a sigv4presign.Credentials, not %s" % type(credentials).__name__
        )
    return credentials


# Some MicroPython ports count time.time() from 2000-01-01; SigV4 needs POSIX seconds.
_EPOCH_OFFSET = 946684800 if time.gmtime(0)[0] == 2000 else 0


def signing_time(now: "TimeArg") -> int:
    """``now`` as POSIX seconds; when None the clock is read, once."""
    return int(time.time()) + _EPOCH_OFFSET if now is None else to_timestamp(now)


def presign(
    method: str,
    url: str,
    *,
    credentials: Credentials,
    region: str,
    service: str,
    expires_in: "Any" = 3600,
    headers: "HeadersArg" = None,
    params: "ParamsArg" = None,
    payload_hash: "Optional[str]" = None,
    now: "TimeArg" = None,
    double_encode: bool = True,
    normalize_path: bool = True,
    session_token: str = "signed",
    max_expires_in: int = MAX_EXPIRES,
) -> Presigned:
    """Presign ``method url`` for any service with SigV4 query signing.

    The URL's path and query are signed as given; raw characters (a space, non-ASCII)
    are accepted and percent-encoded in the emitted URL. ``params`` adds decoded
    query parameters after those of the URL. Every header in ``headers`` is signed and
    must be sent as returned in :attr:`Presigned.headers`.

    ``payload_hash`` defaults to the SHA-256 of an empty body. ``session_token`` is
    ``"signed"`` (in the canonical query), ``"unsigned"`` (appended after signing, as
    IoT needs) or ``"omit"``. ``double_encode`` and ``normalize_path`` are the generic
    service rules; S3 wants both off (see :func:`presign_s3`).
    """
    method = check_method(method)
    credentials = check_credentials(credentials)
    if not isinstance(session_token, str) or session_token not in TOKEN_MODES:
        raise InvalidInputError("session_token must be one of %s, got %s" % (", ".join(TOKEN_MODES), shown(session_token)))
    if double_encode is not True and double_encode is not False:
        raise InvalidInputError("double_encode must be True or False, got %s" % shown(double_encode))
    if normalize_path is not True and normalize_path is not False:
        raise InvalidInputError("normalize_path must be True or False, got %s" % shown(normalize_path))
    scheme, host, path, query = split_url(url)
    pairs = parse_query(query) + _params_list(params)
    if double_encode:
        wire_path = encode_path_for_url(path)
        canonical_path = canonical_uri(path, True, normalize_path)
    else:
        canonical_path = wire_path = canonical_uri(path, False, False)
        if normalize_path:
            canonical_path = canonical_uri(path, False, True)
    return sign(
        method,
        scheme,
        host,
        wire_path,
        canonical_path,
        [(uri_encode(n), uri_encode(v)) for n, v in pairs],
        headers_list(headers),
        credentials,
        check_scope_part("region", region),
        check_scope_part("service", service),
        signing_time(now),
        to_expires(expires_in, max_expires_in),
        EMPTY_SHA256 if payload_hash is None else _check_payload_hash(payload_hash),
        session_token,
    )
