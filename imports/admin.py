"""The import history: read-only, with "undo this import" as its only action."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.models import ImportBatch
from imports.tasks import undo_import
from imports.undo import may_undo
from jobs import progress
from jobs.models import Job
from jobs.start import start_job
from jobs.views import visible_jobs

RECENT_JOBS = 10

MAX_LINKED_IDS = 200
REPORT_LABELS = {
    "format": gettext_lazy("Format"),
    "encoding": gettext_lazy("Zeichenkodierung"),
    "rows": gettext_lazy("Zeilen"),
    "created_ids": gettext_lazy("angelegt (IDs)"),
    "updated_ids": gettext_lazy("geändert (IDs)"),
    "new_tags": gettext_lazy("neue Schlagworte"),
    "notes": gettext_lazy("Hinweise"),
    "warnings": gettext_lazy("Warnungen"),
    "undo": gettext_lazy("Rückgängig gemacht"),
}


def local_datetime(value):
    return formats.date_format(timezone.localtime(value), "d.m.Y H:i")


def practices_url(batch):
    """The practice list filtered to what this import created."""
    changelist = reverse("admin:practices_practice_changelist")
    return f"{changelist}?import_batch__id__exact={batch.pk}"


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "kind",
        "source_name",
        "forum",
        "created_by",
        "created_count",
        "updated_count",
        "unchanged_count",
        "practices_link",
        "undo_state",
    )
    list_filter = ("kind", "forum")
    list_select_related = ("forum", "created_by", "undone_by")
    search_fields = ("source_name",)
    date_hierarchy = "created_at"
    fields = (
        "kind",
        "source_name",
        "forum",
        ("created_at", "created_by"),
        ("created_count", "updated_count", "unchanged_count"),
        "practices_link",
        "updated_link",
        ("undone_at", "undone_by"),
        "report_summary",
    )
    readonly_fields = tuple(
        name for item in fields for name in (item if isinstance(item, tuple) else (item,))
    )
    view_on_site = False  # its "absolute URL" is this admin page itself

    # The history must be trustworthy: rows come from imports only, never from forms.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(practice_count=Count("practices"))

    @admin.display(description=gettext_lazy("Praxisbeispiele aus diesem Import"))
    def practices_link(self, obj):
        count = getattr(obj, "practice_count", None)
        if count is None:
            count = obj.practices.count()
        return format_html('<a href="{}">{}</a>', practices_url(obj), count)

    @admin.display(description=gettext_lazy("Rückgängig gemacht"), ordering="undone_at")
    def undo_state(self, obj):
        return local_datetime(obj.undone_at) if obj.undone_at else "–"

    @admin.display(description=gettext_lazy("Geänderte Praxisbeispiele"))
    def updated_link(self, obj):
        ids = (obj.report or {}).get("updated_ids") or []
        if not ids:
            return "–"
        if len(ids) > MAX_LINKED_IDS:
            return str(len(ids))
        url = reverse("admin:practices_practice_changelist")
        query = ",".join(str(pk) for pk in ids)
        return format_html('<a href="{}?id__in={}">{}</a>', url, query, len(ids))

    @admin.display(description=gettext_lazy("Bericht"))
    def report_summary(self, obj):
        report = obj.report or {}
        if not report:
            return "–"
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "",
                "<dt>{}</dt><dd>{}</dd>",
                ((REPORT_LABELS.get(key, key), _short(v)) for key, v in report.items()),
            ),
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/rueckgaengig/",
                self.admin_site.admin_view(self.undo_view),
                name="imports_importbatch_undo",
            ),
            *super().get_urls(),
        ]

    def undo_view(self, request, object_id):
        """Confirm (GET) and undo (POST) one import."""
        if not may_undo(request.user):
            raise PermissionDenied
        batch = self.get_object(request, object_id)
        if batch is None:
            raise Http404
        change_url = reverse("admin:imports_importbatch_change", args=[batch.pk])
        if batch.undone_at is not None:
            messages.error(request, already_undone(batch))
            return redirect(change_url)
        if request.method == "POST":
            job = start_job(
                undo_import,
                Job.Kind.IMPORT_UNDO,
                request.user,
                title=str(batch),
                total=batch.practices.count(),
                params={"batch": batch.pk},
            )
            return redirect(job)
        practices = batch.practices.order_by("title")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import rückgängig machen"),
            "opts": self.opts,
            "batch": batch,
            "drafts": [p for p in practices if not p.is_published and not _archived(p)],
            "published": [p for p in practices if p.is_published],
            "archived": [p for p in practices if _archived(p)],
            "can_publish": request.user.has_perm("practices.publish_practice"),
            "updated_count": len(batch.report.get("updated_ids", [])),
        }
        return TemplateResponse(request, "admin/imports/importbatch/undo_confirm.html", context)

    def changelist_view(self, request, extra_context=None):
        # Running imports and undos have no record here yet: list their jobs above.
        jobs = list(
            visible_jobs(request.user)
            .exclude(kind=Job.Kind.EXPORT)
            .select_related("created_by")[:RECENT_JOBS]
        )
        for job in jobs:
            progress.overlay(job)
            job.mark_interrupted_if_stale()
        extra_context = {**(extra_context or {}), "import_jobs": jobs}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_undo": may_undo(request.user)}
        return super().change_view(request, object_id, form_url, extra_context)


def _archived(practice):
    return practice.publication_state == practice.PublicationState.ARCHIVIERT


def _short(value):
    """Show a report value briefly: lists as their first entries, the rest as text."""
    if isinstance(value, list):
        shown = "; ".join(_item(item) for item in value[:20])
        return f"{shown} …" if len(value) > 20 else (shown or "–")
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_short(item)}" for key, item in value.items()) or "–"
    return str(value)


def _item(item):
    if isinstance(item, dict):
        return str(item.get("title") or item.get("text") or _short(item))
    return str(item)


def already_undone(batch):
    who = batch.undone_by.get_username() if batch.undone_by else _("unbekannt")
    return _(
        "Dieser Import wurde bereits am %(date)s von %(who)s rückgängig gemacht; "
        "ein zweites Mal geht nicht."
    ) % {"date": local_datetime(batch.undone_at), "who": who}
