"""Every maker round-trips through the verifier, and a changed byte never passes.

For each thing the library makes — ``presign`` (generic services), ``presign_s3``,
``presign_s3_post``, the boto3-style client's ``generate_presigned_url`` and
``generate_presigned_post``, and each service recipe (RDS, Aurora DSQL, ElastiCache,
EKS, IoT, Transcribe) — over hypothesis-drawn inputs (paths, keys, query values and
file names from all of Unicode):

1. the URL (or form, or token) verifies with ``verify_presigned`` / ``verify_s3_post``,
   and ``Verified`` names what was signed (method, host, path, bucket, key, signer);
2. the same URL with one character of its path or query replaced by any byte does not
   verify, unless the change is an *equivalent encoding*: then it must name the same
   request (the same signer, scope, method, signed headers, bucket, key and expiry).

"Equivalent" is defined here, without the library, as the server reads a URL: two URLs
are equivalent when they have the same host and the same *meaning*:

- the path: for S3 (``presign_s3``, the client) the percent-decoded bytes (``%XX`` in
  either case is the byte XX; ``+`` is a plus sign); for the generic services the path
  as sent, after removing ``.`` and ``..`` segments and empty segments (RFC 3986 5.2.4),
  escapes compared as written (the server encodes them once more);
- the query: the multiset of (name, value) pairs, each form-decoded (``+`` is a space,
  then ``%XX``), empty pieces ignored, ``a`` the same as ``a=``.

A form is changed in the fields the policy pins exactly (the policy, its signature, the
``x-amz-*`` fields and an exact key): any change there must be refused.

At least 500 examples per maker run when ``CI`` is set (fewer locally); the last test
checks the counts.
"""

import base64
import collections
import os
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import unquote_to_bytes

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import given as _given
from hypothesis import strategies as st

import sigv4presign
from sigv4presign import (
    Credentials,
    VerificationError,
    Verified,
    dsql_auth_token,
    eks_token,
    elasticache_auth_token,
    iot_websocket_url,
    presign,
    presign_s3,
    presign_s3_post,
    rds_auth_token,
    transcribe_websocket_url,
    verify_presigned,
    verify_s3_post,
)

CI = bool(os.environ.get("CI"))
EXAMPLES = 500 if CI else 60
settings.register_profile(
    "roundtrip-ci" if CI else "roundtrip-dev",
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
PROFILE = settings.get_profile("roundtrip-ci" if CI else "roundtrip-dev")
MUTATIONS_PER_EXAMPLE = 3
T0 = 1773500966  # 2026-03-14T15:09:26Z

RUNS: "collections.Counter[str]" = collections.Counter()
REFUSED: "collections.Counter[str]" = collections.Counter()
EQUIVALENT: "collections.Counter[str]" = collections.Counter()


def given(*args: Any, **kwargs: Any) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """hypothesis' ``given`` under this module's profile."""
    return lambda test: PROFILE(_given(*args, **kwargs)(test))


# -- strategies ---------------------------------------------------------------------------

unicode = st.characters(blacklist_categories=("Cs",))  # all of Unicode UTF-8 can carry
text = st.text(unicode, max_size=24)
printable_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=16)
akids = st.from_regex(r"(AKIA|ASIA)[A-Z0-9]{4,16}", fullmatch=True)
secrets = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=40)
tokens = st.none() | st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=60)
regions = st.sampled_from(["us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1"])
labels = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
hostnames = st.lists(labels, min_size=1, max_size=3).map(".".join)
params = st.lists(st.tuples(text.filter(lambda n: bool(n) and not n.lower().startswith("x-amz-")), text),
                  max_size=3)
header_values = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=16)
mutations = st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)),
                     min_size=MUTATIONS_PER_EXAMPLE, max_size=MUTATIONS_PER_EXAMPLE)


