"""Real browser: search, filter, chips, pagination, detail, keyboard only, no JavaScript, axe."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def results_heading(page):
    return page.locator("#ergebnis-titel")


def test_search_combine_two_filters_remove_a_chip_paginate_and_open_a_detail(page, site):
    page.goto(f"{site.url}/praxis/")
    page.get_by_label("Suchbegriff").first.fill("Gesundheit")
    page.locator("#inhalt").get_by_role("button", name="Suchen").click()
    expect(page).to_have_url(re.compile(r"q=Gesundheit"))
    searched = int(results_heading(page).inner_text().split()[0])
    assert searched > 0

    page.get_by_label(re.compile(r"^Strukturen & Organisationsentwicklung")).check()
    page.wait_for_url(re.compile(r"kategorie=strukturen-organisationsentwicklung"))
    page.get_by_label(re.compile(r"^umgesetzt")).check()
    # With JavaScript every control applies at once: no button to press.
    page.wait_for_url(re.compile(r"status=umgesetzt"))
    filtered = int(results_heading(page).inner_text().split()[0])
    assert 0 < filtered < searched

    page.get_by_role("link", name=re.compile(r"^Status: umgesetzt")).click()
    page.wait_for_url(lambda url: "status=" not in url)
    assert int(results_heading(page).inner_text().split()[0]) >= filtered

    page.goto(f"{site.url}/praxis/?pro_seite=10")
    page.get_by_role("link", name="Nächste »").click()
    expect(page.get_by_text("Seite 2 von")).to_be_visible()
    assert "pro_seite=10" in page.url

    first = page.locator(".card h3 a").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_keyboard_only_search_and_open_a_result(page, site):
    page.goto(f"{site.url}/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Zum Inhalt springen")).to_be_focused()
    page.keyboard.press("Enter")
    search_box = page.get_by_label("Praxisbeispiele durchsuchen")
    for _ in range(10):
        page.keyboard.press("Tab")
        if search_box.evaluate("el => el === document.activeElement"):
            break
    expect(search_box).to_be_focused()
    page.keyboard.type("Netzwerkkarte")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/praxis/\?q=Netzwerkkarte"))
    target = page.locator(".card h3 a").first
    for _ in range(80):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            break
    expect(target).to_be_focused()
    title = target.inner_text()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_filters_work_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site.url}/praxis/")
    page.locator("#f-kategorie-finanzierung").check()
    # One button at the top of the filter column and one at the bottom.
    assert page.get_by_role("button", name="Filter anwenden").count() == 2
    page.get_by_role("button", name="Filter anwenden").last.click()
    page.wait_for_url(re.compile(r"kategorie=finanzierung"))
    assert page.locator(".chip").count() == 1
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/praxis/",
        "/praxis/?q=Netzwerk&kategorie=angebote-traeger",
        "/praxis/?q=Netzwrk",
        "/praxis/2025-resilienz-trainings-weiterhin-anbieten/",
        "/foren/",
        "/foren/fachforum-2025/",
        "/foren/fachforum-2023/ag-2-netzwerkarbeit/",
        "/projekte/",
        "/projekte/proges/",
        "/glossar/",
        "/huerden/",
        "/huerden/?typ=finanzierung&q=Budget",
        "/suche/?q=Einstiegsgeld",
        "/suche/?q=Krankenkassen&art=ergebnis",
        "/suche/?q=Einstiegsgelt",
    ],
)
def test_axe_finds_no_serious_or_critical_violations(page, site, path):
    response = page.goto(f"{site.url}{path}")
    assert response.status == 200
    results = Axe().run(page)
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], serious
