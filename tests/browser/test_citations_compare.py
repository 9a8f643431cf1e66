"""axe on the comparison page and on a practice page with the Zitieren box open (issue 19)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from practices.models import Practice

pytestmark = pytest.mark.django_db(transaction=True)

PRACTICE = "/praxis/2025-resilienz-trainings-weiterhin-anbieten/"
VIEWPORTS = [{"width": 1366, "height": 900}, {"width": 390, "height": 844}]


def violations(page):
    found = Axe().run(page).response["violations"]
    return [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in found]


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["1366", "390"])
def test_practice_page_with_the_citation_box_open_has_no_axe_violations(browser, site, viewport):
    context = browser.new_context(locale="de-DE", viewport=viewport)
    page = context.new_page()
    page.goto(f"{site.url}{PRACTICE}")
    page.get_by_text("Zitieren", exact=True).click()
    expect(page.locator(".citation-text")).to_be_visible()
    expect(page.locator(".citation-text")).to_contain_text("Forschungsverbund rehapro")
    assert violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["1366", "390"])
def test_comparison_page_has_no_axe_violations_and_toggles_without_javascript(
    browser, site, viewport
):
    ids = ",".join(str(pk) for pk in Practice.objects.published().values_list("pk", flat=True)[:4])
    context = browser.new_context(locale="de-DE", viewport=viewport, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site.url}/vergleich/?ids={ids}")
    expect(page.locator("table.compare thead th[scope=col]")).to_have_count(4)
    assert violations_without_js(browser, site, f"/vergleich/?ids={ids}", viewport) == []
    page.get_by_role("link", name="nur Unterschiede zeigen").click()
    expect(page.get_by_text("Es werden nur Unterschiede gezeigt.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    context.close()


def violations_without_js(browser, site, path, viewport):
    # axe is injected as a script, so the audit runs in a context with JavaScript on.
    context = browser.new_context(locale="de-DE", viewport=viewport)
    page = context.new_page()
    page.goto(f"{site.url}{path}")
    found = violations(page)
    context.close()
    return found


def test_bad_comparison_address_has_no_axe_violations(page, site):
    page.goto(f"{site.url}/vergleich/?ids=abc")
    expect(page.get_by_role("alert")).to_contain_text("Keine gültige Eintragsnummer")
    assert violations(page) == []


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["1366", "390"])
def test_with_javascript_the_add_links_fill_a_tray_that_opens_the_comparison(
    browser, site, viewport
):
    context = browser.new_context(locale="de-DE", viewport=viewport)
    page = context.new_page()
    page.goto(f"{site.url}/praxis/?kategorie=finanzierung")
    tray = page.locator("#compare-tray")
    expect(tray).to_be_hidden()
    adds = page.locator("a[data-compare-id]")
    for index in range(5):
        adds.nth(index).click()
    # Still on the list: the tray collected at most four entries.
    assert "/praxis/" in page.url
    expect(tray.locator(".compare-tray-count")).to_have_text("4")
    expect(tray.locator(".compare-tray-full")).to_be_visible()
    assert violations(page) == []
    page.reload()
    expect(tray.locator(".compare-tray-count")).to_have_text("4")  # kept across pages
    tray.get_by_role("link", name="Vergleichen").click()
    expect(page.locator("table.compare thead th[scope=col]")).to_have_count(4)
    page.locator("#compare-tray").get_by_role("button", name="Auswahl leeren").click()
    expect(page.locator("#compare-tray")).to_be_hidden()
    context.close()
