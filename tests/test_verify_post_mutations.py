"""No false accepts for POST forms: thousands of mutated forms, each judged twice.

Three valid forms (AWS's documented example, one from botocore, one of ours with
temporary credentials) are mutated one edit at a time: a character deleted, inserted or
replaced in any field's name or value, a field dropped, repeated or added. Each mutant
goes to ``verify_s3_post`` and to :func:`s3_accepts`, a small reading of S3's
documented POST rules written here without the library:

- the ``policy`` and ``x-amz-signature`` fields exactly as signed (the signature is an
  HMAC of the policy text, so any other text fails), each field once;
- ``${filename}`` in any field replaced by the file name after its last ``/`` or ``\\``;
- every condition of the signed policy: ``{"f": v}`` and ``["eq", "$f", v]`` compare
  the whole value; ``["starts-with", "$f", p]`` its start, every comma-separated element
  for ``Content-Type``; ``content-length-range`` the file's size; ``bucket`` the bucket
  posted to; a condition on a field the form lacks fails;
- every field but ``policy``, ``x-amz-signature``, ``file`` and ``x-ignore-*`` named by
  a condition; the key not empty and at most 1,024 bytes.

The verifier may never accept what those rules refuse (a false accept), and in this run
it refuses nothing they accept. At least 2,000 mutants run in CI.
"""

import base64
import datetime
import json
import os
from typing import Dict, Iterator, List, Optional, Tuple

import botocore.config
import botocore.session
import pytest
from support import VECTORS
from support.botocore_reference import PurePythonSigners, frozen_clock, hermetic_environment

from sigv4presign import Credentials, SigV4Error, presign_s3_post, verify_s3_post
from sigv4presign.core.timefmt import parse_amz_date

CI = bool(os.environ.get("CI"))
MIN_MUTANTS = 2000
STRIDE = 3 if CI else 11  # every STRIDE-th position of each field is edited
ALPHABET = "aA0/,.$%{}=+ \t\r\n\x00é"
NOW = datetime.datetime(2026, 3, 14, 15, 9, 26, tzinfo=datetime.timezone.utc)
T0 = int(NOW.timestamp())
AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+token/with+slash=="

Form = List[Tuple[str, str]]


class Base:
    def __init__(self, name: str, fields: Dict[str, str], credentials: Credentials, bucket: str,
                 filename: Optional[str], size: int, now: int) -> None:
        self.name = name
        self.fields = fields
        self.credentials = credentials
        self.bucket = bucket
        self.filename = filename
        self.size = size
        self.now = now


@pytest.fixture(scope="module")
def bases() -> Iterator[List[Base]]:
    record = json.loads((VECTORS / "s3-docs" / "post-policy.json").read_text())
    docs = dict(record["inputs"]["form_fields"])
    docs["Policy"] = record["expected"]["policy_base64"]
    docs["X-Amz-Signature"] = record["expected"]["signature"]
    out = [Base("docs", docs, Credentials(record["inputs"]["access_key_id"], record["inputs"]["secret_access_key"]),
                "sigv4examplebucket", "photo.jpg", 10, parse_amz_date(record["inputs"]["timestamp"]))]
    with pytest.MonkeyPatch.context() as monkeypatch:
        hermetic_environment(monkeypatch)
        with PurePythonSigners("s3v4-presign-post"), frozen_clock(NOW.timestamp()):
            client = botocore.session.get_session().create_client(
                "s3", region_name="eu-west-1", aws_access_key_id=AKID, aws_secret_access_key=SECRET,
                config=botocore.config.Config(signature_version="s3v4"))
            post = client.generate_presigned_post(
                "uploads-bucket", "in/${filename}", ExpiresIn=900,
                Fields={"Content-Type": "image/png", "x-amz-meta-tag": "a,b", "success_action_status": "201"},
                Conditions=[["starts-with", "$Content-Type", "image/"], {"x-amz-meta-tag": "a,b"},
                            ["eq", "$success_action_status", "201"], ["content-length-range", 5, 50]])
    out.append(Base("botocore", post["fields"], Credentials(AKID, SECRET), "uploads-bucket", "C:\\dir\\cat.png",
                    10, T0 + 60))
    ours = presign_s3_post("uploads-bucket", "exact/key.txt", credentials=Credentials(AKID, SECRET, TOKEN),
                           region="us-east-1", now=T0, expires_in=900,
                           fields={"Content-Type": "image/png,image/gif", "x-amz-meta-n": "up-${filename}"},
                           conditions=[["starts-with", "$Content-Type", "image/"],
                                       ["starts-with", "$x-amz-meta-n", "up"]])
    out.append(Base("ours", ours.fields, Credentials(AKID, SECRET, TOKEN), "uploads-bucket", "upload.txt", 10,
                    T0 + 60))
    yield out


