"""Read an uploaded CSV or XLSX file into rows of text cells; refuse what is not a table."""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.utils.escape import unescape

from imports.text_files import BrokenUtf8, UnreadableText, decode
from practices.export_columns import COLUMNS, FORMULA_PREFIXES, INTERNAL_COLUMNS

MAX_BYTES = 5 * 1024 * 1024
# A larger import would outlast a web worker's timeout (about 6 ms a written row).
MAX_ROWS = 5_000
# The export has 15 columns; far more is no table of ours, and its preview would list each.
MAX_COLUMNS = 100
# An XLSX is a ZIP: a small file can unpack to gigabytes (a "zip bomb").
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
DELIMITERS = (";", ",", "\t")
KNOWN_HEADERS = {label.casefold() for _key, label in COLUMNS + INTERNAL_COLUMNS}

_SIGNATURES = (
    (b"\xd0\xcf\x11\xe0", "ole"),
    (b"%PDF", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
)


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message says why, in German."""


@dataclass
class SheetRow:
    """One non-empty row: its number as a spreadsheet program counts (header = 1)."""

    number: int
    cells: list
    # (column index, German message) for cells that must not be taken over (formulas).
    problems: list = field(default_factory=list)


@dataclass
class Sheet:
    kind: str  # "csv" or "xlsx"
    headers: list
    rows: list
    encoding: str = ""
    delimiter: str = ""


def check_size(size):
    """Refuse a file above the limit before reading it."""
    if size > MAX_BYTES:
        raise SpreadsheetError(
            _(
                "Die Datei ist %(size)s MB groß; erlaubt sind höchstens %(limit)s MB. "
                "Bitte teilen Sie die Tabelle auf."
            )
            % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ","), "limit": MAX_BYTES // 2**20}
        )


def read_spreadsheet(data, known_headers=KNOWN_HEADERS, hint=None):
    """Return the file's header and non-empty rows, whether it is CSV or XLSX.

    known_headers (casefolded) tell a table of ours; hint names a few of them in the errors.
    """
    hint = hint or _("„ID“, „Titel“, „Kategorie“, „Forum“ wie im Export")
    check_size(len(data))
    if not data.strip():
        raise SpreadsheetError(_("Die Datei ist leer."))
    kind = next((kind for magic, kind in _SIGNATURES if data.startswith(magic)), "text")
    if kind == "zip":
        return _read_xlsx(data, known_headers, hint)
    if kind == "ole":
        raise SpreadsheetError(
            _(
                "Das ist eine Datei im alten Excel-Format (.xls) oder eine mit Kennwort "
                "geschützte Datei. Bitte speichern Sie sie ohne Kennwort als .xlsx oder als CSV."
            )
        )
    if kind in ("pdf", "image"):
        raise SpreadsheetError(
            _("Das ist ein PDF-Dokument oder ein Bild, keine Tabelle. Erwartet: CSV oder XLSX.")
        )
    return _read_csv(_decode(data), known_headers, hint)


def _decode(data):
    """Return (text, encoding name) of a CSV file; say in a spreadsheet's terms why not."""
    try:
        return decode(data)
    except BrokenUtf8 as error:
        advice = _("Bitte speichern Sie sie erneut als „CSV UTF-8“.")
        raise SpreadsheetError(f"{error} {advice}") from error
    except UnreadableText as error:
        raise _not_text() from error


def _not_text():
    return SpreadsheetError(
        _(
            "Die Datei ist weder eine CSV-Textdatei noch eine XLSX-Arbeitsmappe. "
            "Bitte exportieren Sie die Tabelle als CSV (UTF-8) oder XLSX."
        )
    )


def _unquote(value):
    """Undo the export's formula guard: a leading ' before =, +, -, @, tab or CR."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def _read_csv(decoded, known_headers, hint):
    text, encoding = decoded
    delimiter = _detect_delimiter(text, known_headers, hint)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers, rows = None, []
    try:
        for number, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            cells = _within_width(cells)
            if headers is None:
                headers = [cell.strip() for cell in cells]
                continue
            rows.append(SheetRow(number, [_unquote(cell) for cell in cells]))
            _check_row_count(rows)
    except csv.Error as error:
        raise SpreadsheetError(
            _("Die CSV-Datei ist in Zeile %(line)s nicht lesbar (%(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from error
    return Sheet("csv", headers or [], rows, encoding=encoding, delimiter=delimiter)


def _detect_delimiter(text, known_headers, hint):
    """Pick the separator that splits the header line into the most known column names."""
    best, best_score = None, 0
    for delimiter in DELIMITERS:
        records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            header = next((cells for cells in records if any(c.strip() for c in cells)), [])
        except csv.Error:
            continue
        score = sum(cell.strip().casefold() in known_headers for cell in header)
        if score > best_score:
            best, best_score = delimiter, score
    if best is None:
        raise SpreadsheetError(
            _(
                "Die erste Zeile enthält keine bekannten Spaltennamen (erwartet z. B. "
                "%(hint)s). Ist das die richtige Datei?"
            )
            % {"hint": hint}
        )
    return best


def _within_width(cells):
    """Return the row without empty cells beyond the limit; refuse a wider row."""
    if len(cells) <= MAX_COLUMNS:
        return cells
    width = len(cells)
    while width > MAX_COLUMNS and not str(cells[width - 1]).strip():
        width -= 1
    if width > MAX_COLUMNS:
        raise SpreadsheetError(
            _(
                "Die Tabelle hat %(count)s Spalten; erlaubt sind höchstens %(limit)s. "
                "Ist das die richtige Datei?"
            )
            % {"count": f"{width:,}".replace(",", "."), "limit": MAX_COLUMNS}
        )
    return cells[:width]


def _check_row_count(rows):
    if len(rows) > MAX_ROWS:
        raise SpreadsheetError(
            _("Die Tabelle hat mehr als %(limit)s Zeilen. Bitte teilen Sie sie auf.")
            % {"limit": f"{MAX_ROWS:,}".replace(",", ".")}
        )


def _read_xlsx(data, known_headers, hint):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError) as error:
        raise _broken_xlsx() from error
    if b"opendocument" in mimetype:
        raise SpreadsheetError(
            _(
                "Das ist eine OpenDocument-Tabelle (.ods). Bitte speichern Sie sie als .xlsx "
                "oder als CSV."
            )
        )
    if "xl/workbook.xml" not in names:
        raise SpreadsheetError(
            _("Das ist ein ZIP-Archiv, aber keine Excel-Arbeitsmappe. Erwartet: CSV oder XLSX.")
        )
    if unzipped > MAX_UNZIPPED_BYTES:
        raise SpreadsheetError(_("Die Arbeitsmappe ist entpackt zu groß."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    # openpyxl raises many kinds of errors for damaged files; each means the same to a person.
    except Exception as error:
        raise _broken_xlsx() from error
    try:
        return _read_first_sheet(workbook, known_headers, hint)
    except SpreadsheetError:
        raise
    except Exception as error:
        raise _broken_xlsx() from error
    finally:
        workbook.close()


def _broken_xlsx():
    return SpreadsheetError(
        _(
            "Die XLSX-Datei ist beschädigt oder keine Excel-Arbeitsmappe. Bitte öffnen Sie sie "
            "in Excel oder LibreOffice und speichern Sie sie erneut als .xlsx."
        )
    )


def _read_first_sheet(workbook, known_headers, hint):
    if not workbook.worksheets:
        raise _broken_xlsx()
    headers, rows = None, []
    for number, cells in enumerate(workbook.worksheets[0].iter_rows(), start=1):
        texts, problems = [], []
        for index, cell in enumerate(cells):
            text, problem = _cell_text(cell)
            texts.append(text)
            if problem:
                problems.append((index, problem))
        if not problems and not any(text.strip() for text in texts):
            continue
        texts = _within_width(texts)
        problems = [problem for problem in problems if problem[0] < len(texts)]
        if headers is None:
            headers = [text.strip() for text in texts]
            continue
        rows.append(SheetRow(number, texts, problems))
        _check_row_count(rows)
    if headers is None or not any(h.casefold() in known_headers for h in headers):
        raise SpreadsheetError(
            _(
                "Das erste Blatt der Arbeitsmappe hat keine bekannten Spaltennamen (erwartet "
                "z. B. %(hint)s)."
            )
            % {"hint": hint}
        )
    return Sheet("xlsx", headers, rows)


def _cell_text(cell):
    """Return (text, problem): the cell as text, never evaluating a formula."""
    value = getattr(cell, "value", None)
    data_type = getattr(cell, "data_type", None)
    if data_type == "f":
        return "", _("Formeln werden nicht übernommen; bitte tragen Sie den Wert als Text ein.")
    if data_type == "e":
        return "", _("Die Zelle enthält einen Fehlerwert (%(value)s).") % {"value": value}
    if value is None:
        return "", None
    if isinstance(value, bool):
        return ("WAHR" if value else "FALSCH"), None
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), None
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat(), None
        return value.strftime("%Y-%m-%d %H:%M"), None
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat(), None
    if isinstance(value, str):
        # OOXML writes control characters as _x000D_; openpyxl leaves them escaped.
        return unescape(value), None
    return str(value), None
