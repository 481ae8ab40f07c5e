"""Saves one PNG per screen at 1366×768 (login.png, tip.png, overview.png, findings-*.png, map.png, warnings.png, warning-detail.png, cases.png, case-detail.png, case-transfer-letter.png, tip-detail.png) for docs/screenshots/.

Usage: YANJIAN_URL=… YANJIAN_USER=… YANJIAN_PASSWORD=… python3 Tests/Browser/take_screenshots.py [OUT_DIR]
Optional: YANJIAN_SCREENSHOT_LANG=en for English, YANJIAN_SCREENSHOT_WIDTH/HEIGHT for another size."""

import os
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
        shots = {"login": out / "login.png"}
        driver.save_screenshot(str(shots["login"]))
        driver.get(f"{base_url}/#/tip")
        visible(driver, "#tip-text")
        driver.execute_script("document.activeElement?.blur()")
        shots["tip"] = out / "tip.png"
        driver.save_screenshot(str(shots["tip"]))
        driver.get(f"{base_url}/#/login")
        visible(driver, "#username")

        login(driver, os.environ["YANJIAN_USER"], os.environ["YANJIAN_PASSWORD"])
        driver.execute_script("document.activeElement?.blur()")
        shots["overview"] = out / "overview.png"
        driver.save_screenshot(str(shots["overview"]))

        for kind in ("gang", "retailer_risk", "convoy", "tip_score"):
            driver.get(f"{base_url}/#/findings/{kind}")
            visible(driver, f"#findings-{kind}")
            driver.execute_script("document.activeElement?.blur()")
            shots[f"findings-{kind}"] = out / f"findings-{kind}.png"
            driver.save_screenshot(str(shots[f"findings-{kind}"]))

        driver.get(f"{base_url}/#/map")
        visible(driver, "#command-map")
        wait(driver, lambda d: d.find_elements("css selector", "#command-map path.map__area--city"))
        driver.execute_script("document.activeElement?.blur()")
        shots["map"] = out / "map.png"
        driver.save_screenshot(str(shots["map"]))

        driver.get(f"{base_url}/#/warnings")
        visible(driver, "#warnings-list")
        driver.execute_script("document.activeElement?.blur()")
        shots["warnings"] = out / "warnings.png"
        driver.save_screenshot(str(shots["warnings"]))
        # The first retailer warning: it has a place, so the units are ranked.
        links = [link.get_attribute("href") for link in driver.find_elements("css selector", "#warnings-list a.warning-link")
                 if "零售户" in link.text or "Retailer" in link.text]
        if links:
            driver.get(links[0])
            visible(driver, "#warning-units")
            driver.execute_script("document.activeElement?.blur()")
            shots["warning-detail"] = out / "warning-detail.png"
            driver.save_screenshot(str(shots["warning-detail"]))

        driver.get(f"{base_url}/#/cases")
        visible(driver, "#case-register")
        driver.execute_script("document.activeElement?.blur()")
        shots["cases"] = out / "cases.png"
        driver.save_screenshot(str(shots["cases"]))
        # A case opened in the platform (from a warning), if the world has one by now.
        opened = [link.get_attribute("href") for link in driver.find_elements("css selector", "#case-register a.case-link")
                  if link.text.startswith("YJ")]
        if opened:
            driver.get(opened[0])
            visible(driver, "#case-evidence")
            driver.execute_script("document.activeElement?.blur()")
            shots["case-detail"] = out / "case-detail.png"
            driver.save_screenshot(str(shots["case-detail"]))
            driver.get(opened[0] + "/print/transfer")
            visible(driver, "#case-document")
            driver.execute_script("document.activeElement?.blur()")
            shots["case-transfer-letter"] = out / "case-transfer-letter.png"
            driver.save_screenshot(str(shots["case-transfer-letter"]))

        # A tip-off taken on the public page, as officers see it (if the world has one by now).
        driver.get(f"{base_url}/#/tips")
        visible(driver, "#tip-list")
        public = [link.get_attribute("href") for link in driver.find_elements("css selector", "#tip-list a.tip-link") if link.text.startswith("P")]
        if public:
            driver.get(public[0])
            visible(driver, "#tip-rewards")
            driver.execute_script("document.activeElement?.blur()")
            shots["tip-detail"] = out / "tip-detail.png"
            driver.save_screenshot(str(shots["tip-detail"]))
    finally:
        driver.quit()
    for name, path in shots.items():
        print(f"{name}: {path}")


if __name__ == "__main__":
    main()