# -- S3's rules, read from its documentation ---------------------------------------------------


def s3_accepts(form: Form, base: Base) -> bool:
    """Would S3 take ``form`` (signed as ``base.fields``)? See the module's text."""
    fields: Dict[str, str] = {}
    for name, value in form:
        if name.lower() in fields:
            return False
        fields[name.lower()] = value
    original = {name.lower(): value for name, value in base.fields.items()}
    for name in ("policy", "x-amz-signature"):
        if fields.get(name) != original[name]:
            return False
    for name in ("key", "x-amz-algorithm", "x-amz-credential", "x-amz-date"):
        if name not in fields:
            return False
    policy = json.loads(base64.b64decode(original["policy"]))
    name_of = base.filename.replace("\\", "/").rsplit("/", 1)[-1] if base.filename is not None else None
    values = {n: v if name_of is None else v.replace("${filename}", name_of) for n, v in fields.items()}
    named = set()
    for condition in policy["conditions"]:
        if isinstance(condition, dict):
            ((field, expected),) = condition.items()
            operator = "eq"
        elif condition[0] == "content-length-range":
            if not condition[1] <= base.size <= condition[2]:
                return False
            continue
        else:
            operator, field, expected = condition[0], condition[1][1:], condition[2]
        field = field.lower()
        named.add(field)
        value = base.bucket if field == "bucket" else values.get(field)
        if value is None:
            return False
        if operator == "eq" and value != expected:
            return False
        if operator == "starts-with":
            elements = value.split(",") if field == "content-type" else [value]
            if not all(element.startswith(expected) for element in elements):
                return False
    for field in fields:
        if field not in named and field not in ("policy", "x-amz-signature", "file") and not field.startswith("x-ignore-"):
            return False
    return 0 < len(values["key"].encode("utf-8")) <= 1024


def verifier_accepts(form: Form, base: Base) -> bool:
    try:
        verify_s3_post(form, credentials=base.credentials, now=base.now, bucket=base.bucket,
                       filename=base.filename, content_length=base.size)
    except SigV4Error:
        return False
    return True


# -- the mutants --------------------------------------------------------------------------------


def edits(text: str) -> Iterator[str]:
    """``text`` with one character deleted, inserted or replaced, at every STRIDE-th place."""
    for i in range(0, len(text) + 1, STRIDE):
        if i < len(text):
            yield text[:i] + text[i + 1:]
        for char in ALPHABET:
            yield text[:i] + char + text[i:]
            if i < len(text) and text[i] != char:
                yield text[:i] + char + text[i + 1:]


def mutants(fields: Dict[str, str]) -> Iterator[Form]:
    pairs = list(fields.items())
    for index, (name, value) in enumerate(pairs):
        before, after = pairs[:index], pairs[index + 1:]
        for other in edits(value):
            yield before + [(name, other)] + after
        for other in edits(name):
            if other:
                yield before + [(other, value)] + after
        yield before + [(name.upper(), value)] + after  # names are case-insensitive
        yield before + after  # dropped
        yield pairs + [(name, value)]  # repeated
    for extra in (("x-amz-meta-new", "1"), ("x-ignore-anything", "1"), ("file", "x"), ("bucket", "other"),
                  ("acl", "public-read"), ("x-amz-security-token", TOKEN)):
        yield pairs + [extra]


def test_no_false_accepts_among_mutated_forms(bases: List[Base]) -> None:
    mutated = refused = accepted = 0
    for base in bases:
        assert verifier_accepts(list(base.fields.items()), base) and s3_accepts(list(base.fields.items()), base)
        for form in mutants(base.fields):
            mutated += 1
            ours, s3 = verifier_accepts(form, base), s3_accepts(form, base)
            assert not (ours and not s3), "false accept (%s): %r" % (base.name, form)
            assert ours == s3, "refused what S3 takes (%s): %r" % (base.name, form)
            refused += not ours
            accepted += ours
    print("mutated forms", mutated, "refused", refused, "accepted (allowed by the policy)", accepted)
    if CI:
        assert mutated >= MIN_MUTANTS
    assert refused > 500 and accepted > 10
