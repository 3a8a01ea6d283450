"""Presigned POST: a policy document, its signature, and the HTML form that carries them.

A browser uploads straight to S3 with an HTML form (``multipart/form-data``). The form's
fields include a base64 policy document listing the conditions the upload must meet, and
a signature over that base64 text::

    Policy    = Base64(JSON({"expiration": ISO8601, "conditions": [...]}))
    Signature = Hex(HMAC-SHA256(SigningKey(secret, date, region, "s3"), Policy))

There is no canonical request: the string to sign is the base64 policy itself. S3 then
checks every condition against the submitted fields (``key``, ``acl``, ``Content-Type``,
the body's length, ...). Every form field (except ``policy``, ``x-amz-signature``,
``file`` and ``x-ignore-*`` fields) must be covered by a condition, or S3 refuses it.

The policy JSON is written exactly as botocore writes it (``json.dumps`` defaults, the
same condition order), so the same inputs give the same policy and signature.
"""

import binascii
from json import dumps

from .core.checks import check_scope_part
from .core.errors import InvalidInputError, shown
from .core.memo import remember
from .core.rules import TOKEN_PARAM, rules_for
from .core.s3 import (
    EXPRESS_SERVICE,
    SERVICE,
    Location,
    check_bucket,
    check_key,
    s3_endpoint,
    signed_checksum,
)
from .core.signing import ALGORITHM, credential_scope, sign_policy
from .core.timefmt import amz_date, signing_time, to_expires
from .core.values import Credentials, TimeWindow, check_credentials, signature_lifetime

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

    from .core.values import TimeArg

    Condition = Union[Dict[str, str], List[Any]]

# The string escaper json.dumps itself uses with its defaults (ensure_ascii=True): the
# policy text is written piece by piece with it (see _policy_json).
try:
    from json.encoder import encode_basestring_ascii as _json_str
except ImportError:  # pragma: no cover - a json without its encoder module
    _json_str = dumps

FILENAME = "${filename}"
# Form fields the signer writes itself; a caller-given field of these names is refused.
_SIGNER_FIELDS = (
    "policy", "x-amz-algorithm", "x-amz-credential", "x-amz-date",
    "x-amz-security-token", "x-amz-s3session-token", "x-amz-signature", "file",
)
_OPERATORS = ("eq", "starts-with", "content-length-range")
# content-length-range bounds: what a JSON reader (and S3) takes as a whole number
_MAX_BYTES = 2**63 - 1


class PresignedPost(TimeWindow):
    """A presigned POST: where to post (``url``) and the form ``fields`` to send.

    ``fields`` is ordered as the form sends them: the caller's fields, ``key``,
    ``x-amz-algorithm``, ``x-amz-credential``, ``x-amz-date``, ``x-amz-security-token``
    (with temporary credentials), ``policy`` and ``x-amz-signature``; the file comes
    after all of them. ``policy`` is the decoded policy document that was signed.
    """

    __slots__ = ("url", "fields", "policy", "signed_at_epoch", "expires_at_epoch")

    url: str
    fields: "Dict[str, str]"
    policy: "Dict[str, Any]"
    signed_at_epoch: int
    expires_at_epoch: int

    def __init__(
        self,
        url: str,
        fields: "Dict[str, str]",
        policy: "Dict[str, Any]",
        signed_at_epoch: int,
        expires_at_epoch: int,
    ) -> None:
        # One made per form: assigned directly, not by Record's loop.
        self.url, self.fields, self.policy = url, fields, policy
        self.signed_at_epoch, self.expires_at_epoch = signed_at_epoch, expires_at_epoch

    def html_form(self, submit_label: str = "Upload") -> str:
        """A complete HTML ``<form>`` that posts the file with every field, escaped.

        The fields are hidden inputs in order, the file input comes last (S3 ignores
        fields after the file), then a submit button (which has no name, so it is not
        sent). A field with a lone CR or LF is refused: a browser submits every line
        break as CRLF, so S3 would compare another value with the policy.
        """
        from html import escape

        if not isinstance(submit_label, str) or not _utf8(submit_label):
            raise InvalidInputError(
                "submit_label must be text (a str that UTF-8 can encode), not %s" % shown(submit_label)
            )
        lines = [
            '<form action="%s" method="post" enctype="multipart/form-data">' % escape(self.url)
        ]
        for name, value in self.fields.items():
            for text in (name, value):
                if "\r" in text.replace("\r\n", "") or "\n" in text.replace("\r\n", ""):
                    raise InvalidInputError(
                        "field %r has a line break that is not CRLF; a browser sends every line "
                        "break of a form field as CRLF, so S3 would see another value than the "
                        "policy's" % (name,)
                    )
            lines.append(
                '  <input type="hidden" name="%s" value="%s">' % (escape(name), escape(value))
            )
        lines.append('  <input type="file" name="file">')
        lines.append('  <button type="submit">%s</button>' % escape(submit_label))
        lines.append("</form>")
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        # The fields may carry a session token: not shown.
        return "<PresignedPost %s key=%r expires_at=%s>" % (
            self.url, self.fields.get("key"), amz_date(self.expires_at_epoch)
        )


