"""SigV4 query signing: credentials in, presigned URL out.

The pipeline, each step one function of :mod:`.canonical` or :mod:`.signing`::

    canonical_uri, canonical_query, canonical_headers -> canonical_request
      -> sign_canonical: string_to_sign (with credential_scope) -> signing_key -> signature
      -> URL with the X-Amz-* parameters, X-Amz-Signature last

SigV4a (``algorithm="AWS4-ECDSA-P256-SHA256"``) runs the same pipeline: the region set
goes into the canonical query as ``X-Amz-Region-Set``, the scope has no region, and
:func:`sign_canonical` signs with ECDSA P-256 (:mod:`.sigv4a`).

:func:`presign` (any service) and :func:`sigv4presign.presign_s3` check their inputs
and build a :class:`SignRequest`; :func:`sign` runs the pipeline on it. Verification
runs the same functions on a parsed URL (:mod:`sigv4presign.verify`).
"""

from .canonical import (
    EMPTY_SHA256,
    canonical_headers,
    canonical_query,
    canonical_query_items,
    canonical_request,
    canonical_uri,
)
from .checks import (
    check_algorithm,
    check_method,
    check_region_set,
    check_scope_part,
    headers_list,
    params_list,
)
from .encoding import encode_path_for_url, uri_encode, uri_encode_pairs
from .errors import InvalidInputError, shown
from .memo import remember
from .record import Record
from .rules import GENERIC, Rules
from .signing import ALGORITHM, ALGORITHM_V4A, scope_for, sign_canonical
from .timefmt import MAX_EXPIRES, MAX_TIME, amz_date, signing_time, to_expires
from .urls import check_host, parse_query, split_url
from .values import Credentials, Presigned, check_credentials, signature_lifetime

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, Tuple

    from .checks import HeadersArg, ParamsArg
    from .values import TimeArg

# Parameters the signer writes itself (lower case); a query that already has one is
# refused, since the URL would then carry two of them.
_AUTH_PARAMS = frozenset((
    "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-expires",
    "x-amz-signedheaders", "x-amz-security-token", "x-amz-s3session-token", "x-amz-signature",
    "x-amz-region-set",
))


class SignRequest(Record):
    """A request ready to sign, every part checked (a named record).

    ``wire_path`` is the path as the URL carries it, ``canonical_path`` its CanonicalURI
    under the rules; ``query`` holds the parameters as percent-encoded ``name "!" value``
    items (see :func:`~sigv4presign.core.canonical.canonical_query_items`); ``headers``
    the checked (name, value) pairs to sign besides ``host``.
    """

    __slots__ = ("method", "scheme", "host", "wire_path", "canonical_path", "query", "headers")

    method: str
    scheme: str
    host: str
    wire_path: str
    canonical_path: str
    query: "List[str]"
    headers: "List[Tuple[str, str]]"

    def __init__(self, *values: "Any") -> None:
        # One made per URL: assigned directly, not by Record's loop.
        (self.method, self.scheme, self.host, self.wire_path, self.canonical_path, self.query,
         self.headers) = values


_FIXED_NAMES = ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders")
_FIXED = "&".join([name + "=%s" for name in _FIXED_NAMES])


class _AuthQuery(Record):
    """The X-Amz-* parameters of one (credentials, second, scope, expiry), as texts:
    ``wire`` (the five every URL has, in sorted order), ``extra`` (the signed ones
    after them: region set, signed token), ``tail`` (a token appended after signing),
    ``items`` (every signed one as ``name "!" value``, encoded) and ``canonical``
    (their CanonicalQuery, the whole of it for a URL with no query of its own)."""

    __slots__ = ("wire", "extra", "tail", "items", "canonical")

    wire: str
    extra: str
    tail: str
    items: "List[str]"
    canonical: str


# Memos for sign(): the last (timestamp, X-Amz-Date), and the _AuthQuery of recent
# scopes (bounded: emptied when full). Both hold what every URL signed with them shows,
# never a secret.
_LAST_DATE: "Tuple[Any, str]" = (None, "")
_AUTH_QUERIES: "Dict[Tuple[Any, ...], _AuthQuery]" = {}


