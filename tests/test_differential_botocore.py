"""presign_s3 against botocore's generate_presigned_url (s3v4, pure-Python signer).

The two must produce the same URL up to the order of the query parameters: same scheme,
host and path, the same multiset of raw ``name=value`` strings (so the percent-encoding
must agree, not only the decoded values) and so the same signature.

botocore is made deterministic and comparable here:

- its pure-Python signer is forced. When ``awscrt`` is installed botocore silently swaps
  in ``botocore.crt.auth.CrtS3SigV4QueryAuth`` (other parameter order, and a clock read
  inside C); ``botocore.auth.AUTH_TYPE_MAPS["s3v4-query"]`` is replaced by a recording
  subclass of ``botocore.auth.S3SigV4QueryAuth`` and every comparison asserts it ran;
- its clock is frozen at the instant we pass as ``now``: botocore reads the time once,
  in ``S3SigV4QueryAuth.add_auth``, through ``botocore.auth.get_current_datetime`` (older
  releases call ``datetime.datetime.utcnow()`` there, which freezegun covers);
- ``AWS_*`` variables and config files of the machine are hidden, so no profile, endpoint
  override or regional-endpoint setting changes botocore's choices.
"""

import collections
import datetime
import functools
import os
import string

import botocore.auth
import botocore.config
import botocore.session
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support.botocore_reference import SIGNERS, signed_once

from sigv4presign import Credentials, presign_s3

if botocore.auth.AUTH_TYPE_MAPS.get("s3v4-query") is None:  # pragma: no cover
    raise RuntimeError("this botocore has no s3v4-query signer")

EXAMPLES = 2000 if os.environ.get("CI") else 200
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

OPERATIONS = {
    "GET": "get_object",
    "PUT": "put_object",
    "HEAD": "head_object",
    "DELETE": "delete_object",
}
REGIONS = [
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-2",
    "sa-east-1",
    "ap-south-2",  # launched after March 2019: only the regional endpoint works
    "il-central-1",
    "ca-west-1",
]
ENDPOINTS = [
    "http://127.0.0.1:9000",
    "http://127.0.0.1:8333",
    "https://127.0.0.1:9443",
]
B64 = string.ascii_letters + string.digits + "/+="

# --- botocore, made deterministic ------------------------------------------------------

# The machine's AWS settings hidden, botocore's pure-Python S3 presigner forced.
pytestmark = pytest.mark.usefixtures("botocore_reference")


@functools.cache
def _session():
    return botocore.session.get_session()


@functools.lru_cache(maxsize=64)
def _client(region, access_key, secret_key, token, style, endpoint_url):
    return _session().create_client(
        "s3",
        region_name=region,
        endpoint_url=endpoint_url,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        aws_session_token=token,
        config=botocore.config.Config(signature_version="s3v4", s3={"addressing_style": style}),
    )


def botocore_url(method, bucket, key, *, region, access_key, secret_key, token, expires,
                 timestamp, style, endpoint_url=None):
    client = _client(region, access_key, secret_key, token, style, endpoint_url)
    # The pure-Python signer (not the CRT one) makes this URL, exactly once.
    with signed_once("s3v4-query", timestamp):
        url = client.generate_presigned_url(
            OPERATIONS[method], Params={"Bucket": bucket, "Key": key}, ExpiresIn=expires
        )
    assert issubclass(SIGNERS.used[0], botocore.auth.S3SigV4QueryAuth)
    assert not SIGNERS.used[0].__mro__[1].__module__.startswith("botocore.crt")
    return url


# --- comparison -----------------------------------------------------------------------


def split(url):
    """(scheme, host, path, multiset of raw name=value strings), no decoding at all."""
    scheme, rest = url.split("://", 1)
    slash = rest.find("/")
    host, rest = rest[:slash], rest[slash:]
    path, _, query = rest.partition("?")
    return scheme, host, path, collections.Counter(query.split("&"))


def assert_same_url(ours, theirs):
    o_scheme, o_host, o_path, o_query = split(ours)
    t_scheme, t_host, t_path, t_query = split(theirs)
    assert (o_scheme, o_host, o_path) == (t_scheme, t_host, t_path), (ours, theirs)
    assert o_query == t_query, (
        "ours only: %s; botocore only: %s"
        % (sorted((o_query - t_query).elements()), sorted((t_query - o_query).elements()))
    )
    signatures = [p for p in o_query if p.startswith("X-Amz-Signature=")]
    assert len(signatures) == 1 and len(signatures[0]) == len("X-Amz-Signature=") + 64


