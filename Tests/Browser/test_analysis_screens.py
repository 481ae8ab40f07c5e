"""The analysis screens in headless Chromium: a vehicle's track and its time window, the link-analysis
graph (expand, filter, export, 2,000 nodes animating, keyboard selection)."""

import time
from urllib.parse import quote

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser import api_get, load_dictionary, resume_session, severe_logs, visible, wait, wait_text

ZH = load_dictionary("zh-CN")


def text(driver, css):
    return driver.find_element(By.CSS_SELECTOR, css).text.strip()


def no_console_errors(driver):
    errors = severe_logs(driver)
    assert errors == [], "\n".join(entry["message"] for entry in errors)


def test_vehicle_page_draws_the_track_from_a_finding(driver, base_url, session):
    night = api_get(base_url, "/findings/night_vehicle?per_page=1", session["token"])["items"]
    if not night:
        night = api_get(base_url, "/findings/cloned_plate?per_page=1", session["token"])["items"]
    plate = night[0]["subject"]
    data = api_get(base_url, f"/vehicles/{quote(plate)}", session["token"])
    resume_session(driver, base_url, session, "#/findings/night_vehicle")
    visible(driver, f".findings-table a.vehicle-link[href='#/vehicles/{quote(plate)}']").click()
    wait_text(driver, "main h1", plate)
    assert text(driver, "#vehicle-reads").replace(",", "") == str(data["reads"])
    located = [point for point in data["points"] if point["lat"] is not None]
    if len(located) > 1:
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#vehicle-map polyline.map__track-line"), message="track")
        assert len(driver.find_elements(By.CSS_SELECTOR, "#vehicle-map circle.map__point")) == len(located)
    assert len(driver.find_elements(By.CSS_SELECTOR, ".vehicle-read-list tbody tr")) == min(200, len(data["points"]))
    no_console_errors(driver)


def test_link_analysis_shows_a_ring_expands_it_finds_a_chain_and_exports(driver, base_url, session):
    shop = api_get(base_url, "/findings/retailer_risk?per_page=1", session["token"])["items"][0]["subject"]
    resume_session(driver, base_url, session, f"#/graph?entity=licence_no:{shop}")
    wait_text(driver, "main h1", ZH["graph.title"])
    wait(driver, lambda d: int(d.find_element(By.CSS_SELECTOR, ".graph__canvas").get_attribute("data-nodes") or 0) > 1, message="ring drawn")
    before = int(driver.find_element(By.CSS_SELECTOR, ".graph__canvas").get_attribute("data-nodes"))
    driver.find_element(By.CSS_SELECTOR, "#graph-table summary").click()
    buttons = driver.find_elements(By.CSS_SELECTOR, "#graph-table button[data-expand^='x:'], #graph-table button[data-expand^='phone:']")
    target = buttons[0] if buttons else driver.find_elements(By.CSS_SELECTOR, "#graph-table button[data-expand]")[-1]
    target.click()
    wait(driver, lambda d: int(d.find_element(By.CSS_SELECTOR, ".graph__canvas").get_attribute("data-nodes")) >= before, message="expanded")
    # Hiding every link kind leaves no links in the table.
    for box in driver.find_elements(By.CSS_SELECTOR, ".graph-filters input[type='checkbox']"):
        box.click()
    wait_text(driver, "#graph-counts", "0")
    assert not driver.find_elements(By.CSS_SELECTOR, "#graph-table tbody tr button")
    for button in ("export-graphml", "export-gexf", "export-i2", "export-png"):
        driver.find_element(By.ID, button).click()
    no_console_errors(driver)


def test_graph_of_2000_nodes_animates(driver, base_url, session):
    resume_session(driver, base_url, session, "#/graph?demo=2000")
    canvas = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".graph__canvas[data-nodes='2000']"), message="2,000 nodes")[0]
    start = int(canvas.get_attribute("data-frames"))
    time.sleep(1.5)
    assert int(canvas.get_attribute("data-frames")) > start, "the layout keeps drawing frames"
    no_console_errors(driver)


