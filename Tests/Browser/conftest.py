"""Fixtures for the browser tests. The server must already run: YANJIAN_URL, YANJIAN_USER and
YANJIAN_PASSWORD name it and a working account (scripts/browser-test.sh checks they are set)."""

import os

import pytest

from browser import api_login, make_driver

_TIMINGS = []


def _required(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run through scripts/browser-test.sh against a running server", pytrace=False)
    return value


@pytest.fixture(scope="session")
def base_url():
    return _required("YANJIAN_URL").rstrip("/")


@pytest.fixture(scope="session")
def credentials():
    return _required("YANJIAN_USER"), _required("YANJIAN_PASSWORD")


@pytest.fixture(scope="session")
def session(base_url, credentials):
    """One API login shared by the tests that do not exercise the login form, which keeps the run
    well below any login rate limit; tests that sign out use their own login."""
    return api_login(base_url, *credentials)


@pytest.fixture
def driver():
    """A fresh headless Chromium per test (--headless=new --no-sandbox --window-size=1366,768 --lang=zh-CN)."""
    browser = make_driver()
    yield browser
    browser.quit()


@pytest.fixture(scope="session")
def timings():
    """A list of (label, milliseconds) printed at the end of the run (not asserted)."""
    return _TIMINGS


def pytest_terminal_summary(terminalreporter):
    if _TIMINGS:
        terminalreporter.write_sep("-", "browser timings (ms, informational)")
        for label, value in _TIMINGS:
            terminalreporter.write_line(f"{label}: {value:.1f}")
