"""Verify presigned URLs and POST forms; explain and diagnose signature mismatches.

Verification is signing run backwards on a parsed URL, through the same functions::

    split_url, parse_query            -> path, decoded (name, value) pairs
    canonical_uri, canonical_query,
    canonical_headers                 -> canonical_request
    credential_scope, string_to_sign  -> string to sign
    signing_key, signature            -> expected signature
    hmac.compare_digest(expected, X-Amz-Signature)

The service in the credential scope picks the rules, as data: ``s3`` takes the path
in its one canonical encoding (``UriEncode(UriDecode(path))``, no normalisation) and
``UNSIGNED-PAYLOAD``; every other service encodes the path as received once more after
removing ``.``, ``..`` and empty segments, with the SHA-256 of an empty body.

Evidence attached to errors never holds a secret key, a signing key, the expected
signature or a session token (a token inside a canonical request is redacted).
"""

import hmac

from .canonical import (
    EMPTY_SHA256,
    UNSIGNED_PAYLOAD,
    canonical_headers,
    canonical_query,
    canonical_request,
    canonical_uri,
)
from .encoding import uri_decode, uri_encode
from .errors import (
    ExpiredError,
    InvalidInputError,
    MalformedRequestError,
    NotYetValidError,
    PolicyConditionError,
    ScopeMismatchError,
    SessionTokenError,
    SignatureMismatchError,
    UnknownAccessKeyError,
)
from .presign import (
    Credentials,
    check_method,
    check_scope_part,
    headers_list,
    parse_query,
    signing_time,
    split_url,
)
from .signing import ALGORITHM, credential_scope, signature, signing_key, string_to_sign
from .timefmt import MAX_EXPIRES, amz_date, parse_amz_date, to_timestamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple, Union

    from .presign import HeadersArg, Presigned, TimeArg

    CredentialsArg = Union[
        Credentials, Mapping[str, Credentials], Callable[[str], Optional[Credentials]]
    ]

# service -> (double_encode, normalize_path, payload_hash); other services: _GENERIC.
RULES = {"s3": (False, False, UNSIGNED_PAYLOAD)}
_GENERIC = (True, True, EMPTY_SHA256)
TOKEN_MODES = ("signed", "unsigned")
REDACTED = "<redacted>"

# decoded lower-case name -> the one spelling signers write
_AUTH = {
    b"x-amz-algorithm": "X-Amz-Algorithm",
    b"x-amz-credential": "X-Amz-Credential",
    b"x-amz-date": "X-Amz-Date",
    b"x-amz-expires": "X-Amz-Expires",
    b"x-amz-signedheaders": "X-Amz-SignedHeaders",
    b"x-amz-security-token": "X-Amz-Security-Token",
    b"x-amz-signature": "X-Amz-Signature",
}
_HEX = frozenset("0123456789abcdef")
_DIGITS = frozenset("0123456789")
_HEADER_NAME_CHARS = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz")


def _utc(timestamp: int) -> "datetime.datetime":
    import datetime

    return datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc)


class Verified:
    """A request that verified: who signed it, for what, and until when.

    ``signed_headers`` are the header names the signature covers (``()`` for a POST
    form); ``signed_at`` and ``expires_at`` are aware UTC datetimes (``expires_at`` is
    the earlier of the URL's or policy's expiry and the credentials' expiration).
    """

    __slots__ = (
        "access_key_id", "region", "service", "signed_headers", "method",
        "signed_at_epoch", "expires_at_epoch",
    )

    def __init__(
        self,
        access_key_id: str,
        region: str,
        service: str,
        signed_headers: "Tuple[str, ...]",
        method: str,
        signed_at_epoch: int,
        expires_at_epoch: int,
    ) -> None:
        self.access_key_id = access_key_id
        self.region = region
        self.service = service
        self.signed_headers = signed_headers
        self.method = method
        self.signed_at_epoch = signed_at_epoch
        self.expires_at_epoch = expires_at_epoch

    @property
    def signed_at(self) -> "datetime.datetime":
        return _utc(self.signed_at_epoch)

    @property
    def expires_at(self) -> "datetime.datetime":
        return _utc(self.expires_at_epoch)

    def __repr__(self) -> str:
        return "<Verified %s by %s for %s/%s signed_at=%s expires_at=%s>" % (
            self.method, self.access_key_id, self.region, self.service,
            amz_date(self.signed_at_epoch), amz_date(self.expires_at_epoch),
        )


# -- parsing a presigned URL ------------------------------------------------------------


class _Parsed:
    """A presigned URL taken apart and checked for form (not for validity)."""

    __slots__ = (
        "scheme", "host", "path", "pairs", "access_key_id", "date", "region", "service",
        "amz_date", "signed_at", "expires", "signed_headers", "signature", "token",
    )

    def __init__(self) -> None:
        self.scheme = ""
        self.host = ""
        self.path = ""
        self.pairs = []  # type: List[Tuple[bytes, bytes]]
        self.access_key_id = ""
        self.date = ""
        self.region = ""
        self.service = ""
        self.amz_date = ""
        self.signed_at = 0
        self.expires = None  # type: Optional[int]
        self.signed_headers = []  # type: List[str]
        self.signature = None  # type: Optional[str]
        self.token = None  # type: Optional[str]


def _malformed(parameter: str, message: str) -> MalformedRequestError:
    return MalformedRequestError(message, parameter=parameter)


def _text(value: bytes, parameter: str) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise _malformed(parameter, "%s is not UTF-8 text after percent-decoding" % parameter)


