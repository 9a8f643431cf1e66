"""The line pages pass the axe audit and read as a path (issue 17)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from lines.content import load_lines

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = (
    "/verlauf/",
    "/verlauf/team-gesundheit/",
    "/praxis/2023-kompetenz-als-fachteam-buendeln-z-b-als-team-gesundheit/",
    "/foren/fachforum-2023/",
)


def test_line_pages_have_no_axe_violations(browser, site):
    load_lines()
    context = browser.new_context(locale="de-DE", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    found = {}
    for path in PAGES:
        response = page.goto(f"{site.url}{path}")
        assert response.status == 200, path
        violations = Axe().run(page).response["violations"]
        found[path] = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]
    page.goto(f"{site.url}/verlauf/team-gesundheit/")
    items = page.locator("ol.line-path > li")
    assert items.count() == 2
    assert "2023" in items.nth(0).inner_text() and "2025" in items.nth(1).inner_text()
    context.close()
    assert {path: v for path, v in found.items() if v} == {}
