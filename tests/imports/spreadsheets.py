"""Build real CSV and XLSX files for the spreadsheet import tests."""

import csv
import io

import openpyxl

from imports.spreadsheet.plan import build_plan
from imports.spreadsheet.read import read_spreadsheet

HEADERS = [
    "ID",
    "Titel",
    "Beschreibung",
    "Kategorie",
    "Status",
    "Aspekt",
    "Hürden",
    "Forum",
    "Thementisch",
    "Projekte",
    "Schlagworte",
    "URL",
]


def table(rows, headers=HEADERS):
    """Rows given as dicts by column name, in the headers' order."""
    return [list(headers), *([str(row.get(h, "")) for h in headers] for row in rows)]


def csv_bytes(rows, headers=HEADERS, *, delimiter=";", encoding="utf-8-sig"):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(table(rows, headers))
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, headers=HEADERS, *, formulas=None):
    """An XLSX made with openpyxl; `formulas` maps (row index, column name) to a formula."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    lines = table(rows, headers)
    for line in lines:
        sheet.append(line)
    for (index, column), formula in (formulas or {}).items():
        sheet.cell(row=index + 2, column=headers.index(column) + 1, value=formula)
    target = io.BytesIO()
    workbook.save(target)
    return target.getvalue()


def plan_for(data, user=None, name="test.csv"):
    return build_plan(read_spreadsheet(data), user, name)


def new_row(forum, **values):
    return {
        "Titel": "Neue Praxis aus der Tabelle",
        "Beschreibung": "Eine Beschreibung.",
        "Kategorie": "Finanzierung",
        "Status": "geplant",
        "Forum": forum.title,
        **values,
    }


def existing_row(practice, **values):
    """A row that restates the practice as the export shows it."""
    return {
        "ID": practice.pk,
        "Titel": practice.title,
        "Beschreibung": practice.description,
        "Kategorie": practice.get_category_display(),
        "Status": practice.get_status_display(),
        "Aspekt": practice.aspect,
        "Hürden": " | ".join(h.text for h in practice.hurdles.all()),
        "Forum": practice.forum.title,
        "Thementisch": practice.thementisch.title if practice.thementisch else "",
        "Projekte": " | ".join(
            a.project.short_name for a in practice.attributions.all() if a.is_public
        ),
        "Schlagworte": " | ".join(t.name for t in practice.tags.all()),
        **values,
    }