@st.composite
def credentials(draw: Any, token: Optional[bool] = None) -> Credentials:
    session = draw(tokens) if token is None else (draw(secrets) if token else None)
    return Credentials(draw(akids), draw(secrets), session)


# -- what a URL means, computed without the library ---------------------------------------


def remove_dot_segments(path: str) -> str:
    """RFC 3986 5.2.4, with empty segments dropped as the generic SigV4 rules do."""
    out: List[str] = []
    segments = path.split("/")
    for segment in segments:
        if segment == "..":
            if out:
                out.pop()
        elif segment not in ("", "."):
            out.append(segment)
    trailing = segments[-1] in ("", ".", "..") and out
    return "/" + "/".join(out) + ("/" if trailing else "")


def meaning(url: str, rule: str) -> Any:
    """(host, path meaning, sorted query pairs) of ``url``: see the module's text."""
    scheme, _, rest = url.partition("://")
    if "#" in rest:
        return ("fragment", rest)
    cut = min([i for i in (rest.find("/"), rest.find("?")) if i >= 0] or [len(rest)])
    host, rest = rest[:cut].lower(), rest[cut:]
    path, _, query = rest.partition("?")
    path = path or "/"
    path_meaning: Any = unquote_to_bytes(path) if rule == "s3" else remove_dot_segments(path)
    pairs = []
    for piece in query.split("&"):
        if piece:
            name, _, value = piece.partition("=")
            pairs.append((unquote_to_bytes(name.replace("+", " ")), unquote_to_bytes(value.replace("+", " "))))
    return (scheme.lower(), host, path_meaning, sorted(pairs))


SAME_REQUEST = ("access_key_id", "region", "service", "method", "signed_headers", "host", "bucket", "key",
                "expires_at_epoch")


def equivalents(url: str, rule: str) -> List[str]:
    """Other spellings of ``url`` with the same meaning (when it has what they change):
    a query's ``%20`` as ``+``, an escape in lower-case hex, and for S3 a letter of the
    path escaped, for the generic rules a ``./`` segment."""
    head, _, query = url.partition("?")
    scheme, _, rest = head.partition("://")
    host, _, path = rest.partition("/")
    out = []
    if "%20" in query:
        out.append(head + "?" + query.replace("%20", "+", 1))
    for i in range(len(query) - 2):
        if query[i] == "%" and query[i + 1:i + 3] != query[i + 1:i + 3].lower():
            out.append(head + "?" + query[:i + 1] + query[i + 1:i + 3].lower() + query[i + 3:])
            break
    if rule == "s3":
        for i, char in enumerate(path):
            if char.isalpha() and char.isascii() and "%" not in path[max(i - 2, 0):i]:
                out.append(scheme + "://" + host + "/" + path[:i] + "%%%02X" % ord(char) + path[i + 1:] + "?" + query)
                break
    else:
        out.append(scheme + "://" + host + "/./" + path + "?" + query)
    return out


def check_url(maker: str, url: str, rule: str, verify: Callable[[str], Verified],
              changes: List[Tuple[float, int]]) -> Verified:
    """``url`` verifies; each change (a position in the path or query, a byte) is refused
    unless it keeps the URL's meaning, and then it names the same request; every
    equivalent spelling verifies and names the same request."""
    verified = verify(url)
    assert isinstance(verified, Verified)
    RUNS[maker] += 1
    start = url.index("/", url.index("://") + 3)
    original = meaning(url, rule)
    for other in equivalents(url, rule):
        assert meaning(other, rule) == original, other
        again = verify(other)
        for field in SAME_REQUEST:
            assert getattr(again, field) == getattr(verified, field), (field, other)
        EQUIVALENT[maker] += 1
    for where, byte in changes:
        position = start + int(where * (len(url) - start))
        mutated = url[:position] + chr(byte) + url[position + 1:]
        if mutated == url:
            continue
        try:
            again = verify(mutated)
        except VerificationError:
            REFUSED[maker] += 1
            continue
        assert meaning(mutated, rule) == original, "accepted a changed URL: %r" % mutated
        for field in SAME_REQUEST:
            assert getattr(again, field) == getattr(verified, field), (field, mutated)
        EQUIVALENT[maker] += 1
    return verified


