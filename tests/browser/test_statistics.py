"""The evidence map in a real browser: axe finds nothing, the table fits, cells lead to lists."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = {
    "1366": {"viewport": {"width": 1366, "height": 900}},
    "390": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "zoom200": {"viewport": {"width": 683, "height": 450}, "device_scale_factor": 2},
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_axe_finds_no_violations_on_the_evidence_map(browser, site, viewport):
    context = browser.new_context(locale="de-DE", **VIEWPORTS[viewport])
    page = context.new_page()
    for path in ("/statistik/", "/statistik/?art=praxisbeispiel&status=umgesetzt"):
        page.goto(f"{site.url}{path}")
        violations = Axe().run(page).response["violations"]
        assert [(v["id"], v["nodes"][0]["target"]) for v in violations] == [], path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS[viewport]["viewport"]["width"], (path, width)
    context.close()


def test_a_cell_leads_to_a_list_with_its_count(page, site):
    page.goto(f"{site.url}/statistik/")
    cell = page.locator("#gesamt-kategorien tbody td a").first
    count = int(cell.inner_text())
    cell.click()
    page.wait_for_url("**/praxis/?**")
    assert page.locator(".card h3 a").count() == min(count, 20)
