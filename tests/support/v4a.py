"""The SigV4a (v4a) vectors of the aws-c-auth suite: where they are, and their query
canonical request and string to sign rebuilt with sigv4presign's canonical functions.

The vectors are read from ``tests/vectors/v4a``.
"""

import hashlib
import json
from pathlib import Path
from typing import Dict, List, Tuple

from sigv4presign.core import sigv4a
from sigv4presign.core.canonical import (
    EMPTY_SHA256,
    canonical_headers,
    canonical_query,
    canonical_request,
    canonical_uri,
)
from sigv4presign.core.encoding import uri_encode
from sigv4presign.core.urls import parse_query
from support import VECTORS
from support.vectorfiles import context, parse_request, read

# Two cases upstream left as stubs (context.json and request.txt only).
STUBS = {"get-vanilla-query-order-key", "get-vanilla-query-order-value"}


def v4a_dir() -> Path:
    return VECTORS / "v4a"


def complete_cases() -> List[str]:
    """The names of the cases that have expected outputs (38 upstream)."""
    folder = v4a_dir()
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name not in STUBS)


def public_key(case: Path) -> Tuple[int, int]:
    """public-key.json's (X, Y) as integers."""
    data = json.loads(read(case, "public-key.json"))
    return int(data["X"], 16), int(data["Y"], 16)


def stored_signatures(case: Path) -> Dict[str, str]:
    """The two signatures a case holds: query-signature.txt and the X-Amz-Signature of
    query-signed-request.txt (two different ECDSA signatures of the same string)."""
    signed = parse_request(read(case, "query-signed-request.txt"))
    in_url = [p.split("=", 1)[1] for p in signed.query.split("&") if p.startswith("X-Amz-Signature=")]
    assert len(in_url) == 1
    return {"query-signature.txt": read(case, "query-signature.txt").strip(), "query-signed-request.txt": in_url[0]}


def credentials(case: Path) -> Tuple[str, str]:
    creds = context(case)["credentials"]
    return creds["access_key_id"], creds["secret_access_key"]


def query_canonical_request(case: Path) -> Tuple[str, str]:
    """(canonical request, string to sign) of the case's query (presign) signing.

    The request's own query parameters, decoded and re-encoded, sorted together with
    the X-Amz-* ones, among them X-Amz-Region-Set (the context's region) and
    X-Amz-Security-Token unless the context omits it; every header of request.txt
    signed; the path double-encoded (normalized as the context says); the payload hash
    of the body only when sign_body is set. The credential scope has no region.
    """
    ctx = context(case)
    request = parse_request(read(case, "request.txt"))
    stamp = ctx["timestamp"].replace("-", "").replace(":", "")  # 20150830T123600Z
    scope = sigv4a.credential_scope(stamp[:8], ctx["service"])
    header_block, signed_names = canonical_headers(request.headers)
    creds = ctx["credentials"]
    auth = [
        ("X-Amz-Algorithm", sigv4a.ALGORITHM),
        ("X-Amz-Credential", uri_encode(creds["access_key_id"] + "/" + scope)),
        ("X-Amz-Date", stamp),
        ("X-Amz-Expires", str(ctx["expiration_in_seconds"])),
        ("X-Amz-SignedHeaders", uri_encode(signed_names)),
        ("X-Amz-Region-Set", uri_encode(ctx["region"])),
    ]
    if creds.get("token") and not ctx.get("omit_session_token"):
        auth.append(("X-Amz-Security-Token", uri_encode(creds["token"])))
    pairs = [(uri_encode(n), uri_encode(v)) for n, v in parse_query(request.query)]
    creq = canonical_request(
        request.method,
        canonical_uri(request.path, True, ctx["normalize"]),
        canonical_query(pairs + auth),
        header_block,
        signed_names,
        hashlib.sha256(request.body).hexdigest() if ctx["sign_body"] else EMPTY_SHA256,
    )
    return creq, sigv4a.string_to_sign(stamp, scope, creq)
