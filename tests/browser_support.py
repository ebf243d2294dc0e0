"""Headless Chromium for the page tests (Debian's `chromium` + `chromium-driver`, via selenium).

Shared by every test that opens our pages as a TA would; skips (with the install command) when
selenium, chromium or chromedriver is missing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

INSTALL_HINT = (
    "needs Debian's chromium + chromium-driver and the selenium package: "
    "run `make browser` (apt-get install -y chromium chromium-driver) and "
    "`pip install -e '.[dev]'`"
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def _selenium():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip(f"selenium not installed; {INSTALL_HINT}")
    return webdriver, Options, Service


@contextmanager
def chromium_session(profile: Path) -> Iterator:
    """A headless Chromium WebDriver with its own profile folder, quit on exit."""
    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip(f"chromium/chromedriver not found; {INSTALL_HINT}")
    webdriver, Options, Service = _selenium()
    options = Options()
    options.binary_location = CHROMIUM  # with an explicit driver path: no Selenium Manager download
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1300,1800",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


def severe(browser) -> list[dict]:
    """Console errors (a CSP violation, a broken script, a failed load) since the last call."""
    return [entry for entry in browser.get_log("browser") if entry.get("level") == "SEVERE"]


def no_alert(browser) -> bool:
    """True when no JavaScript dialog is open (an injected alert() would open one)."""
    from selenium.common.exceptions import NoAlertPresentException

    try:
        browser.switch_to.alert  # noqa: B018 - raises when no dialog is open
    except NoAlertPresentException:
        return True
    return False


def screenshot_dir(tmp_path: Path) -> Path:
    """$HARVESTER_SCREENSHOT_DIR when set (`make test` keeps them), else the test's tmp dir."""
    target = os.environ.get("HARVESTER_SCREENSHOT_DIR")
    path = Path(target) if target else tmp_path
    path.mkdir(parents=True, exist_ok=True)
    return path
