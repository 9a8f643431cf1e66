"""Export the filtered practice list as CSV, XLSX or JSON: exactly the rows of the list page."""

import csv
import io
import json
import tempfile

import xlsxwriter
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practices.export_rows import (
    COLUMNS,
    INTERNAL_COLUMNS,
    export_rows,
    json_record,
    tabular_values,
)
from practices.listing import build_listing

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")
_FORMULA_STARTS = frozenset(FORMULA_PREFIXES)
ROWS_PER_CHUNK = 500
XLSX_COLUMN_WIDTHS = (8, 40, 80, 24, 12, 24, 50, 30, 12, 14, 30, 24, 30, 50, 17, 18)


def neutralise(value):
    """Keep spreadsheet programs from reading a text cell as a formula (OWASP CSV injection)."""
    if value.__class__ is str and value:
        if value[0] in _FORMULA_STARTS:
            value = "'" + value
        if "\0" in value:
            value = value.replace("\0", "")
    return value


def _headers(internal):
    return [str(label) for _key, label in COLUMNS + (INTERNAL_COLUMNS if internal else ())]


def _filename(extension, internal=False):
    prefix = "rehapro-praxis-intern" if internal else "rehapro-praxis"
    return f"{prefix}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_chunks(rows, *, delimiter=";", bom=True, internal=False):
    """Yield the CSV file in pieces: BOM and ';' for German Excel, RFC 4180 quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if bom:
        buffer.write("\ufeff")
    writer.writerow(_headers(internal))
    for index, row in enumerate(rows, start=1):
        writer.writerow([neutralise(v) for v in tabular_values(row, internal=internal)])
        if index % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


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
    headers = _headers(internal)
    for column, width in enumerate(XLSX_COLUMN_WIDTHS[: len(headers)]):
        sheet.set_column(column, column, width, wrap)
    sheet.freeze_panes(1, 0)
    for column, header in enumerate(headers):
        sheet.write_string(0, column, header, bold)
    count = 0
    write_number, write_string = sheet.write_number, sheet.write_string
    # Cells take the columns' wrapping format; a format per cell doubled the writing time.
    for count, row in enumerate(rows, start=1):
        for column, value in enumerate(tabular_values(row, internal=internal)):
            if value.__class__ is int:
                write_number(count, column, value)
            else:
                write_string(count, column, value.replace("\0", "") if "\0" in value else value)
    sheet.autofilter(0, 0, count, len(headers) - 1)
    info_sheet = workbook.add_worksheet(_("Info"))
    info_sheet.set_column(0, 0, 24)
    info_sheet.set_column(1, 1, 80)
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


def _export_context(request):
    listing = build_listing(request.GET)
    list_url = request.build_absolute_uri(reverse("practices:list"))
    query = listing.params.urlencode()
    filters = {name: listing.params.getlist(name) for name in listing.params}
    filters = {name: values for name, values in filters.items() if values}
    meta = {
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "filters": {k: v if len(v) > 1 else v[0] for k, v in filters.items()},
        "source_url": f"{list_url}?{query}" if query else list_url,
        "notices": listing.notices,
    }
    return listing, meta


def practice_url_builder(request):
    """Return a function making absolute practice URLs without a reverse() per row."""
    base = request.build_absolute_uri(reverse("practices:detail", kwargs={"slug": "SLUG"}))
    head, tail = base.split("SLUG", 1)
    return lambda slug: f"{head}{slug}{tail}"


def export_csv(request):
    listing, _meta = _export_context(request)
    comma = request.GET.get("trennzeichen") == "komma"
    rows = export_rows(listing.queryset, practice_url_builder(request))
    chunks = csv_chunks(rows, delimiter="," if comma else ";", bom=not comma)
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in chunks), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, _filename("csv"))


def export_json(request):
    listing, meta = _export_context(request)
    meta["count"] = listing.queryset.count()
    rows = export_rows(listing.queryset, practice_url_builder(request))
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in json_chunks(rows, meta)),
        content_type="application/json; charset=utf-8",
    )
    return _attachment(response, _filename("json"))


def export_xlsx(request):
    listing, meta = _export_context(request)
    info = {
        "exported_at": meta["exported_at"],
        "filters_text": ", ".join(f"{k}={v}" for k, v in listing.labelled_filters()),
        "source_url": meta["source_url"],
    }
    rows = export_rows(listing.queryset, practice_url_builder(request))
    return xlsx_response(rows, info, _filename("xlsx"))


def xlsx_response(rows, info, filename, *, internal=False):
    # A temporary file keeps memory flat; it is removed when the response is closed.
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    write_xlsx(rows, target, info, internal=internal)
    target.seek(0)
    return FileResponse(
        target,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
