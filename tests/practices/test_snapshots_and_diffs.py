"""Snapshots of a practice (live and from history), applying them, and their diffs."""

import json

import pytest
import reversion
from django.contrib.auth.models import User
from reversion.models import Version

from practices.diffs import diff, word_diff
from practices.models import Practice, Project, ProjectAttribution
from practices.snapshots import SnapshotError, apply_snapshot, snapshot, snapshot_of_version
from tests.conftest import make_practice

pytestmark = pytest.mark.django_db
State = Practice.PublicationState


@pytest.fixture
def project(db):
    return Project.objects.create(short_name="Probe", slug="probe")


@pytest.fixture
def practice(forum, project):
    practice = make_practice(forum, tags=["Beta", "alpha"], hurdles=["Erste Hürde", "Zweite"])
    ProjectAttribution.objects.create(practice=practice, project=project, is_public=True)
    return practice


def test_a_snapshot_holds_fields_ordered_hurdles_sorted_tags_and_project_links(practice):
    data = snapshot(practice)
    assert data["title"] == practice.title
    assert data["forum"] == practice.forum_id and data["thementisch"] is None
    assert data["hurdles"] == ["Erste Hürde", "Zweite"]
    assert data["tags"] == ["alpha", "Beta"]
    assert data["projects"] == [["probe", True]]
    assert json.loads(json.dumps(data)) == data


def test_a_version_gives_the_same_snapshot_as_the_practice_it_stored(practice):
    with reversion.create_revision():
        practice.save()
    version = Version.objects.get_for_object(practice).first()
    assert snapshot_of_version(version) == snapshot(practice)


def test_a_hurdles_kind_and_source_are_part_of_snapshots_diffs_and_restores(practice):
    user = User.objects.create_user("anwenderin")
    before = snapshot(practice)
    assert before["hurdle_details"] == [["", ""], ["", ""]]
    hurdle = practice.hurdles.get(text="Zweite")
    hurdle.kind, hurdle.source = "finanzierung", "Zeile 451"
    hurdle.save()
    after = snapshot(practice)
    changes = {change.name: change for change in diff(before, after)}
    assert set(changes) == {"hurdle_details"}
    assert "<ins>Finanzierung &amp; Budget</ins>" in changes["hurdle_details"].html
    assert "„Zweite“: Finanzierung & Budget · Quelle: Zeile 451" in changes["hurdle_details"].after
    apply_snapshot(practice, before, user, comment="zurück")
    hurdle.refresh_from_db()
    assert (hurdle.kind, hurdle.source) == ("", "")


def test_a_proposal_stored_before_hurdle_details_keeps_the_kinds_it_says_nothing_about(
    practice,
):
    user = User.objects.create_user("anwenderin")
    practice.hurdles.filter(text="Zweite").update(kind="personal")
    old = snapshot(practice)
    del old["hurdle_details"]
    old["hurdles"] = ["Erste Hürde", "Zweite, umformuliert"]
    assert "hurdle_details" not in {c.name for c in diff(snapshot(practice), old)}
    apply_snapshot(practice, old, user, comment="alter Vorschlag")
    assert practice.hurdles.get(position=2).kind == "personal"


def test_a_version_snapshot_ignores_other_practices_in_the_same_revision(practice, forum):
    other = make_practice(forum, hurdles=["Fremde Hürde"], tags=["fremd"])
    with reversion.create_revision():
        practice.save()
        other.save()
    version = Version.objects.get_for_object(practice).first()
    assert version.revision == Version.objects.get_for_object(other).first().revision
    data = snapshot_of_version(version)
    assert "Fremde Hürde" not in data["hurdles"] and "fremd" not in data["tags"]


def test_applying_a_snapshot_sets_content_in_one_revision_and_keeps_the_state(
    practice, project, forum
):
    user = User.objects.create_user("anwender")
    wanted = {
        **snapshot(practice),
        "title": "Neuer Titel",
        "hurdles": ["Zweite", "Neue Hürde"],
        "tags": ["Gamma"],
        "projects": [["probe", False]],
    }
    practice.publication_state = State.ENTWURF
    practice.save()
    apply_snapshot(practice, wanted, user, comment="Test")
    practice.refresh_from_db()
    assert snapshot(practice) == wanted
    assert practice.publication_state == State.ENTWURF
    versions = Version.objects.get_for_object(practice)
    assert versions.count() == 1
    assert versions.get().revision.comment == "Test"
    assert versions.get().revision.user == user
    assert snapshot_of_version(versions.get()) == wanted


def test_applying_a_snapshot_refuses_a_vanished_project_or_a_taken_slug(practice, forum):
    other = make_practice(forum)
    with pytest.raises(SnapshotError):
        apply_snapshot(
            practice, {**snapshot(practice), "projects": [["weg", True]]}, None, comment=""
        )
    with pytest.raises(SnapshotError):
        apply_snapshot(practice, {**snapshot(practice), "slug": other.slug}, None, comment="")


def test_no_difference_gives_no_changes(practice):
    assert diff(snapshot(practice), snapshot(practice)) == []


def test_changes_come_with_german_labels_and_readable_values(practice):
    before = snapshot(practice)
    after = {
        **before,
        "category": Practice.Category.FINANZIERUNG,
        "hurdles": ["Erste Hürde", "Dritte"],
        "tags": ["alpha", "Delta"],
    }
    changes = {change.name: change for change in diff(before, after)}
    assert set(changes) == {"category", "hurdles", "tags"}
    assert changes["category"].label == "Kategorie"
    assert "Finanzierung" in changes["category"].html
    assert changes["hurdles"].label == "Hürden"
    assert "<del>Zweite</del><ins>Dritte</ins>" in changes["hurdles"].html
    assert "<del>Beta</del>" in changes["tags"].html and "<ins>Delta</ins>" in changes["tags"].html


def test_a_word_diff_marks_only_the_changed_words_and_escapes_everything():
    html = word_diff("Ein <b>alter</b> Text", "Ein <b>neuer</b> Text & mehr")
    assert "<del>alter</del><ins>neuer</ins>" in html
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert "<ins> &amp; mehr</ins>" in html
