"""Reading uploaded files: encodings, separators, empty rows, and what is not a table."""

import io
import os
import zipfile

import openpyxl
import pytest

from imports.spreadsheet.read import MAX_BYTES, SpreadsheetError, read_spreadsheet
from tests.imports.spreadsheets import HEADERS, csv_bytes, xlsx_bytes

ROW = {"Titel": "Übergänge gestalten", "Beschreibung": "Straße, Größe; „Zitat“", "Forum": "F"}


def _refused(data):
    with pytest.raises(SpreadsheetError) as error:
        read_spreadsheet(data)
    return str(error.value)


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8-sig", "UTF-8"), ("utf-8", "UTF-8"), ("cp1252", "Windows-1252"), ("utf-16", "UTF-16")],
)
def test_csv_in_the_encodings_excel_writes_reads_the_same_text(encoding, expected):
    sheet = read_spreadsheet(csv_bytes([ROW], encoding=encoding))
    assert sheet.encoding == expected
    assert sheet.headers == HEADERS
    assert sheet.rows[0].cells[1:3] == [ROW["Titel"], ROW["Beschreibung"]]


def test_a_bom_does_not_end_up_in_the_first_column_name():
    data = csv_bytes([ROW], encoding="utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    assert read_spreadsheet(data).headers[0] == "ID"


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_the_separator_is_found_from_the_header(delimiter):
    sheet = read_spreadsheet(csv_bytes([ROW], delimiter=delimiter))
    assert sheet.delimiter == delimiter
    assert sheet.rows[0].cells[2] == ROW["Beschreibung"]


def test_empty_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers():
    data = csv_bytes([ROW]) + b";;;;\r\n\r\n" + csv_bytes([ROW]).split(b"\r\n", 1)[1]
    sheet = read_spreadsheet(b"\r\n" + data)
    assert [row.number for row in sheet.rows] == [3, 6]


def test_the_exports_formula_guard_is_removed_again_but_other_quotes_stay():
    data = csv_bytes([{**ROW, "Titel": "'=SUMME(A1)", "Aspekt": "'Zitat", "Hürden": "'-minus"}])
    cells = read_spreadsheet(data).rows[0].cells
    assert cells[1] == "=SUMME(A1)"
    assert cells[5] == "'Zitat"
    assert cells[6] == "-minus"


def test_a_utf8_file_with_one_broken_byte_is_refused_not_garbled():
    data = csv_bytes([ROW], encoding="utf-8-sig") + b"kaputt \xff\r\n"
    assert "UTF-8" in _refused(data)


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (b"\x89PNG\r\n\x1a\n" + os.urandom(2000), "kein"),
        (b"%PDF-1.7\n" + os.urandom(2000), "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), ".xls"),
        (bytes(range(256)) * 20, "weder eine CSV"),
        (b"", "leer"),
        (b"Einfach ein Satz ohne Spalten.\nUnd noch einer.", "keine bekannten Spaltennamen"),
    ],
    ids=["png", "pdf", "xls", "random-bytes", "empty", "prose"],
)
def test_a_file_that_is_not_a_table_gets_a_clear_message(data, phrase):
    assert phrase in _refused(data)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notizen.txt", "Hallo")
    assert "keine Excel-Arbeitsmappe" in _refused(buffer.getvalue())


def test_a_damaged_xlsx_is_refused():
    data = xlsx_bytes([ROW])
    assert "beschädigt" in _refused(data[: len(data) // 2])


def test_an_opendocument_spreadsheet_is_refused_with_a_hint():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert ".ods" in _refused(buffer.getvalue())


def test_a_file_above_the_limit_is_refused_before_reading():
    data = csv_bytes([ROW]) + b"x" * (10 * 1024 * 1024)
    assert len(data) > MAX_BYTES
    assert "höchstens 5 MB" in _refused(data)


def test_xlsx_cells_are_read_as_text_and_formulas_are_never_evaluated():
    data = xlsx_bytes([ROW, ROW], formulas={(1, "Titel"): "=1+1"})
    sheet = read_spreadsheet(data)
    assert sheet.kind == "xlsx"
    assert sheet.rows[0].cells[1] == ROW["Titel"]
    assert sheet.rows[0].problems == []
    assert sheet.rows[1].cells[1] == ""
    ((index, message),) = sheet.rows[1].problems
    assert index == 1
    assert "Formeln werden nicht übernommen" in message


def test_xlsx_numbers_read_like_people_typed_them():
    workbook = openpyxl.Workbook()
    workbook.active.append(["ID", "Titel"])
    workbook.active.append([12.0, 3.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_spreadsheet(buffer.getvalue()).rows[0].cells == ["12", "3.5"]


def test_xlsx_without_known_columns_is_refused():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Name", "Wert"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert "keine bekannten Spaltennamen" in _refused(buffer.getvalue())
