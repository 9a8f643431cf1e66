"""Planning and writing a spreadsheet import: matching, validation, rights, history."""

import pytest
from django.core import serializers
from django.urls import reverse
from reversion.models import Version
from reversion.revisions import _get_options as reversion_options
from taggit.models import Tag

from imports.models import ImportBatch
from imports.spreadsheet.apply import PlanHasErrors, apply_plan
from imports.spreadsheet.plan import ERROR, NEW, UNCHANGED, UPDATE
from practices.models import Practice, Project, ProjectAttribution
from practices.roles import FREIGABE, REDAKTION
from tests.conftest import make_forum, make_practice, make_thementisch
from tests.imports.spreadsheets import (
    HEADERS,
    csv_bytes,
    existing_row,
    new_row,
    plan_for,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db
State = Practice.PublicationState


@pytest.fixture
def forum(db):
    return make_forum(title="Jobcenter der Zukunft 2031", slug="fachforum-2031", number=31)


def _import(rows, user=None, **kwargs):
    plan = plan_for(csv_bytes(rows, **kwargs), user)
    assert plan.errors == []
    return plan, apply_plan(plan, user)


def test_rows_without_id_become_new_drafts_with_unique_slugs(forum, roles):
    table = make_thementisch(forum, title="Netzwerke", slug="netzwerke")
    project = Project.objects.create(short_name="PROJEKT-X", slug="projekt-x")
    make_practice(forum, title="Übergänge gestalten", slug="uebergaenge-gestalten")
    rows = [
        new_row(
            forum,
            Titel="Übergänge gestalten",
            Kategorie="Angebote & Träger",
            Status="umgesetzt",
            Aspekt="Kontaktdichte",
            Hürden="Personal fehlt | Geld fehlt",
            Thementisch="netzwerke",
            Projekte="projekt-x",
            Schlagworte="Netzwerkarbeit | Ganz neues Schlagwort",
        ),
        new_row(forum, Titel="Übergänge gestalten", Kategorie="sonstiges", Status="GEPLANT"),
    ]
    plan, batch = _import(rows, roles[REDAKTION])
    assert [row.action for row in plan.rows] == [NEW, NEW]
    first, second = Practice.objects.filter(import_batch=batch).order_by("pk")
    assert (first.slug, second.slug) == ("uebergaenge-gestalten-2", "uebergaenge-gestalten-3")
    assert first.publication_state == second.publication_state == State.ENTWURF
    assert (first.category, first.status, first.aspect) == (
        "angebote-traeger",
        "umgesetzt",
        "Kontaktdichte",
    )
    assert (second.category, second.status) == ("sonstiges", "geplant")
    assert [h.text for h in first.hurdles.all()] == ["Personal fehlt", "Geld fehlt"]
    assert first.thementisch == table
    assert list(first.attributions.values_list("project", "is_public")) == [(project.pk, True)]
    assert sorted(first.tags.names()) == ["Ganz neues Schlagwort", "Netzwerkarbeit"]
    assert first.created_by == roles[REDAKTION]
    assert "Zeile 2" in first.source_section
    assert (batch.kind, batch.created_count, batch.forum) == (
        ImportBatch.Kind.SPREADSHEET,
        2,
        forum,
    )
    assert batch.created_by == roles[REDAKTION]


def test_a_new_practice_is_findable_by_the_public_search_once_published(forum, roles, client):
    _import([new_row(forum, Titel="Quartiersmanagement", Hürden="Zuständigkeitsgerangel")])
    practice = Practice.objects.get(title="Quartiersmanagement")
    practice.publication_state = State.VEROEFFENTLICHT
    practice.save()
    response = client.get(reverse("practices:list"), {"q": "Zuständigkeitsgerangel"})
    assert "Quartiersmanagement" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "column", "expected"),
    [
        (REDAKTION, "veröffentlicht", State.ENTWURF),
        (FREIGABE, "veröffentlicht", State.VEROEFFENTLICHT),
        (FREIGABE, "in_pruefung", State.IN_PRUEFUNG),
        (FREIGABE, "", State.ENTWURF),
    ],
)
def test_new_practices_are_drafts_unless_the_importer_may_publish(
    forum, roles, role, column, expected
):
    headers = [*HEADERS, "Veröffentlichungsstatus"]
    rows = [new_row(forum, **{"Veröffentlichungsstatus": column})]
    plan, _batch = _import(rows, roles[role], headers=headers)
    practice = Practice.objects.get(title=rows[0]["Titel"])
    assert practice.publication_state == expected
    if role == REDAKTION:
        assert "Entwurf" in plan.rows[0].notes[0]


