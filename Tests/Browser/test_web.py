"""End-to-end checks of the web app in headless Chromium against a running Yanjian server."""

import hashlib
import re
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser import (api_get, api_post, load_dictionary, login, open_app, resume_session, set_viewport, severe_logs, visible,
                     wait, wait_text)

ZH = load_dictionary("zh-CN")
EN = load_dictionary("en")
NUMBER = re.compile(r"^\d{1,3}(,\d{3})*$")


def text(driver, css):
    return driver.find_element(By.CSS_SELECTOR, css).text.strip()


def js(driver, script, *args):
    return driver.execute_script(script, *args)


def test_login_page_renders_in_chinese_with_labelled_inputs(driver, base_url):
    open_app(driver, base_url, "")
    assert js(driver, "return location.hash") == "#/login"
    assert js(driver, "return document.documentElement.lang") == "zh-CN"
    assert text(driver, "main h1") == ZH["login.heading"]
    assert ZH["app.name"] in driver.title
    for field, key in (("username", "login.username"), ("password", "login.password")):
        label = driver.find_element(By.CSS_SELECTOR, f'label[for="{field}"]')
        assert label.text.strip() == ZH[key]
    chinese = driver.find_element(By.CSS_SELECTOR, '.lang-switch [data-lang="zh-CN"]')
    assert chinese.get_attribute("aria-pressed") == "true"
    assert driver.find_elements(By.CSS_SELECTOR, "main") and driver.find_elements(By.CSS_SELECTOR, '[aria-live="polite"]')
    assert not driver.find_elements(By.CSS_SELECTOR, "nav.app-nav"), "no navigation before signing in"


def test_footer_shows_the_server_version(driver, base_url):
    health = api_get(base_url, "/health")
    open_app(driver, base_url)
    wait_text(driver, "#version", str(health["version"]))


def test_wrong_password_shows_the_localised_error(driver, base_url, credentials):
    username, password = credentials
    open_app(driver, base_url)
    visible(driver, "#username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password + "-wrong")
    driver.find_element(By.ID, "login-submit").click()
    status = wait_text(driver, "#status", ZH["auth.invalid_credentials"])
    assert status.find_element(By.CSS_SELECTOR, "[data-kind]").get_attribute("data-kind") == "error"
    assert js(driver, "return location.hash") == "#/login"
    assert driver.find_element(By.ID, "password").get_attribute("value") == ""
    assert driver.find_element(By.ID, "password").get_attribute("aria-invalid") == "true"
    assert js(driver, "return sessionStorage.getItem('yanjian.token')") is None


def test_empty_form_is_refused_without_calling_the_server(driver, base_url):
    open_app(driver, base_url)
    driver.find_element(By.ID, "login-submit").click()
    wait_text(driver, "#status", ZH["login.missing"])
    assert js(driver, "return document.activeElement.id") == "username"


def test_login_shows_the_overview_with_numbers(driver, base_url, credentials):
    open_app(driver, base_url)
    login(driver, *credentials)
    assert text(driver, "main h1") == ZH["overview.title"]
    assert ZH["overview.title"] in driver.title

    token = js(driver, "return sessionStorage.getItem('yanjian.token')")
    data = api_get(base_url, "/overview", token)
    user = api_get(base_url, "/me", token)
    cards = driver.find_elements(By.CSS_SELECTOR, "#counts .stat-card")
    assert len(cards) == len(data["counts"])
    # Open warnings by level (four named bars) and the districts with the most flagged retailers.
    warning_bars = driver.find_elements(By.CSS_SELECTOR, "[aria-labelledby='warnings-title'] .chart__row")
    assert len(warning_bars) == 4
    assert ZH["level.red"] in text(driver, "[aria-labelledby='warnings-title']")
    districts = driver.find_elements(By.CSS_SELECTOR, "[aria-labelledby='districts-title'] .chart__row")
    assert len(districts) == len(data["risky_districts"])
    for card in cards:
        key = card.get_attribute("data-key")
        label = card.find_element(By.TAG_NAME, "dt").text.strip()
        value = card.find_element(By.TAG_NAME, "dd").text.strip()
        assert label == ZH.get(f"count.{key}", key)
        assert NUMBER.match(value), f"{key}: {value!r} is not a formatted number"
        assert int(value.replace(",", "")) == data["counts"][key]

    name = user.get("display_name") or user["username"]
    assert text(driver, "#profile-name") == name
    assert text(driver, ".profile__role") == ZH.get(f"role.{user['role']}", user["role"])
    assert text(driver, ".profile__department") == ZH.get(f"department.{user['department']}", user["department"])
    everywhere = user.get("jurisdiction") in (None, "", "*")
    expected_area = ZH["overview.jurisdiction_all"] if everywhere else user["jurisdiction"]
    assert expected_area in text(driver, ".profile__jurisdiction")
    assert text(driver, ".user-chip__name") == name

    nav_link = driver.find_element(By.CSS_SELECTOR, "nav.app-nav a[aria-current='page']")
    assert nav_link.text.strip() == ZH["nav.overview"]
    chart = driver.find_element(By.CSS_SELECTOR, "[aria-labelledby='cases-title'] .chart svg[role='img']")
    assert chart.find_element(By.TAG_NAME, "title").get_attribute("textContent").startswith(ZH["overview.cases_by_status"])
    audit = text(driver, "#audit-status")
    expected = "overview.audit_verified" if data["audit"]["verified"] else "overview.audit_broken"
    assert ZH[expected].split("{")[0] in audit and audit[0] in "✓✗"
    headers = driver.find_elements(By.CSS_SELECTOR, "table.data-table thead th")
    assert headers and all(th.get_attribute("scope") == "col" for th in headers)


def test_keyboard_alone_can_sign_in(driver, base_url, credentials):
    username, password = credentials
    open_app(driver, base_url)
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)  # skip link first
    for _ in range(10):
        if js(driver, "return document.activeElement.id") == "username":
            break
        driver.switch_to.active_element.send_keys(Keys.TAB)
    assert js(driver, "return document.activeElement.id") == "username"
    driver.switch_to.active_element.send_keys(username, Keys.TAB)
    driver.switch_to.active_element.send_keys(password, Keys.ENTER)
    wait(driver, lambda d: d.execute_script("return location.hash") == "#/overview")
    visible(driver, "#counts .stat-card")
    assert js(driver, "return document.activeElement.tagName") == "H1", "focus moves to the new page's heading"


