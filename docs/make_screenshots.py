"""Take the README's screenshots of the example workspace, served by `foi serve`, in headless Chromium.

usage: python docs/make_screenshots.py   (from the repository root, after `foi build`)
Needs Debian's chromium and the playwright package (no browser is downloaded).
"""
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "foi", "serve", "--port", str(port)])
    try:
        for _ in range(100):
            try:
                urlopen(base + "/-/versions.json")
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(base + "/request/obscene-images?measure=allegations")
            page.screenshot(path="docs/request-page.png", full_page=False)
            page.goto(base + "/foi/comparison?request=obscene-images&measure=allegations&_sort_desc=per_1000_officer_years")
            page.screenshot(path="docs/comparison.png", full_page=False)
            page.goto(base + "/-/dashboards/compare?request=obscene-images&measure=allegations")
            page.wait_for_selector("svg, canvas", timeout=15000)
            time.sleep(1.5)
            page.screenshot(path="docs/chart.png", full_page=False)
            browser.close()
    finally:
        server.terminate()
        server.wait()
    print("wrote", ", ".join(str(p) for p in Path("docs").glob("*.png")))


if __name__ == "__main__":
    main()
