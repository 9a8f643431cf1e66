"""Exports in English via /en/ or ?sprache=en: headers and labels translated, content German."""

import csv
import io
import json

import openpyxl
import pytest

from practices.export_columns import COLUMNS

pytestmark = pytest.mark.django_db

GERMAN_HEADERS = [label for _key, label in COLUMNS]


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize(
    "url", ["/en/praxis/export.csv?kategorie=finanzierung", "/praxis/export.csv?sprache=en"]
)
def test_the_practice_csv_has_english_headers_and_labels(client, content, url):
    rows = csv_rows(client.get(url))
    header = rows[0]
    assert header[:5] == ["ID", "Title", "Description", "Category", "Status"]
    assert "Added to the knowledge base" in header
    assert {row[header.index("Category")] for row in rows[1:]} <= {
        "Funding",
        "Services & providers",
        "Structures & organisational development",
        "Knowledge base",
        "Other",
    }


def test_the_german_export_keeps_its_german_contract(client, content):
    rows = csv_rows(client.get("/praxis/export.csv", HTTP_ACCEPT_LANGUAGE="en"))
    assert rows[0] == GERMAN_HEADERS
    # ?sprache=de on an English page gives the German file again.
    assert csv_rows(client.get("/en/praxis/export.csv?sprache=de"))[0] == GERMAN_HEADERS


def test_the_json_stream_labels_are_english(client, content):
    response = client.get("/en/praxis/export.json?kategorie=finanzierung")
    data = json.loads(b"".join(response.streaming_content))
    assert data["results"]
    assert {r["category_label"] for r in data["results"]} == {"Funding"}
    assert {r["status_label"] for r in data["results"]} <= {"planned", "implemented"}


def test_the_xlsx_has_english_headers_and_info_sheet(client, content):
    response = client.get("/praxis/export.xlsx?sprache=en&kategorie=finanzierung")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Practice examples", "Info"]
    assert workbook["Practice examples"]["B1"].value == "Title"
    assert workbook["Info"]["A1"].value == "Exported on"


def test_the_hurdle_exports_speak_english_too(client, content):
    response = client.get("/en/huerden/export.csv")
    text = response.content.decode("utf-8").removeprefix("\ufeff")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[:3] == ["ID", "Hurdle", "Kind of hurdle"]
    german = client.get("/huerden/export.csv").content.decode("utf-8").removeprefix("\ufeff")
    assert german.startswith("ID;Hürde;Art der Hürde")


def test_the_english_list_links_its_english_exports(client, content):
    html = client.get("/en/praxis/?kategorie=finanzierung").content.decode()
    assert 'href="/en/praxis/export.csv?kategorie=finanzierung"' in html
