"""Shared helpers for the browser tests and the screenshot script: a headless Chromium driven
through Debian's chromedriver (never Selenium Manager), and small waits and queries."""

import json
import os
import re
import urllib.request
from pathlib import Path

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not download anything

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "Sources" / "YanjianServer" / "Web"
CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
TIMEOUT = float(os.environ.get("YANJIAN_BROWSER_TIMEOUT", "15"))

_ENTRY = re.compile(r'^\s*"((?:[^"\\]|\\.)+)"\s*:\s*"((?:[^"\\]|\\.)*)"\s*,?\s*$', re.MULTILINE)


def load_dictionary(lang):
    """The key → text object of Web/i18n/<lang>.js, read from its `"key": "text",` lines."""
    source = (WEB / "i18n" / f"{lang}.js").read_text(encoding="utf-8")
    return {json.loads(f'"{key}"'): json.loads(f'"{text}"') for key, text in _ENTRY.findall(source)}


def make_driver(width=1366, height=768, lang="zh-CN"):
    """A fresh headless Chromium (new profile, so empty storage) with browser logs enabled;
    the viewport is pinned to width × height."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", f"--window-size={width},{height}", f"--lang={lang}",
                     "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--disable-extensions",
                     "--hide-scrollbars", "--disable-background-networking"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": f"{lang},zh,en"})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(TIMEOUT * 2)
    set_viewport(driver, width, height)
    return driver


def set_viewport(driver, width, height, mobile=False):
    """Makes the page's viewport exactly width × height CSS pixels (window size includes chrome)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def wait(driver, condition, timeout=TIMEOUT, message=""):
    return WebDriverWait(driver, timeout).until(condition, message)


def wait_text(driver, css, text, timeout=TIMEOUT):
    """Waits until the first element matching css contains text; returns the element."""
    wait(driver, EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text), timeout,
         f"{css!r} never contained {text!r}")
    return driver.find_element(By.CSS_SELECTOR, css)


def visible(driver, css, timeout=TIMEOUT):
    return wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, css)), timeout, f"{css!r} not visible")


def open_app(driver, base_url, route="#/login"):
    driver.get(f"{base_url.rstrip('/')}/{route}")
    visible(driver, "main h1")


def login(driver, username, password):
    """Fills the login form and waits for the overview's stat cards."""
    visible(driver, "#username").clear()
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").clear()
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "login-submit").click()
    wait(driver, lambda d: d.execute_script("return location.hash") == "#/overview", message="no overview route")
    visible(driver, "#counts .stat-card")


def api_login(base_url, username, password):
    """POST /api/v1/auth/login outside the browser; returns the session object."""
    body = json.dumps({"username": username, "password": password}).encode()
    request = urllib.request.Request(f"{base_url.rstrip('/')}/api/v1/auth/login", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return json.load(response)


def resume_session(driver, base_url, session, route="#/overview"):
    """Signs the browser in with a session from api_login (no login form, no extra login attempt)."""
    driver.get(f"{base_url.rstrip('/')}/#/login")
    visible(driver, "main h1")
    driver.execute_script("""const [token, expires, user] = arguments;
        sessionStorage.setItem('yanjian.token', token);
        sessionStorage.setItem('yanjian.expires_at', expires);
        sessionStorage.setItem('yanjian.user', JSON.stringify(user));""",
                          session["token"], session.get("expires_at", ""), session["user"])
    driver.get(f"{base_url.rstrip('/')}/{route}")
    visible(driver, "main h1")


def api_get(base_url, path, token=None):
    """GET /api/v1<path> as JSON, outside the browser (to compare what the page shows)."""
    request = urllib.request.Request(f"{base_url.rstrip('/')}/api/v1{path}", headers={"Accept": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return json.load(response)


def severe_logs(driver):
    """Browser console entries at SEVERE level (errors, CSP violations, failed loads); drains the log."""
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def api_post(base_url, path, token, body):
    """POST /api/v1<path> with a JSON body, outside the browser (to act as another user would)."""
    request = urllib.request.Request(f"{base_url.rstrip('/')}/api/v1{path}", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return json.load(response)
