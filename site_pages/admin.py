from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from site_pages.defaults import TEXTS
from site_pages.models import Feedback, LegalPage


@admin.register(LegalPage)
class LegalPageAdmin(VersionAdmin):
    list_display = ("title", "kind", "updated_at")
    readonly_fields = ("updated_at",)

    def get_changeform_initial_data(self, request):
        # A new page starts from the shipped default text of the chosen kind.
        initial = super().get_changeform_initial_data(request)
        kind = initial.get("kind") or next(
            (k for k in TEXTS if not LegalPage.objects.filter(kind=k).exists()), None
        )
        if kind in TEXTS:
            title, body = TEXTS[kind]
            initial.update(kind=kind, title=str(title), body=str(body))
        return initial

    def get_readonly_fields(self, request, obj=None):
        # The kind is the page's address: fixed once the page exists.
        return ("kind", "updated_at") if obj else ("updated_at",)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("created_at", "topic", "short_message", "email", "done")
    list_filter = ("done", "topic")
    list_editable = ("done",)
    search_fields = ("message", "name", "email", "page_url")
    readonly_fields = ("topic", "message", "name", "email", "page_url", "created_at")
    date_hierarchy = "created_at"

    @admin.display(description=_("Nachricht"))
    def short_message(self, obj):
        return obj.message[:80]

    def has_add_permission(self, request):
        # Feedback comes only through the public form.
        return False
