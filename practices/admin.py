import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin
from reversion.models import Version

from practices.admin_filters import ReviewDueFilter, WorklistFilter
from practices.admin_forms import PracticeAdminForm, parse_token
from practices.exporter import PracticeExporter
from practices.models import Hurdle, Practice, Project, ProjectAttribution, StaleEditError
from practices.signals import parts_saved_with_practice
from practices.workflow import (
    TRANSITIONS,
    TransitionNotAllowed,
    allowed_transitions,
    apply_transition,
    mark_reviewed,
    may_set_state,
)
from rehapro_kb.admin_inlines import LabelledTabularInline

EXPORT_ACTIONS = {
    "csv": _("Auswahl exportieren: CSV (intern)"),
    "xlsx": _("Auswahl exportieren: XLSX (intern)"),
    "json": _("Auswahl exportieren: JSON (intern)"),
}


def _export_action(extension):
    def action(modeladmin, request, queryset):
        return PracticeExporter.for_selection(request, queryset).response(extension)

    action.__name__ = f"export_selected_{extension}"
    return admin.action(description=EXPORT_ACTIONS[extension], permissions=["view"])(action)


class HurdleInline(LabelledTabularInline):
    model = Hurdle
    fields = ("position", "text")
    extra = 0


class ProjectAttributionInline(LabelledTabularInline):
    model = ProjectAttribution
    fields = ("project", "is_public")
    autocomplete_fields = ("project",)
    extra = 0


def _bulk(request, queryset, apply, done_message, label):
    """Apply a change practice by practice, each its own history entry and lock check."""
    practices = list(queryset)
    # One comment ties the entries together; each stays revertable on its own.
    shared = ngettext(
        "Sammelaktion: %(action)s (%(count)s Eintrag, %(when)s)",
        "Sammelaktion: %(action)s (%(count)s Einträge, %(when)s)",
        len(practices),
    ) % {
        "action": label,
        "count": len(practices),
        "when": formats.date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT"),
    }
    done, skipped = 0, []
    for practice in practices:
        try:
            with reversion.create_revision():
                apply(practice)
                reversion.set_comment(f"{reversion.get_comment()} · {shared}")
            done += 1
        except (TransitionNotAllowed, StaleEditError):
            skipped.append(practice.title)
    if done:
        messages.success(request, done_message % {"count": done})
    if skipped:
        messages.warning(
            request,
            _("Nicht geändert (falscher Status oder zwischenzeitlich bearbeitet): %(titles)s")
            % {"titles": "; ".join(skipped[:10])},
        )


def _transition_action(name):
    transition = TRANSITIONS[name]
    permission = "change" if transition.permission.endswith("change_practice") else "publish"

    def action(modeladmin, request, queryset):
        _bulk(
            request,
            queryset,
            lambda practice: apply_transition(practice, name, request.user),
            _("%(count)s Praxisbeispiel(e): ") + str(transition.label),
            transition.label,
        )

    action.__name__ = f"transition_{name}"
    return admin.action(description=transition.label, permissions=[permission])(action)


@admin.action(description=_("Als geprüft markieren"), permissions=["review"])
def mark_selected_reviewed(modeladmin, request, queryset):
    _bulk(
        request,
        queryset,
        lambda practice: mark_reviewed(practice, request.user),
        _("%(count)s Praxisbeispiel(e) als geprüft markiert."),
        _("Als geprüft markieren"),
    )


