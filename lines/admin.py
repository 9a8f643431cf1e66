"""Admin of lines: the lines themselves, rejected pairs, and the candidate review pages."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from forums.models import Forum
from lines import actions
from lines.candidates import candidates_for
from lines.models import Line, Membership, RejectedPair
from practices.models import Practice
from rehapro_kb.admin_inlines import LabelledTabularInline


class MembershipInline(LabelledTabularInline):
    model = Membership
    fields = ("practice", "kind", "reason", "linked_by", "linked_at")
    readonly_fields = ("linked_by", "linked_at")
    autocomplete_fields = ("practice",)
    extra = 0


@admin.register(Line)
class LineAdmin(VersionAdmin):
    list_display = ("title", "slug", "entry_count", "updated_at")
    search_fields = ("title", "summary", "memberships__practice__title")
    prepopulated_fields = {"slug": ("title",)}
    inlines = (MembershipInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("memberships"))

    @admin.display(description=_("Einträge"), ordering="entry_count")
    def entry_count(self, obj):
        return obj.entry_count

    def save_formset(self, request, form, formset, change):
        for membership in formset.save(commit=False):
            if membership.linked_by_id is None:
                membership.linked_by = request.user
            membership.save()
        for gone in formset.deleted_objects:
            gone.delete()

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("kandidaten/", wrap(self.review_index), name="lines_review_index"),
            path(
                "kandidaten/<int:practice_id>/",
                wrap(self.review_practice),
                name="lines_review_practice",
            ),
            *super().get_urls(),
        ]

    def review_index(self, request):
        """List a forum's entries, each linking to its candidates (the review work list)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        forums = list(Forum.objects.order_by("-date"))
        chosen = next((f for f in forums if f.slug == request.GET.get("forum")), None)
        chosen = chosen or (forums[0] if forums else None)
        practices = (
            Practice.objects.filter(forum=chosen)
            .without_search_vector()
            .select_related("line_membership__line")
            .order_by("title")
            if chosen
            else []
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Kandidaten für Entwicklungslinien"),
            "forums": forums,
            "forum": chosen,
            "practices": practices,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/lines/review_index.html", context)

    def review_practice(self, request, practice_id):
        """Show one entry's candidates; POST confirms, rejects, links by hand or unlinks."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        practice = get_object_or_404(
            Practice.objects.without_search_vector().select_related("forum"), pk=practice_id
        )
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            self._apply(request, practice)
            return redirect(reverse("admin:lines_review_practice", args=[practice.pk]))
        membership = Membership.objects.filter(practice=practice).select_related("line").first()
        path_members = (
            Membership.objects.filter(line=membership.line).in_path_order() if membership else []
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Kandidaten: %(title)s") % {"title": practice.title},
            "practice": practice,
            "membership": membership,
            "path_members": path_members,
            "candidates": candidates_for(practice),
            "kinds": [k for k in Membership.Kind.choices if k[0] != "ausgangspunkt"],
            "opts": self.model._meta,
            "can_change": self.has_change_permission(request),
        }
        return TemplateResponse(request, "admin/lines/review_practice.html", context)

    def _apply(self, request, practice):
        action = request.POST.get("action")
        try:
            if action in ("confirm", "link", "reject"):
                other = self._other(request)
                if action == "reject":
                    actions.reject(practice, other, request.POST.get("reason"), request.user)
                    messages.success(request, _("Vorschlag abgelehnt; er erscheint nicht wieder."))
                    return
                line = actions.link(
                    practice,
                    other,
                    request.POST.get("kind", ""),
                    request.POST.get("reason"),
                    request.user,
                )
                messages.success(request, _("Verknüpft in „%(line)s“.") % {"line": line})
            elif action == "unlink":
                membership = get_object_or_404(Membership, pk=request.POST.get("membership"))
                actions.unlink(membership, request.user)
                messages.success(request, _("Eintrag aus der Linie gelöst."))
            else:
                messages.error(request, _("Unbekannte Aktion."))
        except actions.LinkRefused as refused:
            messages.error(request, str(refused))

    def _other(self, request):
        value = (request.POST.get("other") or "").strip()
        other = Practice.objects.select_related("forum").filter(
            **({"pk": value} if value.isdigit() else {"slug": value})
        )
        found = other.first() if value else None
        if found is None:
            raise actions.LinkRefused(_("Kein Eintrag mit dieser Nummer oder diesem Kurznamen."))
        return found


@admin.register(RejectedPair)
class RejectedPairAdmin(VersionAdmin):
    list_display = ("first", "second", "reason", "rejected_by", "rejected_at")
    list_select_related = ("first", "second", "rejected_by")
    search_fields = ("first__title", "second__title", "reason")
    readonly_fields = ("rejected_by", "rejected_at")
    autocomplete_fields = ("first", "second")

    def save_model(self, request, obj, form, change):
        if obj.first_id and obj.second_id and obj.first_id > obj.second_id:
            obj.first_id, obj.second_id = obj.second_id, obj.first_id
        if obj.rejected_by_id is None:
            obj.rejected_by = request.user
        super().save_model(request, obj, form, change)