def token_field(service: str) -> str:
    """The form field of the session token: ``x-amz-security-token``, or the rules'
    own parameter (``X-Amz-S3session-Token`` for S3 Express), spelled as botocore does."""
    param = rules_for(service).token_param
    return "x-amz-security-token" if param == TOKEN_PARAM else param


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _iso8601(timestamp: int) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ``, the policy's expiration format (as botocore writes it)."""
    t = amz_date(timestamp)
    return "%s-%s-%sT%s:%s:%sZ" % (t[0:4], t[4:6], t[6:8], t[9:11], t[11:13], t[13:15])


# Each JSON text below is what json.dumps writes with its defaults (", " and ": "
# between items, ASCII escapes) for the same value; the policy is written from them
# without the general encoder (see _policy_json). Strings go through json's own escaper.


def _json_item(item: "Any") -> "Optional[str]":
    """``json.dumps(item)`` for an exact ``str`` or ``int``; None for anything else."""
    kind = type(item)
    if kind is str:
        return _json_str(item)
    if kind is int:
        return int.__repr__(item)
    return None


def _pair_json(name: "Any", value: "Any") -> "Optional[str]":
    """``json.dumps({name: value})`` for an exact ``str`` name and value; else None."""
    if type(name) is str and type(value) is str:
        return "{" + _json_str(name) + ": " + _json_str(value) + "}"
    return None


def _condition_json(condition: "Any") -> "Optional[str]":
    """``json.dumps(condition)`` for a dict with ``str`` keys or a list whose items are
    exact ``str`` or ``int``; None otherwise."""
    kind = type(condition)
    if kind is dict:
        parts = []
        for name, value in condition.items():
            value_text = _json_item(value)
            if type(name) is not str or value_text is None:
                return None
            parts.append(_json_str(name) + ": " + value_text)
        return "{" + ", ".join(parts) + "}"
    if kind is list:
        parts = []
        for item in condition:
            text = _json_item(item)
            if text is None:
                return None
            parts.append(text)
        return "[" + ", ".join(parts) + "]"
    return None


def _key_json(key: str) -> "Optional[str]":
    """The JSON of the key's condition as :func:`_bucket_and_key` makes it (None unless
    ``key`` is an exact ``str``)."""
    if type(key) is not str:
        return None
    if key.endswith(FILENAME):
        return '["starts-with", "$key", ' + _json_str(key[: -len(FILENAME)]) + "]"
    return '{"key": ' + _json_str(key) + "}"


def _policy_json(
    expiration_json: str,
    conditions: "List[Any]",
    bucket_json: "Optional[str]",
    key: str,
    auth_json: "Optional[str]",
    token: "Optional[Tuple[str, str]]",
) -> "Optional[str]":
    """The policy text ``json.dumps`` writes for ``{"expiration": ..., "conditions":
    conditions + _bucket_and_key(bucket, key) + [{name: value} for name, value in
    auth]}`` (the order botocore writes), from the JSON of its parts: the expiration's,
    the bucket's condition, the first three auth conditions' (``x-amz-algorithm``,
    ``x-amz-credential``, ``x-amz-date``) and the token's ``(name, value)``, if any.

    None when a part is not a plain dict, list, ``str`` or ``int`` (json.dumps then
    writes the document: the same text, slower).
    """
    parts = [_condition_json(condition) for condition in conditions] if conditions else []
    parts += (bucket_json, _key_json(key), auth_json)
    if token is not None:
        parts.append(_pair_json(token[0], token[1]))
    if None in parts:
        return None
    return '{"expiration": ' + expiration_json + ', "conditions": [' + ", ".join(parts) + "]}"  # type: ignore[arg-type]