def test_switching_to_english_changes_the_heading_and_is_remembered(driver, base_url, session):
    resume_session(driver, base_url, session)
    visible(driver, "#counts .stat-card")
    driver.find_element(By.CSS_SELECTOR, '.lang-switch [data-lang="en"]').click()
    wait_text(driver, "main h1", EN["overview.title"])
    assert js(driver, "return document.documentElement.lang") == "en"
    assert js(driver, "return localStorage.getItem('yanjian.lang')") == "en"
    assert text(driver, "nav.app-nav a[aria-current='page']") == EN["nav.overview"]
    assert js(driver, "return document.activeElement.dataset.lang") == "en", "focus stays on the switch"
    driver.refresh()
    wait_text(driver, "main h1", EN["overview.title"])
    visible(driver, "#counts .stat-card")
    driver.find_element(By.CSS_SELECTOR, '.lang-switch [data-lang="zh-CN"]').click()
    wait_text(driver, "main h1", ZH["overview.title"])


def test_login_page_switches_language_too(driver, base_url):
    open_app(driver, base_url)
    visible(driver, "#username").send_keys("someone")
    driver.find_element(By.CSS_SELECTOR, '.lang-switch [data-lang="en"]').click()
    wait_text(driver, "main h1", EN["login.heading"])
    assert text(driver, 'label[for="username"]') == EN["login.username"]
    assert driver.find_element(By.ID, "username").get_attribute("value") == "someone", "typed text survives"


def test_logout_returns_to_login(driver, base_url, credentials):
    open_app(driver, base_url)
    login(driver, *credentials)
    driver.find_element(By.ID, "logout").click()
    wait_text(driver, "main h1", ZH["login.heading"])
    assert js(driver, "return location.hash") == "#/login"
    wait_text(driver, "#status", ZH["session.logged_out"])
    assert js(driver, "return sessionStorage.getItem('yanjian.token')") is None
    driver.get(f"{base_url}/#/overview")
    wait_text(driver, "main h1", ZH["login.heading"])
    assert js(driver, "return location.hash") == "#/login", "a guarded screen sends a signed-out user to login"


def test_a_rejected_token_ends_the_session(driver, base_url):
    open_app(driver, base_url)
    js(driver, """sessionStorage.setItem('yanjian.token', 'not-a-valid-token');
                  sessionStorage.setItem('yanjian.expires_at', '2099-01-01T00:00:00+08:00');
                  sessionStorage.setItem('yanjian.user', '{"username":"x","role":"admin"}');""")
    driver.get(f"{base_url}/#/overview")
    wait_text(driver, "main h1", ZH["login.heading"])
    wait_text(driver, "#status", ZH["session.expired"])
    assert js(driver, "return sessionStorage.getItem('yanjian.token')") is None


def test_unknown_route_shows_not_found(driver, base_url, session):
    resume_session(driver, base_url, session, "#/no-such-screen")
    wait_text(driver, "main h1", ZH["notfound.title"])


def test_no_horizontal_overflow_at_390_wide_on_login_tip_form_and_overview(driver, base_url, session):
    set_viewport(driver, 390, 844, mobile=True)
    open_app(driver, base_url)
    width = "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    scroll, client = js(driver, width)
    assert client == 390 and scroll <= client, f"login page is {scroll}px wide in a {client}px viewport"
    open_app(driver, base_url, "#/tip")
    visible(driver, "#tip-text")
    scroll, client = js(driver, width)
    assert scroll <= client, f"the public tip form is {scroll}px wide in a {client}px viewport"
    resume_session(driver, base_url, session)
    visible(driver, "#counts .stat-card")
    scroll, client = js(driver, width)
    assert scroll <= client, f"overview is {scroll}px wide in a {client}px viewport"


def test_no_console_errors_or_csp_violations(driver, base_url, credentials):
    open_app(driver, base_url)
    login(driver, *credentials)
    driver.find_element(By.CSS_SELECTOR, '.lang-switch [data-lang="en"]').click()
    wait_text(driver, "main h1", EN["overview.title"])
    driver.find_element(By.ID, "refresh").click()
    visible(driver, "#counts .stat-card")
    driver.find_element(By.ID, "logout").click()
    wait_text(driver, "main h1", EN["login.heading"])
    errors = severe_logs(driver)
    assert errors == [], "\n".join(entry["message"] for entry in errors)


