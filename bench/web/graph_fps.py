"""Frames per second of the link-analysis graph (canvas, force layout running) in headless Chromium.

Usage: YANJIAN_URL=… YANJIAN_USER=… YANJIAN_PASSWORD=… python3 bench/web/graph_fps.py [NODES ...]
Opens #/graph?demo=N (a generated graph: communities of 20 joined by bridges, ~1.05 links per node),
counts the frames the page draws over 2 s while the layout is still moving, and prints one line per size.
Headless Chromium renders on the CPU (no GPU here), so a desktop browser will be faster."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Tests" / "Browser"))
from browser import login, make_driver, open_app, wait  # noqa: E402


def main():
    base = os.environ["YANJIAN_URL"].rstrip("/")
    sizes = [int(arg) for arg in sys.argv[1:]] or [500, 2000]
    driver = make_driver(1366, 768)
    try:
        open_app(driver, base)
        login(driver, os.environ["YANJIAN_USER"], os.environ["YANJIAN_PASSWORD"])
        for size in sizes:
            driver.get(f"{base}/#/overview")
            driver.get(f"{base}/#/graph?demo={size}")
            canvas = wait(driver, lambda d: d.find_elements("css selector", f".graph__canvas[data-nodes='{size}']"))[0]
            time.sleep(0.3)
            start_frames, start = int(canvas.get_attribute("data-frames")), time.monotonic()
            time.sleep(2.0)
            frames, elapsed = int(canvas.get_attribute("data-frames")) - start_frames, time.monotonic() - start
            print(f"{size} nodes: {frames / elapsed:.1f} frames/s over {elapsed:.1f} s (layout running)")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