def wire_path(url: str) -> str:
    rest = url.split("://", 1)[1]
    return "/" + rest.split("/", 1)[1].split("?", 1)[0] if "/" in rest.split("?", 1)[0] else "/"


# -- presign (generic services) ---------------------------------------------------------


@given(data=st.data())
def test_presign(data: Any) -> None:
    creds = data.draw(credentials())
    method = data.draw(st.sampled_from(["GET", "PUT", "POST", "DELETE"]))
    service = data.draw(st.sampled_from(["execute-api", "sts", "ec2", "es", "lambda", "kinesisvideo"]))
    host = data.draw(hostnames) + data.draw(st.sampled_from(["", ":8443", ":443"]))
    path = "/" + data.draw(st.text(unicode.filter(lambda c: c not in "?#"), max_size=30))
    query = data.draw(params)
    headers = data.draw(st.dictionaries(st.sampled_from(["X-Custom", "Content-Type", "x-amz-meta-a"]),
                                        header_values, max_size=2))
    region = data.draw(regions)
    presigned = presign(method, "https://" + host + path, credentials=creds, region=region, service=service,
                        params=query, headers=headers, now=T0, expires_in=900)

    def verify(url: str) -> Verified:
        return verify_presigned(url, credentials=creds, method=method, headers=presigned.headers, now=T0 + 1)

    verified = check_url("presign", presigned.url, "generic", verify, data.draw(mutations))
    assert (verified.access_key_id, verified.region, verified.service, verified.method) == (
        creds.access_key_id, region, service, method)
    assert verified.host == host.replace(":443", "") and verified.path == wire_path(presigned.url)
    assert (verified.bucket, verified.key) == (None, None)


# -- presign_s3 and the client ------------------------------------------------------------

buckets = st.from_regex(r"[a-z0-9][a-z0-9-]{1,20}[a-z0-9]", fullmatch=True)
keys = st.text(unicode, min_size=1, max_size=40)
ENDPOINTS = [None, "http://127.0.0.1:9000", "https://store.example:8443/base"]


@given(data=st.data())
def test_presign_s3(data: Any) -> None:
    creds = data.draw(credentials())
    method = data.draw(st.sampled_from(["GET", "PUT", "HEAD", "DELETE"]))
    bucket = data.draw(buckets)
    key = data.draw(st.none() | keys)
    endpoint = data.draw(st.sampled_from(ENDPOINTS))
    addressing = data.draw(st.sampled_from(["auto", "path"] + (["virtual"] if endpoint != ENDPOINTS[1] else [])))
    headers = data.draw(st.dictionaries(st.sampled_from(["Content-Type", "x-amz-meta-owner", "Range"]),
                                        header_values, max_size=2))
    presigned = presign_s3(method, bucket, key, credentials=creds, region=data.draw(regions),
                           params=data.draw(params), headers=headers, endpoint_url=endpoint, addressing=addressing,
                           now=T0, expires_in=900)

    def verify(url: str) -> Verified:
        return verify_presigned(url, credentials=creds, method=method, headers=presigned.headers, now=T0 + 1,
                                endpoint_url=endpoint)

    verified = check_url("presign_s3", presigned.url, "s3", verify, data.draw(mutations))
    assert (verified.bucket, verified.key, verified.method) == (bucket, key, method)


CLIENT_CALLS = {
    "get_object": ("GET", {"VersionId": text, "ResponseContentDisposition": text, "PartNumber": st.integers(1, 99)}),
    "put_object": ("PUT", {"ContentType": header_values.filter(lambda v: v.strip() == v),
                           "Metadata": st.dictionaries(st.from_regex(r"[a-z]{1,8}", fullmatch=True),
                                                       header_values.filter(lambda v: v.strip() == v),
                                                       max_size=2)}),
    "head_object": ("HEAD", {"VersionId": text}),
    "delete_object": ("DELETE", {"VersionId": text}),
    "upload_part": ("PUT", {"PartNumber": st.integers(1, 10000), "UploadId": text}),
}


