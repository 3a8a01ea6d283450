"""Headless Chromium under Selenium, as tests/test_browser_upload.py starts it: the
distribution's chromium and chromedriver (tests/setup-system.sh installs them), a fresh
profile, nothing downloaded. Missing pieces skip the test outside CI and fail it in CI."""

import os
import shutil
import tempfile
from typing import Any, Iterator

import pytest

CHROMIUM = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BINARY", "/usr/bin/chromedriver")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def missing() -> str:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            return "%s is not installed (bash tests/setup-system.sh installs chromium and chromium-driver)" % path
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return ""


def require(problem: str) -> None:
    """Skip (outside CI) or fail (under CI=true) when ``problem`` is not empty."""
    if problem:
        if os.environ.get("CI"):
            raise RuntimeError("CI must run the browser tests: " + problem)
        pytest.skip(problem)


def start_browser() -> Iterator[Any]:
    """Yield a Chrome WebDriver; quit it and remove its profile afterwards."""
    require(missing())
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="sigv4presign-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + ["--user-data-dir=" + profile]:
        options.add_argument(flag)
    # the page's console, to show in a failure message
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
