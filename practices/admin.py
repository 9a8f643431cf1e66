from django.contrib import admin
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.export_rows import export_rows
from practices.exports import csv_chunks, json_chunks, practice_url_builder, xlsx_response
from practices.models import Hurdle, Practice, Project, ProjectAttribution


def _internal_rows(request, queryset):
    return export_rows(queryset.order_by("id"), practice_url_builder(request), internal=True)


def _internal_filename(extension):
    return f"rehapro-praxis-intern-{timezone.localdate():%Y-%m-%d}.{extension}"


@admin.action(description=_("Auswahl exportieren: CSV (intern)"), permissions=["view"])
def export_selected_csv(modeladmin, request, queryset):
    chunks = csv_chunks(_internal_rows(request, queryset), internal=True)
    response = StreamingHttpResponse(
        (c.encode("utf-8") for c in chunks), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_internal_filename("csv")}"'
    return response


@admin.action(description=_("Auswahl exportieren: XLSX (intern)"), permissions=["view"])
def export_selected_xlsx(modeladmin, request, queryset):
    info = {
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "filters_text": _("Auswahl in der Verwaltung"),
        "source_url": request.build_absolute_uri(),
    }
    rows = _internal_rows(request, queryset)
    return xlsx_response(rows, info, _internal_filename("xlsx"), internal=True)


@admin.action(description=_("Auswahl exportieren: JSON (intern)"), permissions=["view"])
def export_selected_json(modeladmin, request, queryset):
    meta = {
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "internal": True,
        "note": str(_("Interner Export mit nicht veröffentlichten Einträgen.")),
        "count": queryset.count(),
        "filters": {},
        "source_url": request.build_absolute_uri(),
    }
    chunks = json_chunks(_internal_rows(request, queryset), meta, internal=True)
    response = StreamingHttpResponse(
        (c.encode("utf-8") for c in chunks), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_internal_filename("json")}"'
    return response


class HurdleInline(admin.TabularInline):
    model = Hurdle
    fields = ("position", "text")
    extra = 0


class ProjectAttributionInline(admin.TabularInline):
    model = ProjectAttribution
    fields = ("project", "is_public")
    autocomplete_fields = ("project",)
    extra = 0


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "category",
        "status",
        "forum",
        "thementisch",
        "publication_state",
        "tag_list",
        "updated_at",
    )
    list_filter = ("publication_state", "category", "status", "forum", "thementisch__kind")
    list_select_related = ("forum", "thementisch")
    search_fields = ("title", "description", "aspect", "source_section", "hurdles__text")
    search_help_text = _("Sucht in Titel, Beschreibung, Aspekt, Quelle und Hürden.")
    autocomplete_fields = ("forum", "thementisch")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "updated_at"
    readonly_fields = ("created_at", "updated_at")
    inlines = (HurdleInline, ProjectAttributionInline)
    actions = (export_selected_csv, export_selected_xlsx, export_selected_json)
    fieldsets = (
        (None, {"fields": ("title", "slug", "description")}),
        (
            _("Einordnung"),
            {"fields": (("category", "status"), "aspect", ("forum", "thementisch"), "tags")},
        ),
        (_("Quelle"), {"fields": ("source_section",)}),
        (
            _("Redaktion"),
            {
                "fields": (
                    "publication_state",
                    ("last_reviewed_at", "last_reviewed_by"),
                    ("created_at", "updated_at"),
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description=_("Schlagworte"))
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = (
        "short_name",
        "full_name",
        "funding_wave",
        "lead_agency_type",
        "bundesland",
        "status",
    )
    list_filter = ("funding_wave", "status", "lead_agency_type", "bundesland")
    search_fields = ("short_name", "full_name", "lead_agency_name", "place", "summary")
    prepopulated_fields = {"slug": ("short_name",)}


@admin.register(Hurdle)
class HurdleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "practice", "position")
    list_select_related = ("practice",)
    search_fields = ("text", "practice__title")
    autocomplete_fields = ("practice",)
