"""Coverage-guided fuzzing of verification with atheris (optional; run by
test_verify_properties.py with a bounded -runs, or by hand for longer).

Every input must raise only SigV4Error subclasses: verify_presigned and explain on the
input as a URL (alone, and after a presigned URL's host), verify_s3_post on fields
parsed from it, and diagnose on it as an error body.
"""

import sys

import atheris

with atheris.instrument_imports():
    from sigv4presign import (
        Credentials,
        SigV4Error,
        diagnose,
        explain,
        verify_presigned,
        verify_s3_post,
    )

CREDS = Credentials("AKID", "secret")
BASE = ("https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F"
        "20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=60&"
        "X-Amz-SignedHeaders=host&X-Amz-Signature=" + "0" * 64)


def one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    text = provider.ConsumeUnicodeNoSurrogates(400)
    calls = [
        lambda: verify_presigned(text, credentials=CREDS, now=1369353600),
        lambda: verify_presigned(BASE + "&" + text, credentials=CREDS, now=1369353600),
        lambda: explain("https://example.com/" + text),
        lambda: verify_s3_post(dict(p.partition("=")[::2] for p in text.split("&")), credentials=CREDS),
        lambda: diagnose(BASE, text, now=1369353600),
        lambda: diagnose(BASE, data, now=1369353600),
    ]
    for call in calls:
        try:
            call()
        except SigV4Error:
            pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