def _split(url: "Any") -> "Tuple[str, str, str, str]":
    if isinstance(url, (bytes, bytearray)):
        try:
            url = bytes(url).decode("utf-8")
        except UnicodeDecodeError:
            raise _malformed("url", "the URL is not UTF-8 text")
    if not isinstance(url, str):
        raise _malformed("url", "the URL must be a string, not %s" % type(url).__name__)
    try:
        return split_url(url)
    except InvalidInputError as exc:
        # split_url may quote the URL, which can hold a session token: not repeated.
        detail = str(exc).replace(repr(url), "the URL")
        raise _malformed("url", "the URL cannot be taken apart: " + detail)


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
    if len(date) != 8 or not all(c in _DIGITS for c in date):
        raise _malformed(parameter, "%s: the date %r is not YYYYMMDD" % (parameter, date))
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


def _parse_signed_headers(value: str) -> "List[str]":
    names = value.split(";")
    for name in names:
        if not name or not all(c in _HEADER_NAME_CHARS for c in name):
            raise _malformed(
                "X-Amz-SignedHeaders",
                "X-Amz-SignedHeaders must be lower-case header names separated by ';', got %r"
                % (value,),
            )
    if names != sorted(set(names)):
        raise _malformed(
            "X-Amz-SignedHeaders",
            "X-Amz-SignedHeaders must list each header once, sorted, got %r" % (value,),
        )
    if "host" not in names:
        raise _malformed("X-Amz-SignedHeaders", "X-Amz-SignedHeaders must include host")
    return names


def _parse(url: "Any", require_all: bool) -> _Parsed:
    """Take a presigned URL apart; MalformedRequestError names the first bad parameter.

    ``require_all`` also demands ``X-Amz-Expires`` and ``X-Amz-Signature`` (verify does,
    explain does not).
    """
    parsed = _Parsed()
    parsed.scheme, parsed.host, parsed.path, query = _split(url)
    pairs = parse_query(query)
    found = {}  # type: Dict[bytes, bytes]
    for name, value in pairs:
        key = name.lower()
        spelling = _AUTH.get(key)
        if spelling is None:
            continue
        if key in found:
            raise _malformed(spelling, "%s appears more than once" % spelling)
        if name != spelling.encode("ascii"):
            raise _malformed(spelling, "%s must be spelled %s" % (_text(name, spelling), spelling))
        found[key] = value
    parsed.pairs = pairs

    def get(name: str, required: bool = True) -> "Optional[str]":
        raw = found.get(name.lower().encode("ascii"))
        if raw is None:
            if required:
                raise _malformed(name, "the URL has no %s parameter: it is not a presigned URL" % name)
            return None
        return _text(raw, name)

    algorithm = get("X-Amz-Algorithm")
    if algorithm != ALGORITHM:
        raise _malformed(
            "X-Amz-Algorithm",
            "X-Amz-Algorithm must be %s%s" % (
                ALGORITHM, " (SigV4a URLs are not supported)" if algorithm == "AWS4-ECDSA-P256-SHA256" else ""),
        )
    credential = get("X-Amz-Credential")
    assert credential is not None
    parsed.access_key_id, parsed.date, parsed.region, parsed.service = parse_credential(
        credential, "X-Amz-Credential"
    )
    date_time = get("X-Amz-Date")
    assert date_time is not None
    try:
        parsed.signed_at = parse_amz_date(date_time)
    except InvalidInputError as exc:
        raise _malformed("X-Amz-Date", "X-Amz-Date: %s" % exc)
    parsed.amz_date = date_time
    if date_time[:8] != parsed.date:
        raise ScopeMismatchError(
            "X-Amz-Date is on %s but the credential scope is for %s: they must be the same day"
            % (date_time[:8], parsed.date),
            part="date", expected=date_time[:8], actual=parsed.date,
        )
    expires = get("X-Amz-Expires", require_all)
    if expires is not None:
        if not expires or len(expires) > 10 or not all(c in _DIGITS for c in expires):
            raise _malformed("X-Amz-Expires", "X-Amz-Expires must be whole seconds, got %r" % (expires,))
        parsed.expires = int(expires)
    signed = get("X-Amz-SignedHeaders")
    assert signed is not None
    parsed.signed_headers = _parse_signed_headers(signed)
    sig = get("X-Amz-Signature", require_all)
    if sig is not None and (len(sig) != 64 or not all(c in _HEX for c in sig)):
        raise _malformed("X-Amz-Signature", "X-Amz-Signature must be 64 lower-case hex digits")
    parsed.signature = sig
    parsed.token = get("X-Amz-Security-Token", False)
    return parsed


def _rules(
    service: str,
    double_encode: "Optional[bool]",
    normalize_path: "Optional[bool]",
    payload_hash: "Optional[str]",
) -> "Tuple[bool, bool, str]":
    default = RULES.get(service, _GENERIC)
    return (
        default[0] if double_encode is None else bool(double_encode),
        default[1] if normalize_path is None else bool(normalize_path),
        default[2] if payload_hash is None else _check_payload_hash(payload_hash),
    )


def _check_payload_hash(value: "Any") -> str:
    if not isinstance(value, str) or not value or any(c in value for c in " \t\r\n"):
        raise InvalidInputError(
            "payload_hash must be a hex SHA-256 or a marker such as 'UNSIGNED-PAYLOAD', got %r"
            % (value,)
        )
    return value


def _check_token_mode(mode: "Any") -> str:
    if mode not in TOKEN_MODES:
        raise InvalidInputError(
            "session_token must be 'signed' (in the canonical query) or 'unsigned' "
            "(appended after signing, as AWS IoT does), got %r" % (mode,)
        )
    return str(mode)