def compare(method, bucket, key, *, region, access_key, secret_key, token, expires,
            timestamp, as_datetime=True, endpoint_url=None):
    now = (
        datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc)
        if as_datetime
        else timestamp
    )
    ours = presign_s3(
        method,
        bucket,
        key,
        credentials=Credentials(access_key, secret_key, token),
        region=region,
        expires_in=expires,
        endpoint_url=endpoint_url,
        now=now,
    )
    theirs = botocore_url(
        method, bucket, key, region=region, access_key=access_key, secret_key=secret_key,
        token=token, expires=expires, timestamp=timestamp,
        style="virtual" if endpoint_url is None else "path", endpoint_url=endpoint_url,
    )
    assert_same_url(ours.url, theirs)
    return ours.url, theirs


# --- strategies -----------------------------------------------------------------------

SPECIAL = ["/", "//", " ", "+", "=", "&", "?", "%", "~"]


def _utf8_prefix(text, limit=1024):
    """The longest prefix of ``text`` that is at most ``limit`` UTF-8 bytes."""
    data = text.encode("utf-8")[:limit]
    return data.decode("utf-8", "ignore")


_pieces = st.lists(
    st.one_of(st.characters(codec="utf-8"), st.sampled_from(SPECIAL)), min_size=1, max_size=80
).map("".join)
keys = st.one_of(
    _pieces,
    # long keys, up to S3's limit of 1024 UTF-8 bytes
    st.tuples(_pieces, st.integers(1, 400)).map(lambda t: _utf8_prefix(t[0] * t[1])),
).filter(lambda k: 1 <= len(k.encode("utf-8")) <= 1024)

_word = st.from_regex(r"[a-z0-9]{1,20}", fullmatch=True)
# DNS-style names with single hyphens only: botocore reads "--x-s3", "--ol-s3" and "xn--"
# as special kinds of bucket.
virtual_buckets = st.lists(_word, min_size=1, max_size=5).map("-".join).filter(
    lambda b: 3 <= len(b) <= 63 and not b.startswith("sthree-") and not b.endswith("-s3alias")
)
# Path style also allows dots (TLS forbids them in a virtual host); not an IPv4 address.
path_buckets = st.lists(_word, min_size=1, max_size=5).map(".".join).filter(
    lambda b: 3 <= len(b) <= 63 and not b.replace(".", "").isdigit()
)
access_keys = st.from_regex(r"(AKIA|ASIA)[A-Z2-7]{16}", fullmatch=True)
secret_keys = st.text(alphabet=B64, min_size=40, max_size=40)
tokens = st.one_of(
    st.none(),
    st.text(alphabet=B64, min_size=1, max_size=64),
    st.text(alphabet=B64, min_size=300, max_size=1200),  # STS tokens are 400-1100 chars
)
# 2000-01-01 .. 2099-12-31 in POSIX seconds
timestamps = st.integers(946684800, 4102444799)
expiries = st.integers(1, 604800)
methods = st.sampled_from(sorted(OPERATIONS))


# --- property tests -------------------------------------------------------------------


@PROPERTY
@given(
    method=methods,
    bucket=virtual_buckets,
    key=keys,
    region=st.sampled_from(REGIONS),
    access_key=access_keys,
    secret_key=secret_keys,
    token=tokens,
    expires=expiries,
    timestamp=timestamps,
    as_datetime=st.booleans(),
)
@example(
    method="GET", bucket="examplebucket", key="photos/2026/ünïcode name+1.jpg",
    region="us-east-1", access_key="AKIAIOSFODNN7EXAMPLE",
    secret_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", token=None, expires=86400,
    timestamp=1369353600, as_datetime=True,
)
def test_virtual_hosted_matches_botocore(method, bucket, key, region, access_key, secret_key,
                                         token, expires, timestamp, as_datetime):
    # botocore's virtual-hosted host is the same as ours for every region drawn here:
    # bucket.s3.amazonaws.com for us-east-1 (botocore's default us-east-1 endpoint is the
    # global one) and bucket.s3.{region}.amazonaws.com elsewhere, so no endpoint_url is
    # needed to make both sign the same host. test_virtual_hosts pins this.
    compare(method, bucket, key, region=region, access_key=access_key, secret_key=secret_key,
            token=token, expires=expires, timestamp=timestamp, as_datetime=as_datetime)


