"""Verify a browser POST upload's form fields the way S3 does.

For POST the string to sign is the base64 policy itself::

    Signature = Hex(HMAC(SigningKey(secret, date, region, "s3"), Base64Policy))

then the policy's expiration and every condition are checked against the submitted
fields (names case-insensitive, values exact), and every field must have a condition.
"""

import hmac

from .core.errors import (
    InvalidInputError,
    PolicyConditionError,
    ScopeMismatchError,
    SignatureMismatchError,
    shown,
)
from .core.signing import ALGORITHM, sign_policy
from .core.timefmt import MAX_TIME, _shown_number, parse_amz_date, signing_time
from .core.values import valid_until
from .post import token_field
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
                name, "the form field %r has a lone surrogate (bytes that were not UTF-8), which a "
                "form field cannot carry" % (name,)
            )
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
    return REDACTED if name in ("x-amz-security-token", "x-amz-s3session-token") else repr(value)


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

    values: "Dict[str, str]" = {}
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
    for name, value in (("bucket", bucket), ("filename", filename)):
        if value is not None and not isinstance(value, str):
            raise InvalidInputError("%s must be a string or None, not %s" % (name, type(value).__name__))
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
            "the credential scope names service %r; POST forms are for s3 (s3express for directory buckets)" % service,
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
    _check_conditions(document, form, bucket, content_length, filename)
    return Verified(akid, scope_region, service, (), "POST", signed_at, expires_at)
