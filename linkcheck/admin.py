from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from linkcheck.client import Checker
from linkcheck.fixes import apply_redirect
from linkcheck.models import BrokenLink, Link
from linkcheck.run import check_links


class LinkAdminBase(admin.ModelAdmin):
    list_display = ("url_text", "where", "failing_since", "answer", "last_checked_at", "fix")
    list_filter = ("state",)
    search_fields = ("url",)
    ordering = ("failing_since", "url")
    actions = ("recheck", "take_redirect")
    readonly_fields = (
        "url",
        "state",
        "where",
        "failing_since",
        "last_status",
        "last_answer",
        "last_checked_at",
        "redirect_url",
        "redirect_permanent",
        "due_at",
        "created_at",
    )
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("uses__content_object")

    def has_add_permission(self, request):
        return False  # links come from the content

    def has_change_permission(self, request, obj=None):
        return False  # results come from the checker; the actions need only view rights

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:pk>/pruefen/",
                self.admin_site.admin_view(require_POST(self.recheck_one)),
                name="{}_{}_recheck".format(*info),
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("Adresse"), ordering="url")
    def url_text(self, link):
        # Shown, not linked: the admin should not send staff to a possibly hostile page.
        return link.url

    @admin.display(description=_("Fundstellen"))
    def where(self, link):
        rows = []
        for use in link.uses.all():
            obj = use.content_object
            if obj is None:
                continue
            try:
                url = use.get_absolute_url()
            except NoReverseMatch:
                url = ""
            label = f"{obj._meta.verbose_name}: {obj}"
            field = _field_label(obj, use.field)
            rows.append((url, label, field))
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a> ({})', rows) or "–"

    @admin.display(description=_("letzte Antwort"))
    def answer(self, link):
        return link.last_answer or link.get_state_display()

    @admin.display(description=_("Prüfen / Korrektur"))
    def fix(self, link):
        recheck = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_recheck", args=[link.pk]
        )
        # A submit button of the change list's own form (it carries the CSRF token): one
        # click, no JavaScript, no nested form.
        button = format_html(
            '<button type="submit" class="button" formaction="{}">{}</button>',
            recheck,
            _("Jetzt prüfen"),
        )
        if link.redirect_permanent and link.redirect_url:
            return format_html(
                "{}<br>{} {}", button, _("Dauerhafte Weiterleitung auf"), link.redirect_url
            )
        return button

    def recheck_one(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        link = get_object_or_404(Link, pk=pk)
        check_links([link], checker=Checker())
        link.refresh_from_db()
        self.message_user(
            request,
            _("%(url)s: %(state)s – %(answer)s")
            % {"url": link.url, "state": link.get_state_display(), "answer": link.last_answer},
        )
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")

    @admin.action(description=_("Ausgewählte Links jetzt prüfen"), permissions=["view"])
    def recheck(self, request, queryset):
        states = check_links(queryset[:50], checker=Checker())
        labels = dict(Link.State.choices)
        summary = ", ".join(f"{labels[s]}: {n}" for s, n in sorted(states.items()))
        self.message_user(request, _("Geprüft: %(summary)s") % {"summary": summary})

    @admin.action(
        description=_("Dauerhafte Weiterleitung in die Inhalte übernehmen"), permissions=["view"]
    )
    def take_redirect(self, request, queryset):
        changed = sum(apply_redirect(link, request.user) for link in queryset)
        self.message_user(
            request,
            ngettext("%(n)d Fundstelle geändert.", "%(n)d Fundstellen geändert.", changed)
            % {"n": changed},
        )


def _field_label(obj, name):
    try:
        return str(obj._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


@admin.register(Link)
class LinkAdmin(LinkAdminBase):
    list_display = ("url_text", "state", "where", "answer", "last_checked_at", "due_at", "fix")
    ordering = ("url",)


@admin.register(BrokenLink)
class BrokenLinkAdmin(LinkAdminBase):
    """The work list: links that failed two checks a day apart."""

    list_filter = ()

    def get_queryset(self, request):
        return super().get_queryset(request).filter(state=Link.State.DEFEKT)