@PROPERTY
@given(
    method=methods,
    bucket=path_buckets,
    key=keys,
    region=st.sampled_from(REGIONS),
    endpoint_url=st.sampled_from(ENDPOINTS),
    access_key=access_keys,
    secret_key=secret_keys,
    token=tokens,
    expires=expiries,
    timestamp=timestamps,
)
def test_path_style_at_custom_endpoint_matches_botocore(
    method, bucket, key, region, endpoint_url, access_key, secret_key, token, expires, timestamp
):
    compare(method, bucket, key, region=region, access_key=access_key, secret_key=secret_key,
            token=token, expires=expires, timestamp=timestamp, endpoint_url=endpoint_url)


# --- readable cases -------------------------------------------------------------------

EXAMPLE_ACCESS = "AKIAIOSFODNN7EXAMPLE"
EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEH8aCXVzLWVhc3QtMSJHMEUCIQD/+==" * 12
T0 = 1782993600  # 2026-07-02T12:00:00Z

# Keys users reported broken in one SDK or another (see the project's notes on peers).
AWKWARD_KEYS = [
    "test.txt",
    "photos/2026/ünïcode name+1.jpg",
    "a=b+c (1).txt",  # '=', '+', parentheses
    "with space.txt",
    "Bücher/Größe ß.pdf",  # umlauts
    "~user/file~1",
    "a//b/./c/../d",  # S3 keys are not normalised
    "/leading/slash",
    "trailing/slash/",
    "..",
    "%20literal%2Fpercent%",
    "q?x=1&y=2#frag",
    "plus+and%2B",
    "emoji 😀/日本語/كلمة",
    "tab\tand\nnewline",
    "nul\x00byte",
    "*'!$(),;:@[]{}|^`\"<>\\",
    "x" * 1024,
    "é" * 512,  # 1024 UTF-8 bytes
]


@pytest.mark.parametrize("key", AWKWARD_KEYS)
@pytest.mark.parametrize("token", [None, TOKEN], ids=["no-token", "token"])
def test_awkward_keys_virtual_hosted(key, token):
    compare("GET", "examplebucket", key, region="eu-west-1", access_key=EXAMPLE_ACCESS,
            secret_key=EXAMPLE_SECRET, token=token, expires=3600, timestamp=T0)


@pytest.mark.parametrize("key", AWKWARD_KEYS)
def test_awkward_keys_path_style(key):
    compare("PUT", "my.dotted.bucket", key, region="us-east-1", access_key=EXAMPLE_ACCESS,
            secret_key=EXAMPLE_SECRET, token=TOKEN, expires=600, timestamp=T0,
            endpoint_url="http://127.0.0.1:9000")


@pytest.mark.parametrize(
    "region, host",
    [
        ("us-east-1", "examplebucket.s3.amazonaws.com"),
        ("us-west-2", "examplebucket.s3.us-west-2.amazonaws.com"),
        ("eu-west-1", "examplebucket.s3.eu-west-1.amazonaws.com"),
        ("ap-south-2", "examplebucket.s3.ap-south-2.amazonaws.com"),
        ("sa-east-1", "examplebucket.s3.sa-east-1.amazonaws.com"),
    ],
)
def test_virtual_hosts(region, host):
    ours, theirs = compare("GET", "examplebucket", "k", region=region,
                           access_key=EXAMPLE_ACCESS, secret_key=EXAMPLE_SECRET, token=None,
                           expires=60, timestamp=T0)
    assert split(theirs)[1] == split(ours)[1] == host


@pytest.mark.parametrize("method", sorted(OPERATIONS))
@pytest.mark.parametrize("expires", [1, 3600, 604800])
def test_methods_and_expiry_bounds(method, expires):
    compare(method, "examplebucket", "reports/2026 Q3.pdf", region="ap-southeast-2",
            access_key=EXAMPLE_ACCESS, secret_key=EXAMPLE_SECRET, token=TOKEN,
            expires=expires, timestamp=T0)


@pytest.mark.parametrize(
    "access_key",
    [
        "AKIAIOSFODNN7EXAMPLE",
        "minio+admin",  # '+' in an access key must be %2B in X-Amz-Credential
        "user=name/with~chars",
    ],
)
def test_unusual_access_keys(access_key):
    compare("GET", "bucket", "a b", region="us-east-1", access_key=access_key,
            secret_key="minio-secret/+=", token=None, expires=900, timestamp=T0,
            endpoint_url="http://127.0.0.1:9000")


def test_the_s3_documentation_example():
    """The S3 API reference example, through botocore: the documented signature."""
    ours, theirs = compare("GET", "examplebucket", "test.txt", region="us-east-1",
                           access_key=EXAMPLE_ACCESS, secret_key=EXAMPLE_SECRET, token=None,
                           expires=86400, timestamp=1369353600)
    assert (
        "X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        in split(theirs)[3]
    )