def test_an_update_changes_only_what_differs_and_keeps_the_rest(forum, roles):
    practice = make_practice(
        forum, publication_state=State.ENTWURF, hurdles=["Alt"], tags=["Netzwerkarbeit"]
    )
    updated_at = practice.updated_at
    other = make_practice(forum, publication_state=State.ENTWURF)
    rows = [
        existing_row(practice, Titel="Neuer Titel", Hürden="Alt | Neu"),
        existing_row(other),
    ]
    plan, batch = _import(rows, roles[REDAKTION])
    assert [(row.action, row.changes) for row in plan.rows] == [
        (UPDATE, ["title", "hurdles"]),
        (UNCHANGED, []),
    ]
    practice.refresh_from_db()
    assert practice.title == "Neuer Titel"
    assert [h.text for h in practice.hurdles.all()] == ["Alt", "Neu"]
    assert list(practice.tags.names()) == ["Netzwerkarbeit"]
    assert practice.updated_at > updated_at
    assert practice.import_batch is None  # the creating import only
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (0, 1, 1)
    assert batch.report["updated_ids"] == [practice.pk]


def test_a_missing_optional_column_leaves_that_field_alone(forum):
    practice = make_practice(forum, hurdles=["Bleibt"], tags=["Netzwerkarbeit"], aspect="Bleibt")
    headers = ["ID", "Titel", "Beschreibung", "Kategorie", "Status", "Forum"]
    plan, _batch = _import([existing_row(practice, Titel="Anders")], headers=headers)
    practice.refresh_from_db()
    assert plan.rows[0].changes == ["title"]
    assert (practice.aspect, list(practice.tags.names())) == ("Bleibt", ["Netzwerkarbeit"])
    assert [h.text for h in practice.hurdles.all()] == ["Bleibt"]


def test_a_row_matches_by_url_when_it_has_no_id(forum):
    practice = make_practice(forum, slug="per-url")
    row = existing_row(
        practice, ID="", URL="https://wissen.example.org/praxis/per-url/", Titel="Per URL"
    )
    plan, _batch = _import([row])
    assert plan.rows[0].practice == practice
    practice.refresh_from_db()
    assert practice.title == "Per URL"


def test_public_export_rows_keep_non_public_project_links(forum):
    practice = make_practice(forum)
    shown = Project.objects.create(short_name="Sichtbar", slug="sichtbar")
    hidden = Project.objects.create(short_name="Verborgen", slug="verborgen")
    ProjectAttribution.objects.create(practice=practice, project=shown, is_public=True)
    ProjectAttribution.objects.create(practice=practice, project=hidden, is_public=False)
    plan = plan_for(csv_bytes([existing_row(practice, Projekte="Sichtbar")]))
    assert plan.rows[0].action == UNCHANGED
    headers = [*HEADERS, "Veröffentlichungsstatus"]
    row = existing_row(
        practice, Projekte="Sichtbar", **{"Veröffentlichungsstatus": "veröffentlicht"}
    )
    plan, _batch = _import([row], headers=headers)
    assert plan.rows[0].changes == ["projects"]
    assert list(practice.attributions.values_list("project__slug", flat=True)) == ["sichtbar"]


