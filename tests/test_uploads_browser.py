"""The real Uppy in a real browser uploads through the upload service to SeaweedFS.

``@uppy/core``, ``@uppy/dashboard`` and ``@uppy/aws-s3`` are the versions pinned in
tests/uppy/package.json, bundled by tests/uppy/build.mjs (tests/run.sh runs ``npm ci``
and the build). The page is the ``sigv4presign serve --demo`` page, served with the
app by wsgiref on 127.0.0.1 and loading that local bundle; headless Chromium picks two
files in Uppy's Dashboard: 100 KB (one POST form) and 12 MiB (multipart, parts of
5 + 5 + 2 MiB). Both modes: Companion (``companionEndpoint``) and ``signRequest``
(posting to ``/s3/presign``). The bucket has a CORS rule for the page's origin (S3 is
another port) that exposes ETag; the bytes read back must be the bytes chosen.
"""

import json
import os
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest
from support.browser import require, start_browser
from support.uploads import MIB, ServedApp, put_bucket_cors, s3_get

from sigv4presign.uploads import Grant, make_app
from sigv4presign.uploads.demo import with_demo

ROOT = Path(__file__).resolve().parent.parent
UPPY = ROOT / "tests" / "uppy"
BUCKET = "uploads-browser"
WAIT = 120.0


def uppy_versions() -> Dict[str, str]:
    lock = json.loads((UPPY / "package-lock.json").read_text())
    return {name: lock["packages"]["node_modules/" + name]["version"] for name in ("@uppy/core", "@uppy/aws-s3", "@uppy/dashboard")}


@pytest.fixture(scope="module")
def uppy_dist() -> Path:
    """tests/uppy/dist with uppy.mjs and uppy.css, built from the pinned packages."""
    dist = UPPY / "dist"
    if not (UPPY / "node_modules" / "@uppy" / "aws-s3").is_dir():
        require("Uppy is not installed: run (cd tests/uppy && npm ci) as tests/run.sh does")
    if not (dist / "uppy.mjs").is_file() or not (dist / "uppy.css").is_file():
        subprocess.run(["node", "build.mjs"], cwd=UPPY, check=True, timeout=300)
    return dist


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from start_browser()


@pytest.fixture(scope="module")
def site(s3_server: Any, uppy_dist: Path) -> Iterator[Tuple[ServedApp, List[Any], str]]:
    """(the demo page and app on loopback, the requests authorize saw, the prefix)."""
    s3_server.create_bucket(BUCKET)
    seen: List[Any] = []

    def authorize(request: Any) -> Grant:
        seen.append((request.method, request.path, dict(request.query), request.body))
        return Grant()

    prefix = "browser/%s/" % uuid.uuid4().hex[:8]
    app = make_app(
        bucket=BUCKET, region=s3_server.region, credentials=s3_server.credentials(),
        endpoint_url=s3_server.endpoint_url, prefix=prefix, max_size=50 * MIB, authorize=authorize,
    )
    served = ServedApp(with_demo(app, str(uppy_dist)))
    put_bucket_cors(s3_server, BUCKET, [served.origin])
    try:
        yield served, seen, prefix
    finally:
        served.close()


def choose_files(browser: Any, url: str, paths: List[Path]) -> Tuple[List[Dict[str, Any]], List[Any]]:
    """Open the page, pick the files in the Dashboard; (upload results, errors)."""
    from selenium.webdriver.common.by import By

    browser.get(url)
    deadline = time.monotonic() + WAIT
    while not browser.execute_script("return !!window.uppy") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert browser.execute_script("return !!window.uppy"), browser.get_log("browser")
    inputs = browser.find_elements(By.CSS_SELECTOR, "input.uppy-Dashboard-input[type=file]")
    files_input = [i for i in inputs if i.get_dom_attribute("webkitdirectory") is None][0]
    files_input.send_keys("\n".join(str(p) for p in paths))
    while time.monotonic() < deadline:
        results, errors = browser.execute_script("return [window.uploadResults, window.uploadErrors]")
        if errors or len(results) == len(paths):
            return results, errors
        time.sleep(0.2)
    raise AssertionError("uploads did not finish: %r" % (browser.get_log("browser"),))


@pytest.mark.parametrize("mode", ["companion", "sign"])
def test_uppy_uploads_through_the_service(mode: str, browser: Any, site: Tuple[ServedApp, List[Any], str], s3_server: Any, tmp_path: Path) -> None:
    served, seen, prefix = site
    small = tmp_path / ("small %s.txt" % mode)
    large = tmp_path / ("large-%s.bin" % mode)
    small.write_bytes(os.urandom(100_000))
    large.write_bytes(os.urandom(12 * MIB))
    seen.clear()

    results, errors = choose_files(browser, served.origin + "/?mode=" + mode, [small, large])

    assert errors == []
    by_name = {r["name"]: r for r in results}
    assert set(by_name) == {small.name, large.name}
    for path in (small, large):
        key = by_name[path.name]["key"]
        assert key.startswith(prefix) and key.endswith("/" + path.name)
        status, _, body = s3_get(s3_server, BUCKET, key)
        assert status == 200
        assert body == path.read_bytes()
    requests = [(m, p) for m, p, _, _ in seen]
    if mode == "companion":
        assert requests.count(("GET", "/s3/params")) == 1  # the small file: one POST form
        assert requests.count(("POST", "/s3/multipart")) == 1
        parts = sorted(p for m, p in requests if m == "GET" and p.count("/") == 4)
        assert [p.rsplit("/", 1)[1] for p in parts] == ["1", "2", "3"]
        assert sum(1 for m, p in requests if p.endswith("/complete")) == 1
    else:
        bodies = [b for m, p, _, b in seen if p == "/s3/presign"]
        operations = [(b["method"], "uploadId" in b, b.get("partNumber")) for b in bodies]
        assert operations.count(("PUT", False, None)) == 1  # PutObject, answered with a POST form
        assert operations.count(("POST", False, None)) == 1  # CreateMultipartUpload
        assert sorted(n for m, u, n in operations if m == "PUT" and u) == [1, 2, 3]
        assert operations.count(("POST", True, None)) == 1  # CompleteMultipartUpload


def test_the_pinned_uppy_is_the_one_loaded(browser: Any, site: Tuple[ServedApp, List[Any], str]) -> None:
    served, _, _ = site
    browser.get(served.origin + "/")
    deadline = time.monotonic() + WAIT
    while not browser.execute_script("return !!window.uppy") and time.monotonic() < deadline:
        time.sleep(0.1)
    versions = browser.execute_script(
        "const u = window.uppy; return [u.constructor.VERSION, u.getPlugin('AwsS3').constructor.VERSION,"
        " u.getPlugin('Dashboard').constructor.VERSION]"
    )
    pinned = uppy_versions()
    assert versions == [pinned["@uppy/core"], pinned["@uppy/aws-s3"], pinned["@uppy/dashboard"]]
