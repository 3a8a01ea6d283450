"""``sigv4presign token``: run as a user would (a subprocess), stdout, stderr, exit codes.

Expected tokens come from botocore's unit tests (tests/vectors/botocore), from the
AWS CLI's ``eks get-token`` token generator and from awscrt's signer, never from us.
"""

import base64
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest
from support import VECTORS
from support.cli_runner import run_cli

AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
WHEN = datetime.datetime(2026, 4, 1, 12, 30, 45, tzinfo=datetime.timezone.utc)
TIME = "20260401T123045Z"


def run(args: List[str], env: Optional[Dict[str, str]] = None, creds: bool = True,
        home: Optional[Path] = None) -> Tuple[int, str, str]:
    return run_cli(["token"] + args, (AKID, SECRET), env, creds, home)


def token_of(args: List[str], env: Optional[Dict[str, str]] = None, **kw) -> str:  # type: ignore[no-untyped-def]
    code, out, err = run(args, env, **kw)
    assert (code, err) == (0, "")
    assert out.endswith("\n") and out.count("\n") == 1  # only the token
    return out[:-1]


def pieces(url: str) -> Tuple[str, List[str]]:
    base, _, query = url.partition("?")
    return base, sorted(query.split("&"))


def vector(name: str) -> dict:  # type: ignore[type-arg]
    cases = json.loads((VECTORS / "botocore" / "presign-unit-tests.json").read_text())["cases"]
    (case,) = [c for c in cases if c["name"] == name]
    return case  # type: ignore[no-any-return]


def test_rds_token_is_botocores() -> None:
    case = vector("rds-iam-auth-token")
    inputs = case["inputs"]
    token = token_of(["rds", "--host", "prod-instance.us-east-1.rds.amazonaws.com", "--port", "3306",
                      "--user", "someusername", "--region", "us-east-1",
                      "--signing-time", inputs["timestamp"]],
                     {"AWS_ACCESS_KEY_ID": inputs["access_key_id"],
                      "AWS_SECRET_ACCESS_KEY": inputs["secret_access_key"]})
    assert pieces(token) == pieces(case["expected"]["expected_url_from_test"])


@pytest.mark.parametrize("name,extra", [("dsql-dbconnect-token-with-session-token", []),
                                        ("dsql-dbconnectadmin-token-with-session-token", ["--admin"])])
def test_dsql_token_is_botocores(name: str, extra: List[str]) -> None:
    case = vector(name)
    inputs = case["inputs"]
    token = token_of(["dsql", "--endpoint", inputs["host_header"], "--signing-time", inputs["timestamp"]]
                     + extra,
                     {"AWS_ACCESS_KEY_ID": inputs["access_key_id"],
                      "AWS_SECRET_ACCESS_KEY": inputs["secret_access_key"],
                      "AWS_SESSION_TOKEN": inputs["session_token"], "AWS_REGION": inputs["region"]})
    assert pieces(token) == pieces(case["expected"]["expected_url_from_test"])


def awscli_eks_url(cluster: str, region: str) -> str:
    import botocore.session
    from awscli.customizations.eks.get_token import STSClientFactory, TokenGenerator
    from support.botocore_reference import PurePythonSigners, frozen_clock, hermetic_environment

    with pytest.MonkeyPatch.context() as mp, PurePythonSigners("v4-query"), frozen_clock(WHEN.timestamp()):
        hermetic_environment(mp)
        session = botocore.session.get_session()
        session.set_credentials(AKID, SECRET)
        token = TokenGenerator(STSClientFactory(session).get_sts_client(region_name=region)).get_token(cluster)
    return decode_eks(token)


def decode_eks(token: str) -> str:
    assert token.startswith("k8s-aws-v1.") and "=" not in token
    body = token[len("k8s-aws-v1."):]
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("ascii")


def test_eks_token_is_the_aws_clis() -> None:
    token = token_of(["eks", "--cluster-name", "prod_1", "--region", "ap-southeast-3", "--signing-time", TIME])
    assert pieces(decode_eks(token)) == pieces(awscli_eks_url("prod_1", "ap-southeast-3"))


@pytest.mark.parametrize("serverless", [False, True])
def test_elasticache_token_has_awscrts_signature(serverless: bool) -> None:
    from awscrt import auth, http

    token = token_of(["elasticache", "--replication-group-id", "my-group", "--user-id", "app-user",
                      "--region", "eu-west-1", "--signing-time", TIME, "--expires-in", "600"]
                     + (["--serverless"] if serverless else []))
    target = "/?Action=connect&User=app-user" + ("&ResourceType=ServerlessCache" if serverless else "")
    assert token.startswith("my-group" + target + "&X-Amz-")
    config = auth.AwsSigningConfig(
        algorithm=auth.AwsSigningAlgorithm.V4,
        signature_type=auth.AwsSignatureType.HTTP_REQUEST_QUERY_PARAMS,
        credentials_provider=auth.AwsCredentialsProvider.new_static(AKID, SECRET),
        region="eu-west-1", service="elasticache", date=WHEN, expiration_in_seconds=600,
    )
    request = http.HttpRequest("GET", target, headers=http.HttpHeaders([("Host", "my-group")]))
    auth.aws_sign_request(request, config).result(timeout=10)
    assert pieces(token) == pieces("my-group" + request.path)