def test_overview_load_time_is_recorded(driver, base_url, session, timings):
    resume_session(driver, base_url, session)
    driver.refresh()  # a cold page load of #/overview with the session in place
    visible(driver, "#counts .stat-card")
    wait(driver, lambda d: d.execute_script(
        "return performance.getEntriesByName('yanjian:overview:rendered').length > 0"))
    navigation = js(driver, """const n = performance.getEntriesByType('navigation')[0];
        const m = performance.getEntriesByName('yanjian:overview:rendered')[0];
        return { ttfb: n.responseStart, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                 rendered: m.startTime };""")
    timings.append(("overview: time to first byte", navigation["ttfb"]))
    timings.append(("overview: DOMContentLoaded", navigation["dcl"]))
    timings.append(("overview: load event", navigation["load"]))
    timings.append(("overview: data rendered (performance mark)", navigation["rendered"]))
    assert navigation["rendered"] > 0


def test_findings_screen_shows_what_the_api_serves_and_switches_kinds(driver, base_url, session):
    counts = api_get(base_url, "/findings", session["token"])["counts"]
    gangs = api_get(base_url, "/findings/gang?per_page=50", session["token"])
    resume_session(driver, base_url, session, "#/findings")
    wait_text(driver, "main h1", ZH["findings.title"])
    nav = driver.find_element(By.CSS_SELECTOR, "nav.app-nav").text
    assert ZH["nav.findings"] in nav
    tab = visible(driver, "#tab-gang")
    assert tab.get_attribute("aria-selected") == "true"
    assert f"({counts['gang']:,})" in tab.text
    rows = driver.find_elements(By.CSS_SELECTOR, "#findings-gang tbody tr:not(.empty)")
    assert [row.find_element(By.CSS_SELECTOR, "td").text for row in rows] == [item["subject"] for item in gangs["items"]]
    driver.find_element(By.ID, "tab-retailer_risk").click()
    visible(driver, "#findings-retailer_risk")
    assert js(driver, "return location.hash") == "#/findings/retailer_risk"
    current = driver.find_element(By.CSS_SELECTOR, "nav.app-nav a[aria-current='page']")
    assert current.text.strip() == ZH["nav.findings"]
    risk = api_get(base_url, "/findings/retailer_risk?per_page=50", session["token"])
    first = driver.find_elements(By.CSS_SELECTOR, "#findings-retailer_risk tbody tr:not(.empty) td")
    if risk["items"]:
        assert first[0].text == risk["items"][0]["subject"]
        assert first[4].text == (risk["items"][0]["details"].get("reasons") or [""])[0]
    else:
        assert driver.find_element(By.CSS_SELECTOR, "#findings-retailer_risk tbody tr.empty").text == ZH["findings.none"]
    errors = severe_logs(driver)
    assert errors == [], "\n".join(entry["message"] for entry in errors)


def test_warnings_screen_lists_by_level_and_filters(driver, base_url, session):
    page = api_get(base_url, "/warnings?open=true&per_page=50", session["token"])
    resume_session(driver, base_url, session, "#/warnings")
    wait_text(driver, "main h1", ZH["warnings.title"])
    assert ZH["nav.warnings"] in driver.find_element(By.CSS_SELECTOR, "nav.app-nav").text
    counts = page["counts"]["open_by_level"]
    for level in ("red", "orange", "yellow", "blue"):
        shown = text(driver, f'#level-counts [data-level="{level}"] .level-counts__value')
        assert shown == f"{counts[level]:,}"
    links = driver.find_elements(By.CSS_SELECTOR, "#warnings-list a.warning-link")
    assert [link.get_attribute("data-id") for link in links] == [str(item["id"]) for item in page["items"]]
    assert page["items"], "the analysed test world raises warnings"
    first_level = page["items"][0]["level"]
    badge = driver.find_element(By.CSS_SELECTOR, "#warnings-list tbody tr .level").text.split()
    assert badge[-1] == ZH[f"level.{first_level}"], "a level reads as icon plus words, never colour alone"
    feedback = api_get(base_url, "/warnings/feedback", session["token"])
    assert len(driver.find_elements(By.CSS_SELECTOR, "#warning-feedback .feedback-levels tbody tr:not(.empty)")) == len(feedback["by_level"])
    driver.find_element(By.CSS_SELECTOR, "#filter-level option[value='blue']").click()
    wait(driver, lambda d: all(b.text.split()[-1] == ZH["level.blue"]
                               for b in d.find_elements(By.CSS_SELECTOR, "#warnings-list tbody tr .level")), message="blue filter")
    errors = severe_logs(driver)
    assert errors == [], "\n".join(entry["message"] for entry in errors)


