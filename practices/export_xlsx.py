"""The XLSX export: a formatted sheet of the rows and an info sheet, from either row source.

XlsxWriter writes the workbook. On PostgreSQL the rows' sheet XML comes from the database
(export_sql.CopyExport.xlsx_rows) and is put into XlsxWriter's file in place of its empty
sheet: writing 100,000 rows cell by cell in Python took 15 s.
"""

import datetime
import io
import re
import tempfile
import zipfile

import xlsxwriter
from django.conf import settings
from django.utils.translation import gettext as _
from xlsxwriter.utility import xl_rowcol_to_cell

from practices.export_columns import headers
from practices.export_rows import tabular_values
from practices.export_sql import DATE, NUMBER, TEXT

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


SHEET = "xl/worksheets/sheet1.xml"
# Deflate level 1: the sheet XML of 100k rows is ~200 MB; level 6 took several times longer
# for a file ~20 % smaller.
COMPRESS_LEVEL = 1
COPY_BLOCK = 1024 * 1024


class _Book:
    """The workbook around the rows: formats, columns, print setup, header and info sheet."""

    def __init__(self, target, info, internal):
        self.info = info
        self.internal = internal
        self.workbook = xlsxwriter.Workbook(
            target,
            {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
        )
        self.sheet = self.workbook.add_worksheet(_("Praxisbeispiele"))
        self.bold = self.workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.wrap = self.workbook.add_format({"text_wrap": True, "valign": "top"})
        self.day = self.workbook.add_format({"num_format": "dd.mm.yyyy", "valign": "top"})
        self.header_row = headers(internal=internal)
        for column, width in enumerate(XLSX_COLUMN_WIDTHS[: len(self.header_row)]):
            self.sheet.set_column(column, column, width, self.wrap)
        self.sheet.freeze_panes(1, 0)
        _page_setup(self.sheet, info)
        for column, header in enumerate(self.header_row):
            self.sheet.write_string(0, column, header, self.bold)

    def styles(self):
        """Return the cell format index by cell kind, as XlsxWriter numbers its formats."""
        # Cells without their own format take the column's (wrap); dates carry theirs.
        wrap, day = self.wrap._get_xf_index(), self.day._get_xf_index()
        return {TEXT: wrap, NUMBER: wrap, DATE: day}

    def close(self, count):
        """Add the filter over the rows and the info sheet, and write the file."""
        self.sheet.autofilter(0, 0, count, len(self.header_row) - 1)
        info_sheet = self.workbook.add_worksheet(_("Info"))
        info_sheet.set_column(0, 0, 24)
        info_sheet.set_column(1, 1, 80)
        info_sheet.fit_to_pages(1, 1)
        info = self.info
        lines = [(_("Exportiert am"), info["exported_at"]), (_("Anzahl Zeilen"), str(count))]
        lines += [(_("Filter"), info["filters_text"] or _("keine"))]
        lines += [(_("Quelle"), info["source_url"])]
        if self.internal:
            lines.append((_("Hinweis"), _("Interner Export mit nicht veröffentlichten Einträgen.")))
        for index, (key, value) in enumerate(lines):
            info_sheet.write_string(index, 0, str(key), self.bold)
            info_sheet.write_string(index, 1, str(value))
        self.workbook.close()


def write_xlsx(rows, target, info, *, internal=False):
    """Write the rows to an XLSX file: strings stay strings, header bold and frozen."""
    book = _Book(target, info, internal)
    sheet, day = book.sheet, book.day
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
    book.close(count)
    return count


def write_xlsx_copy(copy, target, info, *, internal=False):
    """Write the XLSX file with the rows' sheet XML made by PostgreSQL; return the row count."""
    skeleton = io.BytesIO()
    book = _Book(skeleton, info, internal)
    with tempfile.TemporaryFile() as rows:
        for block in copy.xlsx_rows(book.styles()):
            rows.write(block)
        count = copy.count
        book.close(count)
        rows.seek(0)
        _assemble(skeleton, rows, target, count, len(book.header_row))
    return count


def _assemble(skeleton, rows, target, count, width):
    """Copy XlsxWriter's file, putting the rows after the header row of the first sheet."""
    last_cell = xl_rowcol_to_cell(count, width - 1).encode()
    with (
        zipfile.ZipFile(skeleton) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as out,
    ):
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename != SHEET:
                out.writestr(entry, data)
                continue
            head, tail = data.split(b"</sheetData>", 1)
            head = re.sub(
                rb'<dimension ref="[A-Z0-9:]+"/>',
                b'<dimension ref="A1:' + last_cell + b'"/>',
                head,
                count=1,
            )
            # Opened by name, the entry takes the archive's compression level.
            with out.open(SHEET, "w") as stream:
                stream.write(head)
                while block := rows.read(COPY_BLOCK):
                    stream.write(block)
                stream.write(b"</sheetData>" + tail)


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
