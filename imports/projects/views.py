"""Admin pages for importing projects from a CSV or XLSX table: upload, preview, confirm."""

from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports import upload_store
from imports.projects.plan import (
    COLUMNS,
    ERROR,
    HINT,
    KNOWN_HEADERS,
    NEW,
    UNCHANGED,
    UPDATE,
    build_plan,
)
from imports.spreadsheet.read import MAX_BYTES, SpreadsheetError, check_size, read_spreadsheet
from imports.tasks import PLAN_CHANGED, import_projects
from jobs.models import Job
from jobs.start import start_job

# Creating and changing projects is the right this import exercises.
PERMISSIONS = ("practices.add_project", "practices.change_project")
EXAMPLE = Path(__file__).parent / "examples" / "projekte-beispiel.csv"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Projekttabelle (CSV oder XLSX)"),
        help_text=gettext_lazy("Höchstens 5 MB; eine Zeile je Projekt."),
    )


def _require_permission(request):
    if not request.user.has_perms(PERMISSIONS):
        raise PermissionDenied


def read_plan(data, name):
    return build_plan(read_spreadsheet(data, KNOWN_HEADERS, str(HINT)), name)


def _context(request, **extra):
    return {
        **admin.site.each_context(request),
        "title": _("Projekte importieren (CSV oder XLSX)"),
        "columns": [name for name, _parser in COLUMNS],
        "max_mb": MAX_BYTES // 2**20,
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
            plan = read_plan(data, upload.name)
        except SpreadsheetError as error:
            form.add_error("file", str(error))
        else:
            for message in plan.file_errors:
                form.add_error("file", message)
            if not plan.file_errors:
                token = upload_store.store(request, data, upload.name)
                return redirect("imports:projects_preview", token=token)
    return TemplateResponse(
        request, "admin/imports/projects_upload.html", _context(request, form=form)
    )


def _load_plan(request, token):
    """Plan the stored upload again (never from data the browser sends back)."""
    stored = upload_store.load(request, token)
    if stored is None:
        return None
    data, name = stored
    try:
        return read_plan(data, name)
    except SpreadsheetError:
        return None


def _gone(request):
    messages.error(
        request, _("Diese Vorschau gibt es nicht mehr. Bitte laden Sie die Datei erneut hoch.")
    )
    return redirect("imports:projects")


def preview_view(request, token):
    """Step 2: show what the import would do; POST confirms and imports."""
    _require_permission(request)
    if request.method == "POST":
        return _confirm(request, token)
    plan = _load_plan(request, token)
    if plan is None:
        return _gone(request)
    counts = {key: plan.count(key) for key in (NEW, UPDATE, UNCHANGED, ERROR)}
    context = _context(
        request, title=_("Vorschau: Projekte importieren"), plan=plan, token=token, counts=counts
    )
    return TemplateResponse(request, "admin/imports/projects_preview.html", context)


def _confirm(request, token):
    stored = upload_store.load(request, token)
    if stored is None:
        return _gone(request)
    data, name = stored
    plan = _load_plan(request, token)
    if plan is None or plan.fingerprint != request.POST.get("fingerprint") or not plan.has_changes:
        messages.warning(request, PLAN_CHANGED)
        return redirect("imports:projects_preview", token=token)
    # The job carries the file: the upload is gone, so confirming twice cannot import twice.
    upload_store.discard(request, token)
    job = start_job(
        import_projects,
        Job.Kind.PROJECT_IMPORT,
        request.user,
        title=name,
        total=len(plan.rows),
        payload=data,
        params={
            "name": name,
            "fingerprint": plan.fingerprint,
            "retry_url": reverse("imports:projects"),
        },
    )
    return redirect(job)


def example_view(request):
    """Download the example table with clearly fictitious projects."""
    _require_permission(request)
    response = HttpResponse(EXAMPLE.read_bytes(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="projekte-beispiel.csv"'
    return response
