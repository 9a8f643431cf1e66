"""The admin side of proposals: the practice form as a proposal, and Freigabe's review pages."""

from types import SimpleNamespace

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.utils import edit_string_for_tags

from practices.diffs import diff
from practices.models import (
    Hurdle,
    PendingChange,
    Project,
    ProjectAttribution,
    StaleEditError,
)
from practices.pending import (
    AlreadyDecided,
    approve,
    local_datetime,
    must_propose,
    open_proposal,
    person,
    send_back,
)
from practices.snapshots import FIELDS, SnapshotError, normalize, snapshot
from practices.workflow import PUBLISH


def own_proposal(request, practice):
    """Return the user's open proposal for the practice if their saves are proposals."""
    cache = request.__dict__.setdefault("_own_proposals", {})
    if practice.pk not in cache:
        pending = None
        if must_propose(request.user, practice):
            pending = open_proposal(practice)
            if pending is not None and pending.created_by_id != request.user.pk:
                pending = None
        cache[practice.pk] = pending
    return cache[practice.pk]


def proposal_form(form_class, practice, user, own):
    """Wrap the practice form for an editor whose save becomes a proposal."""
    pending = own or open_proposal(practice)
    blocking = pending if pending is not None and pending.created_by_id != user.pk else None

    class ProposalForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if own is not None and not self.is_bound:
                self.initial.update(_form_initial(own.proposal))
                # Continue from the live version the proposal started from: if that changed
                # since, saving shows the conflict instead of overwriting it.
                self.initial["expected_token"] = str(own.base_token)

        def clean(self):
            cleaned = super().clean()
            if blocking is not None:
                raise ValidationError(
                    _(
                        "Für dieses Praxisbeispiel liegt schon ein offener Änderungsvorschlag "
                        "von %(who)s vom %(date)s vor. Ein zweiter Vorschlag ist erst möglich, "
                        "wenn die Freigabe darüber entschieden hat. Ihre Eingaben sind unten "
                        "erhalten; sie wurden nicht gespeichert."
                    )
                    % {
                        "who": person(blocking.created_by),
                        "date": local_datetime(blocking.created_at),
                    },
                    code="proposal_open",
                )
            return cleaned

    return ProposalForm


def _form_initial(proposal):
    initial = {name: proposal[name] for name in FIELDS}
    initial["tags"] = edit_string_for_tags([SimpleNamespace(name=n) for n in proposal["tags"]])
    return initial


def formset_initial(model, proposal):
    """Return the inline rows a proposal holds, as initial data of new forms."""
    if model is Hurdle:
        details = proposal.get("hurdle_details") or []
        if len(details) != len(proposal["hurdles"]):  # stored before hurdles had details
            details = [["", ""]] * len(proposal["hurdles"])
        return [
            {"text": text, "kind": kind, "source": source, "position": position}
            for position, (text, (kind, source)) in enumerate(
                zip(proposal["hurdles"], details, strict=True), start=1
            )
        ]
    slugs = [slug for slug, _public in proposal["projects"]]
    projects = Project.objects.in_bulk(slugs, field_name="slug")
    return [
        {"project": projects[slug].pk, "is_public": is_public}
        for slug, is_public in proposal["projects"]
        if slug in projects
    ]


def proposal_from_forms(form, formsets):
    """Return the snapshot the submitted change form and inlines describe."""
    # The form has put its fields onto the (unsaved) instance; the inlines come from formsets.
    proposal = snapshot(form.instance)
    if "tags" in form.cleaned_data:
        proposal["tags"] = list(form.cleaned_data["tags"] or [])
    for formset in formsets:
        rows = _formset_rows(formset)
        if formset.model is Hurdle:
            ordered = sorted(((row.get("position") or 0, index), row) for index, row in rows)
            proposal["hurdles"] = [row["text"] for _key, row in ordered]
            proposal["hurdle_details"] = [
                [row.get("kind") or "", row.get("source") or ""] for _key, row in ordered
            ]
        elif formset.model is ProjectAttribution:
            proposal["projects"] = [
                (_project_slug(row["project"]), bool(row.get("is_public"))) for _i, row in rows
            ]
    return normalize(proposal)


def _formset_rows(formset):
    """Yield (index, values) of the rows kept: filled in, not marked for deletion."""
    deleted = formset.deleted_forms
    for index, row_form in enumerate(formset.forms):
        if row_form in deleted:
            continue
        # An untouched new row shown from a proposal has no cleaned data, only its initial.
        values = row_form.cleaned_data or row_form.initial
        key = "text" if formset.model is Hurdle else "project"
        if values.get(key):
            yield index, values


def _project_slug(value):
    if isinstance(value, Project):
        return value.slug
    return Project.objects.values_list("slug", flat=True).get(pk=value)


