"""Saves one PNG per screen at 1366×768 (login.png, tip.png, overview.png, findings-*.png, map.png, warnings.png, warning-detail.png, cases.png, case-detail.png, case-transfer-letter.png, tips.png, tip-detail.png, dossier.png, graph-gang.png, graph-identity.png, findings-person_match.png, lists.png, vehicle.png, audit.png, users.png, imports.png, search.png) for docs/screenshots/.

Usage: YANJIAN_URL=… YANJIAN_USER=… YANJIAN_PASSWORD=… python3 Tests/Browser/take_screenshots.py [OUT_DIR]
Optional: YANJIAN_SCREENSHOT_LANG=en for English, YANJIAN_SCREENSHOT_WIDTH/HEIGHT for another size."""

import os
import time
import sys
from pathlib import Path

from browser import ROOT, login, make_driver, open_app, visible, wait


def main():
    missing = [name for name in ("YANJIAN_URL", "YANJIAN_USER", "YANJIAN_PASSWORD") if not os.environ.get(name)]
    if missing:
        sys.exit(f"missing environment: {', '.join(missing)}")
    base_url = os.environ["YANJIAN_URL"].rstrip("/")
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    width = int(os.environ.get("YANJIAN_SCREENSHOT_WIDTH", "1366"))
    height = int(os.environ.get("YANJIAN_SCREENSHOT_HEIGHT", "768"))
    lang = os.environ.get("YANJIAN_SCREENSHOT_LANG", "zh-CN")

    driver = make_driver(width, height)
    try:
        open_app(driver, base_url)
        if lang != "zh-CN":
            driver.execute_script("localStorage.setItem('yanjian.lang', arguments[0])", lang)
            driver.refresh()
            visible(driver, "main h1")
        wait(driver, lambda d: d.find_element("id", "version").text.strip() != "")
        shots = {}

        def shoot(name, url, ready, settled=None):
            """Opens url (None: stay), waits for the ready selector (and settled, if given), saves name.png."""
            if url:
                driver.get(url if url.startswith("http") else f"{base_url}/{url}")
            visible(driver, ready)
            if settled:
                wait(driver, lambda d: d.find_elements("css selector", settled))
            driver.execute_script("document.activeElement?.blur()")
            shots[name] = out / f"{name}.png"
            driver.save_screenshot(str(shots[name]))

        def links(selector, keep):
            return [link.get_attribute("href") for link in driver.find_elements("css selector", selector) if keep(link.text)]

        shoot("login", None, "main h1")
        shoot("tip", "#/tip", "#tip-text")
        driver.get(f"{base_url}/#/login")
        visible(driver, "#username")
        login(driver, os.environ["YANJIAN_USER"], os.environ["YANJIAN_PASSWORD"])
        shoot("overview", None, "main h1")
        for kind in ("gang", "retailer_risk", "convoy", "tip_score"):
            shoot(f"findings-{kind}", f"#/findings/{kind}", f"#findings-{kind}")
        shoot("map", "#/map", "#command-map", settled="#command-map path.map__area--city")
        shoot("warnings", "#/warnings", "#warnings-list")
        # The first retailer warning: it has a place, so the units are ranked.
        retailer = links("#warnings-list a.warning-link", lambda text: "零售户" in text or "Retailer" in text)
        if retailer:
            shoot("warning-detail", retailer[0], "#warning-units")
        shoot("cases", "#/cases", "#case-register")
        # A case opened in the platform (from a warning), if the world has one by now.
        opened = links("#case-register a.case-link", lambda text: text.startswith("YJ"))
        if opened:
            shoot("case-detail", opened[0], "#case-evidence")
            shoot("case-transfer-letter", opened[0] + "/print/transfer", "#case-document")
        # A tip-off taken on the public page, as officers see it (if the world has one by now).
        shoot("tips", "#/tips", "#tip-list")
        public = links("#tip-list a.tip-link", lambda text: text.startswith("P"))
        if public:
            shoot("tip-detail", public[0], "#tip-rewards")
        # The riskiest retailer's dossier, the key-retailer lists, a vehicle from the night-vehicle findings.
        shoot("findings-retailer_risk", "#/findings/retailer_risk", "#findings-retailer_risk")
        dossier = links(".findings-table a.dossier-link", lambda text: True)
        if dossier:
            shoot("dossier", dossier[0], "#dossier-cameras", settled="#dossier-volumes svg")
        # The first gang's members in tiers (source at the top), in the link-analysis view.
        driver.get(f"{base_url}/#/findings/gang")
        gang = visible(driver, "#findings-gang .findings-table tbody tr td").text.strip()
        if gang:
            driver.get(f"{base_url}/#/graph?gang={gang}")
            wait(driver, lambda d: int(d.find_element("css selector", ".graph__canvas").get_attribute("data-nodes") or 0) > 1)
            time.sleep(1)
            shoot("graph-gang", None, "#graph-card")

        # Record linkage's person-file matches, and the identity decisions on the link-analysis page.
        shoot("findings-person_match", "#/findings/person_match", "#findings-person_match")
        driver.get(f"{base_url}/#/graph?entity=person:P000003")
        wait(driver, lambda d: int(d.find_element("css selector", ".graph__canvas").get_attribute("data-nodes") or 0) > 1)
        visible(driver, "#graph-identity summary").click()
        time.sleep(1)
        shoot("graph-identity", None, "#identity-list")

        shoot("lists", "#/lists", "#lists-card")
        shoot("findings-night_vehicle", "#/findings/night_vehicle", "#findings-night_vehicle")
        vehicles = links(".findings-table a.vehicle-link", lambda text: True)
        if vehicles:
            shoot("vehicle", vehicles[0], "#vehicle-reads-card", settled="#vehicle-map path.map__area--city")
        shoot("audit", "#/admin/audit", "#audit-entries")
        shoot("users", "#/admin/users", "#users-card")
        shoot("imports", "#/imports", "#import-batches")
        # Global search for the riskiest shop's licence number.
        if dossier:
            licence = dossier[0].rsplit("/", 1)[-1]
            search = visible(driver, "#global-search")
            search.clear()
            search.send_keys(licence + "\n")
            shoot("search", None, ".search-results")
    finally:
        driver.quit()
    for name, path in shots.items():
        print(f"{name}: {path}")


if __name__ == "__main__":
    main()
