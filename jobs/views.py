"""The progress page of a background job: rows done of total, time left, result or error."""

from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs import progress
from jobs.models import Job

REFRESH_SECONDS = 2
LEVELS = {"success": messages.SUCCESS, "warning": messages.WARNING, "info": messages.INFO}


def visible_jobs(user):
    """A researcher sees their own jobs; a superuser sees everyone's."""
    jobs = Job.objects.defer("payload")
    return jobs if user.is_superuser else jobs.filter(created_by=user)


def progress_view(request, pk):
    """Show how far the job is; when it is done, go on to its result."""
    job = visible_jobs(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404(_("Diese Hintergrundaufgabe gibt es nicht."))
    progress.overlay(job)
    job.mark_interrupted_if_stale()
    if job.state == Job.State.SUCCEEDED and job.result_url and request.GET.get("bleiben") != "1":
        for level, text in (job.result or {}).get("messages", []):
            messages.add_message(request, LEVELS.get(level, messages.INFO), text)
        return redirect(job.result_url)
    context = {
        **admin.site.each_context(request),
        "title": _("%(kind)s: Fortschritt") % {"kind": job.get_kind_display()},
        "job": job,
        "percent": _percent(job),
        "remaining": _remaining(job),
        "refresh": REFRESH_SECONDS if not job.is_finished else None,
    }
    return TemplateResponse(request, "admin/jobs/progress.html", context)


def _percent(job):
    return int(100 * job.done / job.total) if job.total else 0


def _remaining(job):
    """Seconds left, estimated from the pace so far; None before there is a pace."""
    if job.state != Job.State.RUNNING or not job.started_at or not job.done or not job.total:
        return None
    # Each step counts the same share of the whole.
    fraction = (job.step - 1 + job.done / job.total) / max(job.steps, 1)
    elapsed = (timezone.now() - job.started_at).total_seconds()
    return max(0, round(elapsed / fraction * (1 - fraction)))
