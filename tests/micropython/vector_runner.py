"""The AWS SigV4 query vectors through sigv4presign's public API, on MicroPython.

run.mjs writes the package's core modules to /lib/sigv4presign/, this module to /lib and
the test data to /data/vectors.json, then calls :func:`main` inside MicroPython. It
prints one JSON line per case and a summary line. It is plain Python (no CPython-only
features), so tests import it on CPython too.

Per v4 case: the presign's canonical request, string to sign and signature must equal
query-canonical-request.txt, query-string-to-sign.txt and query-signature.txt exactly.
The S3 documentation example must give its whole URL exactly.

The "calls" set (optional) is a list of presign calls as JSON data; :func:`run_call`
reports each one's results or error, and the test compares them with :func:`run_call`
on CPython.
"""

import hashlib
import json
import sys

from sigv4presign import Credentials, S3Presigner, SigV4Error, presign, presign_s3
from sigv4presign.core.canonical import canonical_uri
from sigv4presign.core.encoding import encode_path_for_url
from sigv4presign.core.presign import SignRequest, sign
from sigv4presign.core.rules import Rules
from sigv4presign.core.timefmt import parse_amz_date

VECTORS = "/data/vectors.json"


def parse_request(text):
    """(method, target, headers, body) of an aws-c-auth request.txt.

    ``METHOD target HTTP/1.1``, ``Name:value`` lines, then optionally a blank line and
    the body. The target may hold a raw space, so it runs up to the last `` HTTP/``. A
    line starting with white space continues the previous header (folded to one space).
    """
    blank = text.find("\n\n")
    head, body = (text, "") if blank < 0 else (text[:blank], text[blank + 2 :])
    lines = head.split("\n")
    first = lines[0]
    space = first.find(" ")
    method = first[:space]
    target = first[space + 1 : first.rfind(" HTTP/")]
    headers = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t"):
            name, value = headers[-1]
            headers[-1] = (name, value + " " + line.strip())
        elif line:
            colon = line.find(":")
            headers.append((line[:colon], line[colon + 1 :]))
    return method, target, headers, body.encode("utf-8")


def iso_to_epoch(text):
    """``2015-08-30T12:36:00Z`` -> POSIX seconds."""
    return parse_amz_date(text.replace("-", "").replace(":", ""))


def presign_v4_case(context, request_text):
    method, target, headers, body = parse_request(request_text)
    host = [value for name, value in headers if name.lower() == "host"][0]
    creds = context["credentials"]
    path = target.split("?")[0]
    if encode_path_for_url(path) != path:
        # get-space-*, get-utf8: the path travels raw; presign() would send it encoded
        # (and sign what it sends), so these go through the signer that takes a wire path.
        return sign(
            SignRequest(method, "https", host, path, canonical_uri(path, True, context["normalize"]), [], headers),
            Credentials(creds["access_key_id"], creds["secret_access_key"], creds.get("token")),
            context["region"], context["service"], iso_to_epoch(context["timestamp"]),
            context["expiration_in_seconds"], Rules(normalize_path=context["normalize"]),
        )
    return presign(
        method,
        "https://" + host + target,
        credentials=Credentials(
            creds["access_key_id"], creds["secret_access_key"], creds.get("token")
        ),
        region=context["region"],
        service=context["service"],
        expires_in=context["expiration_in_seconds"],
        headers=headers,
        payload_hash=hashlib.sha256(body).digest().hex() if context["sign_body"] else None,
        now=iso_to_epoch(context["timestamp"]),
        normalize_path=context["normalize"],
        session_token="unsigned" if context.get("omit_session_token") else "signed",
    )


def compare(got, expected):
    """Names of the artifacts that differ, with both values."""
    return [
        {"artifact": name, "got": got[name], "expected": expected[name]}
        for name in sorted(expected)
        if got[name] != expected[name]
    ]