def _header_values(
    parsed: _Parsed, headers: "HeadersArg"
) -> "Tuple[List[Tuple[str, str]], List[str]]":
    """The signed headers' (name, value) pairs as received, and the names not received
    (taken as empty, as a server does).

    ``host`` comes from ``headers`` when given there, else from the URL.
    """
    received = {}  # type: Dict[str, List[str]]
    for name, value in headers_list(headers):
        received.setdefault(name.lower(), []).append(value)
    pairs = []  # type: List[Tuple[str, str]]
    missing = []  # type: List[str]
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


def _canonical(
    parsed: _Parsed,
    method: str,
    header_pairs: "List[Tuple[str, str]]",
    rules: "Tuple[bool, bool, str]",
    token_mode: str,
) -> "Tuple[str, str]":
    """(canonical request, string to sign) of a parsed URL, by the signer's functions."""
    double_encode, normalize, payload = rules
    skip = [b"X-Amz-Signature"]
    if token_mode == "unsigned":
        skip.append(b"X-Amz-Security-Token")
    query = [(uri_encode(n), uri_encode(v)) for n, v in parsed.pairs if n not in skip]
    block, names = canonical_headers(header_pairs)
    creq = canonical_request(
        method,
        canonical_uri(parsed.path, double_encode, normalize),
        canonical_query(query),
        block,
        names,
        payload,
    )
    scope = credential_scope(parsed.date, parsed.region, parsed.service)
    return creq, string_to_sign(parsed.amz_date, scope, creq)


def redact(text: str) -> str:
    """A canonical request with any session token (query parameter or header) replaced."""
    return "\n".join([_redact_line(line) for line in text.split("\n")])


_QUERY_SECRET = "X-Amz-Security-Token="


def _redact_line(line: str) -> str:
    if line.lower().startswith("x-amz-security-token:"):
        return line[: line.index(":") + 1] + REDACTED
    if _QUERY_SECRET in line:
        pieces = line.split("&")
        for i, piece in enumerate(pieces):
            if piece.startswith(_QUERY_SECRET):
                pieces[i] = _QUERY_SECRET + REDACTED
        return "&".join(pieces)
    return line


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
            "no credentials are known for the access key id %r" % (access_key_id,),
            access_key_id=access_key_id,
        )
    if not isinstance(found, Credentials):
        raise InvalidInputError(
            "the credentials lookup returned %s for %r, not a Credentials"
            % (type(found).__name__, access_key_id)
        )
    if found.access_key_id != access_key_id:
        raise UnknownAccessKeyError(
            "the credentials found for %r are for another access key id" % (access_key_id,),
            access_key_id=access_key_id,
        )
    return found


def _check_token(given: "Optional[str]", credentials: Credentials, where: str) -> None:
    expected = credentials.session_token
    if expected is None:
        if given is not None:
            raise SessionTokenError(
                "the request carries %s, but the credentials of %s have no session token"
                % (where, credentials.access_key_id),
                parameter=where, problem="unexpected",
            )
        return
    if given is None:
        raise SessionTokenError(
            "the credentials of %s are temporary, but the request has no %s"
            % (credentials.access_key_id, where),
            parameter=where, problem="missing",
        )
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise SessionTokenError(
            "%s is not the session token of the credentials of %s"
            % (where, credentials.access_key_id),
            parameter=where, problem="mismatch",
        )


def _check_scope(parsed_region: str, parsed_service: str, region: "Any", service: "Any") -> None:
    for part, expected, actual in (("region", region, parsed_region), ("service", service, parsed_service)):
        if expected is not None and expected != actual:
            raise ScopeMismatchError(
                "the credential scope names %s %r, but %r is expected" % (part, actual, expected),
                part=part, expected=expected, actual=actual,
            )


def _valid_until(signed_at: int, expires: int, credentials: Credentials) -> int:
    ends = signed_at + expires
    if credentials.expiration is not None:
        ends = min(ends, to_timestamp(credentials.expiration, "expiration"))
    return ends


def _check_time(
    signed_at: int, expires_at: int, now: int, max_clock_skew: int, what: str
) -> None:
    if signed_at - now > max_clock_skew:
        raise NotYetValidError(
            "%s is dated %s, %d s after now (%s); at most %d s of clock skew is allowed"
            % (what, amz_date(signed_at), signed_at - now, amz_date(now), max_clock_skew),
            signed_at=_utc(signed_at), now=_utc(now), max_clock_skew=max_clock_skew,
        )
    if now >= expires_at:
        raise ExpiredError(
            "%s expired at %s (signed at %s); now is %s"
            % (what, amz_date(expires_at), amz_date(signed_at), amz_date(now)),
            signed_at=_utc(signed_at), expires_at=_utc(expires_at), now=_utc(now),
        )


