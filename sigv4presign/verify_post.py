"""Verify a browser POST upload's form fields the way S3 does.

For POST the string to sign is the base64 policy itself::

    Signature = Hex(HMAC(SigningKey(secret, date, region, "s3"), Base64Policy))

then the policy's expiration and every condition are checked against the submitted
fields (names case-insensitive, values exact), and every field must have a condition.

How S3 reads the form, and so how the conditions are evaluated here:

- Size first: the fields before the file, with their multipart framing (and the file
  part's header, which carries the file name), are at most 20,480 bytes
  (``MaxPostPreDataLengthBytes``); a larger form is refused before anything is read.
- ``${filename}`` in any field is replaced by the client's file name after its last
  ``/`` or ``\\`` (``C:\\dir\\a.txt`` gives ``a.txt``), before the conditions are
  checked; with no file name at all it stays as it is (S3 keeps it literally then). The
  size of the result is computed before it is built: a key over 1,024 bytes is refused
  (``KeyTooLongError``), and so is any other field over 20,480 bytes (a bound of this
  verifier's: S3 states none).
- ``eq`` compares the whole value; ``starts-with`` on ``Content-Type`` reads a value
  with commas as a list whose every element (as written, spaces included) must start
  with the prefix; on any other field commas are text.
- A condition on a field the form does not have fails, even ``starts-with ""``.
"""

import hmac

