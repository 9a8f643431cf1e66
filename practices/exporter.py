"""One exporter for every practice export: public list exports and internal admin selections.

It owns the file name, the metadata, the rows and every format (pretix's ListExporter shape).
"""

import csv
import io
import itertools
import json
import tempfile

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from practices import export_sql
from practices.export_columns import FORMULA_PREFIXES, headers
from practices.export_rows import export_rows, json_record, tabular_values
from practices.export_xlsx import write_xlsx, write_xlsx_copy
from practices.listing import PracticeList

_FORMULA_STARTS = frozenset(FORMULA_PREFIXES)
ROWS_PER_CHUNK = 500


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


def _reporting(rows, progress):
    for done, row in enumerate(rows, start=1):
        progress(done)
        yield row


class _Counted:
    """Iterate over rows and count them."""

    def __init__(self, rows):
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


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

    def __init__(self, queryset, url_for, meta, *, internal=False, progress=None):
        self.queryset = queryset
        self.url_for = url_for
        self.meta = meta
        self.internal = internal
        # Told the number of rows written so far (a background export's progress page).
        self.progress = progress

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
        rows = export_rows(self.queryset, self.url_for, internal=self.internal)
        return rows if self.progress is None else _reporting(rows, self.progress)

    def copy_export(self):
        """Return the COPY path for this export, or None where it does not apply (SQLite)."""
        # DISTINCT would also make the rows' positions distinct: the Python rows handle it.
        if export_sql.available(self.url_for) and not self.queryset.query.distinct:
            return export_sql.CopyExport(
                self.queryset, self.url_for, internal=self.internal, progress=self.progress
            )
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
            copy = self.copy_export()
            if copy:
                return write_xlsx_copy(copy, target, self.meta, internal=self.internal)
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