@given(data=st.data())
def test_client_generate_presigned_url(data: Any) -> None:
    creds = data.draw(credentials())
    endpoint = data.draw(st.sampled_from(ENDPOINTS))
    client = sigv4presign.client("s3", region_name=data.draw(regions), endpoint_url=endpoint,
                                 aws_access_key_id=creds.access_key_id, aws_secret_access_key=creds.secret_access_key,
                                 aws_session_token=creds.session_token)
    operation = data.draw(st.sampled_from(sorted(CLIENT_CALLS)))
    method, optional = CLIENT_CALLS[operation]
    bucket, key = data.draw(buckets), data.draw(keys)
    extra = data.draw(st.fixed_dictionaries({}, optional=optional))
    if operation == "upload_part":
        extra.setdefault("UploadId", "u")
        extra.setdefault("PartNumber", 1)
    with pytest.MonkeyPatch.context() as clock:
        clock.setattr("time.time", lambda: float(T0))
        url = client.generate_presigned_url(operation, Params=dict(extra, Bucket=bucket, Key=key), ExpiresIn=900)
    sent: Dict[str, str] = {}
    if "ContentType" in extra:
        sent["Content-Type"] = extra["ContentType"]
    for name, value in extra.get("Metadata", {}).items():
        sent["x-amz-meta-" + name] = value

    def verify(url: str) -> Verified:
        return verify_presigned(url, credentials=creds, method=method, headers=sent, now=T0 + 1,
                                endpoint_url=endpoint)

    verified = check_url("client.generate_presigned_url", url, "s3", verify, data.draw(mutations))
    assert (verified.bucket, verified.key, verified.method) == (bucket, key, method)


# -- POST forms -------------------------------------------------------------------------------

PINNED = ("policy", "x-amz-signature", "x-amz-algorithm", "x-amz-credential", "x-amz-date",
          "x-amz-security-token")


def check_form(maker: str, fields: Dict[str, str], verify: Callable[[Dict[str, str]], Verified],
               changes: List[Tuple[float, int]], pinned: Tuple[str, ...]) -> Verified:
    """The form verifies; a byte changed in a field the policy pins exactly is refused."""
    verified = verify(fields)
    RUNS[maker] += 1
    names = [name for name in fields if name.lower() in pinned]
    for where, byte in changes:
        name = names[int(where * len(names))]
        value = fields[name]
        position = int(where * len(names) * max(len(value), 1)) % max(len(value), 1)
        mutated = dict(fields)
        mutated[name] = value[:position] + chr(byte) + value[position + 1:]
        if mutated[name] == value:
            continue
        with pytest.raises(VerificationError):
            verify(mutated)
        REFUSED[maker] += 1
    return verified


def basename(filename: str) -> str:
    """S3: the file name after its last '/' or '\\'."""
    return filename.replace("\\", "/").rsplit("/", 1)[-1]


@st.composite
def post_inputs(draw: Any) -> Dict[str, Any]:
    prefix = draw(st.text(unicode, max_size=20).filter(lambda k: "${filename}" not in k))
    with_filename = draw(st.booleans())
    filename = draw(st.text(unicode, min_size=1, max_size=20))
    key = prefix + "${filename}" if with_filename else (prefix or "k")
    stored = prefix + basename(filename) if with_filename else key
    if not stored:  # a file name ending in '/' and no prefix: S3 has no object to store
        filename += "x"
        stored = basename(filename)
    content_type = draw(st.sampled_from(["image/png", "image/jpeg", "text/plain", "image/png,image/gif"]))
    meta = draw(st.text(unicode, max_size=12))
    return {
        "bucket": draw(buckets), "key": key, "stored": stored, "filename": filename,
        "fields": {"Content-Type": content_type, "x-amz-meta-note": meta},
        "conditions": [["starts-with", "$Content-Type", content_type.split("/")[0] + "/"],
                       {"x-amz-meta-note": meta}, ["content-length-range", 0, 1000]],
        "size": draw(st.integers(0, 1000)),
        "pinned": PINNED + (() if with_filename else ("key",)),
    }