def test_vehicle_time_window_narrows_the_track_and_the_reads(driver, base_url, session):
    plate = None
    for kind in ("night_vehicle", "cloned_plate", "convoy"):
        for item in api_get(base_url, f"/findings/{kind}?per_page=5", session["token"])["items"]:
            subject = item["subject"].split("|")[0]
            if len(api_get(base_url, f"/vehicles/{quote(subject)}", session["token"])["points"]) >= 3:
                plate = subject
                break
        if plate:
            break
    assert plate, "the demo world has a flagged vehicle with at least three reads"
    data = api_get(base_url, f"/vehicles/{quote(plate)}", session["token"])
    resume_session(driver, base_url, session, f"#/vehicles/{quote(plate)}")
    wait_text(driver, "main h1", plate)
    everything = min(200, len(data["points"]))
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".vehicle-read-list tbody tr")) == everything, message="all reads")
    # The keyboard moves a range input: Home takes the window's end back to the first read.
    visible(driver, "#vehicle-to").send_keys(Keys.HOME)
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".vehicle-read-list tbody tr")) == 1, message="one read in the window")
    assert len(driver.find_elements(By.CSS_SELECTOR, "#vehicle-map circle.map__point")) <= 1
    assert not driver.find_elements(By.CSS_SELECTOR, "#vehicle-map polyline.map__track-line")
    assert "1" in text(driver, "#vehicle-window-text")
    driver.find_element(By.ID, "vehicle-to").send_keys(Keys.END)
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".vehicle-read-list tbody tr")) == everything, message="window reopened")
    no_console_errors(driver)


def test_graph_nodes_are_selected_and_expanded_from_the_keyboard(driver, base_url, session):
    shop = api_get(base_url, "/findings/retailer_risk?per_page=1", session["token"])["items"][0]["subject"]
    resume_session(driver, base_url, session, f"#/graph?entity=licence_no:{shop}")
    canvas = wait(driver, lambda d: [c for c in d.find_elements(By.CSS_SELECTOR, ".graph__canvas")
                                     if int(c.get_attribute("data-nodes") or 0) > 1], message="ring drawn")[0]
    before = int(canvas.get_attribute("data-nodes"))
    hint = driver.find_element(By.ID, canvas.get_attribute("aria-describedby"))
    assert hint.get_attribute("textContent") == ZH["graph.keys_hint"]
    driver.execute_script("arguments[0].focus()", canvas)
    canvas.send_keys(Keys.ARROW_RIGHT)
    wait(driver, lambda d: d.find_elements(By.ID, "panel-kind"), message="the details of the first node")
    first = text(driver, "#graph-panel h2")
    announced = driver.find_element(By.ID, "graph-announce").get_attribute("textContent")
    assert first and first in announced
    canvas.send_keys(Keys.ARROW_RIGHT)
    wait(driver, lambda d: text(d, "#graph-panel h2") != first, message="the next node")
    canvas.send_keys(Keys.ARROW_LEFT)
    wait_text(driver, "#graph-panel h2", first)
    calls = "return performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/graph/')).length"
    asked = driver.execute_script(calls)
    canvas.send_keys(Keys.ENTER)
    wait(driver, lambda d: d.execute_script(calls) > asked, message="Enter asks for the node's neighbourhood")
    wait(driver, lambda d: int(canvas.get_attribute("data-nodes")) >= before, message="expanded")
    canvas.send_keys(Keys.ESCAPE)
    wait(driver, lambda d: not d.find_elements(By.ID, "panel-kind"), message="selection cleared")
    assert driver.find_element(By.ID, "graph-announce").get_attribute("textContent") == ZH["graph.selection_cleared"]
    no_console_errors(driver)


def test_identity_decision_is_recorded_from_the_path_fields_and_revoked(driver, base_url, session):
    import random
    a, b = f"phone:139{random.randint(10**7, 10**8 - 1)}", f"phone:138{random.randint(10**7, 10**8 - 1)}"
    resume_session(driver, base_url, session, "#/graph")
    wait_text(driver, "main h1", ZH["graph.title"])
    visible(driver, "#graph-identity summary").click()
    driver.find_element(By.ID, "path-from").send_keys(a)
    driver.find_element(By.ID, "path-to").send_keys(b)
    visible(driver, "#identity-merge").click()
    wait_text(driver, "#status", ZH["identity.need_reason"])
    driver.find_element(By.ID, "identity-reason").send_keys("微信实名与机主一致")
    driver.find_element(By.ID, "identity-merge").click()
    wait_text(driver, "#status", "#")
    decision = next(item for item in api_get(base_url, "/entities/decisions", session["token"])["items"]
                    if item["reason"] == "微信实名与机主一致" and item["active"])
    row = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f"#identity-list button[data-revoke='{decision['id']}']"), message="row")[0]
    # Revoking needs a reason too; then the row leaves the list and the history keeps it.
    driver.find_element(By.ID, "identity-reason").send_keys("复核不成立")
    row.click()
    wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, f"#identity-list button[data-revoke='{decision['id']}']"), message="revoked")
    history = api_get(base_url, "/entities/decisions?all=true", session["token"])["items"]
    assert any(item["id"] == decision["id"] and not item["active"] and item["revoke_reason"] == "复核不成立" for item in history)
    no_console_errors(driver)