# The texts of one signing time, expiry and scope (see _signer_texts), by (access key
# id, region, service, time, expiry): a server signs many forms a second with one key.
# Bounded like the core's caches (emptied when full). The access key id is no secret;
# nothing else of the credentials is held.
_SIGNER_TEXTS: "Dict[Tuple[Any, ...], Tuple[str, str, str, str, Optional[str]]]" = {}
_SIGNER_TEXTS_MAX = 64


def _signer_texts(
    access_key_id: str, region: str, service: str, timestamp: int, expires: int
) -> "Tuple[str, str, str, str, Optional[str]]":
    """``(x-amz-date, expiration, x-amz-credential, expiration JSON, auth JSON)``:
    ``amz_date(timestamp)``, the policy's ``_iso8601(timestamp + expires)``,
    ``AccessKeyId "/" CredentialScope``, and the JSON of the expiration and of the
    ``x-amz-algorithm``, ``x-amz-credential`` and ``x-amz-date`` conditions."""
    memo_key = (access_key_id, region, service, timestamp, expires)
    # Exact types only: a str or int subclass may compare by its own rules.
    plain = (
        type(access_key_id) is str and type(region) is str and type(service) is str
        and type(timestamp) is int and type(expires) is int
    )
    texts = _SIGNER_TEXTS.get(memo_key) if plain else None
    if texts is None:
        date_time = amz_date(timestamp)
        expiration = _iso8601(timestamp + expires)
        credential = access_key_id + "/" + credential_scope(date_time[:8], region, service)
        auth = [_pair_json("x-amz-algorithm", ALGORITHM), _pair_json("x-amz-credential", credential),
                _pair_json("x-amz-date", date_time)]
        auth_json = None if None in auth else ", ".join(auth)  # type: ignore[arg-type]
        texts = (date_time, expiration, credential, _json_str(expiration), auth_json)
        if plain:
            remember(_SIGNER_TEXTS, memo_key, texts, _SIGNER_TEXTS_MAX)
    return texts


def sign_post_policy(
    policy: "Union[str, bytes]",
    *,
    credentials: Credentials,
    region: str,
    now: "TimeArg",
    service: str = SERVICE,
) -> "Tuple[str, str]":
    """``(policy_base64, signature)`` for a policy document given as text or bytes.

    The document is used as is (text is encoded as UTF-8): ``Base64(policy)`` is the
    string to sign, and ``signature = Hex(HMAC(SigningKey(secret, date, region,
    service), Base64(policy)))`` with the date of ``now``, which must be the date of the
    policy's ``x-amz-date`` condition. ``service`` is ``s3`` (``s3express`` for a
    directory bucket).
    """
    from base64 import b64encode

    credentials = check_credentials(credentials)
    region = check_scope_part("region", region)
    service = check_scope_part("service", service)
    if isinstance(policy, str):
        try:
            data = policy.encode("utf-8")
        except UnicodeError:
            raise InvalidInputError("policy has a lone surrogate, which UTF-8 cannot encode")
    elif isinstance(policy, (bytes, bytearray)):
        data = bytes(policy)
    else:
        raise InvalidInputError(
            "policy must be the policy document as text or bytes, not %s "
            "(serialize a dict with json.dumps first)" % type(policy).__name__
        )
    if not data.strip():
        raise InvalidInputError("policy is empty; it must be a JSON policy document")
    date = amz_date(signing_time(now))[:8]
    encoded = b64encode(data).decode("ascii")
    return encoded, sign_policy(credentials.secret_access_key, date, region, service, encoded)


# Errors name the field or condition at fault as ``<kind> <shown(thing)>``; that text is
# made only when an error is raised (repr of a condition costs more than checking it).


def _where(kind: str, thing: "Any") -> str:
    """``kind`` and ``thing`` as an error message names them: ``condition ['eq', ...]``."""
    return "%s %s" % (kind, shown(thing))


def _check_name(name: "Any", kind: str, thing: "Any") -> str:
    if not isinstance(name, str) or not name:
        raise InvalidInputError(
            "%s: the field name must be a non-empty string, got %s" % (_where(kind, thing), shown(name))
        )
    return name


def _check_value(value: "Any", kind: str, thing: "Any") -> str:
    if not isinstance(value, str):
        raise InvalidInputError(
            "%s: the value must be a string, not %s (form fields are text)"
            % (_where(kind, thing), type(value).__name__)
        )
    return value


