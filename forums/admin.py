from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from forums.models import Document, Forum, LoadedContent, Study, Thementisch
from rehapro_kb.admin_inlines import LabelledTabularInline


class ThementischInline(LabelledTabularInline):
    model = Thementisch
    fields = ("position", "kind", "title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    extra = 0
    show_change_link = True


class DocumentInline(LabelledTabularInline):
    model = Document
    fields = ("title", "kind", "url", "file", "is_public", "contains_personal_data")
    # Set by the model for participant lists and never cleared (see Document).
    readonly_fields = ("contains_personal_data",)
    extra = 0


class StudyInline(admin.StackedInline):
    model = Study
    fields = (("title",), ("authors", "journal", "year"), ("doi", "url"), "thementisch")
    autocomplete_fields = ("thementisch",)
    extra = 0


@admin.register(Forum)
class ForumAdmin(VersionAdmin):
    list_display = ("title", "roman", "date", "city", "practice_count")
    list_filter = ("city",)
    search_fields = ("title", "subtitle", "summary", "city", "venue")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "date"
    inlines = (ThementischInline, DocumentInline, StudyInline)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(practice_count=Count("practices"))

    @admin.display(description=_("Nr."), ordering="number")
    def roman(self, obj):
        return obj.roman_number

    @admin.display(description=_("Praxisbeispiele"), ordering="practice_count")
    def practice_count(self, obj):
        return obj.practice_count


@admin.register(Thementisch)
class ThementischAdmin(VersionAdmin):
    list_display = ("title", "kind", "forum", "position")
    list_filter = ("kind", "forum")
    list_select_related = ("forum",)
    search_fields = ("title", "summary", "key_results", "forum__title")
    autocomplete_fields = ("forum", "projects")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Document)
class DocumentAdmin(VersionAdmin):
    list_display = ("title", "kind", "forum", "is_public", "contains_personal_data")
    list_filter = ("kind", "is_public", "contains_personal_data", "forum")
    list_select_related = ("forum",)
    search_fields = ("title",)
    autocomplete_fields = ("forum",)

    def get_readonly_fields(self, request, obj=None):
        # Personal data can be marked here, never unmarked; such a document is never public.
        if obj is not None and obj.contains_personal_data:
            return ("contains_personal_data", "is_public")
        return ()


@admin.register(Study)
class StudyAdmin(VersionAdmin):
    list_display = ("title", "authors", "year", "doi", "forum")
    list_filter = ("forum", "year")
    list_select_related = ("forum",)
    search_fields = ("title", "authors", "doi", "journal")
    autocomplete_fields = ("forum", "thementisch")


@admin.register(LoadedContent)
class LoadedContentAdmin(admin.ModelAdmin):
    """Read-only: what load_forum_content wrote, to tell admin edits from file changes."""

    list_display = ("kind", "key", "loaded_at")
    list_filter = ("kind",)
    search_fields = ("key",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
