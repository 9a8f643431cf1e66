"""The workflow buttons of the change form save what was typed first, then take the step."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from reversion.models import Version

from practices.admin import PracticeAdmin
from practices.models import Practice
from practices.roles import FREIGABE, REDAKTION
from tests.conftest import client_for, make_practice
from tests.practices.test_curation_workflow import _edit_form

pytestmark = pytest.mark.django_db
State = Practice.PublicationState


def change_url(practice):
    return reverse("admin:practices_practice_change", args=[practice.pk])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_buttons_submit_the_change_form_itself(users, forum):
    practice = make_practice(forum, publication_state=State.ENTWURF)
    html = client_for(users[REDAKTION]).get(change_url(practice)).content.decode()
    assert 'name="_workflow" value="einreichen"' in html
    assert "formaction" not in html


def test_submitting_with_a_changed_title_saves_it_and_then_submits_for_review(users, forum):
    practice = make_practice(forum, title="Alter Titel", publication_state=State.ENTWURF)
    client = client_for(users[REDAKTION])
    data = _edit_form(client, practice)
    data.update(title="Neuer Titel", _workflow="einreichen")

    response = client.post(change_url(practice), data)

    assert response.status_code == 302
    assert response["Location"] == change_url(practice)
    practice.refresh_from_db()
    assert practice.title == "Neuer Titel"
    assert practice.publication_state == State.IN_PRUEFUNG
    assert practice.state_changed_by == users[REDAKTION]
    assert any("in Prüfung" in m for m in messages_of(response))
    # One history entry for the one click, naming both the edit and the step.
    latest = Version.objects.get_for_object(practice).first()
    assert latest.field_dict["title"] == "Neuer Titel"
    assert latest.field_dict["publication_state"] == State.IN_PRUEFUNG
    assert (
        "Titel" in latest.revision.comment and "Zur Prüfung einreichen" in latest.revision.comment
    )
    assert latest.field_dict["edit_token"] == practice.edit_token


def test_an_invalid_form_changes_nothing_and_keeps_the_input(users, forum):
    practice = make_practice(forum, title="Alter Titel", publication_state=State.ENTWURF)
    client = client_for(users[REDAKTION])
    data = _edit_form(client, practice)
    data.update(title="Neuer Titel", description="", _workflow="einreichen")

    response = client.post(change_url(practice), data)

    assert response.status_code == 200
    assert "Neuer Titel" in response.content.decode()
    practice.refresh_from_db()
    assert (practice.title, practice.publication_state) == ("Alter Titel", State.ENTWURF)


def test_a_stale_form_with_a_button_changes_nothing_and_keeps_the_input(users, forum):
    practice = make_practice(forum, title="Alter Titel", publication_state=State.ENTWURF)
    client = client_for(users[REDAKTION])
    data = _edit_form(client, practice)
    colleague = Practice.objects.get(pk=practice.pk)
    colleague.description = "Von der Kollegin"
    colleague.save()
    data.update(title="Neuer Titel", _workflow="einreichen")

    response = client.post(change_url(practice), data)

    assert response.status_code == 200
    assert "während Sie ihn bearbeitet haben" in response.content.decode()
    practice.refresh_from_db()
    assert (practice.title, practice.publication_state) == ("Alter Titel", State.ENTWURF)


@pytest.mark.parametrize(
    "step, reason",
    [
        ("veroeffentlichen", "Berechtigung"),  # Redaktion lacks the publish right
        ("zurueckziehen", "Berechtigung"),
        ("gibt-es-nicht", "nicht möglich"),
    ],
)
def test_a_step_that_cannot_be_taken_keeps_the_saved_edit_and_says_why(users, forum, step, reason):
    practice = make_practice(forum, title="Alter Titel", publication_state=State.IN_PRUEFUNG)
    client = client_for(users[REDAKTION])
    data = _edit_form(client, practice)
    data.update(title="Neuer Titel", _workflow=step)

    response = client.post(change_url(practice), data)

    practice.refresh_from_db()
    assert practice.title == "Neuer Titel"
    assert practice.publication_state == State.IN_PRUEFUNG
    assert any("aber nicht ausgeführt" in m and reason in m for m in messages_of(response))


def test_a_step_from_the_wrong_state_keeps_the_saved_edit(users, forum):
    practice = make_practice(forum, publication_state=State.IN_PRUEFUNG)
    client = client_for(users[FREIGABE])
    data = _edit_form(client, practice)
    data.update(description="Ergänzt", _workflow="archivieren")
    response = client.post(change_url(practice), data)
    practice.refresh_from_db()
    assert practice.description == "Ergänzt"
    assert practice.publication_state == State.IN_PRUEFUNG
    assert any("nicht möglich" in m for m in messages_of(response))


def test_no_step_is_taken_when_the_save_became_a_pending_change(users, forum, monkeypatch):
    practice = make_practice(forum, publication_state=State.VEROEFFENTLICHT)

    def keep_as_proposal(self, request, obj, form, change):
        obj.saved_as_pending_change = True  # the hook a pending-change save sets

    monkeypatch.setattr(PracticeAdmin, "save_model", keep_as_proposal)
    client = client_for(users[FREIGABE])
    data = _edit_form(client, practice)
    data.update(title="Vorgeschlagen", _workflow="zurueckziehen")

    response = client.post(change_url(practice), data)

    practice.refresh_from_db()
    assert practice.publication_state == State.VEROEFFENTLICHT
    assert any("Vorschlag" in m for m in messages_of(response))


def test_the_plain_save_button_still_goes_to_the_list(users, forum):
    practice = make_practice(forum, publication_state=State.ENTWURF)
    client = client_for(users[REDAKTION])
    data = _edit_form(client, practice)
    response = client.post(change_url(practice), data)
    assert response["Location"] == reverse("admin:practices_practice_changelist")
    practice.refresh_from_db()
    assert practice.publication_state == State.ENTWURF
