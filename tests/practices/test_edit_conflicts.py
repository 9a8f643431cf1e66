"""Conflicts: the edit token covers hurdles, tags and project links; no lost update, no 500."""

import datetime
import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse
from reversion.models import Revision, Version

from practices.admin_forms import PracticeAdminForm
from practices.models import Hurdle, Practice, Project, ProjectAttribution
from practices.roles import FREIGABE, REDAKTION, setup_roles
from tests.conftest import client_for, make_practice
from tests.practices.test_curation_workflow import _edit_form

pytestmark = pytest.mark.django_db
State = Practice.PublicationState


def change_url(practice):
    return reverse("admin:practices_practice_change", args=[practice.pk])


def token_of(practice):
    return Practice.objects.values_list("edit_token", flat=True).get(pk=practice.pk)


@pytest.mark.parametrize(
    "change",
    [
        lambda p: Hurdle.objects.create(practice=p, text="Neue Hürde", position=9),
        lambda p: p.hurdles.first().save(),
        lambda p: p.hurdles.first().delete(),
        lambda p: p.tags.add("Neues Schlagwort"),
        lambda p: p.tags.remove("Coaching"),
        lambda p: p.tags.clear(),
        lambda p: ProjectAttribution.objects.create(
            practice=p, project=Project.objects.create(short_name="P", slug="p-conflict")
        ),
        lambda p: p.attributions.get().delete(),
    ],
    ids=[
        "hurdle-added",
        "hurdle-saved",
        "hurdle-deleted",
        "tag-added",
        "tag-removed",
        "tags-cleared",
        "project-linked",
        "project-unlinked",
    ],
)
def test_changing_a_hurdle_tag_or_project_link_gives_the_practice_a_new_token(forum, change):
    practice = make_practice(forum, tags=["Coaching"], hurdles=["Aber: wenig Zeit"])
    project = Project.objects.create(short_name="Q", slug="q-conflict")
    ProjectAttribution.objects.create(practice=practice, project=project)
    before = token_of(practice)
    change(practice)
    assert token_of(practice) != before


