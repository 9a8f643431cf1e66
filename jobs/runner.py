"""Run a job's work inside a task: mark it running, record how it ended, in German."""

import logging

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs import progress
from jobs.models import Job

logger = logging.getLogger(__name__)


class JobFailed(Exception):
    """The work ended with a message for the person who started it (nothing was written)."""


def run(job_id, work):
    """Call work(job, report) and store its outcome; report(done, total, phase) shows progress.

    work returns (result_url, result dict). Its writes must sit in one transaction, so a
    failure or an interruption leaves the database as it was.
    """
    job = Job.objects.get(pk=job_id)
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=now, heartbeat_at=now)
    job.state, job.started_at = Job.State.RUNNING, now
    try:
        result_url, result = work(job, progress.Progress(job))
    except JobFailed as error:
        _finish(job, Job.State.FAILED, message=str(error))
        return {"state": "failed"}
    except BaseException:
        # Also SystemExit from a worker told to stop at once: the transaction is rolled back.
        logger.exception("job %s failed", job.pk)
        _finish(
            job,
            Job.State.FAILED,
            message=_(
                "Der Vorgang ist mit einem unerwarteten Fehler abgebrochen. Es wurde nichts "
                "geändert."
            ),
        )
        raise
    _finish(
        job,
        Job.State.SUCCEEDED,
        done=F("total"),
        result_url=result_url or "",
        result=result or {},
    )
    return {"state": "succeeded"}


def _finish(job, state, **values):
    progress.clear(job.pk)
    values.setdefault("message", "")
    values["payload"] = None
    Job.objects.filter(pk=job.pk).update(
        state=state, finished_at=timezone.now(), heartbeat_at=timezone.now(), **values
    )