@given(data=st.data(), inputs=post_inputs())
def test_presign_s3_post(data: Any, inputs: Dict[str, Any]) -> None:
    creds = data.draw(credentials())
    region = data.draw(regions)
    post = presign_s3_post(inputs["bucket"], inputs["key"], credentials=creds, region=region,
                           fields=inputs["fields"], conditions=inputs["conditions"], now=T0, expires_in=900)

    def verify(fields: Dict[str, str]) -> Verified:
        return verify_s3_post(fields, credentials=creds, now=T0 + 1, bucket=inputs["bucket"],
                              filename=inputs["filename"], content_length=inputs["size"], region=region)

    verified = check_form("presign_s3_post", post.fields, verify, data.draw(mutations), inputs["pinned"])
    assert (verified.bucket, verified.key, verified.method, verified.access_key_id) == (
        inputs["bucket"], inputs["stored"], "POST", creds.access_key_id)


@given(data=st.data(), inputs=post_inputs())
def test_client_generate_presigned_post(data: Any, inputs: Dict[str, Any]) -> None:
    creds = data.draw(credentials())
    client = sigv4presign.client("s3", region_name="eu-west-1", aws_access_key_id=creds.access_key_id,
                                 aws_secret_access_key=creds.secret_access_key, aws_session_token=creds.session_token)
    with pytest.MonkeyPatch.context() as clock:
        clock.setattr("time.time", lambda: float(T0))
        post = client.generate_presigned_post(inputs["bucket"], inputs["key"], Fields=inputs["fields"],
                                              Conditions=inputs["conditions"], ExpiresIn=900)

    def verify(fields: Dict[str, str]) -> Verified:
        return verify_s3_post(fields, credentials=creds, now=T0 + 1, bucket=inputs["bucket"],
                              filename=inputs["filename"], content_length=inputs["size"])

    verified = check_form("client.generate_presigned_post", post["fields"], verify, data.draw(mutations),
                          inputs["pinned"])
    assert (verified.bucket, verified.key) == (inputs["bucket"], inputs["stored"])


# -- the service recipes --------------------------------------------------------------------

users = printable_text


@given(data=st.data())
def test_rds_auth_token(data: Any) -> None:
    creds = data.draw(credentials())
    host, port, user = data.draw(hostnames), data.draw(st.integers(1, 65535)), data.draw(users)
    token = rds_auth_token(host, port, user, credentials=creds, region="eu-west-1", now=T0)

    def verify(url: str) -> Verified:
        return verify_presigned(url, credentials=creds, service="rds-db", now=T0 + 1)

    verified = check_url("rds_auth_token", "https://" + token, "generic", verify, data.draw(mutations))
    assert verified.host == ("%s:%d" % (host, port) if port != 443 else host)


@given(data=st.data())
def test_dsql_auth_token(data: Any) -> None:
    creds = data.draw(credentials())
    endpoint = data.draw(hostnames)
    token = dsql_auth_token(endpoint, credentials=creds, region="us-east-1", admin=data.draw(st.booleans()),
                            now=T0)

    def verify(url: str) -> Verified:
        return verify_presigned(url, credentials=creds, service="dsql", now=T0 + 1)

    assert check_url("dsql_auth_token", "https://" + token, "generic", verify, data.draw(mutations)).host == endpoint