def test_an_edit_begun_before_a_colleague_changed_only_the_tags_is_refused(users, forum):
    practice = make_practice(forum, title="Ausgangstitel", tags=["Coaching"])
    client = client_for(users[REDAKTION])
    data = _edit_form(client, practice)
    practice.tags.add("Von Kollegin ergänzt")  # e.g. in another admin page or an import

    data["title"] = "Mein neuer Titel"
    response = client.post(change_url(practice), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "während Sie ihn bearbeitet haben" in html
    assert "Von Kollegin ergänzt" in html
    assert "Mein neuer Titel" in html  # the input is kept
    practice.refresh_from_db()
    assert practice.title == "Ausgangstitel"
    assert set(practice.tags.names()) == {"Coaching", "Von Kollegin ergänzt"}


def test_an_edit_begun_before_a_colleague_deleted_a_hurdle_does_not_bring_it_back(users, forum):
    practice = make_practice(forum, hurdles=["Bleibt", "Wird gelöscht"])
    client = client_for(users[REDAKTION])
    data = _edit_form(client, practice)
    practice.hurdles.get(text="Wird gelöscht").delete()

    response = client.post(change_url(practice), data)

    assert response.status_code == 200
    assert "Hürden" in response.content.decode()
    assert list(practice.hurdles.values_list("text", flat=True)) == ["Bleibt"]


def test_saving_hurdles_and_tags_in_the_same_form_is_not_a_conflict_with_itself(users, forum):
    practice = make_practice(forum, hurdles=["Alte Hürde"], publication_state=State.ENTWURF)
    client = client_for(users[REDAKTION])
    data = _edit_form(client, practice)
    data.update(
        {
            "tags": "Coaching, Netzwerk",
            "hurdles-TOTAL_FORMS": 2,
            "hurdles-1-practice": practice.pk,
            "hurdles-1-text": "Neue Hürde",
            "hurdles-1-position": 2,
            "_continue": "1",
        }
    )
    assert client.post(change_url(practice), data).status_code == 302
    # The stored version and the row agree on the token: the history finds the edit.
    latest = Version.objects.get_for_object(practice).first()
    assert latest.field_dict["edit_token"] == token_of(practice)

    again = _edit_form(client, practice)
    again["description"] = "Gleich danach weiter bearbeitet"
    assert client.post(change_url(practice), again).status_code == 302
    practice.refresh_from_db()
    assert practice.description == "Gleich danach weiter bearbeitet"
    assert practice.hurdles.count() == 2


@pytest.mark.parametrize("token", [None, "", "kein-token", "123"])
def test_a_missing_or_garbled_edit_token_is_refused_with_the_input_kept(users, forum, token):
    practice = make_practice(forum, title="Ausgangstitel")
    client = client_for(users[REDAKTION])
    data = _edit_form(client, practice)
    data["title"] = "Ohne gültigen Bearbeitungsstand"
    if token is None:
        del data["expected_token"]
    else:
        data["expected_token"] = token
    response = client.post(change_url(practice), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "nicht erkennbar, von welchem Stand" in html
    assert "Ohne gültigen Bearbeitungsstand" in html
    practice.refresh_from_db()
    assert practice.title == "Ausgangstitel"

    # Having read the message, saving the re-rendered form again is accepted.
    retry = _edit_form(client, practice)
    retry["title"] = "Ohne gültigen Bearbeitungsstand"
    assert client.post(change_url(practice), retry).status_code == 302


def test_a_garbled_token_on_a_plain_workflow_post_is_refused(users, forum):
    practice = make_practice(forum, publication_state=State.ENTWURF)
    url = reverse("admin:practices_practice_transition", args=[practice.pk, "einreichen"])
    client_for(users[REDAKTION]).post(url, {"expected_token": "kaputt"})
    practice.refresh_from_db()
    assert practice.publication_state == State.ENTWURF


def test_a_save_racing_past_the_check_gets_the_conflict_page_not_a_500(users, forum, monkeypatch):
    practice = make_practice(forum, title="Ausgangstitel", publication_state=State.ENTWURF)
    client = client_for(users[REDAKTION])
    data = _edit_form(client, practice)
    original_clean = PracticeAdminForm.clean

    def clean_then_a_colleague_saves(form):
        cleaned = original_clean(form)
        colleague = Practice.objects.get(pk=practice.pk)
        colleague.title = "Titel der Kollegin"
        colleague.save()
        return cleaned

    monkeypatch.setattr(PracticeAdminForm, "clean", clean_then_a_colleague_saves)
    data["description"] = "Sorgfältig getippter Text"
    response = client.post(change_url(practice), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "während Sie ihn bearbeitet haben" in html
    assert "Sorgfältig getippter Text" in html
    practice.refresh_from_db()
    assert practice.description != "Sorgfältig getippter Text"


def test_the_conflict_message_shows_a_long_text_change_in_full(users, forum):
    opening = " ".join(f"Wort{n}" for n in range(60))  # far beyond 120 characters
    practice = make_practice(forum, description=f"{opening} alter Schluss.")
    client = client_for(users[REDAKTION])
    data = _edit_form(client, practice)
    colleague = Practice.objects.get(pk=practice.pk)
    colleague.description = f"{opening} ganz neuer Schluss der Kollegin."
    colleague.save()

    data["title"] = "Meine Änderung"
    response = client.post(change_url(practice), data)

    message = " ".join(response.context["adminform"].form.non_field_errors())
    assert "Beschreibung: „…Wort54 Wort55 Wort56 Wort57 Wort58 Wort59 " in message
    assert "[Ihre Fassung: alter Schluss.] [jetzt: ganz neuer Schluss der Kollegin.]" in message
    assert "Wort53" not in message  # some context, not the whole text
    assert "ganz neuer Schluss der Kollegin." in response.content.decode()


def test_the_conflict_message_gives_the_time_in_the_site_time_zone(users, forum):
    practice = make_practice(forum)
    client = client_for(users[REDAKTION])
    data = _edit_form(client, practice)
    colleague = client_for(users[FREIGABE])
    colleague_data = _edit_form(colleague, practice)
    colleague_data["title"] = "Von der Kollegin"
    colleague.post(change_url(practice), colleague_data)
    saved_at = datetime.datetime(2026, 1, 15, 12, 5, tzinfo=datetime.UTC)
    Revision.objects.filter(version__object_id=str(practice.pk)).update(date_created=saved_at)

    html = client.post(change_url(practice), data).content.decode()

    assert "15. Januar 2026 13:05" in html  # Berlin, not UTC (12:05)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two real connections with row locks (SELECT … FOR UPDATE): PostgreSQL only",
)
def test_two_simultaneous_saves_one_wins_the_other_gets_the_conflict_page(
    django_user_model, monkeypatch
):
    from tests.conftest import make_forum

    setup_roles()
    editors = []
    for name in ("gleichzeitig-a", "gleichzeitig-b"):
        user = django_user_model.objects.create_user(name, password="pw-123456789", is_staff=True)
        user.groups.add(Group.objects.get(name=REDAKTION))
        editors.append(client_for(user))
    practice = make_practice(make_forum(), title="Ausgangstitel", publication_state=State.ENTWURF)
    forms = [_edit_form(client, practice) for client in editors]
    forms[0]["title"] = "Titel von A"
    forms[1]["title"] = "Titel von B"

    # Both pass the form's check before either saves.
    both_checked = threading.Barrier(2, timeout=20)
    original_clean = PracticeAdminForm.clean
    first_calls = threading.local()

    def clean_then_wait(form):
        cleaned = original_clean(form)
        if not getattr(first_calls, "done", False):
            first_calls.done = True
            both_checked.wait()
        return cleaned

    monkeypatch.setattr(PracticeAdminForm, "clean", clean_then_wait)
    responses = [None, None]

    def save(index):
        try:
            responses[index] = editors[index].post(change_url(practice), forms[index])
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(r.status_code for r in responses) == [200, 302]
    loser = next(r for r in responses if r.status_code == 200)
    assert "während Sie ihn bearbeitet haben" in loser.content.decode()
    practice.refresh_from_db()
    winner = 0 if responses[0].status_code == 302 else 1
    assert practice.title == forms[winner]["title"]
    assert forms[1 - winner]["title"] in loser.content.decode()  # the loser's input is kept
