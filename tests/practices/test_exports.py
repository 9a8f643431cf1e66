"""Exports give exactly the list's rows, parse back cleanly, and are formula-safe."""

import csv
import io
import json

import openpyxl
import pytest
from django.urls import reverse

from practices import search
from practices.models import Practice, Project, ProjectAttribution
from tests.conftest import NON_PUBLISHED_STATES, make_forum, make_practice

pytestmark = pytest.mark.django_db
LIST = reverse("practices:list")
FORMULAS = ['=HYPERLINK("http://x")', "+1+2", "-3+4", "@SUM(A1)", "\tTab", "\rCR"]

FILTER_COMBINATIONS = [
    {},
    {"kategorie": "finanzierung"},
    {"status": "umgesetzt", "forum": "fachforum-2025"},
    {"q": "Netzwerk"},
    {"q": "Gesundheit", "sort": "titel", "kategorie": ["angebote-traeger", "sonstiges"]},
    {"tag": "netzwerkarbeit"},
]


def read_csv(response, delimiter=";"):
    body = b"".join(response.streaming_content)
    text = body.decode("utf-8")
    return body, list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter))


def read_xlsx(response):
    body = b"".join(response.streaming_content)
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    return workbook


def read_json(response):
    return json.loads(b"".join(response.streaming_content).decode("utf-8"))


def list_ids(client, params):
    """Collect the ids of every page of the list, in order."""
    ids, page = [], 1
    while True:
        response = client.get(LIST, {**params, "pro_seite": 100, "page": page})
        ids += [p.pk for p in response.context["practices"]]
        if not response.context["page_obj"].has_next():
            assert response.context["total"] == len(ids)
            return ids
        page += 1


@pytest.mark.parametrize("params", FILTER_COMBINATIONS)
def test_every_format_exports_exactly_the_rows_of_the_list_in_order(client, content, params):
    expected = list_ids(client, params)
    _body, rows = read_csv(client.get(reverse("practices:export_csv"), params))
    assert [int(r["ID"]) for r in rows] == expected
    sheet = read_xlsx(client.get(reverse("practices:export_xlsx"), params)).worksheets[0]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == expected
    data = read_json(client.get(reverse("practices:export_json"), params))
    assert [r["id"] for r in data["results"]] == expected
    assert data["meta"]["count"] == len(expected)