def test_credentials_and_region_from_a_profile(tmp_path: Path) -> None:
    (tmp_path / "credentials").write_text("[work]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
                                          % (AKID, SECRET))
    (tmp_path / "config").write_text("[profile work]\nregion = ap-southeast-3\n")
    token = token_of(["eks", "--cluster-name", "prod_1", "--profile", "work", "--signing-time", TIME],
                     {"AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
                      "AWS_CONFIG_FILE": str(tmp_path / "config")}, creds=False)
    assert pieces(decode_eks(token)) == pieces(awscli_eks_url("prod_1", "ap-southeast-3"))


RDS = ["rds", "--host", "db.example.com", "--port", "5432", "--user", "app", "--region", "eu-west-1"]

ERRORS = [
    ([], {}, 2, "the following arguments are required: KIND"),
    (["mysql"], {}, 2, "invalid choice: 'mysql'"),
    (["rds", "--host", "db.example.com", "--user", "app"], {}, 2, "the following arguments are required: --port"),
    (RDS[:4] + ["0"] + RDS[5:], {}, 2, "port must be a TCP port number in 1..65535"),
    (RDS[:4] + ["5432x"] + RDS[5:], {}, 2, "port must be a TCP port number in 1..65535"),
    (["rds", "--host", "https://db.example.com", "--port", "5432", "--user", "app"], {}, 2,
     "--host 'https://db.example.com' must be a bare host name"),
    (["rds", "--host", "db.example.com", "--port", "5432", "--user", ""], {}, 2,
     "--user must be a non-empty string"),
    (RDS + ["--expires-in", "3600"], {}, 2, "at most 15 minutes"),
    (RDS + ["--signing-time", "yesterday"], {}, 2, "--signing-time 'yesterday'"),
    (RDS[:-2], {}, 2, "no region: pass --region"),
    (RDS[:-1] + ["EU-WEST-1"], {}, 2, "not an AWS region name"),
    (["dsql", "--endpoint", "a.dsql.us-east-1.on.aws:443", "--region", "us-east-1"], {}, 2, "bare host name"),
    (["elasticache", "--replication-group-id", "my_group", "--user-id", "u", "--region", "us-east-1"], {}, 2,
     "is not a host name"),
    (["eks", "--cluster-name=-bad", "--region", "us-east-1"], {}, 2, "cluster_name must be an EKS cluster name"),
    (["eks", "--cluster-name", "c", "--region", "us-east-1", "--expires-in", "60"], {}, 2,
     "unrecognized arguments: --expires-in 60"),
]


@pytest.mark.parametrize("args,env,code,message", ERRORS)
def test_errors_are_one_line_on_stderr(args: List[str], env: Dict[str, str], code: int, message: str) -> None:
    got, out, err = run(args, env)
    assert (got, out) == (code, "")
    assert err.startswith("sigv4presign: error: ") and err.count("\n") == 1
    assert message in err
    assert SECRET not in err


def test_missing_credentials_exit_2_before_anything_is_printed() -> None:
    got, out, err = run(RDS, creds=False)
    assert (got, out) == (2, "")
    assert err.startswith("sigv4presign: error: ") and err.count("\n") == 1


def test_bad_arguments_are_reported_before_credentials_are_looked_up() -> None:
    # No credentials anywhere: the bad port is still what is reported.
    got, _, err = run(RDS[:4] + ["99999"] + RDS[5:], creds=False)
    assert got == 2 and "port must be a TCP port number" in err


@pytest.mark.parametrize("kind", ["", "rds", "dsql", "elasticache", "eks"])
def test_help(kind: str) -> None:
    got, out, err = run(([kind] if kind else []) + ["--help"])
    assert (got, err) == (0, "")
    assert "usage: sigv4presign token" in out


def test_listed_in_the_main_help() -> None:
    done = subprocess.run([sys.executable, "-m", "sigv4presign", "--help"], capture_output=True, text=True,
                          timeout=60, env={"PATH": os.environ.get("PATH", ""), "HOME": os.devnull})
    assert done.returncode == 0
    assert "  token    print an RDS, Aurora DSQL, ElastiCache or EKS authentication token" in done.stdout


def test_readme_commands_run() -> None:
    import shlex

    from support import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Database tokens, EKS and WebSocket URLs"):]
    block = section[section.index("```sh\n") + 6:]
    commands = [shlex.split(line)[2:] for line in block[: block.index("```")].splitlines()
                if line.startswith("sigv4presign token ")]
    assert [argv[0] for argv in commands] == ["rds", "dsql", "elasticache", "eks", "msk", "iot", "transcribe"]
    for argv in commands:
        token = token_of(argv, {"AWS_REGION": "eu-west-1"})
        if argv[0] in ("eks", "msk"):  # base64url of the URL, without padding
            import base64

            body = token[len("k8s-aws-v1."):] if argv[0] == "eks" else token
            token = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("ascii")
        assert "X-Amz-Credential=%s%%2F" % AKID in token