def test_each_imported_practice_gets_its_own_history_entry_naming_the_import(forum, roles):
    practice = make_practice(forum, publication_state=State.ENTWURF)
    rows = [new_row(forum, Hürden="Eine Hürde"), existing_row(practice, Aspekt="Neu")]
    _plan, batch = _import(rows, roles[REDAKTION])
    created = Practice.objects.get(import_batch=batch)
    for item in (created, practice):
        version = Version.objects.get_for_object(item).first()
        assert version.revision.user == roles[REDAKTION]
        assert f"Tabellenimport #{batch.pk}" in version.revision.comment
        assert version.revision.version_set.count() < 10  # not one revision for the whole file
    first = Version.objects.get_for_object(created).first()
    hurdles = [v for v in first.revision.version_set.all() if v.content_type.model == "hurdle"]
    assert [v.field_dict["text"] for v in hurdles] == ["Eine Hürde"]


def test_bulk_history_stores_exactly_what_reversion_would_store(forum, roles):
    project = Project.objects.create(short_name="PROJEKT-Ü", slug="projekt-ue")
    row = new_row(forum, Hürden="Hürde „eins“ | zwei", Projekte="projekt-ue", Schlagworte="Netz")
    _plan, batch = _import([row], roles[REDAKTION])
    created = Practice.objects.get(import_batch=batch)
    versions = Version.objects.get_for_object(created).first().revision.version_set.all()
    assert len(versions) == 5  # the practice, two hurdles, the project link, the tag link
    for version in versions:
        obj = version.object
        options = reversion_options(obj.__class__)
        expected = serializers.serialize(options.format, (obj,), fields=options.fields)
        assert version.serialized_data == expected, version.content_type.model
    assert project.attributions.get().practice == created


# --- validation: German messages naming row and column; nothing written -----------------


ERROR_CASES = [
    ({"Kategorie": "Bildung"}, "Zeile 2, Spalte „Kategorie“: Unbekannte Kategorie „Bildung“"),
    (
        {"Status": "vielleicht"},
        "Zeile 2, Spalte „Status“: Unbekannter Status „vielleicht“. Erlaubt: „geplant“, „umgesetzt“.",
    ),
    ({"Forum": ""}, "Zeile 2, Spalte „Forum“: Das Feld darf nicht leer sein."),
    ({"Forum": "Forum 1999"}, "Zeile 2, Spalte „Forum“: Unbekanntes Forum „Forum 1999“"),
    (
        {"Thementisch": "gibt-es-nicht"},
        "Zeile 2, Spalte „Thementisch“: Das Forum „Jobcenter der Zukunft 2031“ hat keinen Thementisch",
    ),
    (
        {"Projekte": "kein-projekt"},
        "Zeile 2, Spalte „Projekte“: Unbekanntes Projekt „kein-projekt“",
    ),
    (
        {"Titel": "x" * 201},
        "Zeile 2, Spalte „Titel“: Der Text hat 201 Zeichen; erlaubt sind höchstens 200.",
    ),
    ({"Titel": ""}, "Zeile 2, Spalte „Titel“: Das Feld darf nicht leer sein."),
    ({"Beschreibung": "  "}, "Zeile 2, Spalte „Beschreibung“: Das Feld darf nicht leer sein."),
    ({"ID": "abc"}, "Zeile 2, Spalte „ID“: „abc“ ist keine ID (ganze Zahl)."),
    ({"ID": "999999"}, "Zeile 2, Spalte „ID“: Es gibt keine Praxis mit der ID 999999."),
    (
        {"URL": "https://x.example/foren/"},
        "Zeile 2, Spalte „URL“: Das ist keine Adresse einer Praxis",
    ),
    (
        {"URL": "https://x.example/praxis/gibt-es-nicht/"},
        "Zeile 2, Spalte „URL“: Es gibt keine Praxis mit dieser URL.",
    ),
]


@pytest.mark.parametrize(("values", "message"), ERROR_CASES, ids=[m[:40] for _v, m in ERROR_CASES])
def test_a_bad_value_is_a_german_row_error_and_nothing_is_written(forum, values, message):
    before = Practice.objects.count()
    plan = plan_for(csv_bytes([new_row(forum, **values)]))
    assert plan.rows[0].action == ERROR
    assert any(error.startswith(message) for error in plan.errors), plan.errors
    with pytest.raises(PlanHasErrors):
        apply_plan(plan)
    assert Practice.objects.count() == before
    assert not ImportBatch.objects.exists()


