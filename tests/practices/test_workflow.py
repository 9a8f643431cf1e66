"""The publication-state gateway: one rule, checked on every path that changes state."""

import pytest
import reversion
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from reversion.models import Version

from practices.admin import PracticeAdmin
from practices.models import Practice, StaleEditError
from practices.roles import ADMINISTRATION, FREIGABE, REDAKTION
from practices.workflow import (
    TRANSITIONS,
    apply_transition,
    assign_state,
    may_create_in_state,
    may_set_state,
    set_state,
)
from tests.conftest import client_for, make_practice

pytestmark = pytest.mark.django_db
State = Practice.PublicationState


@pytest.mark.parametrize("role", [REDAKTION, FREIGABE])
@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_every_button_step_is_a_state_the_gateway_allows_to_exactly_those_with_its_right(
    users, forum, role, name
):
    transition = TRANSITIONS[name]
    practice = make_practice(forum, publication_state=transition.sources[0])
    user = users[role]
    assert may_set_state(user, practice, transition.target) is user.has_perm(transition.permission)


def test_a_publisher_may_set_any_state_at_once_redaktion_only_submit(users, forum):
    archived = make_practice(forum, publication_state=State.ARCHIVIERT)
    draft = make_practice(forum, publication_state=State.ENTWURF)
    assert may_set_state(users[FREIGABE], archived, State.VEROEFFENTLICHT)
    assert may_set_state(users[FREIGABE], draft, State.VEROEFFENTLICHT)
    assert not may_set_state(users[REDAKTION], archived, State.VEROEFFENTLICHT)
    assert not may_set_state(users[REDAKTION], draft, State.VEROEFFENTLICHT)
    assert may_set_state(users[REDAKTION], draft, State.IN_PRUEFUNG)


def test_new_practices_start_as_drafts_unless_a_publisher_creates_them(users):
    for state in State:
        assert may_create_in_state(users[REDAKTION], state) is (state == State.ENTWURF)
        assert may_create_in_state(users[FREIGABE], state)


def test_set_state_records_who_when_and_a_history_entry(users, forum):
    practice = make_practice(forum, publication_state=State.ARCHIVIERT)
    set_state(practice, State.VEROEFFENTLICHT, users[FREIGABE], comment="Tabellenimport")
    practice.refresh_from_db()
    assert practice.publication_state == State.VEROEFFENTLICHT
    assert practice.state_changed_by == users[FREIGABE]
    assert practice.state_changed_at is not None
    assert Version.objects.get_for_object(practice).first().revision.comment == "Tabellenimport"


def test_set_state_without_the_right_is_refused_and_changes_nothing(users, forum):
    practice = make_practice(forum, publication_state=State.VEROEFFENTLICHT)
    with pytest.raises(PermissionDenied):
        set_state(practice, State.ARCHIVIERT, users[REDAKTION])
    practice.refresh_from_db()
    assert practice.publication_state == State.VEROEFFENTLICHT
    assert not Version.objects.get_for_object(practice).exists()


def test_only_a_system_path_sets_a_state_without_a_person(forum):
    with pytest.raises(PermissionDenied):
        assign_state(Practice(), State.VEROEFFENTLICHT, None)
    practice = assign_state(Practice(), State.VEROEFFENTLICHT, None, system=True)
    assert practice.publication_state == State.VEROEFFENTLICHT
    assert practice.state_changed_by is None and practice.state_changed_at is not None


def test_the_loaded_content_is_published_by_the_system(content):
    from forums.models import LoadedContent

    slug = LoadedContent.objects.filter(kind="practice").values_list("key", flat=True).first()
    practice = Practice.objects.get(slug=slug)
    assert practice.publication_state == State.VEROEFFENTLICHT
    assert practice.state_changed_at is not None and practice.state_changed_by is None


def test_save_refuses_an_edit_token_someone_else_replaced(forum):
    practice = make_practice(forum)
    started_from = practice.edit_token
    Practice.objects.get(pk=practice.pk).save()  # a colleague saves meanwhile
    practice.title = "Überschreibt nichts"
    with pytest.raises(StaleEditError):
        practice.save(expected_token=started_from)
    practice.refresh_from_db()
    assert practice.title != "Überschreibt nichts"
    practice.save(expected_token=practice.edit_token)


