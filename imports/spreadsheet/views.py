"""Admin pages for importing practices from a CSV or XLSX spreadsheet: upload, preview, confirm."""

import csv
import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports import upload_store
from imports.spreadsheet.plan import ERROR, NEW, UNCHANGED, UPDATE, build_plan
from imports.spreadsheet.read import (
    MAX_BYTES,
    MAX_ROWS,
    SpreadsheetError,
    check_size,
    read_spreadsheet,
)
from imports.tasks import PLAN_CHANGED, import_spreadsheet
from jobs.models import Job
from jobs.start import start_job
from practices.export_columns import COLUMNS, INTERNAL_COLUMNS

PERMISSION = "imports.add_importbatch"
PREVIEW_ROWS_PER_PAGE = 200


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tabelle (CSV oder XLSX)"),
        help_text=gettext_lazy("Höchstens 5 MB; die Spalten wie im Export."),
    )


def _require_permission(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _context(request, **extra):
    return {
        **admin.site.each_context(request),
        "title": _("Tabelle importieren (CSV oder XLSX)"),
        "columns": [label for _key, label in COLUMNS + INTERNAL_COLUMNS],
        "max_mb": MAX_BYTES // 2**20,
        "max_rows": MAX_ROWS,
        **extra,
    }


def upload_view(request):
    """Step 1: upload a file; a readable one goes to the preview."""
    _require_permission(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size)
            data = upload.read()
            plan = build_plan(read_spreadsheet(data), request.user, upload.name)
        except SpreadsheetError as error:
            form.add_error("file", str(error))
        else:
            if plan.file_errors:
                for message in plan.file_errors:
                    form.add_error("file", message)
            else:
                token = upload_store.store(request, data, upload.name)
                return redirect("imports:spreadsheet_preview", token=token)
    return TemplateResponse(
        request, "admin/imports/spreadsheet_upload.html", _context(request, form=form)
    )


def _load_plan(request, token):
    """Plan the stored upload again (never from data the browser sends back)."""
    stored = upload_store.load(request, token)
    if stored is None:
        return None
    data, name = stored
    try:
        return build_plan(read_spreadsheet(data), request.user, name)
    except SpreadsheetError:
        return None


def _gone(request):
    messages.error(
        request, _("Diese Vorschau gibt es nicht mehr. Bitte laden Sie die Datei erneut hoch.")
    )
    return redirect("imports:spreadsheet")


def preview_view(request, token):
    """Step 2: show what the import would do (the dry run); POST confirms and imports."""
    _require_permission(request)
    if request.method == "POST":
        return _confirm(request, token)
    plan = _load_plan(request, token)
    if plan is None:
        return _gone(request)
    return _preview_page(request, token, plan)


def _preview_page(request, token, plan):
    show_all = request.GET.get("alle") == "1"
    rows = [row for row in plan.rows if show_all or row.action != UNCHANGED]
    # A page of rows, each message cut short, keeps even a hostile file's preview under 2 MB.
    page = Paginator(rows, PREVIEW_ROWS_PER_PAGE).get_page(request.GET.get("seite"))
    context = _context(
        request,
        title=_("Vorschau: Tabelle importieren"),
        plan=plan,
        token=token,
        rows=page.object_list,
        page=page,
        show_all=show_all,
        counts={
            "new": plan.count(NEW),
            "update": plan.count(UPDATE),
            "unchanged": plan.count(UNCHANGED),
            "error": plan.count(ERROR),
        },
    )
    return TemplateResponse(request, "admin/imports/spreadsheet_preview.html", context)


def _confirm(request, token):
    stored = upload_store.load(request, token)
    if stored is None:
        return _gone(request)
    data, name = stored
    # Checked here too, so a stale preview is answered at once, without a job.
    plan = _load_plan(request, token)
    if plan is None or plan.fingerprint != request.POST.get("fingerprint") or not plan.has_changes:
        messages.warning(request, PLAN_CHANGED)
        return redirect("imports:spreadsheet_preview", token=token)
    # The job carries the file: the upload is gone, so confirming twice cannot import twice.
    upload_store.discard(request, token)
    job = start_job(
        import_spreadsheet,
        Job.Kind.SPREADSHEET_IMPORT,
        request.user,
        title=name,
        total=len(plan.rows),
        steps=2,
        payload=data,
        params={
            "name": name,
            "fingerprint": plan.fingerprint,
            "retry_url": reverse("imports:spreadsheet"),
        },
    )
    return redirect(job)


def template_view(request):
    """Download an empty CSV with the import's columns, for German Excel."""
    _require_permission(request)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(
        [label for _key, label in COLUMNS]
    )
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="rehapro-praxis-vorlage.csv"'
    return response
