"""A credible public service: axe on every public page type, phones, keyboard, filters (issue 18)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

# One address per public page type.
PAGE_TYPES = {
    "start": "/",
    "liste": "/praxis/",
    "liste-suche-filter": "/praxis/?q=Netzwerk&kategorie=angebote-traeger",
    "liste-leer": "/praxis/?q=Netzwrk",
    "praxis": "/praxis/2025-resilienz-trainings-weiterhin-anbieten/",
    "foren": "/foren/",
    "forum": "/foren/fachforum-2025/",
    "thementisch": "/foren/fachforum-2023/ag-2-netzwerkarbeit/",
    "projekte": "/projekte/",
    "projekt": "/projekte/proges/",
    "huerden": "/huerden/?typ=finanzierung",
    "glossar": "/glossar/",
    "suche": "/suche/?q=Einstiegsgeld",
    "impressum": "/impressum/",
    "datenschutz": "/datenschutz/",
    "barrierefreiheit": "/barrierefreiheit/",
    "kontakt": "/kontakt/",
    "404": "/gibt-es-nicht/",
}
# 200 % zoom on a 1366 px screen lays the page out in 683 CSS pixels at twice the density.
VIEWPORTS = {
    "1366": {"viewport": {"width": 1366, "height": 900}},
    "390": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "zoom200": {"viewport": {"width": 683, "height": 450}, "device_scale_factor": 2},
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_axe_finds_no_violations_of_any_impact_on_any_page_type(browser, site, viewport):
    context = browser.new_context(locale="de-DE", **VIEWPORTS[viewport])
    page = context.new_page()
    found = {}
    for name, path in PAGE_TYPES.items():
        page.goto(f"{site.url}{path}")
        violations = Axe().run(page).response["violations"]
        found[name] = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= VIEWPORTS[viewport]["viewport"]["width"], (name, scroll_width)
    context.close()
    print(viewport, {name: len(v) for name, v in found.items()})
    assert {name: v for name, v in found.items() if v} == {}


@pytest.mark.parametrize(
    "path",
    ["/", "/praxis/", "/foren/fachforum-2025/", "/projekte/", "/huerden/", "/suche/?q=Budget"],
)
def test_pages_fit_320_pixels_without_sideways_scrolling(browser, site, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{site.url}{path}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_first_result_is_visible_without_scrolling_on_a_phone(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{site.url}/praxis/?kategorie=finanzierung&status=umgesetzt")
    summary = page.locator("details.filter-disclosure > summary")
    expect(summary).to_have_text("Filter (2 aktiv)")
    assert page.evaluate("document.querySelector('details.filter-disclosure').open") is False
    page.goto(f"{site.url}/praxis/")
    first = page.locator(".card h3 a").first
    expect(first).to_be_in_viewport()
    box = first.bounding_box()
    assert box["y"] + box["height"] <= 844
    context.close()


def test_first_result_is_reached_in_five_tab_presses_via_the_skip_link(page, site):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{site.url}/praxis/")
    first = page.locator(".card h3 a").first
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Zu den Ergebnissen")).to_be_focused()
    page.keyboard.press("Enter")
    presses = 1
    while presses < 5 and not first.evaluate("el => el === document.activeElement"):
        page.keyboard.press("Tab")
        presses += 1
    expect(first).to_be_focused()
    print("tab presses to the first result:", presses)


def test_a_filter_change_applies_at_once_keeps_focus_and_announces_the_count(page, site):
    page.goto(f"{site.url}/praxis/")
    expect(page.get_by_role("button", name="Filter anwenden").first).to_be_hidden()
    page.locator("#f-status-umgesetzt").focus()
    page.keyboard.press("Space")
    page.wait_for_url("**status=umgesetzt**")
    status = page.get_by_role("status").filter(has_text="Praxisbeispiel")
    expect(status).to_have_text(page.locator("#ergebnis-titel").inner_text())
    assert page.evaluate("document.activeElement.id") == "f-status-umgesetzt"
    page.locator("#f-sort").select_option("titel")
    page.wait_for_url("**sort=titel**")
    expect(page.locator("#f-sort")).to_be_focused()


def test_printed_links_show_full_addresses_under_a_header_naming_the_site(page, site):
    page.goto(f"{site.url}/praxis/")
    page.emulate_media(media="print")
    expect(page.locator(".print-header")).to_be_visible()
    expect(page.locator(".print-header")).to_contain_text("Transferpraxis rehapro")
    after = page.locator(".card h3 a").first.evaluate(
        "el => getComputedStyle(el, '::after').content"
    )
    assert f"({site.url}/praxis/" in after


def test_back_to_the_list_keeps_the_filters(page, site):
    page.goto(f"{site.url}/praxis/?status=umgesetzt&kategorie=finanzierung")
    page.locator(".card h3 a").first.click()
    back = page.get_by_role("link", name="Zurück zur Trefferliste")
    expect(back).to_have_attribute("href", "/praxis/?status=umgesetzt&kategorie=finanzierung")
    back.click()
    page.wait_for_url("**status=umgesetzt&kategorie=finanzierung")
