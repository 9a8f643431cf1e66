"""Fuzz the spreadsheet reader and planner: any bytes give a table, a message or row errors."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imports.spreadsheet.plan import build_plan
from imports.spreadsheet.read import SpreadsheetError, read_spreadsheet
from tests.imports.spreadsheets import HEADERS, csv_bytes

pytestmark = pytest.mark.django_db

KNOWN = [
    "",
    " ",
    "1",
    "-1",
    "1.5",
    "1e999",
    "9" * 30,
    "Finanzierung",
    "geplant",
    "fachforum-2025",
    "Jobcenter der Zukunft 2025",
    "Netzwerkarbeit",
    " | ",
    "'=1",
    "=1+1",
    "/praxis/x/",
    "https://example.org/praxis/%00/",
    "x" * 300,
]
cell = st.one_of(st.sampled_from(KNOWN), st.text(max_size=40))
rows = st.lists(st.fixed_dictionaries({h: cell for h in HEADERS}), max_size=5)
encodings = st.sampled_from(["utf-8-sig", "utf-8", "utf-16", "cp1252"])
delimiters = st.sampled_from([";", ",", "\t"])


def _plan(data):
    try:
        sheet = read_spreadsheet(data)
    except SpreadsheetError as error:
        assert str(error)
        return None
    return build_plan(sheet, None, "fuzz.csv")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=rows, encoding=encodings, delimiter=delimiters)
def test_any_table_is_planned_or_refused_with_a_message(content, rows, encoding, delimiter):
    try:
        data = csv_bytes(rows, delimiter=delimiter, encoding=encoding)
    except UnicodeEncodeError:
        return
    plan = _plan(data)
    if plan is not None:
        assert all(row.action for row in plan.rows)
        assert all(error.startswith("Zeile ") for row in plan.rows for error in row.errors)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=400),
    prefix=st.sampled_from([b"", b"PK\x03\x04", b"ID;Titel\r\n", b"\xef\xbb\xbf"]),
)
def test_any_bytes_are_read_or_refused_with_a_message(content, data, prefix):
    _plan(prefix + data)