def test_a_warning_is_worked_from_acknowledgement_to_a_confirmed_field_report(driver, base_url, session):
    page = api_get(base_url, "/warnings?status=new&per_page=200", session["token"])
    located = [item for item in page["items"] if item["lat"] is not None]
    target = None
    for item in located:
        detail = api_get(base_url, f"/warnings/{item['id']}", session["token"])
        if any(unit["suggested"] for unit in detail["units"]):
            target, suggested = item, [unit["unit_id"] for unit in detail["units"] if unit["suggested"]]
            break
    assert target, "the test world has a located warning with a free unit nearby"
    resume_session(driver, base_url, session, f"#/warnings/{target['id']}")
    wait_text(driver, "main h1", ZH["warnings.detail_title"].replace("{id}", str(target["id"])))
    assert text(driver, "#warning-status") == ZH["warning.status.new"]
    checked = [box.get_attribute("data-unit") for box in driver.find_elements(By.CSS_SELECTOR, "#warning-units .unit-pick")
               if box.is_selected()]
    assert checked == suggested
    visible(driver, "#to-acknowledged").click()
    wait_text(driver, "#warning-status", ZH["warning.status.acknowledged"])
    driver.find_element(By.ID, "action-note").send_keys("联合检查")
    visible(driver, "#dispatch-button").click()
    wait_text(driver, "#warning-status", ZH["warning.status.dispatched"])
    rows = driver.find_elements(By.CSS_SELECTOR, "#warning-dispatches tbody tr:not(.empty)")
    assert len(rows) == len(suggested)
    visible(driver, "#warning-dispatches button[data-to='arrived']").click()
    wait_text(driver, "#warning-status", ZH["warning.status.on_site"])
    visible(driver, "#warning-dispatches button[data-result='confirmed']").click()
    wait_text(driver, "#warning-status", ZH["warning.status.confirmed"])
    detail = api_get(base_url, f"/warnings/{target['id']}", session["token"])
    assert detail["warning"]["status"] == "confirmed"
    actions = [event["action"] for event in detail["events"]]
    assert actions[0] == "raised" and "dispatch.reported" in actions
    items = driver.find_elements(By.CSS_SELECTOR, "#warning-timeline li")
    assert len(items) == len(detail["events"])

    # The confirmed warning becomes a case; evidence goes in content-addressed; the case goes to the police.
    visible(driver, "#case-value").send_keys("96000")
    driver.find_element(By.ID, "case-sticks").send_keys("240000")
    driver.find_element(By.ID, "open-case-submit").click()
    wait_text(driver, "#case-status", "立案")
    case_no = js(driver, "return decodeURIComponent(location.hash.split('/')[2])")
    assert "情节严重" in text(driver, "#case-threshold")
    task_rows = driver.find_elements(By.CSS_SELECTOR, "#case-tasks tbody tr:not(.empty)")
    assert len(task_rows) == 5, "the 非法经营 template"
    driver.find_element(By.CSS_SELECTOR, "#case-tasks .task-done").click()
    wait(driver, lambda d: api_get(base_url, f"/cases/{quote(case_no)}", session["token"])["tasks"][0]["done"], message="task done")
    visible(driver, "#case-tasks .task-done")
    photo = Path(tempfile.mkdtemp()) / "库房.jpg"
    photo.write_bytes(b"stockroom photo bytes")
    driver.find_element(By.ID, "evidence-file").send_keys(str(photo))
    driver.find_element(By.ID, "evidence-upload").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#case-evidence tbody tr:not(.empty)"), message="evidence row")
    stored = api_get(base_url, f"/cases/{quote(case_no)}", session["token"])["evidence"]
    assert stored[0]["sha256"] == hashlib.sha256(b"stockroom photo bytes").hexdigest()
    assert text(driver, "#case-evidence tbody tr td:nth-child(4)").startswith(stored[0]["sha256"][:16])
    # A camera evidence package for a flagged plate joins the evidence, hashed like the photo.
    plates = api_get(base_url, "/findings/cloned_plate?per_page=5", session["token"])["items"] \
        + api_get(base_url, "/findings/night_vehicle?per_page=5", session["token"])["items"]
    assert plates, "the test world flags a vehicle"
    driver.find_element(By.ID, "package-plate").send_keys(plates[0]["subject"])
    driver.find_element(By.ID, "package-add").click()
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#case-evidence tbody tr:not(.empty)")) == 2, message="package stored")
    kinds = [item["kind"] for item in api_get(base_url, f"/cases/{quote(case_no)}", session["token"])["evidence"]]
    assert kinds == ["photo", "camera_package"]
    # To the police, unless the case is already theirs (a vehicle warning is led by the police).
    held = api_get(base_url, f"/cases/{quote(case_no)}", session["token"])["case"]["department"]
    receiver = "market_regulation" if held == "公安" else "police"
    driver.find_element(By.CSS_SELECTOR, f"#transfer-department option[value='{receiver}']").click()
    driver.find_element(By.ID, "case-note").send_keys("案值超过 5 万元")
    driver.find_element(By.ID, "transfer-submit").click()
    wait_text(driver, "#case-transfers tbody tr td:nth-child(5)", ZH["transfer.status.pending"])

    # The transfer letter is filled from the case, its evidence (with hashes) and the transfer.
    driver.find_element(By.ID, "print-transfer").click()
    visible(driver, "#case-document[data-doc='transfer']")
    assert ("公安局" if receiver == "police" else "市场监督管理局") in text(driver, "#doc-addressee")
    assert stored[0]["sha256"] in text(driver, "#doc-evidence")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not driver.find_element(By.CSS_SELECTOR, ".app-header").is_displayed(), "on paper only the document"
    assert driver.find_element(By.ID, "case-document").is_displayed()
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    driver.find_element(By.ID, "doc-approval").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#case-document[data-doc='approval']"), message="approval form")
    assert text(driver, "#doc-case-no") == case_no
    errors = severe_logs(driver)
    assert errors == [], "\n".join(entry["message"] for entry in errors)


