"""Real browser: the admin pages a Redaktion user works with, checked by axe."""

import pytest
import reversion
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from imports.models import ImportBatch
from practices.models import Practice, Project
from practices.roles import FREIGABE, REDAKTION, setup_roles

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "pw-123456789"


def serious_violations(page):
    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def log_in(page, site, django_user_model, role):
    setup_roles()
    # No staff flag set by hand: the role alone opens the admin.
    user = django_user_model.objects.create_user(role.lower(), password=PASSWORD)
    user.groups.add(Group.objects.get(name=role))
    page.goto(f"{site.url}/admin/login/")
    assert serious_violations(page) == []
    page.get_by_label("Benutzername").fill(user.username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("link", name="rehapro-kb – Redaktion")).to_be_visible()
    return user


@pytest.fixture
def practice(site):
    # Content attributes no entry to a project (none is named per entry): add one, so the
    # attribution inline has a row.
    practice = Practice.objects.filter(hurdles__isnull=False).first()
    practice.attributions.get_or_create(project=Project.objects.first())
    with reversion.create_revision():
        practice.save()
        reversion.set_comment("Testfassung")
    return practice


@pytest.fixture
def batch(site, practice):
    return ImportBatch.objects.create(
        kind=ImportBatch.Kind.SPREADSHEET,
        source_name="liste.csv",
        forum=practice.forum,
        report={"updated_ids": [practice.pk], "notes": ["Zeile 3: leer"]},
    )


def test_the_admin_pages_of_the_redaktion_have_no_serious_axe_violations(
    page, site, django_user_model, practice, batch
):
    log_in(page, site, django_user_model, REDAKTION)
    paths = [
        "/admin/",
        "/admin/practices/practice/",
        "/admin/practices/practice/?q=Netzwerk",
        "/admin/practices/practice/?pruefung=nie",
        f"/admin/practices/practice/{practice.pk}/change/",
        "/admin/practices/practice/add/",
        f"/admin/practices/practice/{practice.pk}/history/",
        "/admin/practices/practice/recover/",
        "/admin/imports/importbatch/",
        f"/admin/imports/importbatch/{batch.pk}/change/",
        "/admin/import/forum-text/",
        "/admin/import/tabelle/",
        f"/admin/forums/forum/{practice.forum.pk}/change/",
    ]
    found = {}
    for path in paths:
        response = page.goto(f"{site.url}{path}")
        assert response.status == 200, path
        found[path] = serious_violations(page)
    assert found == {path: [] for path in paths}


def test_inline_rows_added_in_the_browser_are_labelled_too(page, site, django_user_model, practice):
    log_in(page, site, django_user_model, REDAKTION)
    page.goto(f"{site.url}/admin/practices/practice/{practice.pk}/change/")
    page.locator("#hurdles-group .add-row a").click()
    page.locator("#attributions-group .add-row a").click()
    rows = practice.hurdles.count()
    expect(page.get_by_label(f"Hürde {rows + 1}: Hürde")).to_have_count(
        0
    )  # template rows say "neu"
    expect(page.get_by_label("Hürde neu: Hürde").first).to_be_visible()
    expect(page.get_by_label("Hürde 1: Reihenfolge")).to_be_visible()
    assert serious_violations(page) == []


def test_the_forum_text_preview_and_the_undo_page_have_no_serious_axe_violations(
    page, site, django_user_model, practice, batch
):
    log_in(page, site, django_user_model, FREIGABE)
    page.goto(f"{site.url}/admin/import/forum-text/")
    page.get_by_label("Fachforum").select_option(str(practice.forum.pk))
    page.get_by_label("Text einfügen").fill(
        "Sonstiges\nGEPLANTES\n- Träger einbinden\nAber: Geld fehlt\nUMGESETZTES\n- Räume\n"
    )
    page.get_by_role("button", name="Vorschau").click()
    expect(page.get_by_text("Träger einbinden").first).to_be_visible()
    assert serious_violations(page) == []
    page.goto(f"{site.url}/admin/imports/importbatch/{batch.pk}/rueckgaengig/")
    expect(page.get_by_role("button", name="Ja, Import rückgängig machen")).to_be_visible()
    assert serious_violations(page) == []