@admin.register(Practice)
class PracticeAdmin(VersionAdmin):
    form = PracticeAdminForm
    list_display = (
        "title",
        "category",
        "status",
        "forum",
        "publication_state",
        "last_reviewed_at",
        "tag_list",
        "updated_at",
    )
    list_filter = (
        WorklistFilter,
        "publication_state",
        ReviewDueFilter,
        "category",
        "status",
        "forum",
        "thementisch__kind",
        "import_batch",
    )
    list_select_related = ("forum", "thementisch")
    search_fields = ("title", "description", "aspect", "source_section", "hurdles__text")
    search_help_text = _("Sucht in Titel, Beschreibung, Aspekt, Quelle und Hürden.")
    autocomplete_fields = ("forum", "thementisch")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "updated_at"
    readonly_fields = (
        "publication_state",
        "state_changed_at",
        "state_changed_by",
        "last_reviewed_at",
        "last_reviewed_by",
        "created_by",
        "created_at",
        "updated_at",
    )
    inlines = (HurdleInline, ProjectAttributionInline)
    actions = (
        _transition_action("einreichen"),
        _transition_action("veroeffentlichen"),
        _transition_action("zurueckweisen"),
        _transition_action("zurueckziehen"),
        _transition_action("archivieren"),
        _transition_action("reaktivieren"),
        mark_selected_reviewed,
        _export_action("csv"),
        _export_action("xlsx"),
        _export_action("json"),
    )
    fieldsets = (
        (None, {"fields": ("title", "slug", "description", "confirm_duplicate", "expected_token")}),
        (
            _("Einordnung"),
            {"fields": (("category", "status"), "aspect", ("forum", "thementisch"), "tags")},
        ),
        (_("Quelle"), {"fields": ("source_section",)}),
        (
            _("Redaktion"),
            {
                "fields": (
                    ("publication_state", "state_changed_at", "state_changed_by"),
                    ("last_reviewed_at", "last_reviewed_by"),
                    ("created_by", "created_at", "updated_at"),
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_vector").prefetch_related("tags")

    @admin.display(description=_("Schlagworte"))
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())

    def has_publish_permission(self, request):
        return request.user.has_perm("practices.publish_practice")

    def has_review_permission(self, request):
        return request.user.has_perm("practices.review_practice")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # A revert or recover from the history is itself the deliberate choice of a state:
        # its form must not be refused as stale against the version it restores.
        url_name = getattr(request.resolver_match, "url_name", "") or ""
        form.check_stale = not url_name.endswith(("_revision", "_recover"))
        form.save_raced = getattr(request, "practice_save_raced", False)
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        # Refuse (StaleEditError) if someone else saved since the form was checked.
        obj.save(expected_token=form.checked_token)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            practice = self.get_object(request, unquote(object_id))
            self._check_restored_state(request, practice, version_id)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if request.method == "POST":
            self._check_restored_state(request, Practice(), version_id)
        return super().recover_view(request, version_id, extra_context)

    def _check_restored_state(self, request, practice, version_id):
        """Refuse a revert or recovery to a publication state the user may not set."""
        version = Version.objects.filter(pk=version_id).first()
        if practice is None or version is None:
            return  # reversion answers 404 itself
        state = version.field_dict.get("publication_state")
        if state is not None and not may_set_state(request.user, practice, state):
            raise PermissionDenied

    def change_view(self, request, object_id, form_url="", extra_context=None):
        practice = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if practice is not None:
            extra_context["transitions"] = allowed_transitions(practice, request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            with parts_saved_with_practice():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEditError:
            # A colleague's save came between our form's check and our save (which waited
            # for their lock, then refused; nothing of ours is written). Run the form again
            # as stale: it answers with the conflict page, everything typed kept.
            request.practice_save_raced = True
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin records a whole changelist POST (a bulk action) as ONE revision, so
        # reverting one practice from it would revert all the others; _bulk gives each
        # practice its own. Skip that wrapper, keep the context it adds.
        context = {"has_change_permission": self.has_change_permission(request)}
        context.update(extra_context or {})
        return admin.ModelAdmin.changelist_view(self, request, context)

    def response_change(self, request, obj):
        name = request.POST.get("_workflow")
        if name is None:
            return super().response_change(request, obj)
        self._take_workflow_step(request, obj, name)
        return redirect(reverse("admin:practices_practice_change", args=[obj.pk]))

    def _take_workflow_step(self, request, practice, name):
        """Apply a workflow button's step to the practice its form has just saved."""
        step = TRANSITIONS[name].label if name in TRANSITIONS else name
        # A save kept as a proposal for review has not changed the practice itself.
        if getattr(practice, "saved_as_pending_change", False):
            messages.warning(
                request,
                _(
                    "Ihre Änderungen wurden als Vorschlag zur Freigabe gespeichert; "
                    "der Schritt „%(step)s“ wurde nicht ausgeführt."
                )
                % {"step": step},
            )
            return
        # The save holds the row lock until the request ends: this token is still current.
        practice.refresh_from_db(fields=["edit_token", "publication_state"])
        saved = reversion.get_comment() if reversion.is_active() else ""
        try:
            if name not in TRANSITIONS:
                raise TransitionNotAllowed(name)
            apply_transition(practice, name, request.user)
        except (TransitionNotAllowed, PermissionDenied, StaleEditError) as error:
            reasons = {
                TransitionNotAllowed: _("Dieser Schritt ist im aktuellen Status nicht möglich."),
                PermissionDenied: _("Dafür fehlt Ihnen die Berechtigung."),
                StaleEditError: _("Der Eintrag wurde inzwischen von jemand anderem gespeichert."),
            }
            messages.warning(
                request,
                _(
                    "Ihre Änderungen wurden gespeichert, der Schritt „%(step)s“ aber nicht "
                    "ausgeführt: %(reason)s"
                )
                % {"step": step, "reason": reasons[type(error)]},
            )
            return
        if reversion.is_active():
            # The edit and the step are one history entry: say both.
            reversion.set_comment(" ".join(filter(None, (saved, reversion.get_comment()))))
        messages.success(
            request,
            _("Ihre Änderungen wurden gespeichert. Status ist jetzt „%(state)s“.")
            % {"state": practice.get_publication_state_display()},
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/status/<slug:name>/",
                self.admin_site.admin_view(self.transition_view),
                name="practices_practice_transition",
            ),
            *super().get_urls(),
        ]

    def transition_view(self, request, object_id, name):
        """Apply one workflow step by a plain POST, without a form to save (POST only)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if name not in TRANSITIONS:
            raise Http404
        practice = self.get_object(request, object_id)
        if practice is None:
            raise Http404
        if not self.has_change_permission(request, practice):
            raise PermissionDenied
        raw_token = request.POST.get("expected_token")
        token = parse_token(raw_token)
        try:
            if raw_token is not None and token is None:
                # A garbled token must not switch the check off.
                raise StaleEditError(practice)
            apply_transition(practice, name, request.user, expected_token=token)
            messages.success(
                request,
                _("Status ist jetzt „%(state)s“.")
                % {"state": practice.get_publication_state_display()},
            )
        except TransitionNotAllowed:
            messages.error(request, _("Dieser Schritt ist im aktuellen Status nicht möglich."))
        except StaleEditError:
            messages.error(
                request,
                _(
                    "Der Eintrag wurde inzwischen von jemand anderem gespeichert. "
                    "Bitte prüfen Sie den aktuellen Stand und wiederholen Sie den Schritt."
                ),
            )
        return redirect(reverse("admin:practices_practice_change", args=[practice.pk]))


@admin.register(Project)
class ProjectAdmin(VersionAdmin):
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
class HurdleAdmin(VersionAdmin):
    list_display = ("__str__", "practice", "position")
    list_select_related = ("practice",)
    search_fields = ("text", "practice__title")
    autocomplete_fields = ("practice",)
