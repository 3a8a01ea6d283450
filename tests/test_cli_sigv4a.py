"""The command line with multi-Region access point ARNs (SigV4a), each run in a
subprocess: ``sigv4presign s3://arn:aws:s3::ACCOUNT:accesspoint/ALIAS/KEY``, and
``verify`` and ``explain`` of the URL it prints.

Expected values: botocore with awscrt presigns the same request at the same time (the
same host, path and parameters; its signature verifies over the string to sign the
CLI prints with --debug, checked by `cryptography`), and awscrt checks the CLI's
signature.
"""

from typing import Dict, Iterator, List
from urllib.parse import parse_qsl, urlsplit

import botocore.session
import pytest
from support.cli_runner import run_cli
from support.ecdsa import awscrt_verifies, cryptography_verifies
from support.mrap import botocore_url, hermetic_session, signature_of, url_parts

from sigv4presign import Credentials, verify_presigned
from sigv4presign.core.signing import v4a_public_key

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
KEYS = (AKID, SECRET)
MRAP = "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap"
HOST = "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com"
WHEN = "20260401T123045Z"
NOW = 1775046645


@pytest.fixture(scope="module")
def boto_session() -> Iterator[botocore.session.Session]:
    yield from hermetic_session()


def presign(*args: str, env: "Dict[str, str] | None" = None) -> List[str]:
    status, out, err = run_cli(list(args), KEYS, env=env)
    assert status == 0, err
    return [out, err]


@pytest.mark.parametrize("key", ["report.pdf", "a b/\u00fc+=.txt", "dir/"])
def test_mrap_url_equals_botocores(boto_session: botocore.session.Session, key: str) -> None:
    out, err = presign("s3://%s/%s" % (MRAP, key), "--region", "eu-west-1", "--signing-time", WHEN,
                       "--expires-in", "600", "--debug")
    url = out.strip()
    assert url.startswith("https://%s/" % HOST)
    theirs = botocore_url(boto_session, (AKID, SECRET, None), MRAP, key, "eu-west-1", NOW, 600)
    assert url_parts(url) == url_parts(theirs)
    sts = err.split("string to sign:\n", 1)[1]
    assert sts.startswith("AWS4-ECDSA-P256-SHA256\n%s\n20260401/s3/aws4_request\n" % WHEN)
    point = v4a_public_key(AKID, SECRET)
    assert cryptography_verifies(point, sts.strip().encode(), signature_of(theirs))
    assert awscrt_verifies(point, sts.strip().encode(), signature_of(url))
    verified = verify_presigned(url, credentials=Credentials(AKID, SECRET), now=NOW)
    assert (verified.region, verified.service) == ("*", "s3")


def test_json_output_and_put_headers() -> None:
    import json

    out, _ = presign("s3://%s/up.jpg" % MRAP, "--region", "us-east-1", "--signing-time", WHEN,
                     "--method", "PUT", "--content-type", "image/jpeg", "--json")
    data = json.loads(out)
    assert data["method"] == "PUT" and data["headers"] == {"Content-Type": "image/jpeg"}
    params = dict(parse_qsl(urlsplit(data["url"]).query))
    assert params["X-Amz-SignedHeaders"] == "content-type;host"
    assert params["X-Amz-Region-Set"] == "*"
    verify_presigned(data["url"], credentials=Credentials(AKID, SECRET), method="PUT",
                     headers=data["headers"], now=NOW)


def test_session_token_from_the_environment() -> None:
    token = "FwoGZXIvYXdzEXAMPLE/SESSION+TOKEN=="
    out, _ = presign("s3://%s/k" % MRAP, "--region", "eu-west-1", "--signing-time", WHEN,
                     env={"AWS_SESSION_TOKEN": token})
    assert dict(parse_qsl(urlsplit(out.strip()).query))["X-Amz-Security-Token"] == token
    verify_presigned(out.strip(), credentials=Credentials(AKID, SECRET, token), now=NOW)


@pytest.mark.parametrize(("extra", "message"), [
    (["--fips"], "S3 multi-Region access points have no FIPS endpoint"),
    (["--dualstack"], "S3 multi-Region access points have no dual-stack endpoint"),
    (["--accelerate"], "S3 multi-Region access points have no Transfer Acceleration endpoint"),
    (["--addressing", "path"], "multi-Region access points are reached by their own host"),
    (["--endpoint-url", "http://127.0.0.1:9000"], "multi-Region access point ARNs resolve to their global AWS endpoint"),
    (["--region", "cn-north-1"], "is in partition aws but region 'cn-north-1' is in aws-cn"),
])
def test_refusals_exit_2(extra: List[str], message: str) -> None:
    args = ["s3://%s/k" % MRAP, "--signing-time", WHEN]
    if "--region" not in extra:
        args += ["--region", "us-east-1"]
    status, out, err = run_cli(args + extra, KEYS)
    assert (status, out) == (2, "")
    assert err.startswith("sigv4presign: error: ") and message in err
    assert SECRET not in err and "Traceback" not in err


def test_no_region_is_a_usage_error() -> None:
    status, _, err = run_cli(["s3://%s/k" % MRAP], KEYS)
    assert status == 2 and "no region" in err


def test_verify_and_explain_commands() -> None:
    out, _ = presign("s3://%s/k" % MRAP, "--region", "eu-west-1", "--signing-time", WHEN)
    url = out.strip()
    status, out, err = run_cli(["verify", url, "--now", WHEN, "--region", "ap-south-1", "--service", "s3"], KEYS)
    assert (status, err) == (0, "")
    assert out == ("valid: GET signed by %s for */s3 at %s, expires 20260401T133045Z; signed headers host\n"
                   % (AKID, WHEN))
    status, out, err = run_cli(["verify", url.replace("/k?", "/K?"), "--now", WHEN], KEYS)
    assert status == 1 and err.startswith("sigv4presign: invalid: the signature does not match")
    status, out, _ = run_cli(["explain", url], KEYS, creds=False)
    assert status == 0
    assert "Region set:      * (SigV4a, AWS4-ECDSA-P256-SHA256)" in out
    assert "String to sign:\nAWS4-ECDSA-P256-SHA256\n%s\n20260401/s3/aws4_request\n" % WHEN in out


def test_verify_region_outside_the_set_is_invalid() -> None:
    """A URL signed for two regions is refused for a third and accepted for either."""
    from sigv4presign import presign as presign_generic

    p = presign_generic("GET", "https://service.example.com/x", credentials=Credentials(AKID, SECRET),
                        service="service", algorithm="AWS4-ECDSA-P256-SHA256",
                        region_set=("us-east-1", "us-west-2"), now=NOW)
    status, _, err = run_cli(["verify", p.url, "--now", WHEN, "--region", "eu-west-1"], KEYS)
    assert status == 1
    assert "region set 'us-east-1,us-west-2', which does not include 'eu-west-1'" in err
    status, out, _ = run_cli(["verify", p.url, "--now", WHEN, "--region", "us-west-2"], KEYS)
    assert status == 0 and "for us-east-1,us-west-2/service" in out
