"""Progress of a running job, visible to the progress page while the job's transaction is open.

Outside a transaction the job row is updated directly. Inside one, PostgreSQL gets the
update through a second connection ("progress" in settings.DATABASES), committed at once.
SQLite allows one writer at a time, and the import's transaction holds the write lock until
it commits, so there progress goes to a small file beside the upload store (SQLite runs on
one machine, which the web process shares).
"""

import json
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django.utils.dateparse import parse_datetime

PROGRESS_ALIAS = "progress"
# Writing more often costs time and tells a person nothing new.
MIN_INTERVAL_SECONDS = 0.5


def _folder():
    folder = settings.JOBS_PROGRESS_DIR
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _file(job_id):
    return _folder() / f"{int(job_id)}.json"


class Progress:
    """Report rows done of total for one job; cheap to call for every row."""

    def __init__(self, job):
        self.job = job
        self._last = 0.0

    def __call__(self, done, total=None, phase=None, step=None, force=False):
        now = time.monotonic()
        if not force and now - self._last < MIN_INTERVAL_SECONDS:
            return
        self._last = now
        values = {"done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            values["total"] = total
        if phase is not None:
            values["phase"] = str(phase)[:100]
        if step is not None:
            values["step"] = step
        write(self.job.pk, values)


def write(job_id, values):
    """Store progress values so another process sees them now."""
    from jobs.models import Job

    if PROGRESS_ALIAS in connections.databases:
        # Its own connection: the job's may be inside its transaction, or busy receiving a
        # COPY (a large export), where a query of its own would wait for ever.
        Job.objects.using(PROGRESS_ALIAS).filter(pk=job_id).update(**values)
    elif not connections[DEFAULT_DB_ALIAS].in_atomic_block:
        Job.objects.filter(pk=job_id).update(**values)
    else:
        data = {**values, "heartbeat_at": values["heartbeat_at"].isoformat()}
        path = _file(job_id)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        tmp.replace(path)


def overlay(job):
    """Apply progress written to the side file (SQLite) to a job read from the database."""
    try:
        data = json.loads(_file(job.pk).read_text())
    except (OSError, ValueError):
        return job
    heartbeat = parse_datetime(data.get("heartbeat_at", ""))
    if heartbeat and (job.heartbeat_at is None or heartbeat > job.heartbeat_at):
        job.heartbeat_at = heartbeat
        job.done = data.get("done", job.done)
        job.total = data.get("total", job.total)
        job.phase = data.get("phase", job.phase)
        job.step = data.get("step", job.step)
    return job


def clear(job_id):
    _file(job_id).unlink(missing_ok=True)
