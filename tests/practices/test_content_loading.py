"""The curated forum content: complete, faithful, loaded idempotently."""

import shutil
from collections import Counter

import pytest
from django.urls import reverse
from reversion.models import Version

from forums.models import Document, Forum, Study, Thementisch
from practices.content import CONTENT_DIR, load_content
from practices.models import Hurdle, Practice, Project

pytestmark = pytest.mark.django_db

# Practices per forum × category × status, derived from the two documentations. 2025 is
# the documentation's own; 2023 after the corrections of content/CHANGES.md (issue 16: an
# open question is no longer "umgesetzt", the Leitungsrunde's Bürgergeld topics are Sonstiges).
EXPECTED_COUNTS = {
    ("fachforum-2023", "angebote-traeger", "geplant"): 25,
    ("fachforum-2023", "angebote-traeger", "umgesetzt"): 22,
    ("fachforum-2023", "finanzierung", "geplant"): 4,
    ("fachforum-2023", "strukturen-organisationsentwicklung", "geplant"): 39,
    ("fachforum-2023", "strukturen-organisationsentwicklung", "umgesetzt"): 21,
    ("fachforum-2023", "sonstiges", "geplant"): 10,
    ("fachforum-2023", "sonstiges", "umgesetzt"): 3,
    ("fachforum-2025", "angebote-traeger", "geplant"): 18,
    ("fachforum-2025", "angebote-traeger", "umgesetzt"): 12,
    ("fachforum-2025", "finanzierung", "geplant"): 3,
    ("fachforum-2025", "finanzierung", "umgesetzt"): 3,
    ("fachforum-2025", "strukturen-organisationsentwicklung", "geplant"): 10,
    ("fachforum-2025", "strukturen-organisationsentwicklung", "umgesetzt"): 16,
    ("fachforum-2025", "sonstiges", "geplant"): 6,
    ("fachforum-2025", "sonstiges", "umgesetzt"): 2,
}


def counts():
    return {
        "forums": Forum.objects.count(),
        "thementische": Thementisch.objects.count(),
        "practices": Practice.objects.count(),
        "hurdles": Hurdle.objects.count(),
        "projects": Project.objects.count(),
        "studies": Study.objects.count(),
        "documents": Document.objects.count(),
    }


def test_counts_per_forum_category_and_status_match_the_documents(content):
    table = Counter(Practice.objects.published().values_list("forum__slug", "category", "status"))
    assert dict(table) == EXPECTED_COUNTS


def test_loading_twice_changes_nothing(content):
    before = counts()
    report = load_content()
    assert counts() == before
    assert not report.created and not report.updated and not report.kept


def test_an_edited_title_in_the_file_updates_the_entry_without_duplicating(content, tmp_path):
    directory = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, directory)
    path = directory / "forums" / "fachforum-2025.toml"
    text = path.read_text(encoding="utf-8")
    old = 'title = "Resilienz-Trainings weiterhin anbieten"'
    assert old in text
    path.write_text(text.replace(old, 'title = "Resilienz-Trainings fortführen"'), encoding="utf-8")
    before = counts()
    report = load_content(directory)
    assert counts() == before
    assert report.updated == {"practice": 1}
    assert Practice.objects.filter(title="Resilienz-Trainings fortführen").count() == 1


def test_a_researchers_admin_edit_is_kept_and_reported(content, tmp_path):
    practice = Practice.objects.get(title="Resilienz-Trainings weiterhin anbieten")
    practice.description = "In der Redaktion ergänzt."
    practice.save()
    directory = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, directory)
    path = directory / "forums" / "fachforum-2025.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("Resilienz-Trainings weiterhin anbieten", "Neu aus Datei"), encoding="utf-8"
    )
    report = load_content(directory)
    practice.refresh_from_db()
    assert practice.description == "In der Redaktion ergänzt."
    assert report.kept == [f"practice {practice.slug}"]
    load_content(directory, force=True)
    practice.refresh_from_db()
    assert practice.title == "Neu aus Datei"


def _without_practice(tmp_path, slug):
    """Copy the content files, leaving out one practice of the 2025 forum."""
    directory = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, directory)
    path = directory / "forums" / "fachforum-2025.toml"
    blocks = path.read_text(encoding="utf-8").split("[[practices]]")
    kept = [b for b in blocks if f'slug = "{slug}"' not in b]
    assert len(kept) == len(blocks) - 1
    path.write_text("[[practices]]".join(kept), encoding="utf-8")
    return directory


def test_a_practice_that_left_the_files_is_archived_through_the_gateway(content, tmp_path):
    practice = Practice.objects.get(title="Resilienz-Trainings weiterhin anbieten")
    directory = _without_practice(tmp_path, practice.slug)
    report = load_content(directory)
    practice.refresh_from_db()
    assert report.archived == [practice.slug]
    assert practice.publication_state == Practice.PublicationState.ARCHIVIERT
    assert practice.state_changed_at is not None and practice.state_changed_by is None
    assert not Practice.objects.published().filter(pk=practice.pk).exists()
    latest = Version.objects.get_for_object(practice).first()
    assert "archiviert" in latest.revision.comment
    # A later load leaves it alone: researchers may reactivate it in the admin.
    again = load_content(directory)
    assert not again.archived and not again.kept


