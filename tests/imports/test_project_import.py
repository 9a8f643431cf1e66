"""The project import: official project description fields from CSV/XLSX, preview, confirm."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from practices.models import Project
from practices.roles import REDAKTION
from tests.imports.conftest import client_for
from tests.imports.spreadsheets import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db
UPLOAD = reverse("imports:projects")
HEADERS = [
    "Kurzname",
    "Förderwelle",
    "Antragsteller",
    "Verbundpartner",
    "Rechtskreis",
    "Bundesländer",
    "Laufzeit",
    "Website",
    "Kurzbeschreibung",
]
EXAMPLE = Path("imports/projects/examples/projekte-beispiel.csv")


def _row(**values):
    return {
        "Kurzname": "Testprojekt Alpha",
        "Förderwelle": "2. Förderaufruf",
        "Antragsteller": "Jobcenter Testhausen",
        "Verbundpartner": "Partner A | Partner B",
        "Rechtskreis": "SGB II/VI",
        "Bundesländer": "Bayern, hessen",
        "Laufzeit": "2020–2025",
        "Website": "https://example.org/alpha",
        "Kurzbeschreibung": "Ein Testprojekt.",
        **values,
    }


def _upload(client, data, name="projekte.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


def _preview(client, data, name="projekte.csv"):
    response = _upload(client, data, name)
    assert response.status_code == 302, response.content.decode()[:3000]
    url = response["Location"]
    return url, client.get(url)


def _confirm(client, url, page):
    html = page.content.decode()
    fingerprint = html.split('name="fingerprint" value="', 1)[1].split('"', 1)[0]
    return client.post(url, {"fingerprint": fingerprint})


@pytest.fixture
def redaktion(roles):
    return client_for(roles[REDAKTION])


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_table_creates_projects_with_every_description_field(redaktion, roles, kind):
    make = csv_bytes if kind == "csv" else xlsx_bytes
    data = make([_row(), _row(**{"Kurzname": "Testprojekt Beta", "Bundesländer": ""})], HEADERS)
    before = Project.objects.count()  # the migrations load the curated projects
    url, page = _preview(redaktion, data, f"projekte.{kind}")
    assert page.status_code == 200
    assert Project.objects.count() == before  # the preview writes nothing
    response = _confirm(redaktion, url, page)
    assert response.status_code == 302
    alpha = Project.objects.get(slug="testprojekt-alpha")
    assert alpha.short_name == "Testprojekt Alpha"
    assert alpha.funding_wave == 2
    assert alpha.lead_agency_name == "Jobcenter Testhausen"
    assert alpha.partners == "Partner A\nPartner B"
    assert alpha.legal_sphere == Project.LegalSphere.SGB_II_VI
    assert alpha.states == "Bayern, Hessen"
    assert alpha.bundesland == ""  # two states: no single-state facet value
    assert alpha.duration == "2020–2025"
    assert alpha.website == "https://example.org/alpha"
    beta = Project.objects.get(slug="testprojekt-beta")
    assert (beta.states, beta.bundesland, beta.full_name, beta.status) == ("", "", "", "")


def test_an_existing_project_is_updated_by_its_short_name_and_gets_a_history_entry(
    redaktion, roles
):
    project = Project.objects.create(
        short_name="Testprojekt Alpha", slug="testprojekt-alpha", summary="Alt.", place="Ort"
    )
    data = csv_bytes([_row(**{"Bundesländer": "Sachsen"})], HEADERS)
    url, page = _preview(redaktion, data)
    html = page.content.decode()
    assert "ändern" in html and "Kurzbeschreibung" in html and "Bundesländer" in html
    _confirm(redaktion, url, page)
    project.refresh_from_db()
    assert not Project.objects.filter(short_name="Testprojekt Beta").exists()
    assert project.summary == "Ein Testprojekt."
    assert (project.states, project.bundesland) == ("Sachsen", "sachsen")
    assert project.place == "Ort"  # no column, no change
    versions = Version.objects.get_for_object(project)
    assert versions.count() == 1
    revision = versions.first().revision
    assert revision.user == roles[REDAKTION]
    assert (
        "Projektimport" in revision.get_comment() and "Kurzbeschreibung" in revision.get_comment()
    )


def test_an_unchanged_table_offers_nothing_to_confirm(redaktion, roles):
    Project.objects.create(short_name="Testprojekt Alpha", slug="testprojekt-alpha")
    data = csv_bytes([{"Kurzname": "Testprojekt Alpha"}], ["Kurzname"])
    _url, page = _preview(redaktion, data)
    assert 'id="nothing-to-do"' in page.content.decode()


def test_a_table_without_the_short_name_column_gets_a_german_message(redaktion, roles):
    response = _upload(redaktion, csv_bytes([_row()], HEADERS[1:]))
    assert response.status_code == 200
    assert "Die Spalte „Kurzname“ fehlt" in response.content.decode()


def test_a_file_that_is_no_project_table_gets_a_german_message(redaktion, roles):
    response = _upload(redaktion, b"Titel;Kategorie\nx;y\n")
    assert response.status_code == 200
    assert "keine bekannten Spaltennamen" in response.content.decode()
    response = _upload(redaktion, b"PK\x03\x04kaputt", "projekte.xlsx")
    assert response.status_code == 200
    assert "beschädigt" in response.content.decode()


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Förderwelle", "4", "„4“ ist keine Förderwelle"),
        ("Website", "www.example.org", "keine gültige Web-Adresse"),
        ("Website", "javascript:alert(1)", "keine gültige Web-Adresse"),
        ("Bundesländer", "Bayern, Atlantis", "„Atlantis“ ist kein Bundesland"),
        ("Rechtskreis", "SGB III", "kein Rechtskreis"),
    ],
)
def test_one_bad_cell_blocks_the_whole_import_with_a_german_message(
    redaktion, roles, column, value, message
):
    before = Project.objects.count()
    rows = [_row(**{"Kurzname": "Gute Zeile"}), _row(**{column: value})]
    url, page = _preview(redaktion, csv_bytes(rows, HEADERS))
    html = page.content.decode()
    assert message in html and "Zeile 3" in html
    assert 'name="fingerprint"' not in html
    # A forged confirm writes nothing either: all or nothing.
    redaktion.post(url, {"fingerprint": "x"})
    assert Project.objects.count() == before


def test_a_short_name_twice_in_the_file_is_an_error(redaktion, roles):
    _url, page = _preview(redaktion, csv_bytes([_row(), _row()], HEADERS))
    assert "steht schon in Zeile 2" in page.content.decode()


def test_only_users_who_may_create_and_change_projects_may_import(roles, django_user_model):
    # Staff with the general import right but without the project rights are refused.
    user = roles["staff"]
    user.user_permissions.add(
        Permission.objects.get(codename="add_importbatch"),
        Permission.objects.get(codename="change_project"),
    )
    before = Project.objects.count()
    client = client_for(django_user_model.objects.get(pk=user.pk))
    assert client.get(UPLOAD).status_code == 403
    assert _upload(client, csv_bytes([_row()], HEADERS)).status_code == 403
    assert client.get(reverse("imports:projects_example")).status_code == 403
    assert Project.objects.count() == before
    index = client_for(roles[REDAKTION]).get(reverse("admin:index")).content.decode()
    assert reverse("imports:projects") in index


def test_the_example_file_is_linked_and_imports_cleanly(redaktion, roles):
    page = redaktion.get(UPLOAD).content.decode()
    assert reverse("imports:projects_example") in page
    download = redaktion.get(reverse("imports:projects_example"))
    assert b"".join(download.streaming_content if download.streaming else [download.content]) == (
        EXAMPLE.read_bytes()
    )
    before = Project.objects.count()
    url, preview = _preview(redaktion, EXAMPLE.read_bytes(), "projekte-beispiel.csv")
    assert (
        "Fehler"
        not in preview.content.decode().split('id="import-rows"', 1)[1].split("<tbody>", 1)[1]
    )
    _confirm(redaktion, url, preview)
    assert Project.objects.count() == before + 2


def test_the_public_page_shows_imported_fields_and_hides_empty_ones(redaktion, roles, client):
    data = csv_bytes(
        [{"Kurzname": "Testprojekt Leer", "Rechtskreis": "SGB VI", "Laufzeit": "2019–2023"}],
        ["Kurzname", "Rechtskreis", "Laufzeit", "Website", "Verbundpartner"],
    )
    url, page = _preview(redaktion, data)
    _confirm(redaktion, url, page)
    project = Project.objects.get(slug="testprojekt-leer")
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Rechtskreis" in html and "SGB VI" in html and "2019–2023" in html
    for hidden in ("Verbundpartner", "Website", "Förderwelle", "Region", "Federführung"):
        assert f"<dt>{hidden}</dt>" not in html


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"\x00\xff\xfe" * 300, "projekte.csv"),
        (b"%PDF-1.4 kein Projekt", "projekte.pdf"),
        (("Kurzname;" * 150 + "\n").encode(), "projekte.csv"),
        (b"PK\x05\x06" + b"\x00" * 18, "projekte.xlsx"),
        (b"", "projekte.csv"),
    ],
)
def test_malformed_files_get_a_german_message_not_a_500(redaktion, roles, data, name):
    response = _upload(redaktion, data, name)
    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()


def test_a_formula_in_an_xlsx_cell_is_a_row_error(redaktion, roles):
    data = xlsx_bytes([_row()], HEADERS, formulas={(0, "Website"): "=HYPERLINK(A1)"})
    _url, page = _preview(redaktion, data, "projekte.xlsx")
    html = page.content.decode()
    assert "Formeln werden nicht übernommen" in html and 'name="fingerprint"' not in html


def test_the_admin_finds_projects_by_partner_state_and_duration(redaktion, roles):
    Project.objects.create(
        short_name="Netzwerk Nord",
        slug="netzwerk-nord",
        partners="Universität Kiel\nDRV Nord",
        states="Schleswig-Holstein",
        duration="2022–2026",
    )
    changelist = reverse("admin:practices_project_changelist")
    for term in ("Kiel", "Schleswig", "2026"):
        page = redaktion.get(changelist, {"q": term}).content.decode()
        assert "Netzwerk Nord" in page, term
    assert "Netzwerk Nord" not in redaktion.get(changelist, {"q": "Bayern"}).content.decode()