def test_public_tip_page_gives_a_receipt_that_opens_a_two_way_thread(driver, base_url, session):
    open_app(driver, base_url, "#/tip")
    wait_text(driver, "main h1", ZH["tip.heading"])
    assert not driver.find_elements(By.CSS_SELECTOR, "nav.app-nav"), "the public page needs no account"
    assert driver.find_element(By.ID, "tip-phone").get_attribute("disabled") is not None, "anonymous by default"
    driver.find_element(By.ID, "tip-text").send_keys("短")
    driver.find_element(By.ID, "tip-submit").click()
    wait(driver, lambda d: d.find_element(By.ID, "tip-text").get_attribute("aria-invalid") == "true", message="too short")
    text_box = driver.find_element(By.ID, "tip-text")
    text_box.clear()
    unique = js(driver, "return String(Date.now())")
    text_box.send_keys(f"浏览器测试：某便利店夜里往面包车上搬整箱卷烟 {unique}")
    driver.find_element(By.ID, "tip-address").send_keys("陕西省西安市雁塔区长安南路")
    photo = Path(tempfile.mkdtemp()) / "现场.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 browser test photo")
    driver.find_element(By.ID, "tip-photo").send_keys(str(photo))
    driver.find_element(By.ID, "tip-submit").click()
    receipt = visible(driver, "#tip-receipt").text.strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", receipt)

    driver.find_element(By.ID, "to-follow").click()
    visible(driver, "#follow-receipt").send_keys(receipt.lower())
    driver.find_element(By.ID, "follow-submit").click()
    wait(driver, lambda d: d.find_elements(By.ID, "follow-result"), message="follow-up shown")
    assert ZH["tip.status.received"] in text(driver, "#follow-result")

    tips = api_get(base_url, "/records/tips?per_page=200", session["token"])["items"]
    tip_id = next(item["tip_id"] for item in tips if unique in (item.get("text") or ""))
    api_post(base_url, f"/tips/{tip_id}/messages", session["token"], {"body": "请问面包车的车牌？"})
    driver.find_element(By.ID, "follow-submit").click()
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#follow-messages li")) == 1, message="officer question")
    driver.find_element(By.ID, "follow-reply").send_keys("陕A·5D844")
    driver.find_element(By.ID, "reply-submit").click()
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#follow-messages li")) == 2, message="reply shown")
    thread = api_get(base_url, f"/tips/{tip_id}", session["token"])["public"]["messages"]
    assert [message["sender"] for message in thread] == ["officer", "tipster"]

    # The officers' side: the tip's page shows the thread, takes a question and sets the status.
    resume_session(driver, base_url, session, f"#/tips/{tip_id}")
    wait_text(driver, "main h1", ZH["tips.detail_title"].replace("{id}", tip_id))
    assert unique in text(driver, "#tip-text-shown")
    messages = driver.find_elements(By.CSS_SELECTOR, "#tip-messages li")
    assert len(messages) == 2
    assert ZH["tips.sender.officer"] in messages[0].text and ZH["tips.sender.tipster"] in messages[1].text
    driver.find_element(By.ID, "tip-message").send_keys("谢谢，请问大约几点？")
    driver.find_element(By.ID, "tip-message-send").click()
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#tip-messages li")) == 3, message="question sent")
    driver.find_element(By.CSS_SELECTOR, "#tip-status option[value='verified']").click()
    driver.find_element(By.ID, "tip-status-save").click()
    wait(driver, lambda d: api_get(base_url, f"/tips/{tip_id}", session["token"])["public"]["status"] == "verified", message="status saved")
    errors = severe_logs(driver)
    assert errors == [], "\n".join(entry["message"] for entry in errors)


def test_command_map_draws_offline_outlines_with_warnings_and_units(driver, base_url, session, timings):
    page = api_get(base_url, "/warnings?open=true&per_page=200", session["token"])
    located = [item for item in page["items"] if item["lat"] is not None]
    units = api_get(base_url, "/units", session["token"])["items"]
    resume_session(driver, base_url, session, "#/overview")
    started = time.monotonic()
    driver.get(f"{base_url}/#/map")
    wait_text(driver, "main h1", ZH["map.title"])
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#command-map path.map__area")) >= 34, message="province outlines")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#command-map path.map__area--city"), message="city outlines")
    timings.append(("map: outlines and points drawn (from navigation, incl. WebDriver polling)", (time.monotonic() - started) * 1000))
    points = driver.find_elements(By.CSS_SELECTOR, "#command-map circle[data-layer='warnings']")
    assert len(points) == len(located)
    assert len(driver.find_elements(By.CSS_SELECTOR, "#command-map circle[data-layer='units']")) == len(units)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#command-map path.map__area--city"),
         message="the view fitted to the points shows city outlines")
    before = len(driver.find_elements(By.CSS_SELECTOR, "#command-map path.map__area"))
    for _ in range(3):
        driver.find_element(By.ID, "map-zoom-out").click()
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#command-map path.map__area")) != before, message="zoom changes detail")
    driver.find_element(By.ID, "map-level-blue").click()
    blue = sum(1 for item in located if item["level"] == "blue")
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#command-map circle[data-layer='warnings']")) == len(located) - blue,
         message="level filter")
    # Live: a warning dismissed elsewhere leaves the map within seconds (pushed; the fallback poll is 30 s).
    movable = [item for item in located if item["level"] != "blue" and item["status"] in ("new", "acknowledged")]
    if len(movable) >= 2:
        gone = movable[-1]
        visible(driver, "#command-map[data-live='true']")
        api_post(base_url, f"/warnings/{gone['id']}/status", session["token"], {"to": "dismissed", "note": "浏览器测试"})
        wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, f"#command-map circle[data-id='w{gone['id']}']"),
             timeout=8, message="the dismissed warning disappears without a reload")
        located = [item for item in located if item["id"] != gone["id"]]
    driver.find_element(By.ID, "map-level-blue").click()
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#command-map circle[data-layer='warnings']")) == len(located),
         message="blue shown again")
    shops = api_get(base_url, "/map/retailers", session["token"])["items"]
    assert len(driver.find_elements(By.CSS_SELECTOR, "#command-map circle[data-layer='retailers']")) == len(shops)
    if shops:
        js(driver, "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
           driver.find_element(By.CSS_SELECTOR, f"#command-map circle[data-id='r{shops[0]['licence_no']}']"))
        assert visible(driver, "#panel-dossier").get_attribute("href").endswith(f"#/retailers/{shops[0]['licence_no']}")
    # A unit's radio report: resting, then free again (the map redraws from the pushed change).
    unit = next(item for item in units if item["status"] == "空闲")
    js(driver, "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
       driver.find_element(By.CSS_SELECTOR, f"#command-map circle[data-id='u{unit['unit_id']}']"))
    visible(driver, "#panel-unit-status button[data-unit-status='休整']").click()
    wait(driver, lambda d: next(item for item in api_get(base_url, "/units", session["token"])["items"]
                                if item["unit_id"] == unit["unit_id"])["status"] == "休整", message="unit resting")
    api_post(base_url, f"/units/{quote(unit['unit_id'])}", session["token"], {"status": "空闲"})
    if located:
        first = located[0]
        js(driver, "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
           driver.find_element(By.CSS_SELECTOR, f"#command-map circle[data-id='w{first['id']}']"))
        assert text(driver, "#panel-reason") == first["reason"]
        driver.find_element(By.ID, "panel-open").click()
        wait(driver, lambda d: js(d, "return location.hash") == f"#/warnings/{first['id']}", message="opens the warning")
    errors = severe_logs(driver)
    assert errors == [], "\n".join(entry["message"] for entry in errors)