def test_the_transition_button_without_the_right_is_forbidden(users, forum):
    practice = make_practice(forum, publication_state=State.IN_PRUEFUNG)
    url = reverse("admin:practices_practice_transition", args=[practice.pk, "veroeffentlichen"])
    assert client_for(users[REDAKTION]).post(url).status_code == 403
    practice.refresh_from_db()
    assert practice.publication_state == State.IN_PRUEFUNG


def test_a_bulk_action_without_the_right_is_refused_by_the_gateway(users, forum):
    practice = make_practice(forum, publication_state=State.IN_PRUEFUNG)
    request = RequestFactory().post("/")
    request.user = users[REDAKTION]
    modeladmin = PracticeAdmin(Practice, None)
    action = next(a for a in modeladmin.actions if a.__name__ == "transition_veroeffentlichen")
    with pytest.raises(PermissionDenied):
        action(modeladmin, request, Practice.objects.filter(pk=practice.pk))
    with pytest.raises(PermissionDenied):
        apply_transition(practice, "veroeffentlichen", users[REDAKTION])
    practice.refresh_from_db()
    assert practice.publication_state == State.IN_PRUEFUNG


def _published_after_review(forum, users):
    """A practice submitted by Redaktion, then published by Freigabe: two versions."""
    practice = make_practice(forum, publication_state=State.ENTWURF)
    apply_transition(practice, "einreichen", users[REDAKTION])
    apply_transition(practice, "veroeffentlichen", users[FREIGABE])
    return practice, Version.objects.get_for_object(practice).last()


def _confirm(client, url):
    """Open a history confirmation page, then confirm it as shown."""
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, {"expected_token": page.context.get("expected_token", "")})


def _is_public(practice):
    detail = Client().get(practice.get_absolute_url()).status_code == 200
    listed = (
        f'href="{practice.get_absolute_url()}"'
        in Client().get(reverse("practices:list")).content.decode()
    )
    assert detail is listed
    return detail


def test_reverting_restores_content_never_the_state_and_redaktion_only_proposes(users, forum):
    practice, in_review = _published_after_review(forum, users)
    practice.title = "Neuer Titel, veröffentlicht"
    with reversion.create_revision():
        practice.save()
    url = reverse("admin:practices_practice_revision", args=[practice.pk, in_review.pk])

    assert _confirm(client_for(users[REDAKTION]), url).status_code == 302
    practice.refresh_from_db()
    assert practice.publication_state == State.VEROEFFENTLICHT
    assert practice.title == "Neuer Titel, veröffentlicht"
    assert _is_public(practice)
    assert practice.pending_changes.open().get().created_by == users[REDAKTION]

    practice.pending_changes.all().delete()
    assert _confirm(client_for(users[FREIGABE]), url).status_code == 302
    practice.refresh_from_db()
    assert practice.title != "Neuer Titel, veröffentlicht"
    # The version was "in Prüfung": the revert took its content, not its state.
    assert practice.publication_state == State.VEROEFFENTLICHT
    assert _is_public(practice)


def test_recovering_a_deleted_published_practice_brings_it_back_as_a_draft(users, forum):
    practice, _version = _published_after_review(forum, users)
    pk = practice.pk
    client_for(users[ADMINISTRATION]).post(
        reverse("admin:practices_practice_delete", args=[pk]), {"post": "yes"}
    )
    deleted = Version.objects.get_deleted(Practice).get(object_id=str(pk))
    url = reverse("admin:practices_practice_recover", args=[deleted.pk])
    assert _confirm(client_for(users[REDAKTION]), url).status_code == 302
    recovered = Practice.objects.get(pk=pk)
    assert recovered.publication_state == State.ENTWURF
    assert recovered.title == practice.title
    assert not _is_public(recovered)
    revision = Version.objects.get_for_object(recovered).first().revision
    assert revision.user == users[REDAKTION]
