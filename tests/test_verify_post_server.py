"""verify_s3_post against a real S3 server (SeaweedFS, tests/seaweed.py): the same forms
posted to both, the same verdict.

Each row is a form made for the server (signed by this library or, for keys it will not
sign, by its policy signer), submitted to SeaweedFS as a browser would (the fields,
then the file part with its file name) and given to ``verify_s3_post`` with the same
bucket, file name and size. Where SeaweedFS enforces a rule the two agree: both accept,
or both refuse (SeaweedFS with the status and code in the row, we with the error class).

SeaweedFS 4.48 does not enforce some of S3's rules; those rows check that we refuse
while SeaweedFS accepts, so that the list below stays true:

- a ``Content-Type`` with commas read as a list for ``starts-with`` (it checks the
  whole text);
- the 20 KB limit on the form before the file (MaxPostPreDataLengthExceeded);
- a condition on a field the form does not have (it passes ``starts-with ""``);
- ``${filename}`` in fields other than the key;
- a ``\\`` in the file name as a directory separator (it cuts at ``/`` only);
- a field given twice.
"""

import datetime
import json
import time
import uuid
from typing import Any, Callable, List, NamedTuple, Optional, Tuple

import pytest
from support.seaweed import error_code

from sigv4presign import (
    MalformedRequestError,
    PolicyConditionError,
    SigV4Error,
    presign_s3_post,
    verify_s3_post,
)
from sigv4presign.core.timefmt import amz_date
from sigv4presign.post import sign_post_policy

Form = List[Tuple[str, str]]


def multipart(fields: Form, filename: Optional[str], data: bytes) -> Tuple[bytes, str]:
    """A multipart/form-data body (RFC 7578): the fields in order, then the file part."""
    boundary = "----verify" + uuid.uuid4().hex
    parts = [('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n' % (boundary, name)).encode("utf-8")
             + value.encode("utf-8") + b"\r\n" for name, value in fields]
    disposition = 'form-data; name="file"' + ("" if filename is None else '; filename="%s"' % filename)
    parts.append(("--%s\r\nContent-Disposition: %s\r\nContent-Type: application/octet-stream\r\n\r\n"
                  % (boundary, disposition)).encode("utf-8") + data + b"\r\n")
    parts.append(("--%s--\r\n" % boundary).encode("ascii"))
    return b"".join(parts), "multipart/form-data; boundary=" + boundary


class Case(NamedTuple):
    """A form for the server: its fields, the file name sent and the file's bytes."""

    fields: Form
    filename: Optional[str]
    data: bytes


def ours(server: Any, key: str, **kwargs: Any) -> Form:
    form = presign_s3_post(server.bucket, key, credentials=server.credentials(), region=server.region,
                           endpoint_url=server.endpoint_url, **kwargs)
    return list(form.fields.items())