def _auth_query(memo_key: "Tuple[Any, ...]") -> _AuthQuery:
    """The :class:`_AuthQuery` of ``(access_key_id, session_token, X-Amz-Date, region,
    service, algorithm, expires, SignedHeaders, token mode, token parameter)``."""
    access_key_id, token, date_time, region, service, algorithm, expires, signed_names, mode, token_param = memo_key
    credential = uri_encode(access_key_id + "/" + scope_for(algorithm, date_time[:8], region, service))
    values = (algorithm, credential, date_time, str(expires), uri_encode(signed_names))
    signed: "List[Tuple[str, str]]" = []
    if algorithm != ALGORITHM:
        signed.append(("X-Amz-Region-Set", uri_encode(region)))
    tail = ""
    if token is not None and mode != "omit":
        if mode == "signed":
            signed.append((token_param, _encoded_token(token)))
        else:
            tail = "&" + token_param + "=" + _encoded_token(token)
    pairs = sorted(list(zip(_FIXED_NAMES, values)) + signed)
    record = _AuthQuery(
        _FIXED % values,
        "".join(["&" + name + "=" + value for name, value in signed]),
        tail,
        [name + "!" + value for name, value in pairs],
        canonical_query(pairs),
    )
    return remember(_AUTH_QUERIES, memo_key, record, 64)


def sign(
    request: SignRequest,
    credentials: Credentials,
    region: str,
    service: str,
    timestamp: int,
    expires: int,
    rules: "Rules",
    algorithm: str = ALGORITHM,
) -> Presigned:
    """The pipeline on a checked :class:`SignRequest`: the X-Amz-* parameters, the
    canonical request, :func:`sign_canonical`, and the URL with the signature last.

    ``region`` is the scope's region (SigV4), or for SigV4a the checked region set
    (``*`` or names joined by ``,``), sent as ``X-Amz-Region-Set``.
    """
    return _sign(
        request.method, request.scheme, request.host, request.wire_path, request.canonical_path,
        request.query, request.headers, credentials, region, service, timestamp, expires, rules, algorithm,
    )


def _sign(
    method: str,
    scheme: str,
    host: str,
    wire_path: str,
    canonical_path: str,
    query: "List[str]",
    headers: "List[Tuple[str, str]]",
    credentials: Credentials,
    region: str,
    service: str,
    timestamp: int,
    expires: int,
    rules: "Rules",
    algorithm: str,
) -> Presigned:
    """:func:`sign` on the parts of a :class:`SignRequest` (presign_s3 calls it as is)."""
    global _LAST_DATE
    own = "&".join(query) if query else ""
    if own and "x-amz-" in own.lower():
        for item in query:
            name = item[:item.index("!")]
            if name.lower() in _AUTH_PARAMS:
                raise InvalidInputError(
                    "the query already has %s: the URL is signed already, or the name is reserved"
                    % name
                )
    if credentials.expiration is None and timestamp + expires <= MAX_TIME:
        expires_at = timestamp + expires  # the common case of signature_lifetime
    else:
        expires_at = signature_lifetime(credentials, timestamp, expires)
    if headers:
        header_block, signed_names, sent = _headers_to_sign(host, headers)
    else:  # only host is signed (most URLs); split_url and the endpoints give no blanks
        header_block, signed_names, sent = "host:" + host + "\n", "host", {}

    # URLs made in one batch share their second: reuse the last formatted time. The pair
    # is replaced as one tuple, so threads never see a time with another's text.
    last = _LAST_DATE
    if last[0] == timestamp:
        date_time = last[1]
    else:
        date_time = amz_date(timestamp)
        _LAST_DATE = (timestamp, date_time)
    memo_key = (credentials.access_key_id, credentials.session_token, date_time, region, service, algorithm,
                expires, signed_names, rules.session_token, rules.token_param)
    auth = _AUTH_QUERIES.get(memo_key)
    if auth is None:
        auth = _auth_query(memo_key)
    # CanonicalQuery sorts every parameter: the X-Amz-* ones among the request's own.
    canonical = canonical_query_items(query + auth.items) if query else auth.canonical
    creq = canonical_request(method, canonical_path, canonical, header_block, signed_names, rules.payload_hash)
    sts, sig = sign_canonical(
        credentials.secret_access_key, date_time, region, service, creq, algorithm, credentials.access_key_id
    )
    if own:
        own = own.replace("!", "=") + "&"
    url = "".join((scheme, "://", host, wire_path, "?", own, auth.wire, auth.extra, auth.tail,
                   "&X-Amz-Signature=", sig))
    return Presigned(url, method, sent, timestamp, expires_at, creq, sts, sig)


_TOKENS: "Dict[str, str]" = {}


def _encoded_token(token: str) -> str:
    """``uri_encode(token)``, remembered: a session token (often 600+ characters) signs
    many URLs in its life. Bounded; it holds what every URL signed with it shows."""
    encoded = _TOKENS.get(token)
    if encoded is None:
        encoded = remember(_TOKENS, token, uri_encode(token), 16)
    return encoded


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
            try:
                check_host(value.strip().lower())
            except InvalidInputError as exc:
                raise InvalidInputError("the Host header is not HOST[:PORT]: %s" % exc)
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



