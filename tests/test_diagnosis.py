"""diagnose names the cause of a refused presigned request, for seeded faults.

Each fault is first sent to SeaweedFS where it enforces the rule, to show the request
really is refused. SeaweedFS's error bodies carry no ``CanonicalRequest`` or
``StringToSign``, so the XML that S3 would send is built here from the specification,
in the format S3 uses (``Code``, ``Message``, ``AWSAccessKeyId``, ``StringToSign``,
``SignatureProvided``, ``StringToSignBytes``, ``CanonicalRequest``,
``CanonicalRequestBytes``, ``RequestId``, ``HostId``): ``s3_view`` below computes S3's
canonical request for the request as sent, independently of the library (urllib's
quoting): the key percent-decoded then encoded once, the query decoded, encoded and
sorted, each header named in ``X-Amz-SignedHeaders`` with the value sent (empty when
not sent), ``UNSIGNED-PAYLOAD``. The time and region errors follow the bodies S3 is
seen to return (``Request has expired`` with ``Expires`` and ``ServerTime``, ``Request
is not yet valid``, ``RequestTimeTooSkewed``, ``AuthorizationQueryParametersError`` with
``Region``).
"""

import datetime
import hashlib
from typing import Any, Dict, List, Optional
from urllib.parse import parse_qsl, quote, unquote, urlsplit
from xml.sax.saxutils import escape

import pytest

from sigv4presign import Credentials, Presigned, diagnose, presign_s3
from sigv4presign.core.errors import SigV4Error

AKID = "AKIDEXAMPLE"
CREDS = Credentials(AKID, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
NOW = datetime.datetime(2026, 3, 14, 15, 9, 26, tzinfo=datetime.timezone.utc)
T = int(NOW.timestamp())
ENDPOINT = "http://127.0.0.1:9000"


def s3_view(method: str, url: str, sent: Dict[str, str], also_signed: str = "") -> str:
    """S3's canonical request for ``method url`` sent with ``sent`` headers (the spec).

    ``also_signed`` names a header the server signs although the URL does not list it
    (a server that insists on a signed Content-Type)."""
    parts = urlsplit(url)
    path = quote(unquote(parts.path), safe="/~")
    params = [(n, v) for n, v in parse_qsl(parts.query, keep_blank_values=True) if n != "X-Amz-Signature"]
    query = "&".join(sorted(quote(n, safe="~") + "=" + quote(v, safe="~") for n, v in params))
    signed = sorted(dict(params)["X-Amz-SignedHeaders"].split(";") + ([also_signed] if also_signed else []))
    received = {name.lower(): value for name, value in sent.items()}
    received.setdefault("host", parts.netloc)
    headers = "".join("%s:%s\n" % (name, " ".join(received.get(name, "").split())) for name in signed)
    return "\n".join([method, path, query, headers, ";".join(signed), "UNSIGNED-PAYLOAD"])


def s3_error(code: str, message: str, **elements: str) -> str:
    body = "".join("<%s>%s</%s>" % (name, escape(text), name) for name, text in elements.items())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>%s</Code><Message>%s</Message>%s'
            "<RequestId>4442587FB7D0A2F9</RequestId><HostId>abc=</HostId></Error>" % (code, message, body))


def signature_does_not_match(presigned: Presigned, method: str, url: str, sent: Dict[str, str],
                             scope: Optional[str] = None, also_signed: str = "") -> str:
    creq = s3_view(method, url, sent, also_signed)
    lines = presigned.string_to_sign.split("\n")
    sts = "\n".join([lines[0], lines[1], scope or lines[2], hashlib.sha256(creq.encode()).hexdigest()])
    return s3_error(
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. "
        "Check your key and signing method.",
        AWSAccessKeyId=AKID,
        StringToSign=sts,
        SignatureProvided=presigned.signature,
        StringToSignBytes=" ".join("%02x" % b for b in sts.encode()),
        CanonicalRequest=creq,
        CanonicalRequestBytes=" ".join("%02x" % b for b in creq.encode()),
    )


