"""Real browser: a workflow button in the practice admin keeps what was typed in the form."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from practices.models import Practice
from practices.roles import REDAKTION, setup_roles
from tests.conftest import make_practice

pytestmark = pytest.mark.django_db(transaction=True)


def test_submitting_for_review_saves_the_unsaved_title_change(page, site, django_user_model):
    setup_roles()
    editor = django_user_model.objects.create_user(
        "redaktion-browser", password="pw-123456789", is_staff=True
    )
    editor.groups.add(Group.objects.get(name=REDAKTION))
    draft = make_practice(title="Titel vor der Prüfung", publication_state="entwurf")

    page.goto(f"{site.url}/admin/login/")
    page.get_by_label("Benutzername").fill("redaktion-browser")
    page.get_by_label("Passwort").fill("pw-123456789")
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"{site.url}/admin/practices/practice/{draft.pk}/change/")
    page.get_by_role("textbox", name="Titel:").fill("Titel nach der Überarbeitung")
    page.get_by_role("button", name="Zur Prüfung einreichen").click()

    expect(page.get_by_text("Status ist jetzt „in Prüfung“")).to_be_visible()
    expect(page.get_by_role("textbox", name="Titel:")).to_have_value("Titel nach der Überarbeitung")
    draft.refresh_from_db()
    assert draft.title == "Titel nach der Überarbeitung"
    assert draft.publication_state == Practice.PublicationState.IN_PRUEFUNG
