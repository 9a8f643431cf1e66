"""Large public exports as background jobs: same bytes as the stream, progress, reuse, expiry."""

import io
import json
import re
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from jobs import progress
from jobs.models import ExportFile, Job
from practices import export_jobs, export_sql
from practices.models import Practice
from rehapro_kb import page_cache
from tests.conftest import client_for, make_forum, make_practice

pytestmark = pytest.mark.django_db
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
FORMATS = ["csv", "json", "xlsx"]
STAMP = re.compile(rb'"exported_at": "[^"]+"')
MINE = {"forum": "exportforum"}  # the fixture's practices, beside the curated content


@pytest.fixture
def practices(settings, tmp_path):
    """Five published practices and a draft; exports above three rows run as jobs."""
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_TASK_ROWS = 3
    forum = make_forum(slug=MINE["forum"])
    published = [
        make_practice(forum, title=f"Lotsen {n}", tags=["Netzwerk"], hurdles=["=Formel", "Geld"])
        for n in range(5)
    ]
    make_practice(forum, title="Geheimer Entwurf", publication_state="entwurf")
    return published


def _export_url(extension, **params):
    return reverse(f"practices:export_{extension}"), params


def _start(client, extension, **params):
    url, params = _export_url(extension, **params)
    response = client.get(url, params)
    assert response.status_code == 302
    return ExportFile.objects.get(token=response.url.rstrip("/").split("/")[-1])


def _streamed(client, settings, extension, **params):
    settings.EXPORT_TASK_ROWS = 1000
    url, params = _export_url(extension, **params)
    response = client.get(url, params)
    assert response.status_code == 200
    settings.EXPORT_TASK_ROWS = 3
    return b"".join(response.streaming_content), response


def _downloaded(client, export):
    response = client.get(reverse("practices:export_file", args=[export.token]))
    assert response.status_code == 200
    return b"".join(response.streaming_content), response


@pytest.mark.parametrize(
    "params", [{}, {"q": "Lotsen", "sort": "titel"}, {"trennzeichen": "komma"}]
)
def test_csv_from_the_job_equals_the_streamed_export_byte_for_byte(
    client, settings, practices, params
):
    export = _start(client, "csv", **params)
    body, response = _downloaded(client, export)
    streamed, streamed_response = _streamed(client, settings, "csv", **params)
    assert body == streamed
    assert b"Geheimer Entwurf" not in body
    assert response["Content-Disposition"] == streamed_response["Content-Disposition"]


def test_json_from_the_job_equals_the_streamed_export_byte_for_byte(client, settings, practices):
    export = _start(client, "json", **MINE)
    body, _response = _downloaded(client, export)
    streamed, _ = _streamed(client, settings, "json", **MINE)
    # Only the moment of the export differs (the stream is made later).
    stamp = STAMP.search(body).group(0)
    assert body == STAMP.sub(stamp, streamed)
    assert json.loads(body)["meta"]["count"] == 5


def test_xlsx_from_the_job_equals_the_streamed_export_row_for_row(client, settings, practices):
    export = _start(client, "xlsx", sprache="en")
    body, _response = _downloaded(client, export)
    streamed, _ = _streamed(client, settings, "xlsx", sprache="en")
    ours, theirs = (openpyxl.load_workbook(io.BytesIO(data)) for data in (body, streamed))
    rows = [list(sheet.worksheets[0].iter_rows(values_only=True)) for sheet in (ours, theirs)]
    assert rows[0] == rows[1]
    assert len(rows[0]) == Practice.objects.published().count() + 1
    assert rows[0][0][1] == "Title"
    info = [list(book.worksheets[1].iter_rows(values_only=True)) for book in (ours, theirs)]
    assert info[0][1:] == info[1][1:]  # all but the moment of the export


@pytest.mark.parametrize("extension", FORMATS)
def test_the_job_is_told_the_rows_written_in_every_format(practices, monkeypatch, extension):
    # A block per row: PostgreSQL's COPY path reports once per block, SQLite's once per row.
    monkeypatch.setattr(export_sql.CopyExport, "BLOCK_BYTES", 1)
    request = RequestFactory().get("/praxis/", MINE)
    told = []
    export_jobs.produce(export_jobs.request_shape(request, extension), io.BytesIO(), told.append)
    assert told and told == sorted(told)
    assert told[-1] >= 4  # the fifth row may end the last block


def test_progress_page_is_public_and_offers_the_file_with_counts(client, practices):
    export = _start(client, "csv", **MINE)
    page = client.get(export.get_absolute_url())
    text = page.content.decode()
    assert page.status_code == 200
    assert "5 von 5 Zeilen" in text
    assert reverse("practices:export_file", args=[export.token]) in text
    assert 'name="robots" content="noindex"' in text
    assert 'http-equiv="refresh"' not in text  # done: nothing left to wait for
    assert "Geheimer Entwurf" not in text
    assert "no-cache" in page["Cache-Control"]