def check_condition(condition: "Any") -> "Tuple[str, str, Any]":
    """``(operator, field, value)`` of one policy condition, or a clear error.

    Allowed forms: ``{"field": "value"}`` (exact match), ``["eq", "$field", "value"]``,
    ``["starts-with", "$field", "prefix"]`` and ``["content-length-range", min, max]``
    (whole bytes, ``0 <= min <= max``). For ``content-length-range`` the field is ``""``
    and the value is ``(min, max)``.
    """
    if isinstance(condition, dict):
        if len(condition) != 1:
            raise InvalidInputError(
                "condition %s must have exactly one field, like {\"acl\": \"public-read\"}" % shown(condition)
            )
        for name, value in condition.items():
            name = _check_name(name, "condition", condition)
            if name.startswith("$"):
                raise InvalidInputError(
                    "%s: an exact-match condition names the field without '$', like {\"acl\": \"public-read\"}"
                    % _where("condition", condition)
                )
            return "eq", name, _check_value(value, "condition", condition)
    if not isinstance(condition, (list, tuple)) or not condition:
        raise InvalidInputError(
            "condition %s is neither {\"field\": \"value\"} nor a list such as "
            "[\"starts-with\", \"$key\", \"uploads/\"]" % shown(condition)
        )
    operator = condition[0]
    if operator not in _OPERATORS:
        raise InvalidInputError(
            "%s: unknown operator %s; allowed: %s"
            % (_where("condition", condition), shown(operator), ", ".join(_OPERATORS))
        )
    if len(condition) != 3:
        raise InvalidInputError(
            "%s: %s takes exactly two arguments, got %d"
            % (_where("condition", condition), shown(operator), len(condition) - 1)
        )
    if operator == "content-length-range":
        low, high = condition[1], condition[2]
        for bound in (low, high):
            if isinstance(bound, bool) or not isinstance(bound, int) or not -_MAX_BYTES <= bound <= _MAX_BYTES:
                raise InvalidInputError(
                    "%s: the bounds must be whole numbers of bytes (at most 2**63 - 1), got %s"
                    % (_where("condition", condition), shown(bound))
                )
        if not 0 <= low <= high:
            raise InvalidInputError(
                "%s: the range must satisfy 0 <= min <= max, got min=%d, max=%d"
                % (_where("condition", condition), low, high)
            )
        return operator, "", (low, high)
    name = _check_name(condition[1], "condition", condition)
    if not name.startswith("$") or len(name) < 2:
        raise InvalidInputError(
            "%s: the field must be written with a leading '$', like \"$key\"; got %s"
            % (_where("condition", condition), shown(name))
        )
    return operator, name[1:], _check_value(condition[2], "condition", condition)


def _check_fields(fields: "Any") -> "List[Tuple[str, str]]":
    if fields is None:
        return []
    if not callable(getattr(fields, "items", None)):
        raise InvalidInputError("fields must be a mapping of form field names to values, got %s" % shown(fields))
    out = []
    for name, value in fields.items():
        out.append((_check_name(name, "field", name), _check_value(value, "field", name)))
    return out


def _caller_fields(fields: "Any", key: str) -> "List[Tuple[str, str]]":
    """The caller's form fields, checked: none that the signer writes, and a ``key``
    field only if it is ``key`` itself (left out: the signer writes it)."""
    field_list = _check_fields(fields)
    if not field_list:
        return field_list
    for name, value in field_list:
        lower = name.lower()
        if lower in _SIGNER_FIELDS:
            raise InvalidInputError(
                "field %r is written by the signer (or is the file itself); leave it out" % name
            )
        if lower == "key" and value != key:
            raise InvalidInputError(
                "field 'key' is %r but key is %r; give the key only as the key argument" % (value, key)
            )
    return [(n, v) for n, v in field_list if n.lower() != "key"]


def _conflict(field: str, value: str, operator: str, expected: str) -> "Optional[str]":
    """Why a known field value fails a condition, or None when it may pass."""
    if operator == "eq" and value != expected:
        return "field %r is %r, but a condition requires exactly %r" % (field, value, expected)
    if operator == "starts-with":
        if field == "key" and value.endswith(FILENAME):
            # The file name completes the key: only a prefix that cannot match is wrong.
            prefix = value[: -len(FILENAME)]
            if not (prefix.startswith(expected) or expected.startswith(prefix)):
                return "key %r can never start with %r, as a condition requires" % (value, expected)
        elif not value.startswith(expected):
            return "field %r is %r, but a condition requires it to start with %r" % (field, value, expected)
    return None


