"""The publication workflow, and the one gateway through which a practice changes state."""

from dataclasses import dataclass

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.models import Practice

State = Practice.PublicationState
CHANGE = "practices.change_practice"
PUBLISH = "practices.publish_practice"
REVIEW = "practices.review_practice"


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    target: str
    permission: str


TRANSITIONS = {
    t.name: t
    for t in (
        Transition(
            "einreichen", _("Zur Prüfung einreichen"), (State.ENTWURF,), State.IN_PRUEFUNG, CHANGE
        ),
        Transition(
            "veroeffentlichen",
            _("Veröffentlichen"),
            (State.IN_PRUEFUNG,),
            State.VEROEFFENTLICHT,
            PUBLISH,
        ),
        Transition(
            "zurueckweisen",
            _("Zurück an die Redaktion"),
            (State.IN_PRUEFUNG,),
            State.ENTWURF,
            PUBLISH,
        ),
        Transition(
            "zurueckziehen",
            _("Veröffentlichung zurückziehen"),
            (State.VEROEFFENTLICHT,),
            State.ENTWURF,
            PUBLISH,
        ),
        Transition(
            "archivieren", _("Archivieren"), (State.VEROEFFENTLICHT,), State.ARCHIVIERT, PUBLISH
        ),
        Transition(
            "reaktivieren",
            _("Als Entwurf reaktivieren"),
            (State.ARCHIVIERT,),
            State.ENTWURF,
            PUBLISH,
        ),
    )
}


# A new practice starts as a draft (also the model field's default).
INITIAL_STATE = State.ENTWURF

# Who may set which state: the one rule, for the admin and the importers alike.
# The admin buttons and bulk actions take one step of TRANSITIONS at a time. A change that
# names its target state directly (the spreadsheet import's state column, import undo, a
# revert from the history) may take the same steps, and with this right any state in one go:
# a publisher reaches every state step by step anyway, so a publisher's spreadsheet, a bulk
# edit, may for example republish an archived practice (archiviert → veröffentlicht) or
# create a practice already published. Without it a new practice is created as a draft.
SET_ANY_STATE = PUBLISH


class TransitionNotAllowed(Exception):
    """The practice is not in a state this transition starts from."""


def allowed_transitions(practice, user):
    """Return the transitions this user may apply to this practice now."""
    return [
        t
        for t in TRANSITIONS.values()
        if practice.publication_state in t.sources and user.has_perm(t.permission)
    ]


def may_create_in_state(user, state):
    """Tell whether the user may create a practice in this publication state."""
    return state == INITIAL_STATE or user.has_perm(SET_ANY_STATE)


def may_set_state(user, practice, target):
    """Tell whether the user may move the practice (a new one: create it) to `target`."""
    if practice._state.adding:
        return may_create_in_state(user, target)
    if target == practice.publication_state:
        return True
    return user.has_perm(SET_ANY_STATE) or any(
        t.target == target for t in allowed_transitions(practice, user)
    )


def assign_state(practice, target, user, *, system=False):
    """Put the practice in the target state, recording who and when; the caller saves it.

    The one place that writes publication_state, state_changed_at and state_changed_by.
    `system` is for commands without a person (content loader, command-line import).
    """
    if not system and (user is None or not may_set_state(user, practice, target)):
        raise PermissionDenied
    if target != practice.publication_state:
        practice.publication_state = target
        practice.state_changed_at = timezone.now()
        practice.state_changed_by = user
    return practice


def set_state(practice, target, user, *, expected_token=None, comment=""):
    """Move the practice to the target state as one history entry; refuse a stale edit.

    Without `expected_token`, the check is against the edit token the practice was loaded with.
    """
    with transaction.atomic(), reversion.create_revision():
        assign_state(practice, target, user)
        practice.save(expected_token=expected_token or practice.edit_token)
        reversion.set_user(user)
        state = practice.get_publication_state_display()
        reversion.set_comment(comment or str(_("Status → %(state)s") % {"state": state}))
    return practice


def apply_transition(practice, name, user, *, expected_token=None):
    """Take one step of the workflow (an admin button or bulk action)."""
    transition = TRANSITIONS[name]
    if not user.has_perm(transition.permission):
        raise PermissionDenied
    if practice.publication_state not in transition.sources:
        raise TransitionNotAllowed(name)
    comment = f"{transition.label} → {transition.target.label}"
    return set_state(
        practice, transition.target, user, expected_token=expected_token, comment=comment
    )


def mark_reviewed(practice, user):
    """Record that a researcher checked the practice is still accurate today."""
    if not user.has_perm(REVIEW):
        raise PermissionDenied
    with transaction.atomic(), reversion.create_revision():
        practice.last_reviewed_at = timezone.localdate()
        practice.last_reviewed_by = user
        practice.save(expected_token=practice.edit_token)
        reversion.set_user(user)
        reversion.set_comment(str(_("Als geprüft markiert")))
    return practice
