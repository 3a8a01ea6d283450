"""Why was a presigned request refused? Compare S3's error body with what was signed.

S3's ``SignatureDoesNotMatch`` body carries the server's ``CanonicalRequest`` and
``StringToSign``; the first line that differs from ours usually names the cause.
"""

from .core.encoding import uri_decode
from .core.errors import InvalidInputError
from .core.timefmt import amz_date, parse_amz_date, signing_time
from .pitfalls import sdk_pitfalls
from .redaction import REDACTED, redact_line
from .verify import _parse, explain
from .verify_post import _iso_time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, Sequence, Union

    from .core.checks import HeadersArg
    from .core.values import Presigned, TimeArg

def _error_elements(error_xml: "Any") -> "Dict[str, str]":
    """First text of each element of an S3 XML error body, by local name."""
    import xml.etree.ElementTree as ET

    if isinstance(error_xml, str):
        try:
            data = error_xml.encode("utf-8")
        except UnicodeError:
            raise InvalidInputError("error_xml has a lone surrogate, which no XML body can carry")
    elif isinstance(error_xml, (bytes, bytearray)):
        data = bytes(error_xml)
    else:
        raise InvalidInputError("error_xml must be the XML error body as text or bytes")
    try:
        root = ET.fromstring(data)
    except (ET.ParseError, LookupError, ValueError) as exc:  # LookupError: unknown encoding
        raise InvalidInputError("error_xml is not XML (%s); pass the response body as received" % exc)
    found: "Dict[str, str]" = {}
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
        self.headers: "Dict[str, str]" = {}
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
        out: "Dict[str, str]" = {}
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
        value = REDACTED if name == "x-amz-security-token" else theirs.headers[name]
        causes.append(
            "the header %s was sent but not signed%s: presign with headers={%r: %r} and send "
            "exactly that value, or do not send it" % (name, extra, _title(name), value)
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
    from .core.values import Presigned

    found = _error_elements(error_xml)
    code = found.get("Code", "").strip()
    theirs_text = found.get("CanonicalRequest")
    if isinstance(presigned, Presigned):
        url = presigned.url
        ours_text = presigned.canonical_request
        ours_sts = presigned.string_to_sign
        signed_at: "int" = presigned.signed_at_epoch
        expires_at: "Optional[int]" = presigned.expires_at_epoch
        parsed = _parse(url, False)
        missing: "Sequence[str]" = ()
        if headers is not None:  # what was sent, when told: signed headers not among them
            missing = explain(url, method=presigned.method, headers=headers).missing_headers
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
        missing = explanation.missing_headers if headers is not None else ()
    clock = signing_time(now)
    pitfalls = sdk_pitfalls(ours_text, missing)

    out = ["%s: %s" % (code or "Error", " ".join(found.get("Message", "").split()) or "(no message)")]
    causes: "List[str]" = []
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
            out.append("  signed: " + redact_line(ours.lines[index] if index < len(ours.lines) else "(no line)"))
            out.append("  server: " + redact_line(theirs.lines[index] if index < len(theirs.lines) else "(no line)"))
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
        out += ["  " + redact_line(line) for line in ours_text.split("\n")]
        if not causes:
            causes.append(
                "unknown without the server's canonical request; usual causes: a signed "
                "header not sent or sent with another value, the key encoded differently, "
                "another region, or another secret key"
            )
    causes += [cause for cause in pitfalls if cause not in causes]
    if causes:
        out.append("Likely cause: " + causes[0])
        out += ["Also: " + cause for cause in causes[1:]]
    return "\n".join(out) + "\n"
