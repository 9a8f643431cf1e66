"""Large public exports as background jobs: one job per request shape, a file for a few hours.

An export of more than settings.EXPORT_TASK_ROWS rows is built by a task through the
exporter's public entry point (the very bytes the streamed download would have), stored with
Django's storage API (several app servers share it) and offered under a random token until
it expires. The same filters, format, language and content version reuse the job.
"""

import hashlib
import json
import re
import secrets
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from jobs.models import ExportFile, Job
from jobs.runner import run
from jobs.start import enqueue
from practices.exporter import PracticeExporter, export_language
from rehapro_kb import page_cache

FOLDER = "exports"
WRITING = gettext_lazy("Datei schreiben")
_FILENAME = re.compile(r'filename="([^"]+)"')


class TooManyExports(Exception):
    """As many large exports as allowed are being built; the visitor should retry later."""


def needs_job(count):
    """Tell whether an export of this many rows is built in the background."""
    return count > settings.EXPORT_TASK_ROWS


def request_shape(request, extension):
    """What the worker needs to ask the exporter exactly what this request asked."""
    return {
        "extension": extension,
        "query": [[name, values] for name, values in request.GET.lists()],
        "comma": request.GET.get("trennzeichen") == "komma",
        "language": export_language(request),
        "page_language": translation.get_language(),
        "host": request.get_host(),
        "secure": request.is_secure(),
    }


def _key(shape, listing, version):
    """Name the file's content: the canonical filters stand for the raw query."""
    meaning = {**shape, "query": sorted(listing.export_query().lists())}
    meaning["notices"] = [str(notice) for notice in listing.notices]
    text = json.dumps([meaning, version], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def start_or_reuse(request, extension, listing, count):
    """Return the ExportFile building or offering this export; start its job if there is none."""
    shape = request_shape(request, extension)
    version = page_cache.current_version()
    key = _key(shape, listing, version)
    existing = ExportFile.objects.select_related("job").filter(key=key).first()
    if existing is not None:
        if _reusable(existing):
            return existing
        discard(existing)
    if _running_count() >= settings.EXPORT_TASKS_AT_ONCE:
        raise TooManyExports
    title = _("Export %(format)s, %(count)s Zeilen") % {
        "format": extension.upper(),
        "count": f"{count:,}".replace(",", "."),
    }
    try:
        with transaction.atomic():
            job = Job.objects.create(kind=Job.Kind.EXPORT, title=title, total=count, params=shape)
            export = ExportFile.objects.create(
                job=job,
                key=key,
                token=secrets.token_urlsafe(32),
                content_version=version,
                export_url=request.get_full_path()[:2000],
                expires_at=timezone.now() + timedelta(hours=settings.EXPORT_FILE_HOURS),
            )
    except IntegrityError:
        # A second click raced this one: the first job serves both.
        return ExportFile.objects.select_related("job").get(key=key)
    # After the commit, so the worker finds the job (the immediate backend runs it right here).
    enqueue(build_export, job)
    export.refresh_from_db()
    export.job.refresh_from_db()
    return export


def _reusable(export):
    job = export.job
    job.mark_interrupted_if_stale()
    return job.state != Job.State.FAILED and not export.is_expired()


def _running_count():
    jobs = Job.objects.filter(
        kind=Job.Kind.EXPORT, state__in=(Job.State.QUEUED, Job.State.RUNNING)
    ).defer("payload")
    return sum(1 for job in jobs if not job.mark_interrupted_if_stale())


def discard(export):
    """Remove an export's file and its record (the job stays in the job list)."""
    if export.storage_name:
        default_storage.delete(export.storage_name)
    export.delete()


def remove_expired(now=None):
    """Delete every export file past its time; return how many were removed."""
    now = now or timezone.now()
    expired = list(ExportFile.objects.filter(expires_at__lte=now))
    for export in expired:
        discard(export)
    return len(expired)


def _rebuilt_request(shape):
    query = [(name, value) for name, values in shape["query"] for value in values]
    return RequestFactory().get(
        "/", query, secure=shape["secure"], HTTP_HOST=shape["host"], SERVER_NAME="localhost"
    )


def produce(shape, target, report=lambda done: None):
    """Write the export the shape describes to the binary file target.

    Return the download's file name and content type, as the streamed response names them.
    """
    with translation.override(shape["page_language"]):
        request = _rebuilt_request(shape)
        with translation.override(export_language(request)):
            exporter = PracticeExporter.for_list(request)
            exporter.progress = report
            response = exporter.response(shape["extension"], comma=shape["comma"])
            for chunk in response.streaming_content:
                target.write(chunk)
    # Not response.close(): that signals the end of a request, which closes the database
    # connection the task still uses. The temporary file alone needs closing.
    if hasattr(response, "file_to_stream"):
        response.file_to_stream.close()
    match = _FILENAME.search(response.get("Content-Disposition", ""))
    return match.group(1) if match else f"export.{shape['extension']}", response["Content-Type"]


@task()
def build_export(job_id):
    """Build a large export's file and offer it for EXPORT_FILE_HOURS."""
    remove_expired()
    return run(job_id, _build)


def _build(job, report):
    export = ExportFile.objects.get(job=job)
    shape = job.params
    with tempfile.TemporaryFile() as target:
        filename, content_type = produce(
            shape, target, lambda done: report(done, job.total, WRITING)
        )
        size = target.tell()
        target.seek(0)
        name = default_storage.save(
            f"{FOLDER}/{secrets.token_hex(16)}/{filename}", File(target, name=filename)
        )
    expires_at = timezone.now() + timedelta(hours=settings.EXPORT_FILE_HOURS)
    ExportFile.objects.filter(pk=export.pk).update(
        storage_name=name,
        filename=filename,
        content_type=content_type,
        size=size,
        expires_at=expires_at,
    )
    _schedule_cleanup(expires_at)
    return reverse("practices:export_job", args=[export.token]), {"filename": filename}


@task()
def remove_expired_exports():
    """Delete expired export files (scheduled by each export for the moment it expires)."""
    return remove_expired()


def _schedule_cleanup(when):
    backend = remove_expired_exports.get_backend()
    if backend.supports_defer:
        remove_expired_exports.using(run_after=when + timedelta(minutes=1)).enqueue()