def test_repeated_clicks_reuse_the_job(client, practices):
    first = _start(client, "xlsx", kategorie="sonstiges", status="geplant")
    # The same filters in another order, from another visitor.
    second = _start(client_for(None), "xlsx", status="geplant", kategorie="sonstiges")
    assert first.pk == second.pk
    assert Job.objects.filter(kind=Job.Kind.EXPORT).count() == 1
    other_format = _start(client, "csv", kategorie="sonstiges", status="geplant")
    assert other_format.pk != first.pk


def test_unknown_token_is_not_found(client, practices):
    assert client.get(reverse("practices:export_job", args=["x" * 43])).status_code == 404
    assert client.get(reverse("practices:export_file", args=["x" * 43])).status_code == 404


def test_small_export_still_streams_and_list_says_how_many_rows(client, settings, practices):
    settings.EXPORT_TASK_ROWS = 10
    response = client.get(reverse("practices:export_csv"), MINE)
    assert response.status_code == 200 and response.has_header("Content-Length")
    assert not ExportFile.objects.exists()
    page = client.get(reverse("practices:list"), MINE).content.decode()
    assert "(je 5 Zeilen)" in page
    assert "im Hintergrund" not in page
    settings.EXPORT_TASK_ROWS = 4
    page = client.get(reverse("practices:list"), MINE).content.decode()
    assert "Exporte mit mehr als 4 Zeilen werden im Hintergrund erstellt" in page


def test_list_page_counts_rows_in_english(client, settings, practices):
    settings.EXPORT_TASK_ROWS = 4
    page = client.get("/en" + reverse("practices:list"), MINE).content.decode()
    assert "(5 rows each)" in page
    assert "more than 4 rows" in page


def test_expired_file_is_removed_by_the_cleanup(client, practices):
    export = _start(client, "csv")
    name = export.storage_name
    assert default_storage.exists(name)
    ExportFile.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    # Until the cleanup runs, an expired file is no longer handed out.
    response = client.get(reverse("practices:export_file", args=[export.token]))
    assert response.status_code == 302
    call_command("remove_expired_exports", stdout=io.StringIO())
    assert not default_storage.exists(name)
    assert not ExportFile.objects.filter(pk=export.pk).exists()
    assert client.get(export.get_absolute_url()).status_code == 404


def test_a_new_content_version_does_not_get_the_old_file(
    client, practices, django_capture_on_commit_callbacks
):
    old = _start(client, "csv")
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.content_changed()
    new = _start(client, "csv")
    assert new.pk != old.pk and new.content_version != old.content_version
    # The old token no longer hands out its file: its page says so and offers a new export.
    response = client.get(reverse("practices:export_file", args=[old.token]))
    assert response.status_code == 302 and response.url == old.get_absolute_url()
    page = client.get(old.get_absolute_url()).content.decode()
    assert "nicht mehr aktuell" in page
    assert reverse("practices:export_file", args=[old.token]) not in page


@override_settings(TASKS=DATABASE_QUEUE, EXPORT_TASKS_AT_ONCE=1)
def test_waiting_export_shows_progress_and_a_bounded_number_run_at_once(client, practices):
    export = _start(client, "xlsx", **MINE)
    job = export.job
    assert job.state == Job.State.QUEUED and job.total == 5
    page = client.get(export.get_absolute_url()).content.decode()
    assert "0 von 5 Zeilen" in page and 'http-equiv="refresh"' in page
    assert f'href="{export.get_absolute_url()}"' in page  # reload without JavaScript
    progress.write(job.pk, {"done": 2, "heartbeat_at": timezone.now()})
    try:
        assert "2 von 5 Zeilen (40 %)" in client.get(export.get_absolute_url()).content.decode()
    finally:
        # The side file is keyed by job id: another test's job may get this id.
        progress.clear(job.pk)
    # Clicking again reuses it; another filter set waits for a free place.
    assert _start(client, "xlsx", **MINE).pk == export.pk
    busy = client.get(reverse("practices:export_csv"), {"q": "Lotsen"})
    assert busy.status_code == 503 and busy["Retry-After"] == "60"
    assert "Erneut versuchen" in busy.content.decode()
    assert Job.objects.filter(kind=Job.Kind.EXPORT).count() == 1


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_database_worker_builds_the_file(client, settings, practices):
    export = _start(client, "json", **MINE)
    assert Practice.objects.published().filter(forum__slug=MINE["forum"]).count() == 5
    call_command("db_worker", batch=True, reload=False, interval=0, startup_delay=False)
    export.refresh_from_db()
    assert export.job.state == Job.State.SUCCEEDED
    body, _response = _downloaded(client, export)
    assert json.loads(body)["meta"]["count"] == 5
