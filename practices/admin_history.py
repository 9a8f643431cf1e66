"""A practice's history in the admin: compare versions, revert content only, recover as a draft."""

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from reversion.models import Version

from practices.admin_forms import parse_token
from practices.diffs import diff
from practices.models import Practice, StaleEditError
from practices.pending import ProposalRefused, local_datetime, must_propose, person, recover, revert
from practices.snapshots import SnapshotError, snapshot, snapshot_of_version
from practices.workflow import INITIAL_STATE


class PracticeHistoryMixin:
    """Replace django-reversion's revert and recover, which restore every stored field."""

    object_history_template = "admin/practices/practice/object_history.html"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/history/vergleich/",
                self.admin_site.admin_view(self.compare_view),
                name="practices_practice_compare",
            ),
            *super().get_urls(),
        ]

    def _versions(self, request, object_id):
        return self._reversion_order_version_queryset(
            request,
            Version.objects.get_for_object_reference(Practice, object_id).select_related(
                "revision", "revision__user"
            ),
        )

    def _history_practice(self, request, object_id):
        practice = self.get_object(request, unquote(object_id))
        if practice is None:
            raise Http404
        if not self.has_view_or_change_permission(request, practice):
            raise PermissionDenied
        return practice

    def history_view(self, request, object_id, extra_context=None):
        practice = self._history_practice(request, object_id)
        versions = list(self._versions(request, practice.pk))
        action_list = [
            {
                "revision": version.revision,
                "version": version,
                "url": reverse(
                    "admin:practices_practice_revision", args=[quote(practice.pk), version.pk]
                ),
            }
            for version in versions
        ]
        newest = sorted(versions, key=lambda v: v.revision.date_created)[-2:]
        context = {
            "action_list": action_list,
            "compare_url": reverse("admin:practices_practice_compare", args=[quote(practice.pk)]),
            "default_from": newest[0].pk if newest else None,
            "default_to": newest[-1].pk if newest else None,
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        """Show the differences between any two versions of a practice."""
        practice = self._history_practice(request, object_id)
        versions = self._versions(request, practice.pk)
        chosen = []
        for key in ("von", "bis"):
            raw = request.GET.get(key, "")
            version = versions.filter(pk=raw).first() if raw.isdigit() else None
            if version is None:
                messages.error(request, _("Bitte wählen Sie zwei Fassungen zum Vergleichen."))
                return redirect("admin:practices_practice_history", quote(practice.pk))
            chosen.append(version)
        older, newer = sorted(chosen, key=lambda v: (v.revision.date_created, v.pk))
        context = {
            **self._page_context(request, practice, _("Fassungen vergleichen")),
            "older": older,
            "newer": newer,
            "changes": diff(snapshot_of_version(older), snapshot_of_version(newer)),
        }
        return TemplateResponse(request, "admin/practices/practice/compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Show what a revert changes (GET); restore that content, not the state (POST)."""
        practice = self._history_practice(request, object_id)
        if not self.has_change_permission(request, practice):
            raise PermissionDenied
        version = get_object_or_404(self._versions(request, practice.pk), pk=version_id)
        if request.method == "POST":
            return self._revert(request, practice, version)
        stored_state = version.field_dict.get("publication_state")
        context = {
            **self._page_context(request, practice, _("Auf diese Fassung zurücksetzen")),
            "version": version,
            "changes": diff(snapshot(practice), snapshot_of_version(version)),
            "stored_state": Practice.PublicationState(stored_state).label
            if stored_state in Practice.PublicationState.values
            else None,
            "becomes_proposal": must_propose(request.user, practice),
            "expected_token": practice.edit_token,
        }
        return TemplateResponse(request, "admin/practices/practice/revert_confirm.html", context)

    def _revert(self, request, practice, version):
        token = parse_token(request.POST.get("expected_token"))
        try:
            pending = revert(practice, version, request.user, expected_token=token)
        except StaleEditError:
            messages.error(
                request,
                _(
                    "Das Praxisbeispiel wurde inzwischen geändert. Bitte prüfen Sie die "
                    "Unterschiede erneut, bevor Sie zurücksetzen."
                ),
            )
            return redirect(request.path)
        except ProposalRefused as refused:
            messages.error(
                request,
                _(
                    "Für dieses Praxisbeispiel liegt schon ein offener Änderungsvorschlag von "
                    "%(who)s vom %(date)s vor; ein zweiter ist erst möglich, wenn darüber "
                    "entschieden ist."
                )
                % {
                    "who": person(refused.pending.created_by),
                    "date": local_datetime(refused.pending.created_at),
                },
            )
            return redirect(request.path)
        except SnapshotError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        if pending is not None:
            messages.success(
                request,
                _(
                    "Die Fassung vom %(date)s ist als Änderungsvorschlag gespeichert; "
                    "öffentlich bleibt die bisherige, bis die Freigabe ihn übernimmt."
                )
                % {"date": local_datetime(version.revision.date_created)},
            )
        else:
            messages.success(
                request,
                _(
                    "Der Inhalt ist auf die Fassung vom %(date)s zurückgesetzt; "
                    "der Veröffentlichungsstatus bleibt „%(state)s“."
                )
                % {
                    "date": local_datetime(version.revision.date_created),
                    "state": practice.get_publication_state_display(),
                },
            )
        return redirect("admin:practices_practice_change", quote(practice.pk))

    def recover_view(self, request, version_id, extra_context=None):
        """Show a deleted practice (GET); bring it back as a draft (POST)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_deleted(Practice), pk=version_id)
        if request.method == "POST":
            try:
                practice = recover(version, request.user)
            except SnapshotError as error:
                messages.error(request, str(error))
                return redirect(request.path)
            messages.success(
                request,
                _("„%(title)s“ ist wiederhergestellt, als Entwurf.") % {"title": practice.title},
            )
            return redirect("admin:practices_practice_change", quote(practice.pk))
        context = {
            **self._page_context(request, None, _("Gelöschtes Praxisbeispiel wiederherstellen")),
            "version": version,
            "changes": diff({}, snapshot_of_version(version)),
            "recovered_state": INITIAL_STATE.label,
        }
        return TemplateResponse(request, "admin/practices/practice/recover_confirm.html", context)

    def _page_context(self, request, practice, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "original": practice,
        }