def test_one_bad_row_among_good_ones_stops_the_whole_import(forum):
    practice = make_practice(forum)
    rows = [
        new_row(forum),
        existing_row(practice, Titel="Geändert"),
        new_row(forum, Kategorie="??"),
    ]
    plan = plan_for(csv_bytes(rows))
    assert [row.action for row in plan.rows] == [NEW, UPDATE, ERROR]
    assert plan.has_errors
    with pytest.raises(PlanHasErrors):
        apply_plan(plan)
    practice.refresh_from_db()
    assert practice.title != "Geändert"
    assert not Practice.objects.filter(title=rows[0]["Titel"]).exists()


def test_missing_required_columns_are_named(forum):
    plan = plan_for(csv_bytes([new_row(forum)], headers=["ID", "Titel", "Forum"]))
    assert plan.file_errors == [
        "Es fehlen Pflichtspalten: „Beschreibung“, „Kategorie“, „Status“. "
        "Die Spaltennamen müssen wie im Export lauten."
    ]


def test_unknown_columns_are_reported_and_ignored(forum):
    plan = plan_for(csv_bytes([new_row(forum)], headers=[*HEADERS, "Bemerkung"]))
    assert plan.warnings == ["Die Spalte „Bemerkung“ ist unbekannt und wird nicht übernommen."]
    assert plan.rows[0].action == NEW


def test_the_same_practice_twice_in_one_file_is_an_error(forum):
    practice = make_practice(forum, slug="doppelt")
    rows = [
        existing_row(practice),
        existing_row(practice, Titel="Zweite Fassung"),
        existing_row(practice, ID="", URL="/praxis/doppelt/"),
    ]
    plan = plan_for(csv_bytes(rows))
    assert [row.action for row in plan.rows] == [UNCHANGED, ERROR, ERROR]
    assert f"Zeile 3: dieselbe Praxis wie in Zeile 2 (ID {practice.pk})." in plan.errors


def test_an_id_and_a_url_of_different_practices_are_refused(forum):
    one, other = make_practice(forum), make_practice(forum)
    plan = plan_for(csv_bytes([existing_row(one, URL=other.get_absolute_url())]))
    assert plan.rows[0].action == ERROR
    assert "Die URL gehört nicht zur Praxis mit der ID" in plan.errors[0]


def test_a_formula_cell_is_a_row_error_naming_the_column(forum):
    data = xlsx_bytes([new_row(forum), new_row(forum)], formulas={(1, "Beschreibung"): "=A1&B1"})
    plan = plan_for(data, name="test.xlsx")
    assert [row.action for row in plan.rows] == [NEW, ERROR]
    assert plan.errors == [
        "Zeile 3, Spalte „Beschreibung“: Formeln werden nicht übernommen; "
        "bitte tragen Sie den Wert als Text ein."
    ]


# --- lookups ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "forum_cell",
    ["Jobcenter der Zukunft 2031", "fachforum-2031", "31", "JOBCENTER der zukunft 2031"],
)
def test_a_forum_is_found_by_title_slug_or_number(forum, forum_cell):
    plan = plan_for(csv_bytes([new_row(forum, Forum=forum_cell)]))
    assert plan.rows[0].wanted["forum"] == forum


def test_two_forums_with_one_title_are_told_apart_by_the_forum_date(forum):
    twin = make_forum(title=forum.title)
    headers = [*HEADERS, "Forum-Datum"]
    row = new_row(forum, **{"Forum-Datum": twin.date.isoformat()})
    assert plan_for(csv_bytes([row], headers=headers)).rows[0].wanted["forum"] == twin
    plan = plan_for(csv_bytes([new_row(forum)]))
    assert "nicht eindeutig" in plan.errors[0]


