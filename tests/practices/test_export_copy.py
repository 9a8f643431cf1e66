"""The PostgreSQL COPY path of the exports gives exactly what the Python row source gives."""

import datetime
import io
import json

import openpyxl
import pytest
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone, translation

from lines import actions
from practices.export_xlsx import write_xlsx
from practices.exporter import PracticeExporter, csv_chunks, json_chunks
from practices.models import Practice, Project, ProjectAttribution
from tests.conftest import make_forum, make_practice, make_thementisch

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the COPY path exists on PostgreSQL only"
)


def _request(path="/praxis/export.csv", **params):
    return RequestFactory().get(path, params, HTTP_HOST="testserver")


def public_exporter(**params):
    return PracticeExporter.for_list(_request(**params))


def internal_exporter():
    return PracticeExporter.for_selection(_request("/admin/"), Practice.objects.all())


def python_csv(exporter, comma=False):
    chunks = csv_chunks(
        exporter.rows(),
        delimiter="," if comma else ";",
        bom=not comma,
        internal=exporter.internal,
    )
    return "".join(chunks).encode("utf-8")


def copy_csv(exporter, comma=False):
    assert exporter.copy_export() is not None, "the COPY path was not taken"
    chunks, counted = exporter.csv_bytes(comma=comma)
    body = b"".join(chunks)
    assert counted.count == exporter.queryset.count()
    return body


def python_json(exporter):
    meta = {k: v for k, v in exporter.meta.items() if k != "filters_text"}
    meta["count"] = exporter.queryset.count()
    return json.loads("".join(json_chunks(exporter.rows(), meta, internal=exporter.internal)))


def copy_json(exporter):
    assert exporter.copy_export() is not None, "the COPY path was not taken"
    return json.loads(b"".join(exporter.json_bytes()).decode("utf-8"))


def assert_same(exporter):
    assert copy_csv(exporter) == python_csv(exporter)
    assert copy_csv(exporter, comma=True) == python_csv(exporter, comma=True)
    assert copy_json(exporter) == python_json(exporter)


@pytest.fixture
def tricky(content, superuser):
    """Rows that test every rule: formulas, quotes, newlines, umlauts, blanks, lists, lines."""
    forum = make_forum(
        city="",
        title='=Forum; mit "Zitat"',
        status_meaning_geplant="-geplant heißt: in Arbeit",
        status_meaning_umgesetzt="@umgesetzt",
    )
    tisch = make_thementisch(forum, title="+Tisch\nzweite Zeile")
    rows = [
        make_practice(
            forum,
            title='=HYPERLINK("http://x")',
            description='Zeile 1\nZeile "2"; mit Semikolon,\r\nEnde',
            aspect="",
            thementisch=tisch,
            tags=["Äpfel", "apfel", "Zebra", "über", "Ölpreis", "oelpreis"],
            hurdles=["-minus", 'zweite; mit "Quote"', "dritte\nZeile", "Ä"],
            status=Practice.Status.UMGESETZT,
            last_reviewed_at=datetime.date(2031, 2, 3),
        ),
        make_practice(forum, title="\tTab vorn", description="", tags=["+plus", "Zebra"]),
        make_practice(forum, title="\rCR vorn", description="@SUM(A1)", hurdles=["=1+1"]),
        make_practice(forum, title="Schräg \\ Backslash \\n", description="ü" * 300),
        make_practice(forum, title="Entwurf", publication_state=Practice.PublicationState.ENTWURF),
    ]
    late = datetime.datetime(2030, 6, 30, 23, 30, tzinfo=datetime.UTC)  # 1 July in Berlin
    Practice.objects.filter(pk=rows[0].pk).update(created_at=late, content_changed_at=late)
    Practice.objects.filter(pk=rows[1].pk).update(content_changed_at=None)
    Practice.objects.filter(pk=rows[2].pk).update(category="unbekannt")
    projects = [
        Project.objects.create(short_name=name, slug=f"p-{index}")
        for index, name in enumerate(["Zukunft", "äbc", "Abc", "=Formel", "Öko"])
    ]
    for index, project in enumerate(projects):
        ProjectAttribution.objects.create(practice=rows[0], project=project, is_public=index != 2)
    ProjectAttribution.objects.create(practice=rows[1], project=projects[2], is_public=False)
    # A public line (two published entries) and one whose partner is a draft.
    other = make_forum(title="Späteres Forum")
    partner = make_practice(other, title="Weitergeführt")
    draft = make_practice(
        other, title="Entwurf", publication_state=Practice.PublicationState.ENTWURF
    )
    actions.link(rows[0], partner, "weitergefuehrt", "Beide.", superuser)
    actions.link(rows[2], draft, "verwandt", "Entwurf.", superuser)
    return forum, rows


@postgres_only
def test_copy_csv_and_json_equal_the_python_rows_for_the_curated_content(content):
    assert_same(public_exporter())
    assert_same(internal_exporter())


