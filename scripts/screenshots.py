"""Take README screenshots (desktop and phone) of the start page, the list and a practice."""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
PAGES = {"start": "/", "liste": "/praxis/"}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--suffix", default="", help="e.g. '-vorher' for before shots")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        for device, (width, height) in VIEWPORTS.items():
            context = browser.new_context(
                locale="de-DE", viewport={"width": width, "height": height}
            )
            page = context.new_page()
            page.goto(args.base_url + PAGES["liste"])
            practice = page.locator("main article h3 a, .card h3 a").first.get_attribute("href")
            for name, path in {**PAGES, "praxis": practice}.items():
                page.goto(args.base_url + path)
                target = out / f"{name}-{device}{args.suffix}.png"
                # The first screen only: what a visitor sees before scrolling.
                page.screenshot(path=str(target))
                print(target)
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