def run_case(kind, name, make, args, expected):
    try:
        p = make(*args)
        got = {
            "canonical_request": p.canonical_request,
            "string_to_sign": p.string_to_sign,
            "signature": p.signature,
            "url": p.url,
        }
        mismatches = compare(got, expected)
        result = {"set": kind, "case": name, "ok": not mismatches, "mismatches": mismatches}
    except Exception as exc:  # report and go on with the next case
        result = {"set": kind, "case": name, "ok": False, "error": "%s: %s" % (type(exc).__name__, exc)}
    print(json.dumps(result))
    return result["ok"]


def docs_example(record):
    inputs = record["inputs"]
    host = inputs["host"]
    return presign_s3(
        inputs["method"],
        host[: host.find(".")],
        inputs["path"][1:],
        credentials=Credentials(inputs["access_key_id"], inputs["secret_access_key"]),
        region=inputs["region"],
        expires_in=inputs["expires"],
        now=parse_amz_date(inputs["timestamp"]),
    )


def run_call(call):
    """Run one call ``{"fn", "args", "kwargs", "credentials"}``: what the resulting
    Presigned holds, or the error's class name and message. ``"s3_urls"`` runs
    ``S3Presigner(bucket, **kwargs).urls(keys, method, now=now)`` for args
    ``[bucket, keys, method]``: the URLs."""
    if call["fn"] == "s3_urls":
        bucket, keys, method = call["args"]
        kwargs = dict(call["kwargs"])
        now = kwargs.pop("now")
        creds = call["credentials"]
        try:
            signer = S3Presigner(bucket, credentials=Credentials(creds[0], creds[1], creds[2]), **kwargs)
            return {"urls": signer.urls(keys, method, now=now)}
        except SigV4Error as exc:
            return {"error": type(exc).__name__, "message": str(exc)}
    function = presign if call["fn"] == "presign" else presign_s3
    try:
        creds = call["credentials"]
        p = function(
            *call["args"],
            credentials=Credentials(creds[0], creds[1], creds[2]),
            **call["kwargs"]
        )
    except SigV4Error as exc:
        return {"error": type(exc).__name__, "message": str(exc)}
    return {
        "url": p.url,
        "method": p.method,
        "headers": p.headers,
        "signed_at_epoch": p.signed_at_epoch,
        "expires_at_epoch": p.expires_at_epoch,
        "canonical_request": p.canonical_request,
        "string_to_sign": p.string_to_sign,
        "signature": p.signature,
    }


def main():
    with open(VECTORS) as f:
        data = json.load(f)
    calls = data.get("calls", [])
    for call in calls:
        try:
            result = {"set": "calls", "case": call["id"], "ok": True, "result": run_call(call)}
        except Exception as exc:  # not a SigV4Error: a bug, reported as such
            result = {"set": "calls", "case": call["id"], "ok": False,
                      "error": "%s: %s" % (type(exc).__name__, exc)}
        print(json.dumps(result))
    v4_passed = 0
    for case in data["v4"]:
        expected = {
            "canonical_request": case["canonical_request"],
            "string_to_sign": case["string_to_sign"],
            "signature": case["signature"].strip(),
        }
        args = (case["context"], case["request"])
        if run_case("v4", case["name"], presign_v4_case, args, expected):
            v4_passed += 1
    record = data["s3_docs"]
    docs_ok = run_case(
        "s3-docs",
        record["name"],
        docs_example,
        (record,),
        {
            "canonical_request": record["expected"]["canonical_request"],
            "string_to_sign": record["expected"]["string_to_sign"],
            "signature": record["expected"]["signature"],
            "url": record["expected"]["presigned_url"],
        },
    )
    print(json.dumps({
        "summary": True,
        "implementation": sys.implementation.name,
        "version": list(sys.implementation.version[:3]),
        "v4_total": len(data["v4"]),
        "v4_passed": v4_passed,
        "docs_passed": docs_ok,
        "calls_run": len(calls),
    }))
