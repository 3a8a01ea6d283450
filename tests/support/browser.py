"""Headless Chromium under Selenium, as tests/test_browser_upload.py starts it: the
distribution's chromium and chromedriver (tests/setup-system.sh installs them), a fresh
profile, nothing downloaded. Missing pieces skip the test outside CI and fail it in CI."""

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterator, Optional

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


def start_browser(downloads: "Optional[Path]" = None) -> Iterator[Any]:
    """Yield a Chrome WebDriver; quit it and remove its profile afterwards. With
    ``downloads`` it saves downloads there without asking."""
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
    if downloads is not None:
        options.add_experimental_option("prefs", {
            "download.default_directory": str(downloads), "download.prompt_for_download": False,
        })
    # With the driver's path given, Selenium skips Selenium Manager (which could fetch
    # drivers and browsers): only the installed chromium and chromedriver run.
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    if downloads is not None:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
