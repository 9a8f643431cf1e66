import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin

from practices.admin_filters import ReviewDueFilter, WorklistFilter
from practices.admin_forms import PracticeAdminForm, parse_token
from practices.admin_history import PracticeHistoryMixin
from practices.admin_pending import (
    formset_initial,
    own_proposal,
    proposal_form,
    proposal_from_forms,
    proposal_notice,
    proposal_saved,
)
from practices.exporter import PracticeExporter
from practices.models import Hurdle, Practice, Project, ProjectAttribution, StaleEditError
from practices.pending import ProposalRefused, must_propose, propose
from practices.signals import parts_saved_with_practice
from practices.workflow import (
    TRANSITIONS,
    TransitionNotAllowed,
    allowed_transitions,
    apply_transition,
    mark_reviewed,
)
from rehapro_kb.admin_inlines import LabelledTabularInline

PUBLISHED_HURDLES = _(
    "Das Praxisbeispiel ist veröffentlicht: ändern Sie seine Hürden im Praxisbeispiel selbst, "
    "dort werden sie als Änderungsvorschlag gespeichert."
)
HURDLE_HISTORY = _(
    "Hürden werden mit ihrem Praxisbeispiel zurückgesetzt oder wiederhergestellt: "
    "über die Historie des Praxisbeispiels."
)

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


class ProposalRowsMixin:
    """Show an editor's open proposal as the inline's rows (new forms, nothing saved yet)."""

    def get_extra(self, request, obj=None, **kwargs):
        pending = own_proposal(request, obj) if obj is not None else None
        if pending is not None:
            return len(formset_initial(self.model, pending.proposal))
        return super().get_extra(request, obj, **kwargs)


class HurdleInline(ProposalRowsMixin, LabelledTabularInline):
    model = Hurdle
    fields = ("position", "text", "kind", "source")
    extra = 0


class ProjectAttributionInline(ProposalRowsMixin, LabelledTabularInline):
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
class PracticeAdmin(PracticeHistoryMixin, VersionAdmin):
    form = PracticeAdminForm
    list_display = (
        "title",
        "category",
        "status",
        "entry_type",
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
        "entry_type",
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
            {
                "fields": (
                    ("category", "status", "entry_type"),
                    "aspect",
                    ("forum", "thementisch"),
                    "tags",
                )
            },
        ),
        (_("Quelle"), {"fields": ("source_section",)}),
        (
            _("Intern (nie öffentlich)"),
            {"fields": ("status_reason", "editorial_note")},
        ),
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
        form.save_raced = getattr(request, "practice_save_raced", False)
        if obj is not None and must_propose(request.user, obj):
            return proposal_form(form, obj, request.user, own_proposal(request, obj))
        return form

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        pending = own_proposal(request, obj) if obj.pk else None
        if pending is not None:
            # The proposal's rows replace the live ones; saving proposes again, it never writes.
            kwargs["queryset"] = inline.model.objects.none()
            kwargs["initial"] = formset_initial(inline.model, pending.proposal)
        return kwargs

    def save_model(self, request, obj, form, change):
        if change and must_propose(request.user, obj):
            # The published practice stays as it is: save_related stores a proposal.
            obj.saved_as_pending_change = True
            return
        if not change:
            obj.created_by = request.user
        # Refuse (StaleEditError) if someone else saved since the form was checked.
        obj.save(expected_token=form.checked_token)

    def save_related(self, request, form, formsets, change):
        practice = form.instance
        if not (change and must_propose(request.user, practice)):
            return super().save_related(request, form, formsets, change)
        # ProposalRefused (a colleague's proposal came first) is answered by changeform_view.
        request.practice_proposal = propose(
            practice,
            proposal_from_forms(form, formsets),
            request.user,
            base_token=practice.edit_token,
        )

    def construct_change_message(self, request, form, formsets, add=False):
        if hasattr(request, "practice_proposal"):
            # Nothing was saved, so the formsets hold no saved objects to describe.
            return str(_("Änderungsvorschlag gespeichert"))
        return super().construct_change_message(request, form, formsets, add)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        practice = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if practice is not None:
            extra_context["transitions"] = allowed_transitions(practice, request.user)
            if request.method == "GET":
                proposal_notice(request, practice)
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
        except ProposalRefused:
            # A colleague's proposal was stored between our form's check and ours (nothing of
            # ours is). Run the form again: it now refuses, everything typed kept.
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
        if name is not None:
            self._take_workflow_step(request, obj, name)
            return redirect(reverse("admin:practices_practice_change", args=[obj.pk]))
        if not hasattr(request, "practice_proposal"):
            return super().response_change(request, obj)
        proposal_saved(request, obj, request.practice_proposal)
        if "_continue" in request.POST:
            return redirect(reverse("admin:practices_practice_change", args=[obj.pk]))
        return self.response_post_save_change(request, obj)

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
        "legal_sphere",
        "states",
        "duration",
    )
    list_filter = ("funding_wave", "legal_sphere", "status", "lead_agency_type", "bundesland")
    # Every field of the official project descriptions (the project import's columns).
    search_fields = (
        "short_name",
        "full_name",
        "lead_agency_name",
        "partners",
        "states",
        "duration",
        "place",
        "website",
        "summary",
    )
    prepopulated_fields = {"slug": ("short_name",)}


@admin.register(Hurdle)
class HurdleAdmin(VersionAdmin):
    list_display = ("__str__", "kind", "practice", "forum", "position")
    list_select_related = ("practice", "forum")
    list_filter = ("kind", "forum")
    search_fields = ("text", "source", "practice__title")
    autocomplete_fields = ("practice", "forum", "thementisch")

    # A published practice's hurdles change only through the practice: as a proposal, unless
    # the user may publish.
    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.practice_id and must_propose(request.user, obj.practice):
            return False
        return super().has_change_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class HurdleForm(form):
            def clean_practice(self):
                practice = self.cleaned_data["practice"]
                if practice is not None and must_propose(user, practice):
                    raise ValidationError(PUBLISHED_HURDLES)
                return practice

        return HurdleForm

    # A hurdle's version sits in its practice's revision: reverting it would revert the whole
    # revision, the practice's publication state included. The practice's history does it right.
    def revision_view(self, request, object_id, version_id, extra_context=None):
        hurdle = self.get_object(request, unquote(object_id))
        messages.info(request, HURDLE_HISTORY)
        if hurdle is None:
            return redirect("admin:practices_hurdle_changelist")
        return redirect("admin:practices_practice_history", hurdle.practice_id)

    def recover_view(self, request, version_id, extra_context=None):
        messages.info(request, HURDLE_HISTORY)
        return redirect("admin:practices_practice_recoverlist")
