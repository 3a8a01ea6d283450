"""A real browser uploads through the form from ``PresignedPost.html_form()``.

A small HTTP server on 127.0.0.1 serves a page holding the form; headless Chromium (the
distribution's ``chromium`` with its ``chromedriver``, driven by Selenium; nothing
downloads a browser) chooses a file and submits. The form posts cross-origin, to
SeaweedFS's port: a form submission is a navigation, which needs no CORS. Then the test
reads the object back from SeaweedFS and compares bytes.

S3 answers a successful POST with 204 No Content (the browser stays on the page, so the
test waits for the object to appear), or with a 303 redirect to
``success_action_redirect`` carrying ``bucket``, ``key`` and ``etag`` (the browser lands
on our server's ``/done``). Both are exercised. tests/setup-system.sh installs the browser.
"""

import os
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple
from urllib.parse import parse_qs, urlsplit

import pytest
from support.browser import CHROMIUM, start_browser

from sigv4presign import PresignedPost, presign_s3, presign_s3_post

WAIT = 30.0


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium under chromedriver with a fresh profile (tests/support/browser.py);
    skipped (not under CI) when the browser is not installed."""
    yield from start_browser()


class PageServer:
    """Serves ``pages[path]`` as HTML on 127.0.0.1 and records the requests it got."""

    def __init__(self) -> None:
        self.pages: Dict[str, str] = {}
        self.requests: List[str] = []
        pages, requests = self.pages, self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                requests.append(self.path)
                body = pages.get(urlsplit(self.path).path)
                if body is None:
                    self.send_error(404)
                    return
                data = body.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def pages() -> Iterator[PageServer]:
    server = PageServer()
    try:
        yield server
    finally:
        server.close()


def page(form: PresignedPost) -> str:
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Upload</title></head>\n'
        "<body>\n<h1>Upload a file</h1>\n" + form.html_form(submit_label="Send it") + "</body></html>\n"
    )


def read_object(s3_server: Any, key: str) -> Tuple[int, bytes]:
    url = presign_s3("GET", s3_server.bucket, key, credentials=s3_server.credentials(),
                     region=s3_server.region, endpoint_url=s3_server.endpoint_url).url
    status, _, body = s3_server.request("GET", url)
    return status, body


def choose_and_submit(browser: Any, url: str, path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(url)
    browser.find_element(By.CSS_SELECTOR, 'input[type="file"]').send_keys(str(path))
    browser.find_element(By.CSS_SELECTOR, 'button[type="submit"]').click()


def test_browser_upload_204(browser: Any, pages: PageServer, s3_server: Any, tmp_path: Path) -> None:
    prefix = "browser/%s/" % uuid.uuid4().hex[:8]
    form = presign_s3_post(
        s3_server.bucket, prefix + "${filename}", credentials=s3_server.credentials(),
        region=s3_server.region, endpoint_url=s3_server.endpoint_url,
        conditions=[["content-length-range", 1, 1 << 20]],
    )
    assert urlsplit(form.url).netloc != urlsplit(pages.origin).netloc  # a cross-origin post
    pages.pages["/upload"] = page(form)
    name = "browser upload \u00fc.bin"
    data = os.urandom(50_000) + "end \u4e2d\n".encode("utf-8")
    (tmp_path / name).write_bytes(data)

    choose_and_submit(browser, pages.origin + "/upload", tmp_path / name)

    # 204 No Content: the browser stays on the page; the object appears.
    deadline = time.monotonic() + WAIT
    status, body = read_object(s3_server, prefix + name)
    while status != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
        status, body = read_object(s3_server, prefix + name)
    assert status == 200
    assert body == data
    assert browser.current_url == pages.origin + "/upload"


def test_browser_upload_redirect(browser: Any, pages: PageServer, s3_server: Any, tmp_path: Path) -> None:
    prefix = "browser/%s/" % uuid.uuid4().hex[:8]
    done = pages.origin + "/done"
    form = presign_s3_post(
        s3_server.bucket, prefix + "${filename}", credentials=s3_server.credentials(),
        region=s3_server.region, endpoint_url=s3_server.endpoint_url,
        fields={"success_action_redirect": done, "Content-Type": "text/plain"},
        conditions=[{"success_action_redirect": done}, ["starts-with", "$Content-Type", "text/"]],
    )
    pages.pages["/upload"] = page(form)
    pages.pages["/done"] = "<!DOCTYPE html><html><body><p id=done>uploaded</p></body></html>"
    data = b"hello from a real browser\n" * 100
    (tmp_path / "notes.txt").write_bytes(data)

    choose_and_submit(browser, pages.origin + "/upload", tmp_path / "notes.txt")

    # 303 to success_action_redirect: the browser lands on /done?bucket=..&key=..&etag=..
    deadline = time.monotonic() + WAIT
    while not browser.current_url.startswith(done) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert browser.current_url.startswith(done + "?")
    query = parse_qs(urlsplit(browser.current_url).query)
    assert query["key"] == [prefix + "notes.txt"]
    assert query["bucket"] == [s3_server.bucket]
    status, body = read_object(s3_server, prefix + "notes.txt")
    assert status == 200
    assert body == data


def test_the_browser_is_the_installed_chromium(browser: Any) -> None:
    import subprocess

    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=60).stdout
    assert browser.capabilities["browserVersion"] in version