def test_assistance_requests_are_answered_from_the_cases_screen(driver, base_url, session):
    subject = f"浏览器测试：核实收件地址 {time.time_ns() % 1_000_000}"  # short: long digit runs are masked
    api_post(base_url, "/assistance", session["token"],
             {"to_adcode": "610000", "kind": "verify_address", "subject": subject, "details": "西安市雁塔区长安南路 1 号是否为仓库"})
    request = next(item for item in api_get(base_url, "/assistance?direction=incoming", session["token"])["items"] if item["subject"] == subject)
    resume_session(driver, base_url, session, "#/cases")
    visible(driver, "#assistance")
    assert subject in text(driver, "#assistance .assistance-in")
    driver.find_element(By.CSS_SELECTOR, f"#assistance button[data-assistance='{request['id']}'][data-to='accepted']").click()
    wait(driver, lambda d: next(item for item in api_get(base_url, "/assistance?direction=incoming", session["token"])["items"]
                                if item["id"] == request["id"])["status"] == "accepted", message="accepted")
    visible(driver, f"#assistance-answer-{request['id']}").send_keys("该址为小区住宅，非仓库")
    driver.find_element(By.CSS_SELECTOR, f"#assistance button[data-assistance='{request['id']}'][data-to='done']").click()
    wait(driver, lambda d: next(item for item in api_get(base_url, "/assistance?direction=incoming", session["token"])["items"]
                                if item["id"] == request["id"])["answer"] == "该址为小区住宅，非仓库", message="answered")
    errors = severe_logs(driver)
    assert errors == [], "\n".join(entry["message"] for entry in errors)


def test_field_page_on_a_phone_reports_arrival_and_the_result(driver, base_url, session):
    units = [unit for unit in api_get(base_url, "/units", session["token"])["items"] if unit["available"]]
    page = api_get(base_url, "/warnings?status=new&per_page=200", session["token"])
    target = next(item for item in page["items"] if item["lat"] is not None)
    unit = units[0]["unit_id"]
    api_post(base_url, f"/units/{unit}/members", session["token"], {"username": session["user"]["username"]})
    dispatch = api_post(base_url, f"/warnings/{target['id']}/dispatch", session["token"], {"unit_ids": [unit]})["dispatches"]
    dispatch_id = next(item["id"] for item in dispatch if item["unit_id"] == unit)
    set_viewport(driver, 390, 844, mobile=True)
    resume_session(driver, base_url, session, "#/field")
    wait_text(driver, "main h1", ZH["field.title"])
    card = visible(driver, f".field-card[data-dispatch='{dispatch_id}']")
    assert target["reason"] in card.text
    scroll, client = js(driver, "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client, f"the field page is {scroll}px wide on a {client}px phone"
    driver.find_element(By.CSS_SELECTOR, f"button[data-dispatch='{dispatch_id}'][data-to='arrived']").click()
    visible(driver, f"button[data-dispatch='{dispatch_id}'][data-result='confirmed']")
    with tempfile.NamedTemporaryFile(suffix=".jpg", delete=False) as photo:
        photo.write(b"\xff\xd8\xff\xe0 back-room photo taken in the field")
    driver.find_element(By.ID, f"field-photo-{dispatch_id}").send_keys(photo.name)
    wait_text(driver, "#status", ZH["field.photo_saved"])
    kept = api_get(base_url, f"/warnings/{target['id']}", session["token"])["field_evidence"]
    assert [item["dispatch_id"] for item in kept] == [dispatch_id], "the photo is kept with the warning and its dispatch"
    assert kept[0]["sha256"] == hashlib.sha256(Path(photo.name).read_bytes()).hexdigest()
    visible(driver, f"button[data-dispatch='{dispatch_id}'][data-result='confirmed']")
    driver.find_element(By.ID, f"field-note-{dispatch_id}").send_keys("后仓查获无来源卷烟")
    driver.find_element(By.CSS_SELECTOR, f"button[data-dispatch='{dispatch_id}'][data-result='confirmed']").click()
    wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, f".field-card[data-dispatch='{dispatch_id}']"), message="reported")
    assert api_get(base_url, f"/warnings/{target['id']}", session["token"])["warning"]["status"] == "confirmed"
    errors = severe_logs(driver)
    assert errors == [], "\n".join(entry["message"] for entry in errors)