def likely(text: str) -> str:
    return next(line for line in text.split("\n") if line.startswith("Likely cause: "))


def put(key: str = "photo.jpg", headers: Optional[Dict[str, str]] = None, **kwargs: Any) -> Presigned:
    kwargs.setdefault("now", NOW)
    return presign_s3("PUT", "bucket", key, credentials=CREDS, region="us-east-1",
                      endpoint_url=ENDPOINT, headers=headers, **kwargs)


# -- the seeded faults, from the spec ---------------------------------------------------


def test_content_type_sent_but_not_signed() -> None:
    presigned = put()
    # S3 refuses unsigned headers it requires signed with HeadersNotSigned...
    xml = s3_error("AccessDenied", "There were headers present in the request which were not signed",
                   HeadersNotSigned="content-type")
    cause = likely(diagnose(presigned, xml, now=NOW))
    assert "content-type was sent but not signed" in cause
    assert "headers={'Content-Type'" in cause
    # ...and a server that signs what is sent shows it in its canonical request
    xml = signature_does_not_match(presigned, "PUT", presigned.url, {"Content-Type": "image/png"},
                                   also_signed="content-type")
    text = diagnose(presigned, xml, now=NOW)
    assert "line 4 (the header host)" in text
    assert "content-type was sent but not signed" in likely(text)
    assert "'image/png'" in likely(text)


def test_signed_header_missing() -> None:
    presigned = put(headers={"Content-Type": "image/jpeg"})
    xml = signature_does_not_match(presigned, "PUT", presigned.url, {})
    text = diagnose(presigned, xml, now=NOW)
    assert "line 4 (the header content-type)" in text
    assert "  signed: content-type:image/jpeg" in text and "  server: content-type:" in text
    assert "the signed header content-type is missing" in likely(text)
    assert "Content-Type: image/jpeg" in likely(text)


def test_signed_header_sent_differently() -> None:
    presigned = put(headers={"Content-Type": "image/jpeg"})
    xml = signature_does_not_match(presigned, "PUT", presigned.url, {"Content-Type": "image/png"})
    cause = likely(diagnose(presigned, xml, now=NOW))
    assert "content-type was sent with another value" in cause and "'image/png'" in cause


def test_wrong_region() -> None:
    presigned = presign_s3("GET", "bucket", "k", credentials=CREDS, region="us-east-1", now=NOW)
    xml = s3_error("AuthorizationQueryParametersError",
                   "Error parsing the X-Amz-Credential parameter; the region 'us-east-1' is wrong; "
                   "expecting 'eu-central-1'", Region="eu-central-1")
    cause = likely(diagnose(presigned, xml, now=NOW))
    assert "wrong region" in cause and "'us-east-1'" in cause and "region='eu-central-1'" in cause
    # without the Region element, from the message alone
    xml = s3_error("AuthorizationQueryParametersError",
                   "Error parsing the X-Amz-Credential parameter; the region 'us-east-1' is wrong; "
                   "expecting 'eu-central-1'")
    assert "region='eu-central-1'" in likely(diagnose(presigned.url, xml, now=NOW))
    # a server that signs with its own region: same canonical request, another scope
    xml = signature_does_not_match(presigned, "GET", presigned.url, {},
                                   scope="20260314/eu-central-1/s3/aws4_request")
    text = diagnose(presigned, xml, now=NOW)
    assert "canonical request is the same" in text
    assert "wrong region" in likely(text) and "'eu-central-1'" in likely(text)


@pytest.mark.parametrize(("wire", "server_reads"), [
    ("a+b%2Bc.txt", "a+b+c.txt"),  # a space sent as '+': S3 reads a plus sign
    ("a%2520b%252Bc.txt", "a%20b%2Bc.txt"),  # encoded a second time
])
def test_key_encoded_differently(wire: str, server_reads: str) -> None:
    presigned = put("a b+c.txt")
    assert "/bucket/a%20b%2Bc.txt?" in presigned.url
    sent = presigned.url.replace("a%20b%2Bc.txt", wire)
    text = diagnose(presigned, signature_does_not_match(presigned, "PUT", sent, {}), now=NOW)
    assert "line 2 (the canonical URI (the path))" in text
    assert "the key is encoded differently" in likely(text)
    if "+" in server_reads:
        assert repr("/bucket/" + server_reads) in likely(text)