@postgres_only
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"kategorie": "finanzierung"},
        {"q": "Netzwerk"},
        {"sort": "titel", "status": "umgesetzt"},
    ],
)
def test_copy_follows_the_list_filters_and_order(content, params):
    assert_same(public_exporter(**params))


@postgres_only
def test_copy_equals_python_for_tricky_rows(tricky):
    forum, _rows = tricky
    assert_same(public_exporter(forum=forum.slug))
    assert_same(internal_exporter())


@postgres_only
def test_copy_guards_formulas_and_keeps_lines_and_blanks(tricky):
    forum, rows = tricky
    body = copy_csv(public_exporter(forum=forum.slug)).decode("utf-8")
    assert "'=HYPERLINK" in body
    assert "'\tTab vorn" in body
    assert '"Zeile 1\nZeile ""2""; mit Semikolon,\r\nEnde"' in body
    assert "'-minus | zweite" in body
    data = copy_json(public_exporter(forum=forum.slug))
    first = next(r for r in data["results"] if r["id"] == rows[0].pk)
    assert first["title"] == '=HYPERLINK("http://x")'  # JSON is data, not a spreadsheet
    assert first["tags"] == ["apfel", "Äpfel", "oelpreis", "Ölpreis", "über", "Zebra"]
    assert first["added_on"] == "2030-07-01"
    assert first["line"]["id"] is not None
    assert "Entwurf" not in {r["title"] for r in data["results"]}


@postgres_only
def test_copy_equals_python_in_english(tricky):
    forum, _rows = tricky
    with translation.override("en"):
        assert_same(public_exporter(forum=forum.slug))


@postgres_only
def test_copy_equals_python_in_another_time_zone(tricky):
    with timezone.override("America/New_York"):
        assert_same(internal_exporter())


@postgres_only
def test_an_empty_export_is_a_header_and_an_empty_list(content):
    exporter = public_exporter(q="gibtesnichtxyz")
    assert copy_csv(exporter) == python_csv(exporter)
    assert copy_json(exporter)["results"] == []


def test_sqlite_keeps_the_python_path(content):
    exporter = public_exporter()
    assert (exporter.copy_export() is None) == (connection.vendor == "sqlite")


@postgres_only
def test_a_url_builder_without_the_slug_in_the_url_falls_back_to_python(content):
    exporter = public_exporter()
    exporter.url_for = lambda slug: "https://example.org/praxis/"
    assert exporter.copy_export() is None


def _sheets(body):
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    return [
        [[(cell.value, cell.number_format) for cell in row] for row in sheet.iter_rows()]
        for sheet in workbook.worksheets
    ]


def python_xlsx(exporter):
    target = io.BytesIO()
    write_xlsx(exporter.rows(), target, exporter.meta, internal=exporter.internal)
    return target.getvalue()


def copy_xlsx(exporter):
    assert exporter.copy_export() is not None, "the COPY path was not taken"
    target = io.BytesIO()
    count = exporter.write("xlsx", target)
    assert count == exporter.queryset.count()
    return target.getvalue()


def assert_same_xlsx(exporter):
    fast, slow = _sheets(copy_xlsx(exporter)), _sheets(python_xlsx(exporter))
    assert len(fast[0]) == len(slow[0])
    for fast_row, slow_row in zip(fast[0], slow[0], strict=True):
        assert fast_row == slow_row
    assert fast[1:] == slow[1:]


@postgres_only
def test_copy_xlsx_equals_python_row_for_row_for_the_curated_content(content):
    assert_same_xlsx(public_exporter())
    assert_same_xlsx(internal_exporter())


@postgres_only
def test_copy_xlsx_equals_python_for_tricky_rows(tricky):
    forum, rows = tricky
    Practice.objects.filter(pk=rows[3].pk).update(
        title="_x0041_ Steuer\x01zeichen \x0b \x0c \x08 <b>&amp;</b>\r\n", aspect=" Leerzeichen "
    )
    assert_same_xlsx(public_exporter(forum=forum.slug))
    assert_same_xlsx(internal_exporter())
    with translation.override("en"):
        assert_same_xlsx(public_exporter(forum=forum.slug))


@postgres_only
def test_copy_xlsx_keeps_the_workbook_layout(tricky):
    forum, _rows = tricky
    workbook = openpyxl.load_workbook(io.BytesIO(copy_xlsx(public_exporter(forum=forum.slug))))
    sheet = workbook.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:U{sheet.max_row}"
    assert sheet.cell(row=2, column=2).alignment.wrap_text


@postgres_only
def test_a_distinct_queryset_takes_the_python_path(content):
    exporter = internal_exporter()
    exporter.queryset = exporter.queryset.distinct()
    assert exporter.copy_export() is None
    assert exporter.write("csv", io.BytesIO()) == Practice.objects.count()
