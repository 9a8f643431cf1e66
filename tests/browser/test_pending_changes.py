"""Real browser: Redaktion proposes a change to a published practice, Freigabe approves it."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from practices.models import Practice
from practices.roles import FREIGABE, REDAKTION, setup_roles

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "pw-123456789"


def researcher(name, role):
    user = User.objects.create_user(name, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def log_in(browser, site):
    """Return a function that opens a browser context logged in as the named user."""
    contexts = []

    def open_as(username):
        context = browser.new_context(locale="de-DE")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{site.url}/admin/login/")
        page.get_by_label("Benutzername").fill(username)
        page.get_by_label("Passwort").fill(PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        expect(page.locator("#user-tools")).to_be_visible()
        return page

    yield open_as
    # Closed before the live server stops, so no request of theirs outlives the test.
    for context in contexts:
        context.close()


def public_title(page, site, practice):
    page.goto(f"{site.url}{practice.get_absolute_url()}")
    return page.get_by_role("heading", level=1).inner_text()


def test_a_proposal_stays_private_until_freigabe_approves_it_with_the_diff_visible(
    log_in, page, site
):
    setup_roles()
    researcher("redakteurin", REDAKTION)
    researcher("freigeberin", FREIGABE)
    practice = Practice.objects.published().order_by("pk").first()
    original = practice.title
    changed = f"{original} (überarbeitet)"

    editor = log_in("redakteurin")
    editor.goto(f"{site.url}/admin/practices/practice/{practice.pk}/change/")
    editor.get_by_label("Titel:").fill(changed)
    editor.get_by_role("button", name="Sichern", exact=True).click()
    expect(editor.locator(".messagelist")).to_contain_text("als Vorschlag gespeichert")

    assert public_title(page, site, practice) == original

    reviewer = log_in("freigeberin")
    reviewer.get_by_role("link", name="Änderungsvorschläge").first.click()
    reviewer.get_by_role("link", name=original).first.click()
    inserted = reviewer.locator(".diff-table ins")
    expect(inserted.first).to_contain_text("überarbeitet")
    results = Axe().run(reviewer)
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], serious
    reviewer.get_by_role("button", name="Übernehmen").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("übernommen")

    assert public_title(page, site, practice) == changed