def _policy_conditions(
    bucket: str,
    key: str,
    fields: "List[Tuple[str, str]]",
    conditions: "Optional[Sequence[Any]]",
    pinned: "Sequence[Any]" = (),
) -> "List[Any]":
    """The caller's conditions and the ``pinned`` ones, checked against the fields
    (the bucket's and the key's conditions, which follow them, are not added here)."""
    if conditions is None:
        if not fields and not pinned:
            return []  # nothing to check
        conditions = []
    if isinstance(conditions, (str, bytes, dict)) or not hasattr(conditions, "__iter__"):
        raise InvalidInputError(
            "conditions must be a list of conditions, like [{\"acl\": \"public-read\"}], got %s"
            % shown(conditions)
        )
    values: "Dict[str, str]" = {}
    for name, value in fields:
        values[name.lower()] = value
    values["key"] = key
    values["bucket"] = bucket
    covered = set()
    out: "List[Any]" = []
    for condition in list(conditions) + list(pinned):
        operator, name, value = check_condition(condition)
        lower = name.lower()
        covered.add(lower)
        if lower in values:
            problem = _conflict(lower, values[lower], operator, value)
            if problem:
                raise InvalidInputError(problem + "; S3 would refuse every upload")
        out.append(dict(condition) if isinstance(condition, dict) else list(condition))
    for name, _ in fields:
        lower = name.lower()
        if lower not in covered and not lower.startswith("x-ignore-"):
            raise InvalidInputError(
                "field %r has no condition in the policy, so S3 would refuse the form; "
                "add one such as {%r: %r} or [\"starts-with\", \"$%s\", \"\"]"
                % (name, name, values[lower], name)
            )
    return out


def _bucket_and_key(bucket: str, key: str) -> "List[Any]":
    """The bucket's condition, then the key's (after the caller's, as botocore writes
    them): ``starts-with`` its prefix when it ends in ``${filename}``, else the exact key."""
    if key.endswith(FILENAME):
        return [{"bucket": bucket}, ["starts-with", "$key", key[: -len(FILENAME)]]]
    return [{"bucket": bucket}, {"key": key}]


# Resolved POST endpoints, (url, service, JSON of the bucket's condition), by (bucket,
# region, endpoint_url, addressing, dualstack, accelerate, fips) that passed every
# check; bounded, emptied when full.
_SITES: "Dict[Tuple[Any, ...], Tuple[str, str, Optional[str]]]" = {}
_SITES_MAX = 256


def _site_key(
    bucket: "Any", region: "Any", endpoint_url: "Any", addressing: "Any",
    dualstack: "Any", accelerate: "Any", fips: "Any",
) -> "Optional[Tuple[Any, ...]]":
    """The key of :data:`_SITES` for these arguments, or None (not remembered).

    Exact types only: 1 equals True and a str subclass may compare by its own rules, so
    neither may stand for a value that passed the checks.
    """
    if (
        type(bucket) is str and type(region) is str and type(addressing) is str
        and (endpoint_url is None or type(endpoint_url) is str)
        and (dualstack is True or dualstack is False)
        and (accelerate is True or accelerate is False)
        and (fips is True or fips is False)
    ):
        return (bucket, region, endpoint_url, addressing, dualstack, accelerate, fips)
    return None


def _remember_site(site_key: "Optional[Tuple[Any, ...]]", site: "Tuple[str, str, Optional[str]]") -> None:
    if site_key is not None:
        remember(_SITES, site_key, site, _SITES_MAX)


def _check_post_bucket(bucket: "Any") -> str:
    """A bucket name (:func:`check_bucket`), not an access point ARN."""
    if isinstance(bucket, str) and bucket.startswith("arn:"):
        raise InvalidInputError(
            "bucket %r is an ARN; a POST upload needs a bucket name (S3 access points do not "
            "take browser POST uploads)" % bucket
        )
    return check_bucket(bucket)


def _check_post_key(key: "Any") -> str:
    """An object key (:func:`check_key`); required."""
    checked_key = check_key(key)
    if checked_key is None:
        raise InvalidInputError("key is required for a POST upload (it may end in ${filename})")
    return checked_key