def presign(
    method: str,
    url: str,
    *,
    credentials: Credentials,
    region: "Optional[str]" = None,
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
    rules: "Optional[Rules]" = None,
    algorithm: str = ALGORITHM,
    region_set: "Any" = None,
) -> Presigned:
    """Presign ``method url`` for any service with SigV4 (or SigV4a) query signing.

    The path rule: what is signed is what is sent. Raw characters a URL cannot carry (a
    space, non-ASCII, ``"<>\\^`{|}``, a stray ``%``) are percent-encoded first, giving the
    wire path; ``%XX`` escapes already in the path stay as they are. The canonical URI is
    then computed from the wire path, as the server computes it from what it receives:
    with the generic rules ``CanonicalURI = UriEncode(Normalize(WirePath))``, so
    ``/some path/ü`` is sent as ``/some%20path/%C3%BC`` and signed as
    ``/some%2520path/%25C3%25BC``; with S3's rules the path is the key in its one
    encoding. (:func:`sign` on a :class:`SignRequest` takes a wire path and a canonical
    path as given, for requests whose path travels raw.)

    The query is signed as given (``+`` is a space); ``params`` adds decoded query
    parameters after those of the URL. Every header in ``headers`` is signed and must
    be sent as returned in :attr:`Presigned.headers`.

    The service's quirks are a :class:`~sigv4presign.Rules` value: ``rules`` gives one
    whole (``sigv4presign.rules.S3``, ``IOT``, ...); otherwise the keywords build it:
    ``payload_hash`` defaults to the SHA-256 of an empty body; ``session_token`` is
    ``"signed"`` (in the canonical query), ``"unsigned"`` (appended after signing, as
    IoT needs) or ``"omit"``; ``double_encode`` and ``normalize_path`` are the generic
    service rules (S3 wants both off: see :func:`presign_s3`).

    ``algorithm="AWS4-ECDSA-P256-SHA256"`` signs with SigV4a for a set of regions
    instead of ``region``: ``region_set`` is region names (``("us-east-1",
    "us-west-2")``) or ``("*",)``, every region (the default); the URL carries it as
    ``X-Amz-Region-Set`` and :attr:`Presigned.signature` is a hex DER ECDSA signature.
    SigV4a signing is pure-Python big-integer arithmetic, which is not constant-time:
    see :mod:`sigv4presign.core.sigv4a` for what that means.
    """
    method = check_method(method)
    credentials = check_credentials(credentials)
    if rules is None:
        if double_encode is True and normalize_path is True and payload_hash is None and type(session_token) is str and session_token == "signed":
            rules = GENERIC
        else:
            rules = Rules(double_encode, normalize_path, EMPTY_SHA256 if payload_hash is None else payload_hash, session_token)
    elif not isinstance(rules, Rules):
        raise InvalidInputError("rules must be a sigv4presign.Rules, not %s" % type(rules).__name__)
    scheme, host, path, query = split_url(url)
    pairs = parse_query(query) + params_list(params)
    if rules.double_encode:
        # The server encodes what it receives: the canonical URI is computed from the
        # wire path, never from the raw text (a space is sent as %20, so it is %2520).
        wire_path = encode_path_for_url(path)
        canonical_path = canonical_uri(wire_path, True, rules.normalize_path)
    else:
        canonical_path = wire_path = canonical_uri(path, False, False)
        if rules.normalize_path:
            canonical_path = canonical_uri(path, False, True)
    request = SignRequest(
        method, scheme, host, wire_path, canonical_path,
        [name + "!" + value for name, value in uri_encode_pairs(pairs)], headers_list(headers),
    )
    return sign(
        request,
        credentials,
        _scope_region(algorithm, region, region_set),
        check_scope_part("service", service),
        signing_time(now),
        to_expires(expires_in, max_expires_in),
        rules,
        check_algorithm(algorithm),
    )


def _scope_region(algorithm: "Any", region: "Any", region_set: "Any") -> str:
    """The checked region (SigV4) or region set (SigV4a, default ``*``) to sign for;
    each algorithm takes only its own argument."""
    if check_algorithm(algorithm) == ALGORITHM:
        if region_set is not None:
            raise InvalidInputError(
                "region_set is for SigV4a (algorithm=%r); SigV4 signs for one region" % ALGORITHM_V4A
            )
        return check_scope_part("region", region)
    if region is not None:
        raise InvalidInputError(
            "SigV4a signs for a region set, not a region: pass region_set=(%s,) instead of "
            "region (or neither, for every region: '*')" % (shown(region),)
        )
    return check_region_set(("*",) if region_set is None else region_set)
