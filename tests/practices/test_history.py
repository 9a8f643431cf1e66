"""History: one revision per practice (bulk actions, imports) and a baseline for loaded content."""

import shutil

import pytest
from django.urls import reverse
from reversion.models import Revision, Version

from imports.forum_text.create import create_drafts
from imports.forum_text.parser import parse
from imports.spreadsheet.apply import apply_plan
from practices.content import CONTENT_DIR, load_content
from practices.models import Hurdle, Practice
from practices.roles import FREIGABE, REDAKTION
from tests.conftest import client_for, make_practice
from tests.imports.spreadsheets import csv_bytes, new_row, plan_for

pytestmark = pytest.mark.django_db
State = Practice.PublicationState
CHANGELIST = reverse("admin:practices_practice_changelist")


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


# --- point 7: the loaded content has a first revision ---------------------------------------


def test_every_loaded_practice_has_a_first_revision_of_its_curated_text(content):
    loaded = Practice.objects.filter(forum__in=content)
    for practice in loaded.order_by("?")[:5]:
        first = Version.objects.get_for_object(practice).last()
        assert first.revision.comment == "Aus Forumsdokumentation geladen"
        assert first.field_dict["description"]
    with_history = set(Version.objects.get_for_model(Practice).values_list("object_id", flat=True))
    assert {str(pk) for pk in loaded.values_list("pk", flat=True)} <= with_history


def test_loading_again_adds_a_baseline_only_where_the_history_is_missing(content):
    practice = Practice.objects.filter(forum__in=content).first()
    Version.objects.get_for_object(practice).delete()
    before = Revision.objects.count()

    load_content()

    assert Revision.objects.count() == before + 1
    assert Version.objects.get_for_object(practice).get().revision.comment == (
        "Aus Forumsdokumentation geladen"
    )
    load_content()
    assert Revision.objects.count() == before + 1


def test_an_entry_the_file_changed_gets_a_revision_of_its_new_text(content, tmp_path):
    directory = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, directory)
    path = directory / "forums" / "fachforum-2025.toml"
    text = path.read_text(encoding="utf-8")
    old = 'description = """Resilienz-Trainings weiterhin anbieten"""'
    assert old in text
    path.write_text(
        text.replace(old, 'description = """Neu kuratierte Beschreibung"""'), encoding="utf-8"
    )
    practice = Practice.objects.get(slug="2025-resilienz-trainings-weiterhin-anbieten")
    load_content(directory)
    latest = Version.objects.get_for_object(practice).first()
    assert latest.revision.comment == "Aus Forumsdokumentation geladen"
    assert latest.field_dict["description"] == "Neu kuratierte Beschreibung"
    assert owners(latest.revision) == {practice.pk}