def test_another_key_is_not_called_an_encoding_problem() -> None:
    presigned = put("a.txt")
    text = diagnose(presigned, signature_does_not_match(presigned, "PUT", presigned.url.replace("a.txt", "b.txt"), {}),
                    now=NOW)
    assert "another path" in likely(text)


def test_clock_behind_shows_as_expired_too_early() -> None:
    # This machine's clock is 2 h behind: the URL it signs "now" is already past its
    # hour by the server's clock.
    presigned = presign_s3("GET", "bucket", "k", credentials=CREDS, region="us-east-1", now=NOW)
    server_time = NOW + datetime.timedelta(hours=2)
    xml = s3_error("AccessDenied", "Request has expired", **{
        "X-Amz-Expires": "3600", "Expires": "2026-03-14T16:09:26Z",
        "ServerTime": server_time.strftime("%Y-%m-%dT%H:%M:%SZ")})
    cause = likely(diagnose(presigned, xml, now=NOW + datetime.timedelta(seconds=5)))
    assert cause.startswith("Likely cause: clock skew") and "7195 s ahead" in cause
    # the same body when this machine's clock agrees with the server's: plainly expired
    cause = likely(diagnose(presigned, xml, now=server_time))
    assert "expired at 20260314T160926Z" in cause and "clock skew" not in cause


def test_clock_ahead_shows_as_not_yet_valid() -> None:
    presigned = presign_s3("GET", "bucket", "k", credentials=CREDS, region="us-east-1", now=NOW)
    xml = s3_error("AccessDenied", "Request is not yet valid", **{
        "X-Amz-Date": "1773500966000", "Expires": "2026-03-14T16:09:26Z", "ServerTime": "2026-03-14T14:09:26Z"})
    cause = likely(diagnose(presigned, xml, now=NOW))
    assert "clock skew" in cause and "3600 s after the server's time" in cause and "ahead" in cause
    xml = s3_error("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.",
                   RequestTime="20260314T150926Z", ServerTime="2026-03-14T15:39:26Z",
                   MaxAllowedSkewMilliseconds="900000")
    cause = likely(diagnose(presigned, xml, now=NOW))
    assert "clock skew" in cause and "behind" in cause


def test_identical_requests_point_at_the_key() -> None:
    presigned = put()
    text = diagnose(presigned, signature_does_not_match(presigned, "PUT", presigned.url, {}), now=NOW)
    assert "canonical request is the same" in text
    assert "secret access key" in likely(text)


def test_other_method_added_parameter_and_bytes_only_bodies() -> None:
    presigned = put()
    xml = signature_does_not_match(presigned, "POST", presigned.url + "&partNumber=2", {})
    text = diagnose(presigned, xml, now=NOW)
    assert "line 1 (the method)" in text
    assert "method POST" in likely(text)
    assert "Also: query parameters were added after signing: partNumber" in text
    # only the ...Bytes elements, as some servers send
    creq = s3_view("PUT", presigned.url.replace("photo", "phot0"), {})
    xml = s3_error("SignatureDoesNotMatch", "no", CanonicalRequestBytes=" ".join("%02x" % b for b in creq.encode()))
    assert "another path" in likely(diagnose(presigned, xml.encode(), now=NOW))


def test_a_url_can_stand_for_the_presigned_request() -> None:
    presigned = put(headers={"Content-Type": "image/jpeg"})
    xml = signature_does_not_match(presigned, "PUT", presigned.url, {})
    text = diagnose(presigned.url, xml, headers=presigned.headers, now=NOW)
    assert "the signed header content-type is missing" in likely(text)


