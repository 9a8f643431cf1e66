"""Imports as background jobs: the real database queue and worker, interruption, progress."""

import os
import signal
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from imports.models import ImportBatch
from imports.spreadsheet.plan import build_plan
from imports.spreadsheet.read import read_spreadsheet
from imports.tasks import import_spreadsheet
from jobs import progress
from jobs.models import Job
from jobs.start import start_job
from practices.models import Practice
from tests.conftest import client_for, make_forum
from tests.imports.spreadsheets import csv_bytes, new_row

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _start_import(user, forum, rows=3):
    data = csv_bytes([new_row(forum, Titel=f"Aus dem Hintergrund {n}") for n in range(rows)])
    plan = build_plan(read_spreadsheet(data), user, "liste.csv")
    assert plan.errors == []
    return start_job(
        import_spreadsheet,
        Job.Kind.SPREADSHEET_IMPORT,
        user,
        title="liste.csv",
        total=len(plan.rows),
        steps=2,
        payload=data,
        params={"name": "liste.csv", "fingerprint": plan.fingerprint},
    )


def _run_worker():
    call_command("db_worker", batch=True, reload=False, interval=0, startup_delay=False)


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_database_queue_and_worker_run_the_import(superuser):
    forum = make_forum()
    before = Practice.objects.count()
    job = _start_import(superuser, forum)
    assert job.state == Job.State.QUEUED
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert Practice.objects.count() == before  # nothing happens before a worker runs
    _run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.message
    assert (job.done, job.total) == (3, 3)
    assert job.payload is None  # the uploaded file is not kept after the job
    batch = ImportBatch.objects.get()
    assert batch.created_count == 3 and Practice.objects.count() == before + 3
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    response = client_for(superuser).get(job.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:imports_importbatch_change", args=[batch.pk])


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_worker_stopped_mid_import_leaves_the_database_as_before(superuser):
    """Two SIGTERMs make the worker exit at once, in the middle of the import's transaction."""
    forum = make_forum()
    before = (Practice.objects.count(), ImportBatch.objects.count())
    job = _start_import(superuser, forum, rows=20)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def interrupt(sender, instance, created, **kwargs):
        # The batch row is the import's first write: the transaction is open and has written.
        os.kill(os.getpid(), signal.SIGTERM)  # the worker finishes its task first ...
        os.kill(os.getpid(), signal.SIGTERM)  # ... unless told twice: exit now

    from django.db.models.signals import post_save

    post_save.connect(interrupt, sender=ImportBatch, dispatch_uid="interrupt-test")
    try:
        _run_worker()
    finally:
        post_save.disconnect(dispatch_uid="interrupt-test", sender=ImportBatch)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    assert (Practice.objects.count(), ImportBatch.objects.count()) == before
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "Es wurde nichts geändert" in job.message
    assert DBTaskResult.objects.get().status == "FAILED"
    page = client_for(superuser).get(job.get_absolute_url()).content.decode()
    assert "fehlgeschlagen" in page and "Es wurde nichts geändert" in page


@pytest.mark.django_db
def test_killed_worker_shows_the_job_as_failed_in_german(superuser):
    """A worker killed outright cannot report; its silent job ends as failed when looked at."""
    job = Job.objects.create(
        kind=Job.Kind.SPREADSHEET_IMPORT,
        title="liste.csv",
        created_by=superuser,
        state=Job.State.RUNNING,
        started_at=timezone.now() - timedelta(minutes=10),
        heartbeat_at=timezone.now() - timedelta(minutes=10),
        total=5000,
        done=1200,
    )
    page = client_for(superuser).get(job.get_absolute_url()).content.decode()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "wurde unterbrochen" in page and "Es wurde nichts geändert" in page
    assert 'http-equiv="refresh"' not in page


@pytest.mark.django_db
def test_progress_page_shows_rows_done_of_total_and_refreshes(
    superuser, django_assert_max_num_queries
):
    now = timezone.now()
    job = Job.objects.create(
        kind=Job.Kind.SPREADSHEET_IMPORT,
        title="liste.csv",
        created_by=superuser,
        state=Job.State.RUNNING,
        started_at=now - timedelta(seconds=10),
        heartbeat_at=now,
        total=5000,
        done=1250,
        steps=2,
        step=2,
        phase="Zeilen schreiben (Schritt 2 von 2)",
    )
    client = client_for(superuser)
    with django_assert_max_num_queries(8):
        page = client.get(job.get_absolute_url()).content.decode()
    assert "1250 von 5000 Zeilen" in page and "(25 %)" in page
    assert '<meta http-equiv="refresh" content="2">' in page
    # Step 2 of 2 a quarter through: 62.5 % of the work in 10 s, about 6 s left.
    assert "etwa 6 Sekunden" in page
    assert "Zeilen schreiben" in page


@pytest.mark.django_db
def test_someone_elses_job_is_not_found(superuser, django_user_model):
    other = django_user_model.objects.create_user("other", password="pw-123456789", is_staff=True)
    job = Job.objects.create(kind=Job.Kind.EXPORT, title="x", created_by=superuser)
    response = client_for(other).get(job.get_absolute_url())
    assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_while_the_import_transaction_is_open(superuser):
    job = Job.objects.create(kind=Job.Kind.SPREADSHEET_IMPORT, title="x", total=10)
    seen = {}

    def look():
        # Another thread has its own connection, like the web process.
        try:
            seen["job"] = progress.overlay(Job.objects.get(pk=job.pk))
        finally:
            connection.close()

    with transaction.atomic():
        make_forum()  # the transaction has written (on SQLite: holds the write lock)
        progress.Progress(job)(7, 10, force=True)
        reader = threading.Thread(target=look)
        reader.start()
        reader.join(timeout=30)
    assert seen["job"].done == 7
