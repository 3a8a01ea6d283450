"""The SigV4a core on MicroPython: run by sigv4a_run.mjs inside MicroPython.

Reads /data/sigv4a.json (written by the test), prints one JSON line per check and a
summary line with timings. Every expected value comes from the test (vectors, RFC 6979,
CPython's output); this file only computes and reports.
"""

import json
import sys
import time

from sigv4presign.core import sigv4a

DATA = "/data/sigv4a.json"


def _ms():
    ticks = getattr(time, "ticks_ms", None)
    return ticks() if ticks is not None else time.time() * 1000


def report(name, got, expected):
    print(json.dumps({"check": name, "ok": got == expected, "got": got, "expected": expected}))


def main():
    with open(DATA) as f:
        data = json.load(f)
    timings = {}

    start = _ms()
    sigv4a._comb_table()
    timings["comb_table_ms"] = _ms() - start

    # RFC 6979 A.2.5, both messages
    rfc = data["rfc6979"]
    key = int(rfc["x"], 16)
    report("rfc6979 public key", ["%064x" % v for v in sigv4a.public_key(key)], rfc["public_key"])
    for message, expected in sorted(rfc["signatures"].items()):
        report("rfc6979 signature " + message, sigv4a.sign(key, message.encode()), expected)

    # the v4a vectors: string to sign from each canonical request
    for case in data["cases"]:
        scope = sigv4a.credential_scope(case["date"], case["service"])
        sts = sigv4a.string_to_sign(case["amz_date"], scope, case["canonical_request"])
        report("string to sign " + case["name"], sts, case["string_to_sign"])

    one = data["one"]
    start = _ms()
    private = sigv4a.derive_private_key(one["access_key_id"], one["secret_access_key"])
    timings["derive_ms"] = _ms() - start
    start = _ms()
    point = sigv4a.public_key(private)
    timings["public_key_ms"] = _ms() - start
    report("derived public key", ["%064x" % v for v in point], one["public_key"])

    message = one["string_to_sign"].encode()
    for source, der_hex in sorted(one["signatures"].items()):
        start = _ms()
        report("stored signature verifies: " + source, sigv4a.verify(point, message, der_hex), True)
        timings["verify_ms"] = _ms() - start
    report("altered message does not verify",
           sigv4a.verify(point, message + b"x", one["signatures"]["query-signature.txt"]), False)
    report("malformed DER does not verify", sigv4a.verify(point, message, "3006020101020101ff"), False)

    rounds = 5
    start = _ms()
    for _ in range(rounds):
        own = sigv4a.signature(private, one["string_to_sign"])
    timings["sign_ms"] = (_ms() - start) / rounds
    report("own signature equals CPython's", own, one["own_signature"])
    report("own signature verifies", sigv4a.verify(point, message, own), True)

    print(json.dumps({
        "summary": True,
        "implementation": sys.implementation.name,
        "version": list(sys.implementation.version[:3]),
        "timings": timings,
    }))
