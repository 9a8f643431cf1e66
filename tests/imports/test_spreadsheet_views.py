"""The admin pages of the spreadsheet import: rights, upload, preview, confirm, bad files."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportBatch
from practices.models import Practice
from practices.roles import ADMINISTRATION, FREIGABE, REDAKTION
from tests.conftest import make_forum, make_practice
from tests.imports.conftest import client_for
from tests.imports.spreadsheets import csv_bytes, existing_row, new_row, xlsx_bytes

pytestmark = pytest.mark.django_db
UPLOAD = reverse("imports:spreadsheet")
State = Practice.PublicationState


@pytest.fixture
def forum(db):
    return make_forum()


def _upload(client, data, name="tabelle.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


def _preview(client, data, name="tabelle.csv"):
    response = _upload(client, data, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    url = response["Location"]
    return url, client.get(url)


def _fingerprint(page):
    html = page.content.decode()
    return html.split('name="fingerprint" value="', 1)[1].split('"', 1)[0]


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_without_the_import_right_get_403(roles, forum):
    staff = client_for(roles["staff"])
    assert staff.get(UPLOAD).status_code == 403
    assert _upload(staff, csv_bytes([new_row(forum)])).status_code == 403
    assert staff.get(reverse("imports:spreadsheet_template")).status_code == 403


@pytest.mark.parametrize("role", [REDAKTION, FREIGABE, ADMINISTRATION])
def test_researchers_see_the_upload_page_and_the_admin_index_links_it(roles, role):
    client = client_for(roles[role])
    page = client.get(UPLOAD)
    assert page.status_code == 200
    assert "Tabelle importieren" in page.content.decode()
    index = client.get(reverse("admin:index")).content.decode()
    assert UPLOAD in index
    assert reverse("admin:imports_importbatch_changelist") in index


def test_upload_preview_confirm_creates_drafts_and_records_the_import(roles, forum):
    client = client_for(roles[REDAKTION])
    practice = make_practice(forum, publication_state=State.ENTWURF)
    data = xlsx_bytes([new_row(forum, Titel="Aus Excel"), existing_row(practice, Aspekt="Neu")])
    url, page = _preview(client, data, "liste.xlsx")
    html = page.content.decode()
    assert "Aus Excel" in html and "neu" in html and "Aspekt" in html
    assert not Practice.objects.filter(title="Aus Excel").exists()  # the preview is a dry run
    response = client.post(url, {"fingerprint": _fingerprint(page)})
    assert response["Location"].startswith("/admin/aufgaben/")  # the job's progress page
    response = client.get(response["Location"])  # done (tests run tasks at once): the result
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("admin:imports_importbatch_change", args=[batch.pk])
    created = Practice.objects.get(title="Aus Excel")
    assert (created.publication_state, created.import_batch) == (State.ENTWURF, batch)
    assert (batch.source_name, batch.created_count, batch.updated_count) == ("liste.xlsx", 1, 1)
    message = client.get(response["Location"]).content.decode()
    assert "Import abgeschlossen: 1 neu, 1 geändert, 0 unverändert." in message
    # The stored upload is gone: confirming twice cannot import twice.
    again = client.post(url, {"fingerprint": _fingerprint(page)})
    assert again["Location"] == UPLOAD
    assert ImportBatch.objects.count() == 1


def test_a_confirm_after_the_data_changed_shows_the_new_preview_instead(roles, forum):
    client = client_for(roles[REDAKTION])
    practice = make_practice(forum, publication_state=State.ENTWURF)
    url, page = _preview(client, csv_bytes([existing_row(practice, Titel="Tabelle")]))
    practice.refresh_from_db()
    practice.title = "Inzwischen anders"
    practice.save()
    response = client.post(url, {"fingerprint": _fingerprint(page)})
    assert response["Location"] == url
    assert "Seit der Vorschau haben sich Daten geändert" in client.get(url).content.decode()
    practice.refresh_from_db()
    assert practice.title == "Inzwischen anders"
    assert not ImportBatch.objects.exists()


def test_a_forged_fingerprint_writes_nothing(roles, forum):
    client = client_for(roles[REDAKTION])
    url, _page = _preview(client, csv_bytes([new_row(forum)]))
    client.post(url, {"fingerprint": "0" * 64})
    assert not ImportBatch.objects.exists()


def test_another_users_preview_token_is_useless(roles, forum):
    url, page = _preview(client_for(roles[REDAKTION]), csv_bytes([new_row(forum)]))
    other = client_for(roles[FREIGABE])
    assert other.get(url)["Location"] == UPLOAD
    other.post(url, {"fingerprint": _fingerprint(page)})
    assert not ImportBatch.objects.exists()


def test_a_preview_with_errors_names_them_and_offers_no_confirm(roles, forum):
    client = client_for(roles[REDAKTION])
    rows = [new_row(forum), new_row(forum, Kategorie="Bildung", Forum="Nirgendwo")]
    url, page = _preview(client, csv_bytes(rows))
    html = page.content.decode()
    assert "Zeile 3, Spalte „Kategorie“: Unbekannte Kategorie „Bildung“" in html
    assert "Zeile 3, Spalte „Forum“: Unbekanntes Forum „Nirgendwo“" in html
    assert "Es wird nichts importiert" in html
    assert 'name="fingerprint"' not in html
    client.post(url, {"fingerprint": "x"})
    assert not Practice.objects.filter(title=rows[0]["Titel"]).exists()
    assert not ImportBatch.objects.exists()


def _bad_inputs(forum):
    row = new_row(forum)
    return {
        "zu-gross": (csv_bytes([row]) + b"x" * (10 * 1024 * 1024), "höchstens 5 MB"),
        "png": (b"\x89PNG\r\n\x1a\n" + os.urandom(4096), "keine Tabelle"),
        "pdf-als-xlsx": (b"%PDF-1.4\n" + os.urandom(4096), "keine Tabelle"),
        "zufall": (os.urandom(4096), "weder eine CSV"),
        "leer": (b"", ""),
        "ohne-pflichtspalten": (
            csv_bytes([row], headers=["ID", "Titel"]),
            "Es fehlen Pflichtspalten",
        ),
        "nur-kopfzeile": (csv_bytes([]), "keine Datenzeilen"),
    }


@pytest.mark.parametrize(
    "case",
    ["zu-gross", "png", "pdf-als-xlsx", "zufall", "leer", "ohne-pflichtspalten", "nur-kopfzeile"],
)
def test_a_bad_file_gets_a_message_on_the_upload_page_and_nothing_is_written(roles, forum, case):
    data, phrase = _bad_inputs(forum)[case]
    before = Practice.objects.count()
    response = _upload(client_for(roles[REDAKTION]), data, "tabelle.xlsx")
    assert response.status_code == 200
    html = response.content.decode()
    assert "errorlist" in html
    assert phrase in html
    assert Practice.objects.count() == before
    assert not ImportBatch.objects.exists()


def test_german_excel_csv_in_windows_1252_with_commas_and_empty_rows_imports(roles, forum):
    client = client_for(roles[REDAKTION])
    rows = [new_row(forum, Titel="Größere Übergänge", Beschreibung="Straße; Maß")]
    data = csv_bytes(rows, delimiter=",", encoding="cp1252") + b",,,,\r\n\r\n"
    url, page = _preview(client, data)
    client.post(url, {"fingerprint": _fingerprint(page)})
    practice = Practice.objects.get(title="Größere Übergänge")
    assert practice.description == "Straße; Maß"


def test_a_formula_in_an_uploaded_xlsx_is_refused_in_the_preview(roles, forum):
    client = client_for(roles[REDAKTION])
    data = xlsx_bytes([new_row(forum)], formulas={(0, "Titel"): '=HYPERLINK("http://x","y")'})
    _url, page = _preview(client, data, "formel.xlsx")
    assert "Zeile 2, Spalte „Titel“: Formeln werden nicht übernommen" in page.content.decode()


def test_the_empty_template_has_the_export_columns(roles):
    response = client_for(roles[REDAKTION]).get(reverse("imports:spreadsheet_template"))
    text = response.content.decode("utf-8-sig")
    assert text.startswith("ID;Titel;Beschreibung;Kategorie;Status;")


@pytest.mark.parametrize("cell_length", [150, 8_000])
def test_the_preview_of_a_hostile_file_of_the_maximum_size_stays_under_2_mb(
    roles, forum, cell_length
):
    # Every cell wrong and echoed in a message: without pages and cut messages, 5 MB in
    # gave a preview of several times that.
    from imports.spreadsheet.read import MAX_BYTES, MAX_ROWS

    value = "ä" * cell_length
    row = {h: value for h in ("Titel", "Kategorie", "Status", "Forum", "Schlagworte", "Projekte")}
    row.update(Beschreibung=value, Thementisch=value, URL="/praxis/" + value)
    one = len(csv_bytes([row] * 2)) - len(csv_bytes([row]))
    count = min(MAX_ROWS, (MAX_BYTES - 2_000) // one)
    data = csv_bytes([row] * count)
    assert len(data) <= MAX_BYTES
    client = client_for(roles[REDAKTION])
    url, page = _preview(client, data)
    assert page.status_code == 200
    assert len(page.content) < 2 * 1024 * 1024, len(page.content)
    html = page.content.decode()
    assert "Seite 1 von" in html or count <= 200
    last = client.get(url, {"seite": 9999})
    assert last.status_code == 200 and len(last.content) < 2 * 1024 * 1024


def test_a_file_with_too_many_columns_gets_a_german_message(roles):
    client = client_for(roles[REDAKTION])
    data = ("Titel;" + ";".join(f"Spalte {i}" for i in range(1_000_000))).encode()[:5_000_000]
    response = _upload(client, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Spalten; erlaubt sind höchstens 100" in html
    assert len(response.content) < 200_000
