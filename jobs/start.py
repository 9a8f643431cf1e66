"""Start a job: record it, then hand its id to the task queue."""

from jobs.models import Job


def start_job(task, kind, user, *, title="", total=0, steps=1, payload=None, params=None):
    """Create the job and enqueue task(job id) once the job is committed; return the job."""
    job = Job.objects.create(
        kind=kind,
        title=title[:255],
        created_by=user,
        total=total,
        steps=steps,
        payload=payload,
        params=params or {},
    )
    # Requests run in autocommit: the job row is committed before a worker can look for it.
    # (With the immediate backend, as in most tests, the task runs right here.)
    enqueue(task, job)
    job.refresh_from_db()
    return job


def enqueue(task, job):
    """Hand a committed job's id to the task queue and remember the task's id."""
    result = task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
