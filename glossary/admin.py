from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from glossary.models import Term


@admin.register(Term)
class TermAdmin(VersionAdmin):
    list_display = ("short", "long", "is_public", "updated_at")
    list_display_links = ("short",)
    list_filter = ("is_public",)
    search_fields = ("short", "long", "variants", "explanation")
    prepopulated_fields = {"slug": ("short",)}
    fieldsets = (
        (None, {"fields": ("short", "long", "explanation", "is_public")}),
        (
            _("Für die Suche"),
            {
                "fields": ("variants", "slug"),
                "description": _(
                    "Die Suche findet zu jeder Form (Kurzform, Langform, weitere Formen) "
                    "auch alle anderen."
                ),
            },
        ),
    )