def test_tokens_are_redacted() -> None:
    token = "FQoGZXIvYXdzE/secret+token="
    presigned = presign_s3("GET", "bucket", "k", credentials=Credentials(AKID, "s", token), region="us-east-1",
                           endpoint_url=ENDPOINT, now=NOW)
    xml = signature_does_not_match(presigned, "GET", presigned.url.replace("bucket/k", "bucket/j"), {})
    text = diagnose(presigned, xml, now=NOW)
    assert "secret+token" not in text and "secret%2Btoken" not in text
    xml = s3_error("SignatureDoesNotMatch", "no")
    text = diagnose(presigned, xml, now=NOW)
    assert "X-Amz-Security-Token=<redacted>" in text and "secret%2Btoken" not in text


def test_a_token_sent_as_a_header_is_redacted() -> None:
    # A client that also sends the token as an X-Amz-Security-Token header, and a server
    # that signs it: the header shows up as sent but not signed, its value never does.
    token = "FQoGZXIvYXdzE/secret+token="
    presigned = presign_s3("GET", "bucket", "k", credentials=Credentials(AKID, "s", token), region="us-east-1",
                           endpoint_url=ENDPOINT, now=NOW)
    xml = signature_does_not_match(presigned, "GET", presigned.url, {"X-Amz-Security-Token": token},
                                   also_signed="x-amz-security-token")
    text = diagnose(presigned, xml, now=NOW)
    assert "x-amz-security-token was sent but not signed" in text
    assert "secret+token" not in text and "secret%2Btoken" not in text


@pytest.mark.parametrize("body", ["", "not xml", b"\xff\xfe", "<a><b></a>", 42])
def test_a_body_that_is_not_xml_is_an_input_error(body: Any) -> None:
    with pytest.raises(SigV4Error):
        diagnose(put(), body, now=NOW)


# -- the same faults, really refused by SeaweedFS ---------------------------------------


def test_seeded_faults_are_refused_by_a_real_server(s3_server: Any) -> None:
    """What SeaweedFS enforces of the seeded faults, and diagnose on its real bodies."""
    from support.seaweed import error_code

    server = s3_server

    def presigned(key: str, method: str = "PUT", **kwargs: Any) -> Presigned:
        return presign_s3(method, server.bucket, key, credentials=server.credentials(), region=server.region,
                          endpoint_url=server.endpoint_url, **kwargs)

    faults: List[Any] = []
    jpeg = presigned("diagnose/photo.jpg", headers={"Content-Type": "image/jpeg"})
    faults.append(("signed header missing", jpeg, "PUT", jpeg.url, {}, None, "content-type is missing"))
    faults.append(("sent differently", jpeg, "PUT", jpeg.url, {"Content-Type": "image/png"}, None,
                   "another value"))
    meta = presigned("diagnose/meta.txt")
    # S3 answers an unsigned x-amz-* header with AccessDenied and HeadersNotSigned
    faults.append(("x-amz-meta sent but not signed", meta, "PUT", meta.url, {"x-amz-meta-owner": "ann"},
                   s3_error("AccessDenied", "There were headers present in the request which were not signed",
                            HeadersNotSigned="x-amz-meta-owner"),
                   "x-amz-meta-owner was sent but not signed"))
    spaced = presigned("diagnose/a b+c.txt")
    faults.append(("key encoded differently", spaced, "PUT", spaced.url.replace("a%20b", "a+b"), {}, None,
                   "the key is encoded differently"))
    for name, signed, method, url, sent, s3_body, expected in faults:
        status, _, body = server.request(method, url, b"", sent)
        assert status == 403 and error_code(body) == "SignatureDoesNotMatch", (name, status, body[:300])
        # SeaweedFS sends no canonical request: diagnose says so, and shows ours
        real = diagnose(signed, body)
        assert "did not send its CanonicalRequest" in real and signed.canonical_request.split("\n")[1] in real
        # the body S3 would send names the cause
        if s3_body is None:
            s3_body = signature_does_not_match(signed, method, url, sent)
        assert expected in likely(diagnose(signed, s3_body)), name

    late = presigned("diagnose/late.txt", method="GET", expires_in=60,
                     now=datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=2))
    status, _, body = server.request("GET", late.url)
    assert status == 403 and error_code(body) == "AccessDenied"
    assert "expired at" in likely(diagnose(late, body))
