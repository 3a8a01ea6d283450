"""A real browser saves S3 downloads under the names content_disposition() gives.

An object is put into SeaweedFS; for each name, a presigned GET with
``response-content-disposition=content_disposition(name)`` is opened in headless
Chromium (the distribution's ``chromium`` and ``chromedriver`` under Selenium, as in
test_browser_upload.py; tests/setup-system.sh installs them), which downloads it. The
file it saves must carry exactly that name (Unicode, spaces, ``%``, ``'``, ``&``, ``#``,
``+``, ``~``) and the object's bytes. Chromium replaces the characters a file name may
not hold on some system (``"*:<>?|``) with ``_`` itself; one case shows that.
"""

import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Iterator, Tuple

import pytest
from support.browser import start_browser

from sigv4presign import content_disposition, presign_s3

WAIT = 30.0


@pytest.fixture(scope="module")
def browser() -> Iterator[Tuple[Any, Path]]:
    """(headless Chromium that saves downloads without asking, its download folder)."""
    downloads = Path(tempfile.mkdtemp(prefix="sigv4presign-downloads-"))
    try:
        for driver in start_browser(downloads):
            yield driver, downloads
    finally:
        shutil.rmtree(downloads, ignore_errors=True)


@pytest.fixture(scope="module")
def stored(s3_server: Any) -> Tuple[str, bytes]:
    """(key, bytes) of an object under a key that has nothing to do with the names."""
    key = "downloads/%s/object.bin" % uuid.uuid4().hex[:8]
    data = os.urandom(20_000) + "end \u00fc\n".encode("utf-8")
    url = presign_s3("PUT", s3_server.bucket, key, credentials=s3_server.credentials(),
                     region=s3_server.region, endpoint_url=s3_server.endpoint_url).url
    status = s3_server.request("PUT", url, body=data)[0]
    assert status == 200
    return key, data


def download(browser: Tuple[Any, Path], url: str) -> Path:
    """The one file the browser saves from ``url``."""
    driver, folder = browser
    for old in folder.iterdir():
        old.unlink()
    driver.get(url)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if not p.name.endswith(".crdownload")]
        if done and not any(p.name.endswith(".crdownload") for p in folder.iterdir()):
            assert len(done) == 1, done
            return done[0]
        time.sleep(0.1)
    raise AssertionError("no download finished: %s" % list(folder.iterdir()))


@pytest.mark.parametrize("name, saved_as", [
    ("report.pdf", "report.pdf"),
    ("Größe Q1 2026.csv", "Größe Q1 2026.csv"),
    ("季度报告.xlsx", "季度报告.xlsx"),
    ("naïve résumé \U0001F600.docx", "naïve résumé \U0001F600.docx"),
    ("100% it's (1) & #2 + ~x.txt", "100% it's (1) & #2 + ~x.txt"),
    ('say "hi".txt', "say _hi_.txt"),  # Chromium's own rule for '"'
])
def test_browser_saves_the_download_under_the_name(
    browser: Tuple[Any, Path], s3_server: Any, stored: Tuple[str, bytes], name: str, saved_as: str
) -> None:
    key, data = stored
    url = presign_s3("GET", s3_server.bucket, key, credentials=s3_server.credentials(),
                     region=s3_server.region, endpoint_url=s3_server.endpoint_url,
                     params={"response-content-disposition": content_disposition(name)}).url
    saved = download(browser, url)
    assert saved.name == saved_as
    assert saved.read_bytes() == data
