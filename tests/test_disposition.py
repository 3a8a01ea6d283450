"""Content-Disposition values for download names (sigv4presign.disposition).

Checked against the standard library, written independently of ours:
- the ``filename*`` value is ``UTF-8''`` + ``urllib.parse.quote(name, safe=...)`` with
  RFC 8187's attr-char (quote keeps ``A-Z a-z 0-9 _ . - ~`` and the ``safe`` ones);
- the email package's header parser (``email.message.Message.get_params`` with
  ``email.utils.collapse_rfc2231_value``, and the ``email.policy.default`` header
  registry) reads ``filename*`` back as the original name, and ``filename`` as a
  quoted-string of printable ASCII;
- the whole value parses as one disposition type followed by its parameters.
"""

import email.message
import email.policy
import email.utils
from typing import Any, List, Tuple
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sigv4presign import InvalidInputError, content_disposition
from sigv4presign.disposition import ascii_fallback, check_filename, rfc8187_value

ATTR_CHAR_PUNCTUATION = "!#$&+^`|"  # RFC 8187 attr-char beyond what quote() always keeps

# A name a browser can save: no control, bidi-override or surrogate characters, no path,
# no white space at either end.
NAME_CHARS = st.characters(
    blacklist_categories=("Cc", "Cs"),
    blacklist_characters="/\\\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)
NAMES = st.text(NAME_CHARS, min_size=1, max_size=60).filter(
    lambda name: name not in (".", "..") and name == name.strip() and len(name.encode("utf-8")) <= 255
)


def params(value: str) -> List[Tuple[str, Any]]:
    message = email.message.Message()
    message["Content-Disposition"] = value
    return list(message.get_params(header="content-disposition"))


def read_back(value: str) -> Tuple[str, str, str]:
    """(disposition type, the ``filename`` parameter, the name ``filename*`` decodes to
    (or ``filename`` when there is none)), as the email package reads them."""
    (kind, _), *rest = params(value)
    plain = [v for k, v in rest if k == "filename" and isinstance(v, str)]
    extended = [email.utils.collapse_rfc2231_value(v) for k, v in rest if k == "filename" and isinstance(v, tuple)]
    assert len(plain) == 1 and len(extended) <= 1 and len(rest) == len(plain) + len(extended)
    return kind, plain[0], (extended or plain)[0]


@pytest.mark.parametrize("name, value", [
    ("report.pdf", 'attachment; filename="report.pdf"'),
    ("Report 2026 (final).PDF", 'attachment; filename="Report 2026 (final).PDF"'),
    ("it's; a, name=1.txt", 'attachment; filename="it\'s; a, name=1.txt"'),
    ("Größe.pdf", "attachment; filename=\"Gr_e.pdf\"; filename*=UTF-8''Gr%C3%B6%C3%9Fe.pdf"),
    ("报告.pdf", "attachment; filename=\"_.pdf\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf"),
    ("naïve résumé.docx",
     "attachment; filename=\"na_ve r_sum_.docx\"; filename*=UTF-8''na%C3%AFve%20r%C3%A9sum%C3%A9.docx"),
    ("\U0001F600.png", "attachment; filename=\"_.png\"; filename*=UTF-8''%F0%9F%98%80.png"),
    ('say "hi".txt', "attachment; filename=\"say _hi_.txt\"; filename*=UTF-8''say%20%22hi%22.txt"),
    ("100%.csv", "attachment; filename=\"100_.csv\"; filename*=UTF-8''100%25.csv"),
    ("a%41.txt", "attachment; filename=\"a_41.txt\"; filename*=UTF-8''a%2541.txt"),
    ("ü\"ü.txt", "attachment; filename=\"___.txt\"; filename*=UTF-8''%C3%BC%22%C3%BC.txt"),
    ("€", "attachment; filename=\"_\"; filename*=UTF-8''%E2%82%AC"),
    ("nbsp\u00a0x", "attachment; filename=\"nbsp_x\"; filename*=UTF-8''nbsp%C2%A0x"),
])
def test_known_values(name: str, value: str) -> None:
    assert content_disposition(name) == value
    assert content_disposition(name, inline=True) == "inline" + value[len("attachment"):]


def test_rfc_8187_example_name() -> None:
    """RFC 8187 section 3.2.3's example: the pound and euro signs in UTF-8."""
    assert rfc8187_value("\u00a3 and \u20ac rates") == "UTF-8''%C2%A3%20and%20%E2%82%AC%20rates"


@settings(max_examples=500, deadline=None)
@given(name=NAMES, inline=st.booleans())
def test_any_name_reads_back_exactly(name: str, inline: bool) -> None:
    value = content_disposition(name, inline=inline)
    kind, fallback, decoded = read_back(value)
    assert kind == ("inline" if inline else "attachment")
    assert decoded == name
    assert fallback == ascii_fallback(name)
    assert all(" " <= c <= "~" and c not in '"%\\' for c in fallback)
    assert value.isascii()


@settings(max_examples=500, deadline=None)
@given(name=NAMES)
def test_percent_encoding_is_rfc_8187_attr_char(name: str) -> None:
    assert rfc8187_value(name) == "UTF-8''" + quote(name, safe=ATTR_CHAR_PUNCTUATION)
    assert email.utils.decode_rfc2231(rfc8187_value(name))[2] == quote(name, safe=ATTR_CHAR_PUNCTUATION)


@settings(max_examples=300, deadline=None)
@given(name=NAMES)
def test_filename_star_only_when_needed(name: str) -> None:
    plain = all(" " <= c <= "~" and c not in '"%' for c in name)
    value = content_disposition(name)
    assert ("filename*=" in value) is (not plain)
    if plain:
        assert value == 'attachment; filename="%s"' % name


@settings(max_examples=300, deadline=None)
@given(name=NAMES)
def test_header_registry_reads_the_exact_name(name: str) -> None:
    """The email package's modern parser, given the extended parameter alone (as a
    browser that prefers it reads it)."""
    value = content_disposition(name)
    extended = value.split("; ")[-1] if "filename*=" in value else value.split("; ", 1)[1]
    message = email.message_from_string(
        "Content-Disposition: attachment; %s\n\n" % extended, policy=email.policy.default)
    assert message.get_filename() == name


@settings(max_examples=300, deadline=None)
@given(name=NAMES)
def test_the_extension_survives_in_the_fallback(name: str) -> None:
    extension = "." + "".join(c for c in name if "a" <= c <= "z")[:4]
    if extension != ".":
        assert ascii_fallback(name + extension).endswith(extension)


BAD = [
    ("", "filename must be a non-empty file name such as 'report.pdf', got ''"),
    (None, "got None"),
    (b"report.pdf", "got b'report.pdf'"),
    (42, "got 42"),
    (".", "'.' is not a file name"),
    ("..", "'..' is not a file name"),
    ("reports/2026.pdf", "has a '/': give the name alone, without a path \\(such as '2026.pdf'\\)"),
    ("C:\\Users\\me\\a.txt", "has a '\\\\\\\\'.*such as 'a.txt'"),
    ("dir/", "has a '/'"),
    (" a.txt", "' a.txt' starts or ends with white space, which browsers and file systems drop: give 'a.txt'"),
    ("a.txt\u3000", "starts or ends with white space"),
    ("\u00a0", "starts or ends with white space.*give 'report.pdf'"),
    ("a\nb.txt", "control character \\(U\\+000A\\)"),
    ("a\x00b", "control character \\(U\\+0000\\)"),
    ("tab\there", "control character \\(U\\+0009\\)"),
    ("del\x7f", "control character \\(U\\+007F\\)"),
    ("c1\x85", "control character \\(U\\+0085\\)"),
    ("invoice\u202efdp.exe", "bidirectional control character \\(U\\+202E\\)"),
    ("x\u2067y", "bidirectional control character \\(U\\+2067\\)"),
    ("bad\ud800.txt", "unpaired surrogate \\(U\\+D800\\)"),
    ("a" * 256, "filename is 256 bytes in UTF-8; file systems keep at most 255"),
    ("ü" * 128, "filename is 256 bytes"),
]


@pytest.mark.parametrize("name, message", BAD, ids=[repr(n)[:30] for n, _ in BAD])
def test_bad_names_are_refused(name: Any, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        content_disposition(name)
    with pytest.raises(InvalidInputError, match=message):
        check_filename(name)


def test_longest_name_is_accepted() -> None:
    assert content_disposition("a" * 251 + ".txt") == 'attachment; filename="%s"' % ("a" * 251 + ".txt")
    assert read_back(content_disposition("ü" * 127 + "a"))[2] == "ü" * 127 + "a"


@pytest.mark.parametrize("inline", [None, 1, "yes", 0])
def test_inline_must_be_a_bool(inline: Any) -> None:
    with pytest.raises(InvalidInputError, match="inline must be True or False"):
        content_disposition("a.txt", inline=inline)


def test_signed_as_the_response_content_disposition_parameter() -> None:
    """The value goes into a presigned GET's query and verifies."""
    from sigv4presign import Credentials, presign_s3, verify_presigned

    creds = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    value = content_disposition("Größe \"final\" 100%.pdf")
    url = presign_s3("GET", "bucket", "k", credentials=creds, region="eu-west-1", now=1775000000,
                     params={"response-content-disposition": value}).url
    from urllib.parse import parse_qs, urlsplit

    assert parse_qs(urlsplit(url).query)["response-content-disposition"] == [value]
    assert verify_presigned(url, credentials=creds, now=1775000000)
