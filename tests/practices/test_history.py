"""History: one revision per practice, also for bulk actions and imports."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from imports.forum_text.create import create_drafts
from imports.forum_text.parser import parse
from imports.spreadsheet.apply import apply_plan
from practices.models import Hurdle, Practice
from practices.roles import FREIGABE, REDAKTION, setup_roles
from tests.conftest import make_practice
from tests.imports.spreadsheets import csv_bytes, new_row, plan_for

pytestmark = pytest.mark.django_db
State = Practice.PublicationState
CHANGELIST = reverse("admin:practices_practice_changelist")


@pytest.fixture
def users(django_user_model):
    setup_roles()
    result = {}
    for role in (REDAKTION, FREIGABE):
        user = django_user_model.objects.create_user(
            f"{role.lower()}-history", password="pw-123456789", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        result[role] = user
    return result


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def owners(revision):
    """Return the practice ids the objects stored in a revision belong to."""
    result = set()
    for version in revision.version_set.all():
        fields = version.field_dict
        if version.content_type.model == "practice":
            result.add(int(version.object_id))
        else:
            result.add(fields.get("practice_id", fields.get("content_object_id")))
    return result


def latest_revision(practice):
    return Version.objects.get_for_object(practice).first().revision


def test_a_bulk_action_records_each_practice_in_its_own_revision(users, forum):
    first, second = (
        make_practice(forum, publication_state=State.IN_PRUEFUNG, hurdles=[f"Hürde {n}"])
        for n in (1, 2)
    )
    client_for(users[FREIGABE]).post(
        CHANGELIST,
        {"action": "transition_veroeffentlichen", "_selected_action": [first.pk, second.pk]},
    )
    revisions = [latest_revision(first), latest_revision(second)]
    assert revisions[0] != revisions[1]
    for practice, revision in zip((first, second), revisions, strict=True):
        assert owners(revision) == {practice.pk}
        hurdles = [v for v in revision.version_set.all() if v.content_type.model == "hurdle"]
        assert [v.object_id for v in hurdles] == [str(practice.hurdles.get().pk)]
        assert revision.user == users[FREIGABE]
        assert "Sammelaktion: Veröffentlichen (2 Einträge, " in revision.comment


def test_reverting_one_practice_of_a_bulk_action_leaves_the_other_alone(users, forum):
    first, second = (make_practice(forum, publication_state=State.IN_PRUEFUNG) for _ in "ab")
    client_for(users[FREIGABE]).post(
        CHANGELIST,
        {"action": "transition_veroeffentlichen", "_selected_action": [first.pk, second.pk]},
    )
    # A colleague edits the second practice after the bulk action.
    second.refresh_from_db()
    second.description = "Später von jemand anderem geschrieben"
    second.save()
    Hurdle.objects.create(practice=second, text="Neue Hürde", position=1)

    latest_revision(first).revert(delete=True)

    second.refresh_from_db()
    assert second.description == "Später von jemand anderem geschrieben"
    assert list(second.hurdles.values_list("text", flat=True)) == ["Neue Hürde"]


def test_marking_reviewed_in_bulk_records_each_practice_on_its_own(users, forum):
    practices = [make_practice(forum) for _ in range(3)]
    client_for(users[REDAKTION]).post(
        CHANGELIST,
        {"action": "mark_selected_reviewed", "_selected_action": [p.pk for p in practices]},
    )
    for practice in practices:
        revision = latest_revision(practice)
        assert owners(revision) == {practice.pk}
        assert "Sammelaktion: Als geprüft markieren (3 Einträge, " in revision.comment


def test_a_forum_text_import_records_each_draft_in_its_own_revision(users, forum):
    text = (
        "Sonstiges\nGEPLANTES\n- Träger einbinden\nAber: Geld fehlt\n"
        "- Netzwerk pflegen\nAber: Zeit fehlt\n"
    )
    rows = parse(text).practices
    batch = create_drafts(rows, forum=forum, source_name="doku.md", user=users[REDAKTION])
    drafts = list(Practice.objects.filter(import_batch=batch))
    assert len(drafts) == 2
    revisions = {latest_revision(draft) for draft in drafts}
    assert len(revisions) == 2
    for draft in drafts:
        revision = latest_revision(draft)
        assert owners(revision) == {draft.pk}
        assert revision.version_set.count() == 2  # the draft and its one hurdle
        assert revision.comment == f"Import aus Forumsdokumentation „doku.md“ ({forum.title})"


def test_a_spreadsheet_import_records_each_practice_in_its_own_revision(users, forum):
    rows = [new_row(forum, Hürden="Erste | Zweite"), new_row(forum, Hürden="Dritte")]
    plan = plan_for(csv_bytes(rows), users[REDAKTION])
    batch = apply_plan(plan, users[REDAKTION])
    created = list(Practice.objects.filter(import_batch=batch))
    assert len(created) == 2
    for practice in created:
        revision = latest_revision(practice)
        assert owners(revision) == {practice.pk}
        assert f"Tabellenimport #{batch.pk}" in revision.comment
