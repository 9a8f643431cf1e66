"""The list of background jobs: running and finished, each linking to its progress page."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from jobs import progress
from jobs.models import Job
from jobs.views import visible_jobs


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title_link", "kind", "state_label", "counts", "created_by", "created_at")
    list_filter = ("kind", "state")
    list_select_related = ("created_by",)

    def get_queryset(self, request):
        return visible_jobs(request.user).select_related("created_by")

    @admin.display(description=gettext_lazy("Bezeichnung"), ordering="title")
    def title_link(self, obj):
        return format_html('<a href="{}?bleiben=1">{}</a>', obj.get_absolute_url(), obj.title)

    @admin.display(description=gettext_lazy("Stand"), ordering="state")
    def state_label(self, obj):
        progress.overlay(obj)
        obj.mark_interrupted_if_stale()
        return obj.get_state_display()

    @admin.display(description=gettext_lazy("Fortschritt"))
    def counts(self, obj):
        return f"{obj.done} / {obj.total}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff
