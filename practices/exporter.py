"""One exporter for every practice export: public list exports and internal admin selections.

It owns the file name, the metadata, the rows and every format (pretix's ListExporter shape).
"""

import csv
import datetime
import io
import itertools
import json
import tempfile

import xlsxwriter
from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from practices import export_sql
from practices.export_columns import FORMULA_PREFIXES, headers
from practices.export_rows import export_rows, json_record, tabular_values
from practices.listing import PracticeList

_FORMULA_STARTS = frozenset(FORMULA_PREFIXES)
ROWS_PER_CHUNK = 500

# Widths in characters, in COLUMNS order (+ the internal column); sized so that a landscape
# A4 page scaled to one page wide stays readable.
XLSX_COLUMN_WIDTHS = (
    5,
    36,
    90,
    14,
    10,
    14,
    24,
    16,
    30,
    20,
    10,
    10,
    16,
    14,
    16,
    30,
    10,
    10,
    10,
    6,
    24,
    14,
)


def neutralise(value):
    """Keep spreadsheet programs from reading a text cell as a formula (OWASP CSV injection)."""
    if value.__class__ is str and value:
        if value[0] in _FORMULA_STARTS:
            value = "'" + value
        if "\0" in value:
            value = value.replace("\0", "")
    return value


def csv_header(*, delimiter=";", bom=True, internal=False):
    """Return the CSV file's start: the BOM for German Excel (unless asked not to), the header."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerow(
        headers(internal=internal)
    )
    return buffer.getvalue()


def csv_chunks(rows, *, delimiter=";", bom=True, internal=False):
    """Yield the CSV file in pieces: BOM and ';' for German Excel, RFC 4180 quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    buffer.write(csv_header(delimiter=delimiter, bom=bom, internal=internal))
    for index, row in enumerate(rows, start=1):
        writer.writerow([neutralise(v) for v in tabular_values(row, internal=internal)])
        if index % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def german_csv(header, rows):
    """Return a small table as German Excel CSV bytes: BOM, ';', formula guard on every cell."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([neutralise(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def json_chunks(rows, meta, *, internal=False):
    """Yield {"meta": …, "results": […]} in pieces, UTF-8 unescaped."""
    yield '{"meta": ' + json.dumps(meta, ensure_ascii=False) + ', "results": ['
    pieces = []
    for index, row in enumerate(rows):
        pieces.append(
            ("," if index else "")
            + json.dumps(json_record(row, internal=internal), ensure_ascii=False)
        )
        if len(pieces) == ROWS_PER_CHUNK:
            yield "".join(pieces)
            pieces = []
    yield "".join(pieces) + "]}"


def write_xlsx(rows, target, info, *, internal=False):
    """Write the rows to an XLSX file: strings stay strings, header bold and frozen."""
    workbook = xlsxwriter.Workbook(
        target,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    sheet = workbook.add_worksheet(_("Praxisbeispiele"))
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    day = workbook.add_format({"num_format": "dd.mm.yyyy", "valign": "top"})
    header_row = headers(internal=internal)
    for column, width in enumerate(XLSX_COLUMN_WIDTHS[: len(header_row)]):
        sheet.set_column(column, column, width, wrap)
    sheet.freeze_panes(1, 0)
    _page_setup(sheet, info)
    for column, header in enumerate(header_row):
        sheet.write_string(0, column, header, bold)
    count = 0
    write_number, write_string = sheet.write_number, sheet.write_string
    write_datetime = sheet.write_datetime
    date_class = datetime.date
    # Cells take the columns' wrapping format; a format per cell doubled the writing time,
    # so only the (few) date cells carry their own.
    for count, row in enumerate(rows, start=1):
        for column, value in enumerate(tabular_values(row, internal=internal)):
            if value.__class__ is int:
                write_number(count, column, value)
            elif value.__class__ is date_class:
                write_datetime(count, column, value, day)
            elif value is None:
                continue
            else:
                write_string(count, column, value.replace("\0", "") if "\0" in value else value)
    sheet.autofilter(0, 0, count, len(header_row) - 1)
    info_sheet = workbook.add_worksheet(_("Info"))
    info_sheet.set_column(0, 0, 24)
    info_sheet.set_column(1, 1, 80)
    info_sheet.fit_to_pages(1, 1)
    lines = [(_("Exportiert am"), info["exported_at"]), (_("Anzahl Zeilen"), str(count))]
    lines += [(_("Filter"), info["filters_text"] or _("keine"))]
    lines += [(_("Quelle"), info["source_url"])]
    if internal:
        lines.append((_("Hinweis"), _("Interner Export mit nicht veröffentlichten Einträgen.")))
    for index, (key, value) in enumerate(lines):
        info_sheet.write_string(index, 0, str(key), bold)
        info_sheet.write_string(index, 1, str(value))
    workbook.close()
    return count


class _Counted:
    """Iterate over rows and count them."""

    def __init__(self, rows):
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def _page_setup(sheet, info):
    """Print landscape on A4, one page wide, the header row on every page, site and date."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    site = str(settings.SITE_NAME).replace("&", "&&")
    sheet.set_header(f"&L{site}&R{_('Stand')}: {info['exported_at'][:10]}")
    sheet.set_footer(f"&C{_('Seite')} &P / &N")


def _in_language(language, chunks):
    """Yield the chunks with `language` active: a stream is written after the view returned."""
    with translation.override(language):
        yield from chunks


