"""Public pages of a large export: start or reuse its job, show its progress, hand out the file."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from jobs import progress
from jobs.models import ExportFile, Job
from practices import export_jobs
from practices.listing import PracticeList
from rehapro_kb import page_cache

REFRESH_SECONDS = 2
RETRY_AFTER_SECONDS = 60


def large_export(request, extension):
    """Send a large export to its background job; None lets a small one stream as before."""
    listing = PracticeList.from_query(request.GET)
    # Counting at most one row past the limit costs the same at any size of the list.
    limit = settings.EXPORT_TASK_ROWS
    if not export_jobs.needs_job(listing.queryset.order_by()[: limit + 1].count()):
        return None
    try:
        export = export_jobs.start_or_reuse(
            request, extension, listing, listing.queryset.order_by().count()
        )
    except export_jobs.TooManyExports:
        response = TemplateResponse(
            request,
            "practices/export_busy.html",
            {"retry_url": request.get_full_path()},
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return redirect(export.get_absolute_url())


def _export_or_404(token):
    export = ExportFile.objects.select_related("job").filter(token=token).first()
    if export is None:
        raise Http404(_("Diesen Export gibt es nicht (mehr)."))
    return export


@never_cache
def export_job(request, token):
    """Show how far a large export is; when it is built, offer the file until it expires."""
    export = _export_or_404(token)
    job = progress.overlay(export.job)
    job.mark_interrupted_if_stale()
    context = {
        "export": export,
        "job": job,
        "percent": int(100 * job.done / job.total) if job.total else 0,
        "outdated": export.content_version != page_cache.current_version(),
        "refresh": None if job.is_finished else REFRESH_SECONDS,
    }
    response = TemplateResponse(request, "practices/export_job.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
def export_file(request, token):
    """Hand out the built file: only while it is kept and the content has not changed since."""
    export = _export_or_404(token)
    usable = (
        export.job.state == Job.State.SUCCEEDED
        and export.storage_name
        and not export.is_expired(timezone.now())
        and export.content_version == page_cache.current_version()
    )
    if not usable:
        return redirect(export.get_absolute_url())
    return FileResponse(
        default_storage.open(export.storage_name, "rb"),
        as_attachment=True,
        filename=export.filename,
        content_type=export.content_type or None,
    )