def _check_skew(value: "Any") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError("max_clock_skew must be whole seconds >= 0, got %r" % (value,))
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
) -> Verified:
    """Check a presigned request as a careful server would; return who signed it.

    ``url`` is the URL as received (path and query as on the wire), ``method`` and
    ``headers`` the request's. ``credentials`` is a :class:`Credentials`, a mapping of
    access key id to Credentials, or a callable ``(access_key_id) -> Credentials | None``.

    Checked, in order: the URL's form (algorithm, credential and scope, ``X-Amz-Date``
    and its day, ``X-Amz-Expires`` in 1..``max_expires_in``, signed headers that include
    ``host``, no repeated ``X-Amz-*`` parameter); ``region`` and ``service`` when given;
    the access key; the session token (required exactly when the credentials have one;
    ``session_token="unsigned"`` when the service appends it after signing, as AWS IoT
    does); every signed header present in ``headers``; the time (not dated more than
    ``max_clock_skew`` seconds ahead of ``now``, not expired); and the signature,
    compared in constant time.

    The scope's service picks the rules (``s3``: single encoding, no normalisation,
    ``UNSIGNED-PAYLOAD``; others: double encoding, normalised path, empty-body hash);
    ``payload_hash``, ``double_encode`` and ``normalize_path`` override them.
    Raises a :class:`VerificationError` subclass carrying its evidence.
    """
    method = check_method(method)
    token_mode = _check_token_mode(session_token)
    skew = _check_skew(max_clock_skew)
    parsed = _parse(url, True)
    expires = parsed.expires
    assert expires is not None
    if not 1 <= expires <= max_expires_in:
        raise _malformed(
            "X-Amz-Expires", "X-Amz-Expires must be between 1 and %d seconds, got %d" % (max_expires_in, expires)
        )
    _check_scope(parsed.region, parsed.service, region, service)
    creds = _lookup(credentials, parsed.access_key_id)
    _check_token(parsed.token, creds, "X-Amz-Security-Token")
    header_pairs, missing = _header_values(parsed, headers)
    if missing:
        raise MalformedRequestError(
            "the request lacks the signed header%s %s" % ("s" if len(missing) > 1 else "", ", ".join(missing)),
            parameter="X-Amz-SignedHeaders", missing_headers=tuple(missing),
        )
    timestamp = signing_time(now)
    expires_at = _valid_until(parsed.signed_at, expires, creds)
    _check_time(parsed.signed_at, expires_at, timestamp, skew, "the URL")

    rules = _rules(parsed.service, double_encode, normalize_path, payload_hash)
    creq, sts = _canonical(parsed, method, header_pairs, rules, token_mode)
    key = signing_key(creds.secret_access_key, parsed.date, parsed.region, parsed.service)
    provided = parsed.signature
    assert provided is not None
    if not hmac.compare_digest(signature(key, sts), provided):
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
    return Verified(
        parsed.access_key_id, parsed.region, parsed.service, tuple(parsed.signed_headers),
        method, parsed.signed_at, expires_at,
    )


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
        "session_token", "canonical_request", "string_to_sign", "signature", "_flags",
    )

    def __init__(self, parsed: _Parsed, method: str, rules: "Tuple[bool, bool, str]",
                 token_mode: str, missing: "List[str]", creq: str, sts: str) -> None:
        self.method = method
        self.host = parsed.host
        self.path = parsed.path
        self.access_key_id = parsed.access_key_id
        self.region = parsed.region
        self.service = parsed.service
        self.rules = "s3" if rules == RULES["s3"] else "generic" if rules == _GENERIC else "custom"
        self._flags = rules
        self.signed_headers = tuple(parsed.signed_headers)
        self.missing_headers = tuple(missing)
        self.signed_at_epoch = parsed.signed_at
        self.expires_in = parsed.expires
        self.session_token = "absent" if parsed.token is None else token_mode
        self.canonical_request = creq
        self.string_to_sign = sts
        self.signature = parsed.signature

    @property
    def signed_at(self) -> "datetime.datetime":
        return _utc(self.signed_at_epoch)

    @property
    def expires_at(self) -> "Optional[datetime.datetime]":
        if self.expires_in is None:
            return None
        return _utc(self.signed_at_epoch + self.expires_in)

    def __str__(self) -> str:
        double_encode, normalize, payload = self._flags
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
            "Host:            " + self.host,
            "Access key id:   " + self.access_key_id,
            "Scope:           %s (%s)" % (
                credential_scope(amz_date(self.signed_at_epoch)[:8], self.region, self.service), rules
            ),
            "Signed at:       " + amz_date(self.signed_at_epoch),
            "Expires:         " + expiry,
            "Signed headers:  " + ";".join(self.signed_headers),
            "Session token:   " + token,
        ]
        if self.missing_headers:
            lines.append(
                "Not given:       %s (taken as empty, as a server does when they are not sent)"
                % ", ".join(self.missing_headers)
            )
        lines += [
            "",
            "Canonical request:",
            redact(self.canonical_request),
            "",
            "String to sign:",
            self.string_to_sign,
        ]
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        return "<Explanation %s %s%s scope=%s/%s/%s>" % (
            self.method, self.host, self.path, amz_date(self.signed_at_epoch)[:8],
            self.region, self.service,
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

    No credentials are needed and nothing is checked but the URL's form: the result
    shows what the signature must cover. Signed headers absent from ``headers`` count
    as empty (listed in ``missing_headers``). Rules as in :func:`verify_presigned`.
    """
    method = check_method(method)
    token_mode = _check_token_mode(session_token)
    parsed = _parse(url, False)
    header_pairs, missing = _header_values(parsed, headers)
    rules = _rules(parsed.service, double_encode, normalize_path, payload_hash)
    creq, sts = _canonical(parsed, method, header_pairs, rules, token_mode)
    return Explanation(parsed, method, rules, token_mode, missing, creq, sts)


# -- verify_s3_post ---------------------------------------------------------------------

# Fields S3 does not match against the policy (besides the x-ignore- prefix).
_POST_UNCHECKED = ("policy", "x-amz-signature", "file")
_POST_REQUIRED = ("policy", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature")


def _form_fields(fields: "Any") -> "Dict[str, Tuple[str, str]]":
    """lower-case name -> (name, value); a field given twice is malformed."""
    if isinstance(fields, (str, bytes)) or not hasattr(fields, "__iter__"):
        raise _malformed("fields", "fields must be a mapping or (name, value) pairs of form fields")
    items = fields.items() if hasattr(fields, "items") else fields
    out = {}  # type: Dict[str, Tuple[str, str]]
    for item in items:
        try:
            name, value = item
        except (TypeError, ValueError):
            raise _malformed("fields", "fields must be (name, value) pairs")
        if isinstance(value, (bytes, bytearray)):
            value = _text(bytes(value), str(name))
        if not isinstance(name, str) or not name or not isinstance(value, str):
            raise _malformed("fields", "form field names and values must be text, got %r" % (name,))
        lower = name.lower()
        if lower in out:
            raise _malformed(name, "the form field %s appears more than once" % name)
        out[lower] = (name, value)
    return out


def _iso_time(text: "Any", parameter: str) -> int:
    """POSIX seconds of ``YYYY-MM-DDTHH:MM:SS[.fff]Z`` (a fraction rounds up)."""
    if (
        not isinstance(text, str) or len(text) < 20 or text[-1] != "Z" or text[4] != "-"
        or text[7] != "-" or text[10] != "T" or text[13] != ":" or text[16] != ":"
    ):
        raise _malformed(parameter, "%s must be an ISO 8601 UTC time such as 2026-01-31T12:00:00.000Z" % parameter)
    fraction = text[19:-1]
    if fraction and (fraction[0] != "." or len(fraction) < 2 or not all(c in _DIGITS for c in fraction[1:])):
        raise _malformed(parameter, "%s has a malformed fraction of a second" % parameter)
    try:
        seconds = parse_amz_date(text[0:4] + text[5:7] + text[8:10] + "T" + text[11:13] + text[14:16] + text[17:19] + "Z")
    except InvalidInputError as exc:
        raise _malformed(parameter, "%s: %s" % (parameter, exc))
    return seconds + (1 if fraction.strip(".0") else 0)


def _decode_policy(policy: str) -> "Dict[str, Any]":
    import base64
    import binascii
    import json

    try:
        document = json.loads(base64.b64decode(policy.encode("ascii"), validate=True).decode("utf-8"))
    except (UnicodeError, binascii.Error, ValueError, RecursionError):
        raise _malformed("policy", "the policy is not base64 of a UTF-8 JSON document")
    if not isinstance(document, dict) or not isinstance(document.get("conditions"), list):
        raise _malformed("policy", "the policy must be a JSON object with an expiration and a conditions list")
    return document


def _shown(name: str, value: str) -> str:
    return REDACTED if name == "x-amz-security-token" else repr(value)


def _condition_text(condition: "Any") -> str:
    import json

    text = json.dumps(condition)
    for marker in ('"x-amz-security-token"', '"$x-amz-security-token"'):
        if marker in text.lower():
            return "[condition on x-amz-security-token]"
    return text


def _check_conditions(
    document: "Dict[str, Any]",
    form: "Dict[str, Tuple[str, str]]",
    bucket: "Optional[str]",
    content_length: "Optional[int]",
    filename: "Optional[str]",
) -> None:
    """Every condition holds for the submitted fields, and every field has a condition."""
    from .post import FILENAME, check_condition

    values = {}  # type: Dict[str, str]
    for lower, (_, value) in form.items():
        values[lower] = value
    if filename is not None and "key" in values:
        values["key"] = values["key"].replace(FILENAME, filename)
    covered = set()
    for condition in document["conditions"]:
        try:
            operator, name, expected = check_condition(condition)
        except InvalidInputError as exc:
            raise _malformed("policy", "the policy has a malformed condition: %s" % exc)
        shown = _condition_text(condition)
        if operator == "content-length-range":
            if content_length is None:
                raise InvalidInputError(
                    "the policy limits the upload size (%s); pass content_length= (the file's size in bytes)" % shown
                )
            low, high = expected
            if not low <= content_length <= high:
                raise PolicyConditionError(
                    "policy condition failed: %s; the file is %d bytes" % (shown, content_length),
                    condition=shown, field="content-length-range",
                )
            continue
        lower = name.lower()
        covered.add(lower)
        if lower == "bucket":
            if bucket is None:
                raise InvalidInputError(
                    "the policy has a condition on the bucket (%s); pass bucket= (the bucket "
                    "the form was posted to)" % shown
                )
            value = bucket
        else:
            value = values.get(lower, "")
        ok = value == expected if operator == "eq" else value.startswith(expected)
        if not ok:
            raise PolicyConditionError(
                "policy condition failed: %s; the form's %s is %s" % (shown, name, _shown(lower, value)),
                condition=shown, field=name,
            )
    for lower, (name, _) in form.items():
        if lower in covered or lower in _POST_UNCHECKED or lower.startswith("x-ignore-"):
            continue
        raise PolicyConditionError(
            "the form field %s is not allowed: no policy condition names it" % name,
            condition=None, field=name,
        )


def verify_s3_post(
    fields: "Any",
    *,
    credentials: "CredentialsArg",
    now: "TimeArg" = None,
    content_length: "Optional[int]" = None,
    bucket: "Optional[str]" = None,
    filename: "Optional[str]" = None,
    region: "Optional[str]" = None,
    max_clock_skew: int = 300,
) -> Verified:
    """Check a browser POST upload's form fields the way S3 does; return who signed it.

    ``fields`` are the submitted form fields (a mapping or (name, value) pairs, the file
    excluded); names are matched case-insensitively, values exactly. Checked, in order:
    the ``x-amz-*`` fields (algorithm, credential scope for ``s3``, date on the scope's
    day), ``region`` when given, the access key, the session token, the signature over
    the base64 policy (constant-time), the policy's expiration (and that ``x-amz-date``
    is not ahead of ``now`` by more than ``max_clock_skew``), every condition (exact,
    ``starts-with``, ``content-length-range`` against ``content_length``; ``bucket``
    against ``bucket``), and that every field but ``policy``, ``x-amz-signature``,
    ``file`` and ``x-ignore-*`` has a condition. ``filename`` fills in ``${filename}``
    in the key, as S3 does with the uploaded file's name.
    """
    form = _form_fields(fields)
    if content_length is not None and (isinstance(content_length, bool) or not isinstance(content_length, int) or content_length < 0):
        raise InvalidInputError("content_length must be a whole number of bytes, got %r" % (content_length,))
    skew = _check_skew(max_clock_skew)
    for name in _POST_REQUIRED:
        if name not in form:
            raise _malformed(name, "the form has no %s field: it is not a presigned POST form" % name)
    if form["x-amz-algorithm"][1] != ALGORITHM:
        raise _malformed("x-amz-algorithm", "x-amz-algorithm must be %s" % ALGORITHM)
    akid, date, scope_region, service = parse_credential(form["x-amz-credential"][1], "x-amz-credential")
    if service != "s3":
        raise ScopeMismatchError(
            "the credential scope names service %r; POST forms are for s3" % service,
            part="service", expected="s3", actual=service,
        )
    _check_scope(scope_region, service, region, None)
    date_time = form["x-amz-date"][1]
    try:
        signed_at = parse_amz_date(date_time)
    except InvalidInputError as exc:
        raise _malformed("x-amz-date", "x-amz-date: %s" % exc)
    if date_time[:8] != date:
        raise ScopeMismatchError(
            "x-amz-date is on %s but the credential scope is for %s" % (date_time[:8], date),
            part="date", expected=date_time[:8], actual=date,
        )
    creds = _lookup(credentials, akid)
    token = form.get("x-amz-security-token")
    _check_token(None if token is None else token[1], creds, "x-amz-security-token")
    policy = form["policy"][1]
    provided = form["x-amz-signature"][1]
    key = signing_key(creds.secret_access_key, date, scope_region, service)
    expected = signature(key, policy)
    if not (len(provided) == 64 and all(c in _HEX for c in provided) and hmac.compare_digest(expected, provided)):
        raise SignatureMismatchError(
            "the signature does not match the policy: the policy field was changed after "
            "signing, or the secret key differs",
            access_key_id=akid, parameter="x-amz-signature",
        )
    document = _decode_policy(policy)
    expires_at = _iso_time(document.get("expiration"), "expiration")
    if creds.expiration is not None:
        expires_at = min(expires_at, to_timestamp(creds.expiration, "expiration"))
    _check_time(signed_at, expires_at, signing_time(now), skew, "the policy")
    _check_conditions(document, form, bucket, content_length, filename)
    return Verified(akid, scope_region, service, (), "POST", signed_at, expires_at)


# -- diagnose ---------------------------------------------------------------------------

def _error_elements(error_xml: "Any") -> "Dict[str, str]":
    """First text of each element of an S3 XML error body, by local name."""
    import xml.etree.ElementTree as ET

    if isinstance(error_xml, str):
        data = error_xml.encode("utf-8")
    elif isinstance(error_xml, (bytes, bytearray)):
        data = bytes(error_xml)
    else:
        raise InvalidInputError("error_xml must be the XML error body as text or bytes")
    try:
        root = ET.fromstring(data)
    except (ET.ParseError, LookupError, ValueError) as exc:  # LookupError: unknown encoding
        raise InvalidInputError("error_xml is not XML (%s); pass the response body as received" % exc)
    found = {}  # type: Dict[str, str]
    for element in root.iter():
        name = str(element.tag).rsplit("}", 1)[-1]
        if name not in found:
            found[name] = element.text or ""
    for name in ("CanonicalRequest", "StringToSign"):
        raw = found.get(name + "Bytes")
        if name not in found and raw:
            try:
                found[name] = bytes.fromhex(raw).decode("utf-8", "replace")
            except ValueError:
                pass
    return found


class _Creq:
    """A canonical request split into its parts (tolerant of malformed text)."""

    def __init__(self, text: str) -> None:
        lines = text.split("\n")
        self.lines = lines
        self.method = lines[0] if lines else ""
        self.uri = lines[1] if len(lines) > 1 else ""
        self.query = lines[2] if len(lines) > 2 else ""
        self.headers = {}  # type: Dict[str, str]
        end = 3
        while end < len(lines) and lines[end]:
            name, _, value = lines[end].partition(":")
            self.headers[name] = value
            end += 1
        self.header_end = end
        self.signed = lines[end + 1] if len(lines) > end + 1 else ""
        self.payload = lines[end + 2] if len(lines) > end + 2 else ""

    def label(self, index: int) -> str:
        if index == 0:
            return "the method"
        if index == 1:
            return "the canonical URI (the path)"
        if index == 2:
            return "the canonical query"
        if index < self.header_end:
            return "the header %s" % self.lines[index].partition(":")[0]
        if index == self.header_end:
            return "the end of the headers"
        if index == self.header_end + 1:
            return "the signed headers"
        return "the payload hash"

    def params(self) -> "Dict[str, str]":
        out = {}  # type: Dict[str, str]
        for piece in self.query.split("&"):
            if piece:
                name, _, value = piece.partition("=")
                out[name] = value
        return out


def _first_difference(ours: "List[str]", theirs: "List[str]") -> int:
    for i in range(max(len(ours), len(theirs))):
        if i >= len(ours) or i >= len(theirs) or ours[i] != theirs[i]:
            return i
    return -1


def _path_cause(ours: str, theirs: str) -> str:
    ours_raw, theirs_raw = uri_decode(ours), uri_decode(theirs)
    if ours_raw == theirs_raw:
        return (
            "the key (path) is encoded differently: the same characters, written %s by "
            "the signer and %s by the server. S3 encodes the key exactly once (RFC 3986: "
            "space %%20, '+' %%2B); other services encode the path as sent once more"
            % (ours, theirs)
        )
    if uri_decode(theirs_raw) == ours_raw:
        return (
            "the key is encoded differently: the client encoded the URL's path a second "
            "time (%%20 became %%2520); send the URL exactly as presigned"
        )
    if ours_raw.replace(b"+", b" ") == theirs_raw.replace(b"+", b" "):
        return (
            "the key is encoded differently: the server read the key as %r, not %r. In "
            "a URL path '+' is a plus sign and a space must be %%20; a client or proxy "
            "turned one into the other" % (_show(theirs_raw), _show(ours_raw))
        )
    return "the request went to another path: %r, but %r was signed" % (_show(theirs_raw), _show(ours_raw))


def _show(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _header_causes(ours: _Creq, theirs: _Creq) -> "List[str]":
    causes = []
    for name in sorted(set(theirs.headers) - set(ours.headers)):
        extra = " (Content-Type is the usual one: browsers and HTTP clients add it)" if name == "content-type" else ""
        causes.append(
            "the header %s was sent but not signed%s: presign with headers={%r: %r} and send "
            "exactly that value, or do not send it" % (name, extra, _title(name), theirs.headers[name])
        )
    for name in sorted(set(ours.headers) & set(theirs.headers)):
        mine, sent = ours.headers[name], theirs.headers[name]
        if mine == sent:
            continue
        if name == "x-amz-security-token":
            causes.append("the signed header x-amz-security-token was sent with another value")
        elif sent == "" and mine != "":
            causes.append(
                "the signed header %s is missing: the client did not send it; send %s: %s"
                % (name, _title(name), mine)
            )
        elif name == "host":
            causes.append(
                "the host differs: %r was signed, the server saw %r (another endpoint, a "
                "proxy rewriting Host, or a port)" % (mine, sent)
            )
        else:
            causes.append(
                "the signed header %s was sent with another value: %r was signed, %r sent"
                % (name, mine, sent)
            )
    for name in sorted(set(ours.headers) - set(theirs.headers)):
        causes.append(
            "the header %s was signed but the server did not take it as signed (a proxy "
            "may have removed it)" % name
        )
    return causes


def _title(name: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in name.split("-"))


def _query_causes(ours: _Creq, theirs: _Creq) -> "List[str]":
    mine, sent = ours.params(), theirs.params()
    causes = []
    added = sorted(set(sent) - set(mine))
    dropped = sorted(set(mine) - set(sent))
    if added:
        causes.append("query parameters were added after signing: %s" % ", ".join(added))
    if dropped:
        causes.append("signed query parameters were dropped: %s" % ", ".join(dropped))
    for name in sorted(set(mine) & set(sent)):
        if mine[name] == sent[name]:
            continue
        if name == "X-Amz-Credential":
            causes.append(_scope_cause(uri_decode(mine[name]).decode("utf-8", "replace"),
                                       uri_decode(sent[name]).decode("utf-8", "replace")))
        elif name == "X-Amz-Security-Token":
            causes.append("the session token in the URL was changed")
        elif uri_decode(mine[name]) == uri_decode(sent[name]):
            causes.append("the query parameter %s is encoded differently" % name)
        else:
            causes.append("the query parameter %s was changed after signing" % name)
    return causes


def _scope_cause(mine: str, sent: str) -> str:
    a, b = mine.split("/"), sent.split("/")
    if len(a) >= 4 and len(b) >= 4:
        if a[-3] != b[-3]:
            return (
                "wrong region: the URL is signed for region %r, the server uses %r; presign "
                "with region=%r" % (a[-3], b[-3], b[-3])
            )
        if a[-4] != b[-4]:
            return "the date in the credential scope differs (%s signed, %s at the server): clock skew or a re-dated URL" % (a[-4], b[-4])
        if a[-2] != b[-2]:
            return "the service differs: signed for %r, the server expects %r" % (a[-2], b[-2])
    return "the credential scope differs: %r signed, %r at the server" % (mine, sent)


def _sts_causes(ours: str, theirs: str) -> "List[str]":
    a, b = ours.split("\n"), theirs.split("\n")
    if len(a) < 4 or len(b) < 4:
        return []
    if a[2] != b[2]:
        return [_scope_cause(a[2], b[2])]
    if a[1] != b[1]:
        return ["the signing time differs: %s signed, %s at the server (clock skew or a re-dated URL)" % (a[1], b[1])]
    return []


def _time_causes(found: "Dict[str, str]", signed_at: int, expires_at: "Optional[int]", now: int) -> "List[str]":
    def when(name: str) -> "Optional[int]":
        text = found.get(name, "").strip()
        try:
            return _iso_time(text, name) if "-" in text else parse_amz_date(text)
        except InvalidInputError:
            return None

    server = when("ServerTime")
    message = found.get("Message", "").lower()
    code = found.get("Code", "")
    causes = []
    if code == "RequestTimeTooSkewed" or "not yet valid" in message:
        if server is not None:
            ahead = signed_at - server
            causes.append(
                "clock skew: the URL is dated %s, %d s %s the server's time %s; the signing "
                "machine's clock is %s (sync it, e.g. with NTP)"
                % (amz_date(signed_at), abs(ahead), "after" if ahead >= 0 else "before",
                   amz_date(server), "ahead" if ahead >= 0 else "behind")
            )
        else:
            causes.append("clock skew: the server thinks the request's time is too far from its own clock")
    elif "expired" in message:
        if server is not None and expires_at is not None and now < expires_at <= server:
            causes.append(
                "clock skew: by this machine's clock (%s) the URL is valid until %s, but the "
                "server's time is %s, %d s ahead of this machine's; sync the clocks"
                % (amz_date(now), amz_date(expires_at), amz_date(server), server - now)
            )
        elif expires_at is not None:
            causes.append(
                "the URL expired at %s (%d s after it was signed at %s); presign a new one, "
                "or with a longer expires_in" % (amz_date(expires_at), expires_at - signed_at, amz_date(signed_at))
            )
        else:
            causes.append("the URL has expired")
    return causes


def _region_cause(found: "Dict[str, str]", signed_region: str) -> "Optional[str]":
    region = found.get("Region", "").strip()
    message = found.get("Message", "")
    marker = "is wrong; expecting '"
    if not region and marker in message:
        region = message.split(marker, 1)[1].split("'", 1)[0]
    if region and region != signed_region:
        return (
            "wrong region: the URL is signed for region %r, but the bucket or endpoint is in "
            "%r; presign with region=%r" % (signed_region, region, region)
        )
    return None


def diagnose(
    presigned: "Union[Presigned, str]",
    error_xml: "Union[str, bytes]",
    *,
    method: "Optional[str]" = None,
    headers: "HeadersArg" = None,
    now: "TimeArg" = None,
) -> str:
    """Why a presigned request was refused, from the XML error body the server sent.

    ``presigned`` is our :class:`Presigned` (what was signed) or the URL (then the
    signed side is explained from it, with ``method`` and ``headers``). For
    ``SignatureDoesNotMatch`` the server's ``CanonicalRequest`` (or its ``...Bytes``)
    is compared line by line with ours: the first differing line is shown, and the
    likely cause named (a header sent but not signed, a signed header missing or sent
    differently, the key encoded differently, parameters added or dropped, another
    region). Expiry, "not yet valid", ``RequestTimeTooSkewed``, ``HeadersNotSigned`` and
    wrong-region errors are explained too; ``now`` (default: the clock, read once) tells
    clock skew from a plainly expired URL. Returns readable text; session tokens are
    redacted.
    """
    from .presign import Presigned

    found = _error_elements(error_xml)
    code = found.get("Code", "").strip()
    theirs_text = found.get("CanonicalRequest")
    if isinstance(presigned, Presigned):
        url = presigned.url
        ours_text = presigned.canonical_request
        ours_sts = presigned.string_to_sign
        signed_at = presigned.signed_at_epoch  # type: int
        expires_at = presigned.expires_at_epoch  # type: Optional[int]
        parsed = _parse(url, False)
    else:
        guess = method
        if guess is None and theirs_text:
            guess = theirs_text.split("\n", 1)[0] or None
        explanation = explain(presigned, method=guess or "GET", headers=headers)
        parsed = _parse(presigned, False)
        ours_text = explanation.canonical_request
        ours_sts = explanation.string_to_sign
        signed_at = explanation.signed_at_epoch
        expires_in = explanation.expires_in
        expires_at = None if expires_in is None else signed_at + expires_in
    clock = signing_time(now)

    out = ["%s: %s" % (code or "Error", " ".join(found.get("Message", "").split()) or "(no message)")]
    causes = []  # type: List[str]
    region = _region_cause(found, parsed.region)
    if region:
        causes.append(region)
    causes += _time_causes(found, signed_at, expires_at, clock)
    not_signed = found.get("HeadersNotSigned", "").strip()
    if not_signed:
        for name in [n.strip().lower() for n in not_signed.split(",") if n.strip()]:
            causes.append(
                "the header %s was sent but not signed: presign with headers={%r: ...} "
                "and send exactly that value, or do not send it" % (name, _title(name))
            )
    if theirs_text is not None:
        ours, theirs = _Creq(ours_text), _Creq(theirs_text)
        index = _first_difference(ours.lines, theirs.lines)
        if index < 0:
            out.append("The server's canonical request is the same as the signed one.")
            sts_causes = _sts_causes(ours_sts, found.get("StringToSign", ours_sts))
            causes += sts_causes
            if not sts_causes and not causes:
                causes.append(
                    "the canonical request and string to sign agree, so the signing key "
                    "differs: another secret access key (or credentials of another account), "
                    "or a signing key for another date, region or service"
                )
        else:
            label = ours.label(index) if index < len(ours.lines) else theirs.label(index)
            out.append("First difference in the canonical request, line %d (%s):" % (index + 1, label))
            out.append("  signed: " + _redact_line(ours.lines[index] if index < len(ours.lines) else "(no line)"))
            out.append("  server: " + _redact_line(theirs.lines[index] if index < len(theirs.lines) else "(no line)"))
            if ours.method != theirs.method:
                causes.append(
                    "the request was sent with method %s, but %s was presigned" % (theirs.method, ours.method)
                )
            if ours.uri != theirs.uri:
                causes.append(_path_cause(ours.uri, theirs.uri))
            if ours.query != theirs.query:
                causes += _query_causes(ours, theirs)
            causes += _header_causes(ours, theirs)
            if ours.payload != theirs.payload:
                causes.append(
                    "the payload hash differs: %s signed, %s at the server (S3 URLs use "
                    "UNSIGNED-PAYLOAD; other services the SHA-256 of the body)" % (ours.payload, theirs.payload)
                )
    elif code == "SignatureDoesNotMatch":
        causes += _sts_causes(ours_sts, found.get("StringToSign", ours_sts))
        out.append(
            "The server did not send its CanonicalRequest, so it cannot be compared. The "
            "signed canonical request is:"
        )
        out += ["  " + _redact_line(line) for line in ours_text.split("\n")]
        if not causes:
            causes.append(
                "unknown without the server's canonical request; usual causes: a signed "
                "header not sent or sent with another value, the key encoded differently, "
                "another region, or another secret key"
            )
    if causes:
        out.append("Likely cause: " + causes[0])
        out += ["Also: " + cause for cause in causes[1:]]
    return "\n".join(out) + "\n"