def proposal_notice(request, practice):
    """Tell the user opening a practice about open or returned proposals."""
    user = request.user
    pending = open_proposal(practice)
    latest = practice.pending_changes.select_related("decided_by").first()
    if pending is not None and pending.created_by_id == user.pk and must_propose(user, practice):
        messages.info(
            request,
            _(
                "Sie sehen Ihren Änderungsvorschlag vom %(date)s. Öffentlich sichtbar bleibt "
                "die bisherige Fassung, bis die Freigabe den Vorschlag übernimmt."
            )
            % {"date": local_datetime(pending.created_at)},
        )
    elif pending is not None and user.has_perm(PUBLISH):
        messages.info(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("Offener Änderungsvorschlag von %(who)s vom %(date)s.")
                % {"who": person(pending.created_by), "date": local_datetime(pending.created_at)},
                reverse("admin:practices_pendingchange_change", args=[pending.pk]),
                _("Vorschlag prüfen"),
            ),
        )
    elif pending is not None and must_propose(user, practice):
        messages.warning(
            request,
            _(
                "Für dieses Praxisbeispiel liegt schon ein offener Änderungsvorschlag von "
                "%(who)s vom %(date)s vor; ein zweiter ist erst möglich, wenn darüber "
                "entschieden ist."
            )
            % {"who": person(pending.created_by), "date": local_datetime(pending.created_at)},
        )
    elif must_propose(user, practice):
        messages.info(
            request,
            _(
                "Dieses Praxisbeispiel ist veröffentlicht: Ihre Änderungen werden als "
                "Vorschlag gespeichert und erst sichtbar, wenn die Freigabe sie übernimmt."
            ),
        )
    if (
        pending is None
        and latest is not None
        and latest.created_by_id == user.pk
        and latest.state == PendingChange.State.REJECTED
    ):
        messages.warning(
            request,
            _("Ihr Vorschlag vom %(date)s ging zurück an die Redaktion (%(who)s): %(comment)s")
            % {
                "date": local_datetime(latest.created_at),
                "who": person(latest.decided_by),
                "comment": latest.comment,
            },
        )


def proposal_saved(request, practice, pending):
    """Say what became of a save that was turned into a proposal."""
    if pending is None:
        messages.info(
            request,
            _(
                "Ihre Fassung stimmt mit der veröffentlichten überein: es gibt keinen "
                "offenen Änderungsvorschlag (mehr)."
            ),
        )
    else:
        messages.success(
            request,
            _(
                "Ihre Änderungen an „%(title)s“ sind als Vorschlag gespeichert. Öffentlich "
                "sichtbar bleibt die bisherige Fassung, bis die Freigabe den Vorschlag übernimmt."
            )
            % {"title": practice.title},
        )


class OpenFirstFilter(admin.SimpleListFilter):
    """The proposals' state, showing the open ones unless asked otherwise."""

    title = gettext_lazy("Stand")
    parameter_name = "stand"
    ALL = "alle"

    def lookups(self, request, model_admin):
        return [*PendingChange.State.choices, (self.ALL, _("alle"))]

    def value(self):
        return super().value() or PendingChange.State.OPEN

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(state=self.value())


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    list_display = ("practice", "created_by", "created_at", "state", "decided_by", "decided_at")
    list_filter = (OpenFirstFilter,)
    list_select_related = ("practice", "created_by", "decided_by")
    search_fields = ("practice__title",)
    view_on_site = False

    # Editors see proposals; only who may publish decides them. No one adds or deletes here.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("practices.change_practice")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(PUBLISH)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Show the proposal as a diff against the live version; approve or send back."""
        pending = self.get_object(request, object_id)
        if pending is None:
            raise Http404
        if not self.has_view_permission(request, pending):
            raise PermissionDenied
        if request.method == "POST":
            return self._decide(request, pending)
        practice = pending.practice
        live = snapshot(practice)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Änderungsvorschlag prüfen"),
            "opts": self.opts,
            "pending": pending,
            "practice": practice,
            "changes": diff(live, pending.proposal),
            "stale": pending.is_open and pending.base_token != practice.edit_token,
            "can_decide": pending.is_open and self.has_change_permission(request, pending),
        }
        return TemplateResponse(request, "admin/practices/pendingchange/review.html", context)

    def _decide(self, request, pending):
        if not self.has_change_permission(request, pending):
            raise PermissionDenied
        here = reverse("admin:practices_pendingchange_change", args=[pending.pk])
        try:
            if "_approve" in request.POST:
                approve(pending, request.user)
                messages.success(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("Der Vorschlag ist übernommen und veröffentlicht."),
                        pending.practice.get_absolute_url(),
                        _("Öffentliche Seite ansehen"),
                    ),
                )
            elif "_send_back" in request.POST:
                comment = request.POST.get("comment", "")
                if not comment.strip():
                    messages.error(
                        request, _("Bitte sagen Sie der Redaktion in einem Kommentar, warum.")
                    )
                    return redirect(here)
                send_back(pending, request.user, comment)
                messages.success(request, _("Der Vorschlag ging zurück an die Redaktion."))
            else:
                return redirect(here)
        except AlreadyDecided:
            messages.error(request, _("Über diesen Vorschlag wurde inzwischen entschieden."))
        except StaleEditError:
            messages.error(
                request,
                _(
                    "Das Praxisbeispiel wurde seit dem Vorschlag geändert; übernehmen würde "
                    "diese Änderung überschreiben. Geben Sie den Vorschlag zurück, damit er "
                    "auf dem aktuellen Stand neu gestellt wird."
                ),
            )
            return redirect(here)
        except SnapshotError as error:
            messages.error(request, str(error))
            return redirect(here)
        return redirect("admin:practices_pendingchange_changelist")