def signed(server: Any, key: str, conditions: List[Any], extra: Optional[Form] = None) -> Form:
    """A form with exactly these conditions (and bucket, x-amz-*), for keys and fields
    presign_s3_post refuses to sign."""
    now = int(time.time())
    date = amz_date(now)
    credential = "%s/%s/%s/s3/aws4_request" % (server.access_key, date[:8], server.region)
    expiration = datetime.datetime.fromtimestamp(now + 600, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    document = {"expiration": expiration, "conditions": [{"bucket": server.bucket}] + conditions + [
        {"x-amz-algorithm": "AWS4-HMAC-SHA256"}, {"x-amz-credential": credential}, {"x-amz-date": date}]}
    policy, signature = sign_post_policy(json.dumps(document), credentials=server.credentials(),
                                         region=server.region, now=now)
    return [("key", key)] + list(extra or []) + [
        ("x-amz-algorithm", "AWS4-HMAC-SHA256"), ("x-amz-credential", credential), ("x-amz-date", date),
        ("policy", policy), ("x-amz-signature", signature)]


def replaced(form: Form, name: str, value: str) -> Form:
    return [(n, value if n == name else v) for n, v in form]


class Row(NamedTuple):
    name: str
    make: Callable[[Any, str], Case]  # (server, a fresh key prefix) -> the form
    enforced: bool  # does SeaweedFS enforce the rule?
    error: Optional[type]  # ours; None: accepted
    status: int  # SeaweedFS's answer (204: accepted)
    code: str


ROWS = [
    # -- both enforce ---------------------------------------------------------------------
    Row("file name with a directory: the key takes its last segment", lambda s, p: Case(
        ours(s, p + "${filename}"), "dir/sub/a.txt", b"x"), True, None, 204, ""),
    Row("#2 a key of only ${filename} whose file name carries the prefix", lambda s, p: Case(
        replaced(ours(s, p + "${filename}"), "key", "${filename}"), p + "evil.html", b"x"),
        True, PolicyConditionError, 403, "AccessDenied"),
    Row("#3 key over 1,024 bytes", lambda s, p: Case(
        signed(s, p + "k" * 1100, [["starts-with", "$key", p]]), "f.txt", b"x"),
        True, MalformedRequestError, 400, "KeyTooLongError"),
    Row("#3 ${filename} repeated to a key over 1,024 bytes", lambda s, p: Case(
        signed(s, p + "${filename}" * 200, [["starts-with", "$key", p]]), "e" * 50, b"x"),
        True, MalformedRequestError, 400, "KeyTooLongError"),
    Row("Content-Type list of images", lambda s, p: Case(replaced(ours(
        s, p + "${filename}", fields={"Content-Type": "image/png"},
        conditions=[["starts-with", "$Content-Type", "image/"]]), "Content-Type", "image/jpeg,image/png"),
        "g.txt", b"x"), True, None, 204, ""),
    Row("eq Content-Type sent as a list", lambda s, p: Case(replaced(ours(
        s, p + "${filename}", fields={"Content-Type": "image/png"}, conditions=[{"Content-Type": "image/png"}]),
        "Content-Type", "image/png,text/html"), "h.txt", b"x"), True, PolicyConditionError, 403, "AccessDenied"),
    Row("field without a condition", lambda s, p: Case(ours(s, p + "${filename}") + [("x-amz-meta-extra", "1")],
                                                       "i.txt", b"x"), True, PolicyConditionError, 403, "AccessDenied"),
    Row("starts-with broken", lambda s, p: Case(replaced(ours(
        s, p + "${filename}", fields={"Content-Type": "image/png"},
        conditions=[["starts-with", "$Content-Type", "image/"]]), "Content-Type", "text/html"), "j.txt", b"x"),
        True, PolicyConditionError, 403, "AccessDenied"),
    Row("body over content-length-range", lambda s, p: Case(ours(
        s, p + "${filename}", conditions=[["content-length-range", 1, 4]]), "k.txt", b"12345"),
        True, PolicyConditionError, 400, "EntityTooLarge"),
    # -- SeaweedFS does not enforce -------------------------------------------------------------
    Row("#1 Content-Type image/ then text/html", lambda s, p: Case(replaced(ours(
        s, p + "${filename}", fields={"Content-Type": "image/png"},
        conditions=[["starts-with", "$Content-Type", "image/"]]), "Content-Type", "image/jpeg,text/html"),
        "l.txt", b"x"), False, PolicyConditionError, 204, ""),
    Row("#3 fields before the file over 20 KB", lambda s, p: Case(
        ours(s, p + "${filename}") + [("x-ignore-padding", "p" * 21000)], "m.txt", b"x"),
        False, MalformedRequestError, 204, ""),
    Row("condition on an absent field", lambda s, p: Case(ours(
        s, p + "${filename}", conditions=[["starts-with", "$x-amz-meta-tag", ""]]), "n.txt", b"x"),
        False, PolicyConditionError, 204, ""),
    Row("#2 ${filename} in another field", lambda s, p: Case(signed(
        s, p + "o.txt", [{"key": p + "o.txt"}, {"x-amz-meta-name": "${filename}"}],
        [("x-amz-meta-name", "${filename}")]), "o.txt", b"x"), False, PolicyConditionError, 204, ""),
    Row("#2 a backslash in the file name", lambda s, p: Case(signed(
        s, "${filename}", [["starts-with", "$key", p.split("/")[1] + "\\"]]), p.split("/")[1] + "\\q.txt", b"x"),
        False, PolicyConditionError, 204, ""),
    Row("a field given twice", lambda s, p: Case(ours(
        s, p + "${filename}", fields={"acl": "private"}, conditions=[{"acl": "private"}]) + [("acl", "private")],
        "r.txt", b"x"), False, MalformedRequestError, 204, ""),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_seaweedfs_and_the_verifier_agree(s3_server: Any, row: Row) -> None:
    prefix = "verify-post/%s/" % uuid.uuid4().hex[:8]
    case = row.make(s3_server, prefix)
    body, content_type = multipart(case.fields, case.filename, case.data)
    url = s3_server.endpoint_url + "/" + s3_server.bucket
    status, _, answer = s3_server.request("POST", url, body, {"Content-Type": content_type})
    assert (status, error_code(answer)) == (row.status, row.code), answer[:500]
    try:
        verify_s3_post(case.fields, credentials=s3_server.credentials(), bucket=s3_server.bucket,
                       filename=case.filename, content_length=len(case.data), region=s3_server.region)
        got: Optional[type] = None
    except SigV4Error as exc:
        got = type(exc)
    assert got is row.error
    if row.enforced:
        assert (status == 204) == (got is None)  # the same verdict


def test_every_listed_gap_has_a_row() -> None:
    gaps = [row for row in ROWS if not row.enforced]
    assert len(gaps) == 6 and all(row.error is not None and row.status == 204 for row in gaps)
