"""Changes to published practices wait for approval: propose, approve, send back, revert."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from practices.models import PendingChange, Practice, StaleEditError
from practices.snapshots import SnapshotError, apply_snapshot, snapshot, snapshot_of_version
from practices.workflow import INITIAL_STATE, PUBLISH, assign_state


class ProposalRefused(Exception):
    """Someone else's proposal for this practice is still open."""

    def __init__(self, pending):
        super().__init__(f"practice {pending.practice_id} has an open proposal")
        self.pending = pending


class AlreadyDecided(Exception):
    """The proposal was approved or sent back meanwhile."""


def person(user):
    if user is None:
        return _("unbekannt")
    return user.get_full_name() or user.get_username()


def local_datetime(value):
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def must_propose(user, practice):
    """Tell whether the user's changes to this practice must wait for someone who publishes."""
    return not practice._state.adding and practice.is_published and not user.has_perm(PUBLISH)


def open_proposal(practice):
    return (
        PendingChange.objects.open().filter(practice=practice).select_related("created_by").first()
    )


def propose(practice, proposal, user, *, base_token):
    """Store the user's proposal for the practice, replacing their own open one.

    Refuse (ProposalRefused) while someone else's is open. A proposal that equals the live
    version withdraws the user's open one; then None is returned.
    """
    with transaction.atomic():
        # Lock the practice row: two proposals at once must not both pass the check.
        live = Practice.objects.select_for_update().get(pk=practice.pk)
        pending = open_proposal(practice)
        if pending is not None and pending.created_by_id != user.pk:
            raise ProposalRefused(pending)
        if proposal == snapshot(live):
            if pending is not None:
                pending.delete()
            return None
        if pending is None:
            pending = PendingChange(practice=practice, created_by=user)
        pending.proposal = proposal
        pending.base_token = base_token
        pending.created_at = timezone.now()
        pending.save()
    return pending


def _decide(pending, user):
    """Lock the proposal for a decision; refuse without the right or if decided already."""
    if not user.has_perm(PUBLISH):
        raise PermissionDenied
    pending = PendingChange.objects.select_for_update().get(pk=pending.pk)
    if not pending.is_open:
        raise AlreadyDecided
    return pending


def approve(pending, user):
    """Make the proposal live, as one history entry naming both people.

    Refuse (StaleEditError) if the practice was saved since the proposal was made.
    """
    with transaction.atomic():
        pending = _decide(pending, user)
        comment = _(
            "Änderungsvorschlag von %(proposer)s vom %(date)s, übernommen von %(approver)s"
        ) % {
            "proposer": person(pending.created_by),
            "date": local_datetime(pending.created_at),
            "approver": person(user),
        }
        apply_snapshot(
            pending.practice,
            pending.proposal,
            user,
            comment=comment,
            expected_token=pending.base_token,
        )
        pending.state = PendingChange.State.APPROVED
        pending.decided_by = user
        pending.decided_at = timezone.now()
        pending.save()
    return pending


def send_back(pending, user, comment):
    """Decline the proposal with a comment for its author; the live version stays."""
    if not comment.strip():
        raise ValueError("a comment is required")
    with transaction.atomic():
        pending = _decide(pending, user)
        pending.state = PendingChange.State.REJECTED
        pending.decided_by = user
        pending.decided_at = timezone.now()
        pending.comment = comment.strip()
        pending.save()
    return pending


def revert(practice, version, user, *, expected_token):
    """Restore the content of an earlier version, never its publication state.

    Return the pending change when the revert of a published practice needs approval,
    else None. Refuse (StaleEditError) if the practice was saved since `expected_token`.
    """
    if expected_token is None or expected_token != practice.edit_token:
        raise StaleEditError(practice)
    content = snapshot_of_version(version)
    if must_propose(user, practice):
        pending = propose(practice, content, user, base_token=practice.edit_token)
        if pending is None:
            raise SnapshotError(_("Diese Fassung stimmt schon mit der aktuellen überein."))
        return pending
    comment = _("Inhalt auf die Fassung vom %(date)s zurückgesetzt (Status unverändert)") % {
        "date": local_datetime(version.revision.date_created)
    }
    apply_snapshot(practice, content, user, comment=comment, expected_token=expected_token)
    return None


def recover(version, user):
    """Bring a deleted practice back from its last version, always as a draft."""
    if Practice.objects.filter(pk=version.object_id).exists():
        raise SnapshotError(_("Dieses Praxisbeispiel gibt es schon wieder."))
    practice = Practice(pk=int(version.object_id))
    assign_state(practice, INITIAL_STATE, user)
    practice.created_by_id = version.field_dict.get("created_by_id")
    if practice.created_by_id is not None:
        model = Practice._meta.get_field("created_by").related_model
        if not model.objects.filter(pk=practice.created_by_id).exists():
            practice.created_by_id = None
    comment = _("Gelöschtes Praxisbeispiel wiederhergestellt, als Entwurf")
    return apply_snapshot(practice, snapshot_of_version(version), user, comment=comment)
