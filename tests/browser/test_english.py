"""The English interface in a browser: the language switch keeps the filters; axe finds nothing."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

ENGLISH_PAGES = {
    "start": "/en/",
    "liste-suche-filter": "/en/praxis/?q=Netzwerk&kategorie=angebote-traeger",
    "praxis": "/en/praxis/2025-resilienz-trainings-weiterhin-anbieten/",
    "forum": "/en/foren/fachforum-2025/",
    "huerden": "/en/huerden/",
    "glossar": "/en/glossar/",
    "barrierefreiheit": "/en/barrierefreiheit/",
    "kontakt": "/en/kontakt/",
    "404": "/en/gibt-es-nicht/",
}
VIEWPORTS = {
    "1366": {"viewport": {"width": 1366, "height": 900}},
    "390": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_axe_finds_no_violations_on_english_pages(browser, site, viewport):
    context = browser.new_context(locale="en-GB", **VIEWPORTS[viewport])
    page = context.new_page()
    found = {}
    for name, path in ENGLISH_PAGES.items():
        page.goto(f"{site.url}{path}")
        assert page.evaluate("document.documentElement.lang") == "en", name
        violations = Axe().run(page).response["violations"]
        found[name] = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= VIEWPORTS[viewport]["viewport"]["width"], (name, scroll_width)
    context.close()
    assert {name: v for name, v in found.items() if v} == {}


def test_the_language_switch_keeps_the_filters_also_after_a_live_filter_change(page, site):
    page.goto(f"{site.url}/praxis/?kategorie=finanzierung")
    page.locator("#f-status-umgesetzt").check()
    page.wait_for_url("**status=umgesetzt**")
    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()
    page.wait_for_url(lambda url: "/en/praxis/?" in url and "status=umgesetzt" in url)
    assert "kategorie=finanzierung" in page.url
    assert page.evaluate("document.documentElement.lang") == "en"
    expect(page.locator("#f-kategorie-finanzierung")).to_be_checked()
    expect(page.locator("#f-status-umgesetzt")).to_be_checked()
    expect(page.get_by_role("heading", level=1)).to_have_text("Practice examples")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Deutsch").click()
    page.wait_for_url(lambda url: "/en/" not in url and "status=umgesetzt" in url)
    assert "kategorie=finanzierung" in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Praxisbeispiele")


def test_the_language_switch_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site.url}/huerden/?kategorie=finanzierung")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/huerden/?kategorie=finanzierung")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hurdles")
    context.close()
