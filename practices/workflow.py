"""The publication workflow: draft → review → published → archived (and back to draft)."""

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


class TransitionNotAllowed(Exception):
    """The practice is not in a state this transition starts from."""


def allowed_transitions(practice, user):
    """Return the transitions this user may apply to this practice now."""
    return [
        t
        for t in TRANSITIONS.values()
        if practice.publication_state in t.sources and user.has_perm(t.permission)
    ]


def apply_transition(practice, name, user, *, expected_token=None):
    """Move the practice to the transition's target state, recording who and when."""
    transition = TRANSITIONS[name]
    if not user.has_perm(transition.permission):
        raise PermissionDenied
    if practice.publication_state not in transition.sources:
        raise TransitionNotAllowed(name)
    with transaction.atomic(), reversion.create_revision():
        practice.expected_token = expected_token or practice.edit_token
        practice.publication_state = transition.target
        practice.state_changed_at = timezone.now()
        practice.state_changed_by = user
        practice.save()
        reversion.set_user(user)
        reversion.set_comment(f"{transition.label} → {practice.get_publication_state_display()}")
    return practice


def mark_reviewed(practice, user):
    """Record that a researcher checked the practice is still accurate today."""
    if not user.has_perm(REVIEW):
        raise PermissionDenied
    with transaction.atomic(), reversion.create_revision():
        practice.expected_token = practice.edit_token
        practice.last_reviewed_at = timezone.localdate()
        practice.last_reviewed_by = user
        practice.save()
        reversion.set_user(user)
        reversion.set_comment(str(_("Als geprüft markiert")))
    return practice