def test_dossier_shows_every_section_proposes_a_listing_and_prints(driver, base_url, session):
    top = api_get(base_url, "/findings/retailer_risk?per_page=1", session["token"])["items"][0]
    licence = top["subject"]
    data = api_get(base_url, f"/retailers/{licence}/dossier", session["token"])
    resume_session(driver, base_url, session, "#/findings/retailer_risk")
    visible(driver, f".findings-table a.dossier-link[href='#/retailers/{licence}']").click()
    wait(driver, lambda d: d.find_elements(By.ID, "dossier-summary"), message="dossier")
    assert data["retailer"]["name"] in text(driver, "main h1")
    assert text(driver, "#dossier-licence") == licence
    assert text(driver, "#dossier-score").replace(",", "") != ""
    assert len(driver.find_elements(By.CSS_SELECTOR, "#dossier-reasons li")) == len(data["risk"]["details"]["reasons"])
    context = data["risk"]["details"].get("context") or {}
    if context:
        line = text(driver, "#dossier-context")
        if "return_share" in context:
            assert f"{round(context['return_share'] * 100, 1):g}" in line.replace(",", ""), line
        assert ("logistics_park_km" in context) == ("物流园" in line or "logistics park" in line), line
    if data["months"]:
        lines = driver.find_elements(By.CSS_SELECTOR, "#dossier-volumes polyline.chart__line")
        assert len(lines) == 2, "ordered and sold"
    for section in ("dossier-brands", "dossier-list-entries", "dossier-cases", "dossier-warnings", "dossier-tips", "dossier-gangs",
                    "dossier-cameras"):
        assert driver.find_element(By.ID, section).is_displayed(), section

    live = [entry for entry in data["lists"] if entry["status"] in ("proposed", "active")]
    kind = "grey" if not live else None
    if kind:
        driver.find_element(By.CSS_SELECTOR, "#list-kind option[value='grey']").click()
        visible(driver, "#list-note").send_keys("浏览器测试：夜间多次装卸")
        driver.find_element(By.ID, "list-propose-submit").click()
        wait_text(driver, "#status", ZH["lists.proposed"])
        entries = api_get(base_url, f"/lists?licence_no={licence}", session["token"])["items"]
        mine = next(entry for entry in entries if entry["reasons"] == ["浏览器测试：夜间多次装卸"])
        assert mine["status"] == "proposed" and mine["proposed_by"] == session["user"]["username"]
        row = visible(driver, f"#dossier-list-entries button[data-entry='{mine['id']}'][data-decision='reject']")
        assert not driver.find_elements(By.CSS_SELECTOR, f"button[data-entry='{mine['id']}'][data-decision='approve']"), \
            "nobody approves their own proposal"
        assert ZH["lists.four_eyes"] in text(driver, "#dossier-list-entries")
        assert row.is_displayed()

    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not driver.find_element(By.CSS_SELECTOR, ".app-nav").is_displayed(), "no navigation on paper"
    assert not driver.find_element(By.ID, "dossier-print").is_displayed()
    assert not driver.find_elements(By.CSS_SELECTOR, "#list-propose") or not driver.find_element(By.ID, "list-propose").is_displayed()
    assert driver.find_element(By.ID, "dossier-risk").is_displayed() and driver.find_element(By.ID, "dossier-cameras").is_displayed()
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    errors = severe_logs(driver)
    assert errors == [], "\n".join(entry["message"] for entry in errors)


def test_lists_page_runs_the_rules_and_approves_a_proposal(driver, base_url, session):
    resume_session(driver, base_url, session, "#/lists")
    wait_text(driver, "main h1", ZH["lists.title"])
    visible(driver, "#lists-run").click()
    wait_text(driver, "#status", ZH["lists.rules_done"])
    proposed = api_get(base_url, "/lists?status=proposed&per_page=200", session["token"])["items"]
    entry = next(item for item in proposed if item["source"] == "rules")
    button = visible(driver, f".list-entries button[data-entry='{entry['id']}'][data-decision='approve']")
    link = driver.find_element(By.CSS_SELECTOR, f".list-entries a[href='#/retailers/{entry['licence_no']}']")
    assert link.is_displayed()
    button.click()
    wait(driver, lambda d: api_get(base_url, f"/lists/{entry['id']}", session["token"])["entry"]["status"] == "active", message="approved")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#lists-status option[value='active']"), message="filters")[0].click()
    visible(driver, f".list-entries button[data-entry='{entry['id']}'][data-decision='remove']")
    errors = severe_logs(driver)
    assert errors == [], "\n".join(entry["message"] for entry in errors)


def test_global_search_from_the_header_finds_a_shop_and_opens_its_dossier(driver, base_url, session):
    shop = api_get(base_url, "/findings/retailer_risk?per_page=1", session["token"])["items"][0]["subject"]
    resume_session(driver, base_url, session, "#/overview")
    visible(driver, "#global-search").send_keys(f"  {shop} " + Keys.ENTER)
    wait_text(driver, "main h1", ZH["search.title"])
    assert ZH["search.form.licence_no"] in text(driver, "#search-read-as")
    visible(driver, f"#search-retailer a[href='#/retailers/{shop}']").click()
    wait(driver, lambda d: d.find_elements(By.ID, "dossier-summary"), message="dossier")
    errors = severe_logs(driver)
    assert errors == [], "\n".join(entry["message"] for entry in errors)


