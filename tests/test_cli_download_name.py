"""``sigv4presign s3://BUCKET/KEY --download-name NAME``, run as a user would (a subprocess).

The URL must equal botocore's ``generate_presigned_url`` for ``get_object`` with
``ResponseContentDisposition`` set to the RFC 6266/8187 value written here by hand (up to
parameter order), and the email package must read the name back from the parameter.
"""

import email.message
import email.utils
from typing import List, Tuple
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from support.cli_runner import run_cli

AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TIME = "20260401T123045Z"
EPOCH = 1775046645
BASE = ["s3://my-bucket/exports/2026/q1.csv", "--region", "eu-west-1", "--signing-time", TIME]


def run(args: List[str]) -> Tuple[int, str, str]:
    return run_cli(args, (AKID, SECRET))


def by_hand(name: str, fallback: str) -> str:
    value = 'attachment; filename="%s"' % fallback
    if name != fallback:
        value += "; filename*=UTF-8''" + quote(name, safe="!#$&+^`|")
    return value


def botocore_url(disposition: str, method: str = "get_object") -> str:
    import botocore.session
    from botocore.config import Config
    from support.botocore_reference import PurePythonSigners, frozen_clock, hermetic_environment

    with pytest.MonkeyPatch.context() as mp, PurePythonSigners("s3v4-query"), frozen_clock(EPOCH):
        hermetic_environment(mp)
        session = botocore.session.get_session()
        session.set_credentials(AKID, SECRET)
        client = session.create_client("s3", region_name="eu-west-1",
                                       config=Config(signature_version="s3v4", s3={"addressing_style": "virtual"}))
        return str(client.generate_presigned_url(
            method, Params={"Bucket": "my-bucket", "Key": "exports/2026/q1.csv",
                            "ResponseContentDisposition": disposition}, ExpiresIn=3600))


def parts(url: str) -> Tuple[str, str, List[str]]:
    split = urlsplit(url)
    return split.netloc, split.path, sorted(split.query.split("&"))


@pytest.mark.parametrize("name, fallback", [
    ("report.csv", "report.csv"),
    ("Größe Q1 2026.csv", "Gr_e Q1 2026.csv"),
    ("季度报告.csv", "_.csv"),
    ('"quoted" 100%.csv', "_quoted_ 100_.csv"),
])
def test_url_is_botocores_with_the_disposition(name: str, fallback: str) -> None:
    code, out, err = run(BASE + ["--download-name", name])
    assert (code, err) == (0, "")
    url = out.strip()
    expected = by_hand(name, fallback)
    assert parse_qs(urlsplit(url).query)["response-content-disposition"] == [expected]
    assert parts(url) == parts(botocore_url(expected))
    message = email.message.Message()
    message["Content-Disposition"] = expected
    named = [v for k, v in message.get_params(header="content-disposition") if k == "filename"]
    assert email.utils.collapse_rfc2231_value(named[-1]) == name


def test_json_output_and_head() -> None:
    import json

    code, out, err = run(BASE + ["--download-name", "ü.csv", "--method", "HEAD", "--json"])
    assert (code, err) == (0, "")
    url = json.loads(out)["url"]
    assert parse_qs(urlsplit(url).query)["response-content-disposition"] == [by_hand("ü.csv", "_.csv")]


@pytest.mark.parametrize("args, message", [
    (["--download-name", "a/b.csv"], "filename 'a/b.csv' has a '/': give the name alone"),
    (["--download-name", ""], "filename must be a non-empty file name"),
    (["--download-name", "x\u202ecsv.exe"], "bidirectional control character"),
    (["--download-name", "a.csv", "--method", "PUT"], "--download-name needs --method GET or HEAD"),
    (["--download-name", "a.csv", "--param", "response-content-disposition=inline"],
     "--download-name and --param response-content-disposition both set the download name"),
])
def test_bad_names_are_one_line_exit_2(args: List[str], message: str) -> None:
    code, out, err = run(BASE + args)
    assert (code, out) == (2, "")
    assert err.startswith("sigv4presign: error: ") and err.count("\n") == 1
    assert message in err


def test_bad_name_is_reported_before_credentials_are_looked_up() -> None:
    code, _, err = run_cli(BASE + ["--download-name", "../x"], (AKID, SECRET), creds=False)
    assert code == 2 and "has a '/'" in err


def test_listed_in_help() -> None:
    code, out, _ = run(["--help"])
    assert code == 0 and "--download-name NAME" in out