def test_csv_is_for_german_excel_bom_semicolon_and_crlf(client, content):
    response = client.get(reverse("practices:export_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="rehapro-praxis-')
    body, rows = read_csv(response)
    assert body.startswith(b"\xef\xbb\xbfID;Titel;Beschreibung;Kategorie;Status;Eintragsart;")
    assert b"\r\n" in body
    assert list(rows[0]) == [
        "ID",
        "Titel",
        "Beschreibung",
        "Kategorie",
        "Status",
        "Eintragsart",
        "Bedeutung des Status",
        "Aspekt",
        "Hürden",
        "Forum",
        "Forum-Datum",
        "Ort",
        "Thementisch",
        "Projekte",
        "Schlagworte",
        "URL",
        "In die Wissensbasis aufgenommen",
        "Zuletzt inhaltlich geändert",
        "Zuletzt geprüft",
        "Entwicklungslinie-ID",
        "Entwicklungslinie",
    ]


def test_comma_csv_for_tools_has_no_bom(client, content):
    response = client.get(reverse("practices:export_csv"), {"trennzeichen": "komma"})
    body, rows = read_csv(response, delimiter=",")
    assert body.startswith(b"ID,Titel,")
    assert len(rows) == Practice.objects.published().count()


def test_umlauts_multiline_text_and_multi_values_survive(client, forum):
    practice = make_practice(
        forum,
        title="Übergänge „gestalten“",
        description='Zeile eins; mit Semikolon\nZeile zwei, mit "Anführung"',
        tags=["Größe", "Ärger"],
        hurdles=["Aber: erstens", "zweitens"],
    )
    params = {"forum": forum.slug}
    _body, rows = read_csv(client.get(reverse("practices:export_csv"), params))
    assert rows[0]["Titel"] == "Übergänge „gestalten“"
    assert rows[0]["Beschreibung"] == practice.description
    assert rows[0]["Hürden"] == "Aber: erstens | zweitens"
    assert rows[0]["Schlagworte"] == "Ärger | Größe"
    record = read_json(client.get(reverse("practices:export_json"), params))["results"][0]
    assert record["description"] == practice.description
    assert record["hurdles"] == ["Aber: erstens", "zweitens"]
    assert record["forum"]["slug"] == forum.slug
    assert record["url"] == f"http://testserver/praxis/{practice.slug}/"
    sheet = read_xlsx(client.get(reverse("practices:export_xlsx"), params)).worksheets[0]
    assert sheet.cell(2, 3).value == practice.description


def test_formula_payloads_are_neutralised_in_csv_and_stay_strings_in_xlsx(client, forum):
    for payload in FORMULAS:
        make_practice(
            forum,
            title=payload,
            description=payload,
            aspect=payload,
            hurdles=[payload],
            tags=[payload.strip() or "x"],
        )
    params = {"forum": forum.slug, "pro_seite": 100}
    _body, rows = read_csv(client.get(reverse("practices:export_csv"), params))
    for row in rows:
        for column in ("Titel", "Beschreibung", "Aspekt", "Hürden"):
            assert row[column].startswith("'"), (column, row[column])
    workbook = read_xlsx(client.get(reverse("practices:export_xlsx"), params))
    for row in workbook.worksheets[0].iter_rows(min_row=2):
        for cell in row[1:]:
            assert cell.data_type in ("s", "n", "d"), cell.value
            assert cell.data_type != "f"


def test_xlsx_has_bold_frozen_header_autofilter_and_info_sheet(client, content):
    workbook = read_xlsx(
        client.get(reverse("practices:export_xlsx"), {"kategorie": "finanzierung"})
    )
    sheet, info = workbook.worksheets
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet.cell(1, 1).font.bold
    assert info.title == "Info"
    values = {row[0]: row[1] for row in info.iter_rows(values_only=True)}
    assert values["Filter"] == "kategorie=finanzierung"
    assert (
        int(values["Anzahl Zeilen"])
        == Practice.objects.published().filter(category="finanzierung").count()
    )


def test_json_has_meta_and_unescaped_utf8(client, content):
    response = client.get(reverse("practices:export_json"), {"kategorie": "finanzierung"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    raw = b"".join(response.streaming_content).decode("utf-8")
    assert "Förder" in raw or "ü" in raw
    data = json.loads(raw)
    assert set(data["meta"]) >= {"exported_at", "filters", "count", "source_url"}
    assert data["meta"]["filters"] == {"kategorie": "finanzierung"}
    assert data["meta"]["source_url"] == "http://testserver/praxis/?kategorie=finanzierung"
    first = data["results"][0]
    assert set(first) == {
        "id",
        "title",
        "description",
        "category",
        "category_label",
        "status",
        "status_label",
        "entry_type",
        "entry_type_label",
        "status_meaning",
        "aspect",
        "hurdles",
        "forum",
        "thementisch",
        "projects",
        "tags",
        "url",
        "documentation_date",
        "added_on",
        "content_changed_on",
        "last_reviewed_on",
        "line",
    }


@pytest.mark.parametrize("state", NON_PUBLISHED_STATES)
@pytest.mark.parametrize("name", ["export_csv", "export_xlsx", "export_json"])
def test_non_published_practices_are_never_exported(client, forum, state, name):
    make_practice(forum, title="Sichtbar")
    make_practice(forum, title="Verborgener Eintrag", publication_state=state)
    response = client.get(reverse(f"practices:{name}"), {"forum": forum.slug})
    body = b"".join(response.streaming_content)
    if name == "export_xlsx":
        body = str(
            [c.value for row in read_xlsx_bytes(body).worksheets[0].iter_rows() for c in row]
        ).encode()
    assert b"Sichtbar" in body
    assert b"Verborgener Eintrag" not in body


def read_xlsx_bytes(body):
    return openpyxl.load_workbook(io.BytesIO(body))


def test_only_public_project_attributions_are_exported(client, forum):
    practice = make_practice(forum)
    shown = Project.objects.create(short_name="Offen", slug="offen")
    hidden = Project.objects.create(short_name="Intern", slug="intern")
    ProjectAttribution.objects.create(practice=practice, project=shown, is_public=True)
    ProjectAttribution.objects.create(practice=practice, project=hidden, is_public=False)
    data = read_json(client.get(reverse("practices:export_json"), {"forum": forum.slug}))
    assert data["results"][0]["projects"] == [{"slug": "offen", "name": "Offen"}]


@pytest.mark.parametrize("name", ["export_csv", "export_xlsx", "export_json"])
def test_bad_parameters_never_break_an_export(client, content, name):
    response = client.get(
        reverse(f"practices:{name}"), {"kategorie": "x", "page": "y", "q": "\x00\"'"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["export_csv", "export_xlsx", "export_json"])
def test_export_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, name):
    forum = make_forum()
    for i in range(5):
        make_practice(forum, title=f"Massen {i}", tags=["Viel"], hurdles=["Aber"])
    # A bulk write names what it touched (search.reindex_after), which also writes the
    # export lists; a practice without them would have them written by the export first.
    with search.reindex_after() as touched:
        created = Practice.objects.bulk_create(
            Practice(
                forum=forum,
                title=f"Viele {i}",
                slug=f"viele-{i}",
                description="d",
                category="sonstiges",
                status="geplant",
                source_section="s",
                publication_state="veroeffentlicht",
            )
            for i in range(3000)
        )
        touched.update(practice.pk for practice in created)
    # The filter's slug check, tag and project names (SQLite) or the check for missing
    # lists (PostgreSQL), the rows (and the JSON count); before that, the size check
    # choosing stream or background job (its own slug check, a count).
    with django_assert_max_num_queries(7):
        response = client.get(reverse(f"practices:{name}"), {"forum": forum.slug})
        b"".join(response.streaming_content)


ACTIONS = ["export_selected_csv", "export_selected_xlsx", "export_selected_json"]


def _run_action(client, action, practices):
    url = reverse("admin:practices_practice_changelist")
    return client.post(url, {"action": action, "_selected_action": [p.pk for p in practices]})


@pytest.mark.parametrize("action", ACTIONS)
def test_admin_action_exports_selected_drafts_with_state_and_all_attributions(
    admin_client, forum, action
):
    draft = make_practice(forum, title="Interner Entwurf", publication_state="entwurf")
    hidden = Project.objects.create(short_name="Verdeckt", slug="verdeckt")
    ProjectAttribution.objects.create(practice=draft, project=hidden, is_public=False)
    response = _run_action(admin_client, action, [draft])
    assert response.status_code == 200
    assert "rehapro-praxis-intern-" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    if action.endswith("json"):
        record = json.loads(body)["results"][0]
        assert record["publication_state"] == "entwurf"
        assert record["projects"] == [{"slug": "verdeckt", "name": "Verdeckt", "public": False}]
    elif action.endswith("csv"):
        row = next(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
        assert row["Veröffentlichungsstatus"] == "Entwurf"
        assert row["Projekte"] == "Verdeckt (nicht öffentlich)"
    else:
        sheet = read_xlsx_bytes(body).worksheets[0]
        header = [cell.value for cell in sheet[1]]
        assert sheet.cell(2, header.index("Veröffentlichungsstatus") + 1).value == "Entwurf"


@pytest.mark.parametrize("action", ACTIONS)
def test_admin_export_is_refused_to_anonymous_visitors(client, forum, action):
    draft = make_practice(forum, title="Interner Entwurf", publication_state="entwurf")
    response = _run_action(client, action, [draft])
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("action", ACTIONS)
def test_admin_export_is_refused_to_staff_without_view_permission(
    client, forum, django_user_model, action
):
    user = django_user_model.objects.create_user("gast", password="pw-123456789", is_staff=True)
    client.force_login(user)
    draft = make_practice(forum, title="Interner Entwurf", publication_state="entwurf")
    response = _run_action(client, action, [draft])
    assert response.status_code == 403