def test_a_project_is_found_by_short_name_or_slug_and_marked_non_public(forum):
    project = Project.objects.create(short_name="Gemeinsam", slug="gemeinsam-stark")
    row = new_row(forum, Projekte="gemeinsam-stark | Gemeinsam (nicht öffentlich)")
    assert plan_for(csv_bytes([row])).rows[0].wanted["projects"] == {project.pk: False}


def test_unknown_tags_need_the_right_to_add_tags(forum, roles, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("ohne-tag-recht", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_practice"))
    row = new_row(forum, Schlagworte="Netzwerkarbeit | Nie gesehen")
    plan = plan_for(csv_bytes([row]), user)
    assert plan.errors == [
        "Zeile 2, Spalte „Schlagworte“: Unbekanntes Schlagwort „Nie gesehen“; "
        "neue Schlagworte darf nur anlegen, wer das Recht dazu hat."
    ]
    assert plan_for(csv_bytes([row]), roles[REDAKTION]).rows[0].action == NEW
    assert not Tag.objects.filter(name="Nie gesehen").exists()


# --- rights on existing practices ---------------------------------------------------------


def test_redaktion_cannot_change_a_published_practice_through_an_import(forum, roles):
    practice = make_practice(forum, publication_state=State.VEROEFFENTLICHT)
    row = existing_row(practice, Beschreibung="Heimlich geändert")
    plan = plan_for(csv_bytes([row]), roles[REDAKTION])
    assert plan.rows[0].action == ERROR
    assert "ist veröffentlicht" in plan.errors[0]
    assert "Freigabe" in plan.errors[0]
    plan, _batch = _import([row], roles[FREIGABE])
    practice.refresh_from_db()
    assert (practice.description, practice.publication_state) == (
        "Heimlich geändert",
        State.VEROEFFENTLICHT,
    )


@pytest.mark.parametrize(
    ("role", "start", "column", "allowed"),
    [
        (REDAKTION, State.ENTWURF, "in Prüfung", True),
        (REDAKTION, State.ENTWURF, "veröffentlicht", False),
        (REDAKTION, State.IN_PRUEFUNG, "Entwurf", False),
        (FREIGABE, State.ENTWURF, "veröffentlicht", True),
        (FREIGABE, State.VEROEFFENTLICHT, "archiviert", True),
    ],
)
def test_the_state_column_changes_state_only_within_the_importers_rights(
    forum, roles, role, start, column, allowed
):
    practice = make_practice(forum, publication_state=start)
    headers = [*HEADERS, "Veröffentlichungsstatus"]
    row = existing_row(practice, **{"Veröffentlichungsstatus": column})
    plan = plan_for(csv_bytes([row], headers=headers), roles[role])
    assert (plan.rows[0].action == UPDATE) is allowed, plan.errors
    if allowed:
        apply_plan(plan, roles[role])
        practice.refresh_from_db()
        assert practice.get_publication_state_display() == column
        assert practice.state_changed_by == roles[role]


def test_a_practice_saved_after_the_preview_is_not_overwritten(forum):
    from practices.models import StaleEditError

    practice = make_practice(forum)
    plan = plan_for(csv_bytes([existing_row(practice, Titel="Aus der Tabelle")]))
    Practice.objects.get(pk=practice.pk).save()  # someone else saves meanwhile
    with pytest.raises(StaleEditError):
        apply_plan(plan)
    practice.refresh_from_db()
    assert practice.title != "Aus der Tabelle"
    assert not ImportBatch.objects.exists()


def test_the_command_line_import_dry_run_and_real(forum, roles, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "neu.csv"
    path.write_bytes(csv_bytes([new_row(forum, Titel="Von der Kommandozeile")]))
    call_command("import_spreadsheet", str(path), "--dry-run", "--user", roles[REDAKTION].username)
    assert not Practice.objects.filter(title="Von der Kommandozeile").exists()
    call_command("import_spreadsheet", str(path), "--user", roles[REDAKTION].username)
    practice = Practice.objects.get(title="Von der Kommandozeile")
    assert practice.import_batch.created_by == roles[REDAKTION]
    path.write_bytes(csv_bytes([new_row(forum, Kategorie="??")]))
    with pytest.raises(CommandError, match="Nichts importiert"):
        call_command("import_spreadsheet", str(path))
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(CommandError, match="keine Tabelle"):
        call_command("import_spreadsheet", str(path))


def test_moving_a_practice_to_another_forum_needs_a_matching_thementisch(forum):
    table = make_thementisch(forum, title="Alt")
    practice = make_practice(forum, thementisch=table)
    target = make_forum(title="Anderes Forum")
    headers = [h for h in HEADERS if h != "Thementisch"]
    plan = plan_for(csv_bytes([existing_row(practice, Forum=target.title)], headers=headers))
    assert "Der Thementisch „Alt“ gehört nicht zum neuen Forum" in plan.errors[0]
    plan, _batch = _import([existing_row(practice, Forum=target.title, Thementisch="")])
    practice.refresh_from_db()
    assert (practice.forum, practice.thementisch) == (target, None)


def test_the_forum_date_may_be_written_the_german_way(forum):
    twin = make_forum(title=forum.title)
    row = new_row(forum, **{"Forum-Datum": f"{twin.date:%d.%m.%Y}"})
    plan = plan_for(csv_bytes([row], headers=[*HEADERS, "Forum-Datum"]))
    assert plan.rows[0].wanted["forum"] == twin


@pytest.mark.parametrize("role", [REDAKTION, FREIGABE])
@pytest.mark.parametrize("start", list(State))
def test_the_plan_allows_exactly_the_state_changes_the_workflow_allows(forum, roles, role, start):
    from practices.workflow import may_set_state

    user = roles[role]
    practice = make_practice(forum, publication_state=start)
    headers = [*HEADERS, "Veröffentlichungsstatus"]
    for target in State:
        if target == start:
            continue
        row = existing_row(practice, **{"Veröffentlichungsstatus": target.label})
        plan = plan_for(csv_bytes([row], headers=headers), user)
        assert (plan.rows[0].action == UPDATE) is may_set_state(user, practice, target), target


@pytest.mark.parametrize("target", list(State))
def test_new_rows_keep_their_state_exactly_when_the_workflow_allows_creating_it(
    forum, roles, target
):
    from practices.workflow import may_create_in_state

    headers = [*HEADERS, "Veröffentlichungsstatus"]
    for role in (REDAKTION, FREIGABE):
        row = new_row(forum, Titel=f"Neu {role} {target}", Veröffentlichungsstatus=target.label)
        plan = plan_for(csv_bytes([row], headers=headers), roles[role])
        kept = plan.rows[0].wanted["publication_state"] == target
        assert kept is may_create_in_state(roles[role], target)


def test_applying_a_publishers_plan_as_redaktion_is_refused_by_the_gateway(forum, roles):
    from django.core.exceptions import PermissionDenied

    practice = make_practice(forum, publication_state=State.ARCHIVIERT)
    headers = [*HEADERS, "Veröffentlichungsstatus"]
    rows = [
        existing_row(practice, **{"Veröffentlichungsstatus": "veröffentlicht"}),
        new_row(forum, Veröffentlichungsstatus="veröffentlicht"),
    ]
    plan = plan_for(csv_bytes(rows, headers=headers), roles[FREIGABE])
    assert [row.action for row in plan.rows] == [UPDATE, NEW]
    with pytest.raises(PermissionDenied):
        apply_plan(plan, roles[REDAKTION])
    practice.refresh_from_db()
    assert practice.publication_state == State.ARCHIVIERT
    assert not ImportBatch.objects.exists()
    # The same plan, written by the publisher: the jump is allowed and recorded.
    apply_plan(plan, roles[FREIGABE])
    practice.refresh_from_db()
    assert practice.publication_state == State.VEROEFFENTLICHT
    assert practice.state_changed_by == roles[FREIGABE]