from .core.errors import (
    InvalidInputError,
    PolicyConditionError,
    ScopeMismatchError,
    SignatureMismatchError,
    printable,
    shown,
)
from .core.s3 import MAX_KEY_BYTES
from .core.signing import ALGORITHM, sign_policy
from .core.timefmt import MAX_TIME, _shown_number, parse_amz_date, signing_time
from .core.values import valid_until
from .post import FILENAME, token_field
from .redaction import REDACTED
from .verify import (
    _DIGITS,
    _HEX,
    Verified,
    _check_scope,
    _check_skew,
    _check_time,
    _check_token,
    _lookup,
    _malformed,
    _text,
    parse_credential,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, Optional, Tuple

    from .core.values import TimeArg
    from .verify import CredentialsArg

# Fields S3 does not match against the policy (besides the x-ignore- prefix).
_POST_UNCHECKED = ("policy", "x-amz-signature", "file")
# S3 refuses a form without these (``key`` included, whatever the policy says).
_POST_REQUIRED = ("key", "policy", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature")
# S3's limit on the form before the file's content (MaxPostPreDataLengthBytes).
MAX_PRE_DATA_BYTES = 20480
# The smallest multipart/form-data framing of a field and of the file part's header
# (RFC 7578, a one-character boundary): what S3 counts besides the names and values.
_FIELD_FRAMING = len(b'--x\r\nContent-Disposition: form-data; name=""\r\n\r\n\r\n')
_FILE_FRAMING = len(b'--x\r\nContent-Disposition: form-data; name="file"; filename=""\r\n\r\n')


def _form_fields(fields: "Any") -> "Dict[str, Tuple[str, str]]":
    """lower-case name -> (name, value); a field given twice is malformed."""
    if isinstance(fields, (str, bytes)) or not hasattr(fields, "__iter__"):
        raise _malformed("fields", "fields must be a mapping or (name, value) pairs of form fields")
    items = fields.items() if hasattr(fields, "items") else fields
    out: "Dict[str, Tuple[str, str]]" = {}
    for item in items:
        try:
            name, value = item
        except (TypeError, ValueError):
            raise _malformed("fields", "fields must be (name, value) pairs")
        if isinstance(value, (bytes, bytearray)) and isinstance(name, str):
            value = _text(bytes(value), name)
        if not isinstance(name, str) or not name or not isinstance(value, str):
            raise _malformed("fields", "form field names and values must be text, got %s" % shown(name))
        try:
            name.encode("utf-8")
            value.encode("utf-8")
        except UnicodeEncodeError:
            # the value is not shown: it may be a session token
            raise _malformed(
                name, "the form field %s has a lone surrogate (bytes that were not UTF-8), which a "
                "form field cannot carry" % shown(name)
            )
        lower = name.lower()
        if lower in out:
            raise _malformed(name, "the form field %s appears more than once" % shown(name))
        out[lower] = (name, value)
    return out


def pre_data_size(form: "Dict[str, Tuple[str, str]]", filename: "Optional[str]") -> int:
    """The bytes S3 counts before the file's content, at the least:
    ``sum(len(name) + len(value) + FieldFraming) + len(filename) + FileFraming`` in
    UTF-8, the framing being the smallest multipart/form-data one (a client's boundary
    adds more; S3 counts that too)."""
    size = _FILE_FRAMING + (0 if filename is None else len(filename.encode("utf-8")))
    for name, value in form.values():
        size += _FIELD_FRAMING + len(name.encode("utf-8")) + len(value.encode("utf-8"))
    return size


def _check_pre_data(form: "Dict[str, Tuple[str, str]]", filename: "Optional[str]") -> None:
    size = pre_data_size(form, filename)
    if size > MAX_PRE_DATA_BYTES:
        raise _malformed(
            "fields", "the form before the file is at least %d bytes; S3 allows %d "
            "(MaxPostPreDataLengthExceeded)" % (size, MAX_PRE_DATA_BYTES)
        )


def file_basename(filename: str) -> str:
    """What S3 puts for ``${filename}``: the client's file name after its last ``/`` or
    ``\\``."""
    return filename[max(filename.rfind("/"), filename.rfind("\\")) + 1 :]


def _expand(lower: str, name: str, value: str, basename: "Optional[str]") -> str:
    """``value`` with every ``${filename}`` replaced by ``basename`` (None: kept), its
    size computed first: ``len(value) + count * (len(basename) - len("${filename}"))``
    bytes, at most 1,024 for the key and 20,480 for any other field."""
    count = 0 if basename is None else value.count(FILENAME)
    size = len(value.encode("utf-8"))
    if count:
        assert basename is not None
        size += count * (len(basename.encode("utf-8")) - len(FILENAME))
    if lower == "key" and size > MAX_KEY_BYTES:
        raise _malformed(
            "key", "the key is %d UTF-8 bytes%s; S3 allows at most %d (KeyTooLongError)"
            % (size, " once ${filename} is filled in" if count else "", MAX_KEY_BYTES)
        )
    if not count:
        return value
    if size > MAX_PRE_DATA_BYTES:
        raise _malformed(
            name, "the form field %s would be %d bytes once ${filename} is filled in; at most "
            "%d are read" % (shown(name), size, MAX_PRE_DATA_BYTES)
        )
    assert basename is not None
    return value.replace(FILENAME, basename)


def _holds(operator: str, lower: str, value: str, expected: str) -> bool:
    """Does a field's (expanded) value meet ``[operator, "$field", expected]``?

    ``eq``: the whole value. ``starts-with``: the value starts with ``expected``, except
    that a ``Content-Type`` with commas is a list and every element must (S3: "each
    value in the list must meet the condition")."""
    if operator == "eq":
        return value == expected
    if lower == "content-type" and "," in value:
        for element in value.split(","):
            if not element.startswith(expected):
                return False
        return True
    return value.startswith(expected)


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
    # never past the last second a time can name (9999-12-31T23:59:59Z)
    return min(seconds + (1 if fraction.strip(".0") else 0), MAX_TIME)


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
    return REDACTED if name in ("x-amz-security-token", "x-amz-s3session-token") else shown(value)


def _condition_text(condition: "Any") -> str:
    """The condition as JSON for the evidence (its text may be long: messages cut it)."""
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
) -> str:
    """Every condition holds for the submitted fields (``${filename}`` filled in first),
    and every field has a condition; returns the key as S3 stores it."""
    from .post import check_condition

    basename = None if filename is None else file_basename(filename)
    values: "Dict[str, str]" = {}
    for lower, (name, text) in form.items():
        values[lower] = _expand(lower, name, text, basename)
    covered = set()
    for condition in document["conditions"]:
        try:
            operator, name, expected = check_condition(condition)
        except InvalidInputError as exc:
            raise _malformed("policy", "the policy has a malformed condition: %s" % exc)
        shown_condition = _condition_text(condition)
        if operator == "content-length-range":
            if content_length is None:
                raise InvalidInputError(
                    "the policy limits the upload size (%s); pass content_length= (the file's size in bytes)"
                    % printable(shown_condition)
                )
            low, high = expected
            if not low <= content_length <= high:
                raise PolicyConditionError(
                    "policy condition failed: %s; the file is %d bytes" % (printable(shown_condition), content_length),
                    condition=shown_condition, field="content-length-range",
                )
            continue
        lower = name.lower()
        covered.add(lower)
        value: "Optional[str]"
        if lower == "bucket":
            if bucket is None:
                raise InvalidInputError(
                    "the policy has a condition on the bucket (%s); pass bucket= (the bucket "
                    "the form was posted to)" % printable(shown_condition)
                )
            value = bucket
        else:
            value = values.get(lower)
        if value is None:
            # S3 fails a condition on a field the form does not have, even starts-with "".
            raise PolicyConditionError(
                "policy condition failed: %s; the form has no %s field" % (printable(shown_condition), shown(name)),
                condition=shown_condition, field=name,
            )
        if not _holds(operator, lower, value, expected):
            raise PolicyConditionError(
                "policy condition failed: %s; the form's %s is %s"
                % (printable(shown_condition), printable(name), _shown(lower, value)),
                condition=shown_condition, field=name,
            )
    for lower, (name, _) in form.items():
        if lower in covered or lower in _POST_UNCHECKED or lower.startswith("x-ignore-"):
            continue
        raise PolicyConditionError(
            "the form field %s is not allowed: no policy condition names it" % shown(name),
            condition=None, field=name,
        )
    key = values["key"]
    if not key:
        # S3 stores no object under an empty name (a file name that ends in "/" empties a
        # key of only ${filename}).
        raise _malformed("key", "the key is empty once ${filename} is filled in" if FILENAME in form["key"][1]
                         else "the key is empty")
    return key


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
    ``file`` and ``x-ignore-*`` has a condition. Before anything, the form's size: at
    most 20,480 bytes before the file, as S3 counts them (:func:`pre_data_size`).

    ``filename`` is the file name the client sent in the file part (None: it sent
    none): ``${filename}`` in any field becomes its text after the last ``/`` or ``\\``
    before the conditions are checked, as S3 does; the module's text says how each
    condition reads a value. :attr:`Verified.key` is the key as S3 stores it and
    :attr:`Verified.bucket` the ``bucket`` given.
    """
    form = _form_fields(fields)
    for name, value in (("bucket", bucket), ("filename", filename)):
        if value is not None and not isinstance(value, str):
            raise InvalidInputError("%s must be a string or None, not %s" % (name, type(value).__name__))
    if filename is not None:
        try:
            filename.encode("utf-8")
        except UnicodeError:
            raise _malformed("filename", "the file name has a lone surrogate (bytes that were not UTF-8)")
    _check_pre_data(form, filename)
    if content_length is not None and (isinstance(content_length, bool) or not isinstance(content_length, int) or content_length < 0):
        raise InvalidInputError("content_length must be a whole number of bytes, got %s" % _shown_number(content_length))
    skew = _check_skew(max_clock_skew)
    for name in _POST_REQUIRED:
        if name not in form:
            raise _malformed(name, "the form has no %s field: it is not a presigned POST form" % name)
    if form["x-amz-algorithm"][1] != ALGORITHM:
        raise _malformed("x-amz-algorithm", "x-amz-algorithm must be %s" % ALGORITHM)
    akid, date, scope_region, service = parse_credential(form["x-amz-credential"][1], "x-amz-credential")
    if service not in ("s3", "s3express"):
        raise ScopeMismatchError(
            "the credential scope names service %s; POST forms are for s3 (s3express for directory buckets)" % shown(service),
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
    field = token_field(service)
    token = form.get(field.lower())
    _check_token(None if token is None else token[1], creds, field)
    policy = form["policy"][1]
    provided = form["x-amz-signature"][1]
    expected = sign_policy(creds.secret_access_key, date, scope_region, service, policy)
    if not (len(provided) == 64 and all(c in _HEX for c in provided) and hmac.compare_digest(expected, provided)):
        raise SignatureMismatchError(
            "the signature does not match the policy: the policy field was changed after "
            "signing, or the secret key differs",
            access_key_id=akid, parameter="x-amz-signature",
        )
    document = _decode_policy(policy)
    expires_at = _iso_time(document.get("expiration"), "expiration")
    expires_at = valid_until(creds, expires_at, 0)
    _check_time(signed_at, expires_at, signing_time(now), skew, "the policy")
    key = _check_conditions(document, form, bucket, content_length, filename)
    return Verified(akid, scope_region, service, (), "POST", signed_at, expires_at, None, None, bucket, key)