def export_language(request):
    """Return the export's language: ?sprache=en (or de) if given, else the page's (/en/)."""
    requested = request.GET.get("sprache", "")
    if requested in dict(settings.LANGUAGES):
        return requested
    return translation.get_language()


def practice_url_builder(request):
    """Return a function making absolute practice URLs without a reverse() per row."""
    base = request.build_absolute_uri(reverse("practices:detail", kwargs={"slug": "SLUG"}))
    head, tail = base.split("SLUG", 1)
    return lambda slug: f"{head}{slug}{tail}"


class PracticeExporter:
    """An export of practices in a given order: file name, metadata, rows, any format."""

    CONTENT_TYPES = {
        "csv": "text/csv; charset=utf-8",
        "json": "application/json; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    def __init__(self, queryset, url_for, meta, *, internal=False):
        self.queryset = queryset
        self.url_for = url_for
        self.meta = meta
        self.internal = internal

    @classmethod
    def for_list(cls, request):
        """Export the public list exactly as the list page shows it for these parameters."""
        listing = PracticeList.from_query(request.GET)
        list_url = request.build_absolute_uri(reverse("practices:list"))
        return cls(listing.queryset, practice_url_builder(request), listing.export_meta(list_url))

    @classmethod
    def for_selection(cls, request, queryset):
        """Export researchers' admin selection, drafts and internal columns included."""
        meta = {
            "exported_at": timezone.localtime().isoformat(timespec="seconds"),
            "internal": True,
            "note": str(_("Interner Export mit nicht veröffentlichten Einträgen.")),
            "filters": {},
            "filters_text": str(_("Auswahl in der Verwaltung")),
            "source_url": request.build_absolute_uri(),
        }
        return cls(queryset.order_by("id"), practice_url_builder(request), meta, internal=True)

    def filename(self, extension):
        prefix = "rehapro-praxis-intern" if self.internal else "rehapro-praxis"
        return f"{prefix}-{timezone.localdate():%Y-%m-%d}.{extension}"

    def rows(self):
        return export_rows(self.queryset, self.url_for, internal=self.internal)

    def copy_export(self):
        """Return the COPY path for this export, or None where it does not apply (SQLite)."""
        if export_sql.available(self.url_for):
            return export_sql.CopyExport(self.queryset, self.url_for, internal=self.internal)
        return None

    def csv_bytes(self, *, comma=False):
        """Return (the CSV file as bytes pieces, an object whose .count is set at the end)."""
        delimiter = "," if comma else ";"
        header = csv_header(delimiter=delimiter, bom=not comma, internal=self.internal)
        copy = self.copy_export()
        if copy:
            return itertools.chain([header.encode("utf-8")], copy.csv(delimiter=delimiter)), copy
        counted = _Counted(self.rows())
        chunks = csv_chunks(counted, delimiter=delimiter, bom=not comma, internal=self.internal)
        return (chunk.encode("utf-8") for chunk in chunks), counted

    def json_bytes(self, count=None):
        """Yield the JSON file as bytes: {"meta": …, "results": […]}; count if known."""
        meta = {k: v for k, v in self.meta.items() if k != "filters_text"}
        meta["count"] = self.queryset.count() if count is None else count
        copy = self.copy_export()
        if copy:
            yield ('{"meta": ' + json.dumps(meta, ensure_ascii=False) + ', "results": [').encode()
            yield from copy.json()
            yield b"]}"
            return
        for chunk in json_chunks(self.rows(), meta, internal=self.internal):
            yield chunk.encode("utf-8")

    def write(self, extension, target, *, comma=False):
        """Write the export in the given format to a binary file; return the number of rows."""
        if extension == "xlsx":
            return write_xlsx(self.rows(), target, self.meta, internal=self.internal)
        if extension == "csv":
            chunks, counted = self.csv_bytes(comma=comma)
            for chunk in chunks:
                target.write(chunk)
            return counted.count
        count = self.queryset.count()
        for chunk in self.json_bytes(count):
            target.write(chunk)
        return count

    def response(self, extension, *, comma=False):
        """Return the export as a download in the given format ("csv", "json" or "xlsx")."""
        if extension == "xlsx":
            return self._xlsx_response()
        if extension == "csv":
            return self._csv_response(comma)
        # JSON streams: a cut-off file lacks the closing "]}" and no parser accepts it.
        response = StreamingHttpResponse(
            _in_language(translation.get_language(), self.json_bytes()),
            content_type=self.CONTENT_TYPES[extension],
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename(extension)}"'
        return response

    def _csv_response(self, comma):
        # A CSV cut off after any line is still a valid CSV. So the whole file is written
        # first and sent with its Content-Length (a browser reports a shorter download as
        # failed), and its name carries the row count (Excel's last row number is one more).
        target = tempfile.TemporaryFile(suffix=".csv")  # noqa: SIM115 - closed by FileResponse
        count = self.write("csv", target, comma=comma)
        target.seek(0)
        name = self.filename("csv").removesuffix(".csv") + f"-{count}-zeilen.csv"
        return FileResponse(
            target, as_attachment=True, filename=name, content_type=self.CONTENT_TYPES["csv"]
        )

    def _xlsx_response(self):
        # A temporary file keeps memory flat; it is removed when the response is closed.
        target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
        self.write("xlsx", target)
        target.seek(0)
        return FileResponse(
            target,
            as_attachment=True,
            filename=self.filename("xlsx"),
            content_type=self.CONTENT_TYPES["xlsx"],
        )