def test_admin_creates_and_disables_a_user_and_verifies_the_audit_chain(driver, base_url, session):
    name = f"browser.{int(time.time())}"
    resume_session(driver, base_url, session, "#/admin/users")
    wait_text(driver, "main h1", ZH["admin.users_title"])
    visible(driver, "#new-username").send_keys(name)
    driver.find_element(By.ID, "new-password").send_keys("a long enough password")
    driver.find_element(By.CSS_SELECTOR, "#new-role option[value='investigator']").click()
    # A district inside the admin's own jurisdiction (an admin creates accounts only there).
    own = api_get(base_url, "/me", session["token"])["jurisdiction"].rstrip("0")
    area = "3707" if own in ("", "*") else own if len(own) >= 4 else (own + "01")[:4]
    driver.find_element(By.ID, "new-jurisdiction").send_keys(area)
    driver.find_element(By.ID, "user-create-submit").click()
    button = visible(driver, f".user-list button[data-user='{name}'][data-action='disable']")
    user = next(item for item in api_get(base_url, "/users", session["token"])["items"] if item["username"] == name)
    assert user["role"] == "investigator" and user["jurisdiction"].startswith(area) and not user["disabled"]
    button.click()
    visible(driver, f".user-list button[data-user='{name}'][data-action='enable']")
    assert next(item for item in api_get(base_url, "/users", session["token"])["items"] if item["username"] == name)["disabled"]

    driver.find_element(By.CSS_SELECTOR, "nav.app-nav a[href='#/admin/audit']").click()
    wait_text(driver, "main h1", ZH["admin.audit_title"])
    assert "user.disable" in text(driver, ".audit-list")
    visible(driver, "#audit-verify").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#audit-verify-result [data-ok='true']"), message="chain verified")
    errors = severe_logs(driver)
    assert errors == [], "\n".join(entry["message"] for entry in errors)


def test_unmasking_asks_for_a_purpose_and_the_header_says_so(driver, base_url, credentials):
    username, password = credentials
    open_app(driver, base_url)
    login(driver, username, password)
    privacy = visible(driver, "#privacy-state")
    assert privacy.text.strip() == ZH["header.unmask"]
    privacy.click()
    wait_text(driver, "main h1", ZH["unmask.title"])
    driver.find_element(By.ID, "unmask-submit").click()
    assert js(driver, "return document.getElementById('unmask-purpose').validity.valid") is False, "a purpose is required"
    visible(driver, "#unmask-purpose").send_keys("浏览器测试：核对当事人身份")
    driver.find_element(By.CSS_SELECTOR, "#unmask-minutes option[value='15']").click()
    driver.find_element(By.ID, "unmask-submit").click()
    wait_text(driver, "#privacy-state", ZH["header.unmasked"])
    token = js(driver, "return sessionStorage.getItem('yanjian.token')")
    assert api_get(base_url, "/me", token)["unmasked"] is True
    trail = api_get(base_url, "/audit?limit=20", token)["items"]
    assert any(entry["action"] == "privacy.unmask" and "浏览器测试" in entry["details"] for entry in trail)
    errors = severe_logs(driver)
    assert errors == [], "\n".join(entry["message"] for entry in errors)


def test_dossier_fits_a_phone(driver, base_url, session):
    shop = api_get(base_url, "/findings/retailer_risk?per_page=1", session["token"])["items"][0]["subject"]
    set_viewport(driver, 390, 844, mobile=True)
    resume_session(driver, base_url, session, f"#/retailers/{shop}")
    visible(driver, "#dossier-cameras")
    scroll, client = js(driver, "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client, f"the dossier is {scroll}px wide on a {client}px phone"
    errors = severe_logs(driver)
    assert errors == [], "\n".join(entry["message"] for entry in errors)


def test_imports_page_uploads_a_file_and_shows_its_report(driver, base_url, session):
    suffix = int(time.time()) % 100000
    rows = [
        "licence_no,name,owner_name,owner_id_no,phone,address,adcode,lat,lon,business_type,status,issued_on,expires_on,credit_code,accounts",
        f"6101139{suffix:05d},浏览器测试便利店,测试,,13800000000,陕西省西安市雁塔区测试路1号,610113,34.2,108.9,便利店,有效,2024-01-01,,,",
        f"6101138{suffix:05d},,缺店名,,13800000001,陕西省西安市雁塔区测试路2号,610113,34.2,108.9,便利店,有效,2024-01-01,,,",
    ]
    path = Path(tempfile.mkdtemp()) / "retailers.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    resume_session(driver, base_url, session, "#/imports")
    wait_text(driver, "main h1", ZH["imports.title"])
    driver.find_element(By.ID, "import-file").send_keys(str(path))
    assert driver.find_element(By.ID, "import-kind").get_attribute("value") == "retailers.csv", "the type follows the file name"
    driver.find_element(By.ID, "import-submit").click()
    report = visible(driver, "#import-report")
    assert text(driver, ".import-files tbody tr td:nth-child(3)") == "1"
    assert "name" in text(driver, ".import-rejects tbody")
    batch = int(report.get_attribute("data-batch"))
    assert any(item["id"] == batch for item in api_get(base_url, "/imports", session["token"])["items"])
    errors = severe_logs(driver)
    assert errors == [], "\n".join(entry["message"] for entry in errors)
