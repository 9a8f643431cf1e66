"""Undo one import as a whole: its drafts deleted, what was published since archived."""

from dataclasses import dataclass, field

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imports.models import ImportBatch
from practices.models import Practice
from practices.workflow import PUBLISH, may_set_state, set_state

UNDO = "imports.undo_importbatch"
DELETE = "practices.delete_practice"


class AlreadyUndone(Exception):
    """The import was undone before; it cannot be undone twice."""

    def __init__(self, batch):
        super().__init__(f"import {batch.pk} was already undone")
        self.batch = batch


@dataclass
class UndoResult:
    deleted: list = field(default_factory=list)
    archived: list = field(default_factory=list)
    kept: list = field(default_factory=list)

    def as_dict(self):
        return {"deleted": self.deleted, "archived": self.archived, "kept": self.kept}


# Undoing deletes the import's drafts: besides the undo right it takes the delete right, or
# the publish right (Freigabe decides what the knowledge base keeps).
def may_undo(user):
    """Tell whether the user may undo imports."""
    return user.has_perm(UNDO) and (user.has_perm(DELETE) or user.has_perm(PUBLISH))


def undo_batch(batch, user, progress=None):
    """Delete the import's unpublished practices; archive published ones (publish right only).

    Published practices stay as they are for a user without the publish right; they are
    listed in the result. Deleted practices stay recoverable from the history. progress,
    if given, is called with (practices done, total).
    """
    if not may_undo(user):
        raise PermissionDenied
    result = UndoResult()
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.undone_at is not None:
            raise AlreadyUndone(batch)
        comment = _("Import #%(batch)s rückgängig gemacht") % {"batch": batch.pk}
        practices = list(batch.practices.without_search_vector().select_for_update().order_by("pk"))
        for done, practice in enumerate(practices):
            if progress is not None:
                progress(done, len(practices))
            label = {"id": practice.pk, "title": practice.title}
            state = practice.publication_state
            if state in (Practice.PublicationState.ENTWURF, Practice.PublicationState.IN_PRUEFUNG):
                _snapshot(practice, user, _("%(comment)s: gelöscht") % {"comment": comment})
                practice.delete()
                result.deleted.append(label)
            elif state == Practice.PublicationState.ARCHIVIERT:
                result.archived.append(label)
            elif may_set_state(user, practice, Practice.PublicationState.ARCHIVIERT):
                archived = _("%(comment)s: archiviert") % {"comment": comment}
                set_state(practice, Practice.PublicationState.ARCHIVIERT, user, comment=archived)
                result.archived.append(label)
            else:
                result.kept.append(label)
        batch.undone_at = timezone.now()
        batch.undone_by = user
        batch.report = {**batch.report, "undo": result.as_dict()}
        batch.save(update_fields=["undone_at", "undone_by", "report"])
    return result


def _snapshot(practice, user, comment):
    # The last version before deleting, so "recover deleted" in the history restores
    # the practice as it was, edits since the import included.
    with reversion.create_revision():
        reversion.add_to_revision(practice)
        reversion.set_user(user)
        reversion.set_comment(comment)