@given(data=st.data())
def test_elasticache_auth_token(data: Any) -> None:
    creds = data.draw(credentials())
    group, user = data.draw(hostnames), data.draw(users)
    token = elasticache_auth_token(group, user, credentials=creds, region="us-east-1",
                                   serverless=data.draw(st.booleans()), now=T0)

    def verify(url: str) -> Verified:
        return verify_presigned(url, credentials=creds, service="elasticache", now=T0 + 1)

    assert check_url("elasticache_auth_token", "http://" + token, "generic", verify, data.draw(mutations)).host == group


@given(data=st.data())
def test_eks_token(data: Any) -> None:
    creds = data.draw(credentials())
    cluster = data.draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,40}", fullmatch=True))
    token = eks_token(cluster, credentials=creds, region=data.draw(regions), now=T0)
    assert token.startswith("k8s-aws-v1.")
    encoded = token[len("k8s-aws-v1."):]
    url = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("ascii")

    def verify(url: str) -> Verified:
        # the cluster name travels as a signed header, as EKS's authenticator sends it
        return verify_presigned(url, credentials=creds, service="sts", headers={"x-k8s-aws-id": cluster},
                                now=T0 + 1)

    verified = check_url("eks_token", url, "generic", verify, data.draw(mutations))
    assert verified.signed_headers == ("host", "x-k8s-aws-id")
    with pytest.raises(VerificationError):
        verify_presigned(url, credentials=creds, headers={"x-k8s-aws-id": cluster + "x"}, now=T0 + 1)


@given(data=st.data())
def test_iot_websocket_url(data: Any) -> None:
    creds = data.draw(credentials())
    endpoint = data.draw(hostnames)
    url = iot_websocket_url(endpoint, credentials=creds, region="eu-west-1", now=T0)

    def verify(url: str) -> Verified:
        # IoT appends the session token after signing
        return verify_presigned(url, credentials=creds, session_token="unsigned", now=T0 + 1)

    verified = check_url("iot_websocket_url", url, "generic", verify, data.draw(mutations))
    assert (verified.host, verified.path, verified.service) == (endpoint, "/mqtt", "iotdevicegateway")


@given(data=st.data())
def test_transcribe_websocket_url(data: Any) -> None:
    creds = data.draw(credentials())
    region = data.draw(regions)
    extra = data.draw(st.dictionaries(st.sampled_from(["vocabulary-name", "session-id", "show-speaker-label"]),
                                      printable_text | st.booleans(), max_size=2))
    url = transcribe_websocket_url(region, credentials=creds, language_code=data.draw(st.sampled_from(
        ["en-US", "de-DE", "ja-JP"])), media_encoding=data.draw(st.sampled_from(["pcm", "ogg-opus", "flac"])),
        sample_rate=data.draw(st.integers(8000, 48000)), params=extra, now=T0)

    def verify(url: str) -> Verified:
        return verify_presigned(url, credentials=creds, service="transcribe", now=T0 + 1)

    verified = check_url("transcribe_websocket_url", url, "generic", verify, data.draw(mutations))
    assert verified.path == "/stream-transcription-websocket"


MAKERS = ["presign", "presign_s3", "client.generate_presigned_url", "presign_s3_post",
          "client.generate_presigned_post", "rds_auth_token", "dsql_auth_token", "elasticache_auth_token",
          "eks_token", "iot_websocket_url", "transcribe_websocket_url"]


def test_every_maker_ran_enough_examples() -> None:
    """Runs last in this module: each maker's property ran its examples, and changed
    bytes were refused (when the whole module ran)."""
    if not RUNS and not CI:
        pytest.skip("run with the whole module: the counts come from the property tests above")
    print("examples", dict(RUNS), "refused", dict(REFUSED), "equivalent, accepted", dict(EQUIVALENT))
    for maker in MAKERS:
        assert RUNS[maker] >= EXAMPLES, (maker, RUNS[maker])
        assert REFUSED[maker] > EXAMPLES, (maker, REFUSED[maker])
