"""manage.py import_forum_text: preview, drafts in one batch, clear errors."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Version

from imports.models import ImportBatch
from practices.models import Practice

FIXTURE = Path(__file__).parent / "fixtures" / "fachforum-2025-transfer.md"
SMALL = "Sonstiges\nGEPLANTES\n- Träger einbinden\nAber: Geld fehlt\nEinleitung ohne Punkt.\n"


def run(*args):
    out = io.StringIO()
    call_command("import_forum_text", *map(str, args), stdout=out)
    return out.getvalue()


def test_a_dry_run_prints_the_preview_and_creates_nothing(forum):
    output = run(FIXTURE, "--forum", forum.slug, "--dry-run")
    assert "Resilienz-Trainings weiterhin anbieten" in output
    assert "70 Praxisbeispiele vorgeschlagen" in output
    assert "3 Zeilen nicht zugeordnet" in output
    assert "Zeile 4 (Text vor GEPLANTES/UMGESETZTES): Welche Angebote sollen" in output
    assert "Probelauf" in output
    assert not forum.practices.exists()
    assert not ImportBatch.objects.exists()


def test_an_import_creates_drafts_in_one_recorded_batch(forum, client):
    output = run(FIXTURE, "--forum", forum.slug)
    batch = ImportBatch.objects.get()
    practices = Practice.objects.filter(import_batch=batch)
    assert "70 Entwürfe angelegt" in output
    assert batch.kind == ImportBatch.Kind.FORUM_TEXT
    assert batch.forum == forum
    assert batch.created_by is None
    assert batch.created_count == practices.count() == 70
    assert batch.source_name == FIXTURE.name
    assert [line["line"] for line in batch.report["unplaced"]] == [1, 2, 4]
    assert set(practices.values_list("publication_state", flat=True)) == {"entwurf"}
    assert not practices.published().exists()
    assert set(practices.values_list("created_by", flat=True)) == {None}

    atlas = practices.get(description="Netzwerkatlas")
    assert atlas.source_section == (
        "fachforum-2025-transfer.md, Zeilen 22–23 › Angebote & Träger › GEPLANTES › "
        "Netzwerke von JC mit Externen weiter nutzen und pflegen"
    )
    assert list(atlas.hurdles.values_list("text", flat=True)) == [
        "Ungeklärte Ressourcenfrage: bei Informationsmanagementmaßnahmen muss für "
        "Vollständigkeit und Aktualität regelmäßige Pflege sichergestellt werden"
    ]
    version = Version.objects.get_for_object(atlas).get()
    assert version.revision.comment.startswith("Import aus Forumsdokumentation")
    # Drafts stay out of public view.
    assert client.get(atlas.get_absolute_url()).status_code == 404


def test_a_rerun_creates_a_new_batch_with_unique_slugs(forum, tmp_path):
    source = tmp_path / "doku.md"
    source.write_text(SMALL, encoding="utf-8")
    run(source, "--forum", forum.slug)
    run(source, "--forum", forum.slug)
    batches = list(ImportBatch.objects.order_by("id"))
    assert len(batches) == 2
    slugs = [p.slug for b in batches for p in b.practices.all()]
    assert len(slugs) == len(set(slugs)) == 2
    assert slugs[1] == f"{slugs[0]}-2"


def test_slugs_lead_with_the_forum_year_and_spell_out_umlauts(forum, tmp_path):
    source = tmp_path / "doku.md"
    source.write_text(SMALL, encoding="utf-8")
    run(source, "--forum", forum.slug)
    assert forum.practices.get().slug == f"{forum.date.year}-traeger-einbinden"


def test_windows_1252_files_are_read(forum, tmp_path):
    source = tmp_path / "excel.txt"
    source.write_bytes(SMALL.replace("\n", "\r\n").encode("cp1252"))
    run(source, "--forum", forum.slug)
    practice = forum.practices.get()
    assert practice.description == "Träger einbinden"
    assert list(practice.hurdles.values_list("text", flat=True)) == ["Geld fehlt"]


def test_a_byte_order_mark_is_ignored(forum, tmp_path):
    source = tmp_path / "bom.md"
    source.write_bytes(b"\xef\xbb\xbf" + SMALL.encode())
    run(source, "--forum", forum.slug)
    assert forum.practices.get().category == "sonstiges"


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (SMALL.encode(), ("--forum", "gibt-es-nicht"), "Unbekanntes Fachforum"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", (), "keine Textdatei"),
        (SMALL.encode(), ("--encoding", "ascii"), "nicht als ascii"),
        (SMALL.encode(), ("--encoding", "klingonisch"), "Unbekannte Zeichenkodierung"),
        (b"Nur ein Satz ohne Struktur.\n", (), "kein Praxisbeispiel"),
        (b"", (), "kein Praxisbeispiel"),
    ],
    ids=["unknown-forum", "binary", "wrong-encoding", "unknown-encoding", "no-bullets", "empty"],
)
def test_bad_input_is_a_clear_error_and_creates_nothing(forum, tmp_path, content, args, message):
    source = tmp_path / "doku.md"
    source.write_bytes(content)
    arguments = ("--forum", forum.slug, *args) if "--forum" not in args else args
    with pytest.raises(CommandError, match=message):
        run(source, *arguments)
    assert not Practice.objects.filter(import_batch__isnull=False).exists()
    assert not ImportBatch.objects.exists()


def test_a_missing_file_is_a_clear_error(forum, tmp_path):
    with pytest.raises(CommandError, match="kann nicht gelesen werden"):
        run(tmp_path / "fehlt.md", "--forum", forum.slug)