def test_an_edited_practice_that_left_the_files_is_kept_and_reported(content, tmp_path):
    practice = Practice.objects.get(title="Resilienz-Trainings weiterhin anbieten")
    practice.description = "In der Redaktion ergänzt."
    practice.save()
    report = load_content(_without_practice(tmp_path, practice.slug))
    practice.refresh_from_db()
    assert report.kept == [f"practice {practice.slug}"] and not report.archived
    assert practice.publication_state == Practice.PublicationState.VEROEFFENTLICHT


def test_every_practice_is_complete(content):
    for practice in Practice.objects.all():
        assert practice.title and len(practice.title) <= 120, practice.slug
        assert practice.description and practice.source_section, practice.slug
        assert practice.category in Practice.Category.values
        assert practice.status in Practice.Status.values
        assert practice.forum_id
        assert 1 <= practice.tags.count() <= 4, practice.slug
        assert practice.is_published


def test_no_practice_text_starts_with_aber(content):
    assert not Practice.objects.filter(title__istartswith="aber").exists()
    assert not Practice.objects.filter(description__istartswith="aber").exists()


def test_participant_lists_are_recorded_but_never_public(client, content):
    lists = Document.objects.filter(kind=Document.Kind.TEILNEHMENDENLISTE)
    assert lists.count() == 2
    assert not lists.filter(is_public=True).exists()
    for forum in Forum.objects.all():
        html = client.get(forum.get_absolute_url()).content.decode()
        for document in lists:
            assert document.title not in html


def test_both_studies_have_their_correct_dois(content):
    assert set(Study.objects.values_list("doi", flat=True)) == {
        "10.2196/65698",
        "10.1186/s12889-024-20323-0",
    }


def test_forums_have_their_dates_places_and_theme_tables(content):
    forum_2025 = Forum.objects.get(slug="fachforum-2025")
    assert str(forum_2025.date) == "2025-06-26" and forum_2025.city == "Kassel"
    forum_2023 = Forum.objects.get(slug="fachforum-2023")
    assert str(forum_2023.date) == "2023-03-24" and forum_2023.number == 2
    ag2 = forum_2023.thementische.get(title__startswith="AG 2")
    assert set(ag2.projects.values_list("short_name", flat=True)) == {
        "PROGES",
        "V-I-T",
        "Gesundheit4PunktZukunft",
    }
    assert forum_2025.thementische.get(slug="transfer-und-verstetigung").kind == "schwerpunktthema"


@pytest.mark.parametrize(
    "title_start, category, status, aspect, hurdles",
    [
        (
            "Netzwerkatlas",
            "angebote-traeger",
            "geplant",
            "Netzwerke von JC mit Externen weiter nutzen und pflegen",
            [
                "Ungeklärte Ressourcenfrage: bei Informationsmanagementmaßnahmen muss für Vollständigkeit und Aktualität regelmäßige Pflege sichergestellt werden"
            ],
        ),
        (
            "„Stammtische“",
            "angebote-traeger",
            "geplant",
            "Netzwerke von JC mit Externen weiter nutzen und pflegen",
            ["Weiterführung unklar"],
        ),
        (
            "ESF",
            "finanzierung",
            "umgesetzt",
            "",
            [
                "Budgetkürzungen und unsichere Zukunft in den JC",
                "Wer pflegt Erarbeitetes nach Projektende?",
            ],
        ),
        (
            "Frühzeitig ein Verstetigungskonzept",
            "angebote-traeger",
            "umgesetzt",
            "Frühzeitig Vorbereitungen treffen",
            ["Hilft nicht immer!"],
        ),
    ],
)
def test_spot_checks_2025_hurdles_attached_to_the_right_practice(
    content, title_start, category, status, aspect, hurdles
):
    practice = Practice.objects.get(forum__slug="fachforum-2025", title__startswith=title_start)
    assert (practice.category, practice.status, practice.aspect) == (category, status, aspect)
    assert [h.text for h in practice.hurdles.all()] == hurdles


def test_spot_check_2023_honorary_doctor_is_implemented(content):
    practice = Practice.objects.get(
        forum__slug="fachforum-2023", title__startswith="Zusammenarbeit mit einer Honorarärztin"
    )
    assert practice.status == "umgesetzt"
    assert practice.source_section


def test_make_run_content_is_visible_on_the_public_pages(client, content):
    response = client.get(reverse("forums:detail", kwargs={"slug": "fachforum-2025"}))
    assert "Resilienz-Trainings weiterhin anbieten" in response.content.decode()
    assert response.context["practice_count"] == 70