def presign_s3_post(
    bucket: str,
    key: str,
    *,
    credentials: Credentials,
    region: str,
    expires_in: "Any" = 3600,
    fields: "Optional[Mapping[str, str]]" = None,
    conditions: "Optional[Sequence[Condition]]" = None,
    endpoint_url: "Optional[str]" = None,
    addressing: str = "auto",
    now: "TimeArg" = None,
    dualstack: bool = False,
    accelerate: bool = False,
    fips: bool = False,
    checksum: "Optional[Tuple[str, str]]" = None,
) -> PresignedPost:
    """Presign a browser upload (HTTP POST form) of ``key`` into ``bucket``.

    ``key`` may end in ``${filename}``: S3 puts the uploaded file's name there, and the
    policy allows any key with that prefix. ``fields`` are extra form fields
    (``acl``, ``Content-Type``, ``success_action_status``, ``x-amz-meta-*``, ...); each
    needs a condition in ``conditions``, which are ``{"field": "value"}``,
    ``["eq", "$field", "value"]``, ``["starts-with", "$field", "prefix"]`` or
    ``["content-length-range", min, max]``. The bucket and key conditions and the
    ``x-amz-*`` ones are added here. ``expires_in`` is 1..604800 seconds.

    The URL is the bucket's endpoint as :func:`sigv4presign.presign_s3` makes it
    (``addressing``, ``endpoint_url``, ``dualstack``, ``accelerate``, ``fips``).
    """
    credentials = check_credentials(credentials)
    site_key = _site_key(bucket, region, endpoint_url, addressing, dualstack, accelerate, fips)
    site = None if site_key is None else _SITES.get(site_key)
    if site is None:
        # Every check, in this order: the first bad input is the one reported.
        region = check_scope_part("region", region)
        bucket = _check_post_bucket(bucket)
        checked_key = _check_post_key(key)
        # The URL first: an impossible endpoint is refused before anything is signed.
        endpoint = s3_endpoint(bucket, None, region, Location(endpoint_url, addressing, dualstack, accelerate, fips))
        site = (endpoint.url, endpoint.service, _pair_json("bucket", bucket))
        _remember_site(site_key, site)
    else:
        # Region, bucket and endpoint passed these same checks before: only the key is new.
        checked_key = _check_post_key(key)
    url, service, bucket_json = site
    field_list = _caller_fields(fields, checked_key)
    pinned: "List[Any]" = []
    if checksum is not None:
        # The algorithm and the value as fields, each pinned by a condition: S3 checks
        # the uploaded file against the value.
        header, value = signed_checksum("POST", checksum)
        algorithm = header[len("x-amz-checksum-"):].upper()
        for name, text in (("x-amz-checksum-algorithm", algorithm), (header, value)):
            field_list.append((name, text))
            pinned.append(["eq", "$" + name, text])
    caller_conditions = _policy_conditions(bucket, checked_key, field_list, conditions, pinned)

    timestamp = signing_time(now)
    expires = to_expires(expires_in)
    # Refuses expired credentials and warns when they end first, as presign_s3 does.
    expires_at = signature_lifetime(credentials, timestamp, expires)
    date_time, expiration, credential, expiration_json, auth_json = _signer_texts(
        credentials.access_key_id, region, service, timestamp, expires
    )
    auth = [
        ("x-amz-algorithm", ALGORITHM),
        ("x-amz-credential", credential),
        ("x-amz-date", date_time),
    ]
    token: "Optional[Tuple[str, str]]" = None
    if credentials.session_token is not None:
        token = (token_field(service), credentials.session_token)
        auth.append(token)
    elif service == EXPRESS_SERVICE:
        raise InvalidInputError(
            "bucket %r is a directory bucket: sign with the session credentials of an S3 "
            "CreateSession call (they carry a session token), not with IAM credentials" % (bucket,)
        )
    signer_conditions = _bucket_and_key(bucket, checked_key) + [{name: value} for name, value in auth]
    document = {"expiration": expiration, "conditions": caller_conditions + signer_conditions}
    # botocore's serialization: json.dumps defaults (", " and ": ", ASCII escapes),
    # expiration first; written from the JSON of its parts, or by json.dumps itself.
    # (b2a_base64 without the newline is what base64.b64encode does.)
    policy_json = _policy_json(
        expiration_json, caller_conditions, bucket_json, checked_key, auth_json, token
    ) or dumps(document)
    policy_b64 = binascii.b2a_base64(policy_json.encode("utf-8"), newline=False).decode("ascii")
    sig = sign_policy(credentials.secret_access_key, date_time[:8], region, service, policy_b64)

    form: "Dict[str, str]" = {}
    for name, value in field_list:
        form[name] = value
    form["key"] = checked_key
    for name, value in auth:
        form[name] = value
    form["policy"] = policy_b64
    form["x-amz-signature"] = sig

    return PresignedPost(url, form, document, timestamp, expires_at)
