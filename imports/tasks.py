"""Imports and undo as background tasks: each runs one transaction and reports its progress."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from jobs.runner import JobFailed, run

PLAN_CHANGED = gettext_lazy(
    "Seit der Vorschau haben sich Daten geändert. Es wurde nichts importiert. Bitte prüfen "
    "Sie die neue Vorschau und bestätigen Sie erneut."
)


CHECK = gettext_lazy("Zeilen prüfen (Schritt 1 von 2)")
WRITE = gettext_lazy("Zeilen schreiben (Schritt 2 von 2)")


def _user(job):
    return job.created_by if job.created_by_id else None


@task()
def import_spreadsheet(job_id):
    """Plan the stored file again and write it, all or nothing."""
    return run(job_id, _import_spreadsheet)


def _import_spreadsheet(job, report):
    from imports.spreadsheet.apply import PlanHasErrors, apply_plan
    from imports.spreadsheet.plan import build_plan
    from imports.spreadsheet.read import SpreadsheetError, read_spreadsheet
    from practices.models import StaleEditError

    name = job.params["name"]
    user = _user(job)
    try:
        sheet = read_spreadsheet(bytes(job.payload))
    except SpreadsheetError as error:
        raise JobFailed(str(error)) from error
    total = len(sheet.rows)
    try:
        with transaction.atomic():
            # Planned inside the transaction: the rows written are the rows checked.
            plan = build_plan(sheet, user, name, progress=lambda n: report(n, total, CHECK, 1))
            if plan.fingerprint != job.params["fingerprint"] or not plan.has_changes:
                raise JobFailed(str(PLAN_CHANGED))
            report(0, total, WRITE, 2, force=True)
            batch = apply_plan(plan, user, progress=lambda n: report(n, total, WRITE, 2))
    except (PlanHasErrors, StaleEditError, IntegrityError) as error:
        raise JobFailed(str(PLAN_CHANGED)) from error
    message = _(
        "Import abgeschlossen: %(created)s neu, %(updated)s geändert, %(unchanged)s unverändert."
    ) % {
        "created": batch.created_count,
        "updated": batch.updated_count,
        "unchanged": batch.unchanged_count,
    }
    url = reverse("admin:imports_importbatch_change", args=[batch.pk])
    return url, {"batch": batch.pk, "messages": [["success", message]]}


@task()
def import_projects(job_id):
    """Plan the stored project table again and write it, all or nothing."""
    return run(job_id, _import_projects)


def _import_projects(job, report):
    from imports.projects.apply import PlanHasErrors, apply_plan
    from imports.projects.views import read_plan
    from imports.spreadsheet.read import SpreadsheetError

    try:
        with transaction.atomic():
            plan = read_plan(bytes(job.payload), job.params["name"])
            if plan.fingerprint != job.params["fingerprint"] or not plan.has_changes:
                raise JobFailed(str(PLAN_CHANGED))
            report(0, len(plan.rows), force=True)
            created, updated = apply_plan(plan, _user(job))
    except (PlanHasErrors, SpreadsheetError, IntegrityError) as error:
        raise JobFailed(str(PLAN_CHANGED)) from error
    message = _("Projektimport abgeschlossen: %(created)s neu, %(updated)s geändert.") % {
        "created": created,
        "updated": updated,
    }
    return reverse("admin:practices_project_changelist"), {"messages": [["success", message]]}


@task()
def undo_import(job_id):
    """Undo one import as a whole."""
    return run(job_id, _undo_import)


def _undo_import(job, report):
    from imports.admin import already_undone
    from imports.models import ImportBatch
    from imports.undo import AlreadyUndone, undo_batch

    batch = ImportBatch.objects.get(pk=job.params["batch"])
    try:
        result = undo_batch(batch, job.created_by, progress=report)
    except AlreadyUndone as error:
        raise JobFailed(already_undone(error.batch)) from error
    messages = [
        [
            "success",
            _("Import rückgängig gemacht: %(deleted)s gelöscht, %(archived)s archiviert.")
            % {"deleted": len(result.deleted), "archived": len(result.archived)},
        ]
    ]
    if result.kept:
        titles = "; ".join(item["title"] for item in result.kept[:20])
        messages.append(
            [
                "warning",
                _(
                    "%(count)s bereits veröffentlichte Praxisbeispiele bleiben veröffentlicht "
                    "(archivieren darf nur die Freigabe): %(titles)s"
                )
                % {"count": len(result.kept), "titles": titles},
            ]
        )
    url = reverse("admin:imports_importbatch_change", args=[batch.pk])
    return url, {"batch": batch.pk, "messages": messages}
