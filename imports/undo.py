"""Undo one import as a whole: its drafts deleted, what was published since archived."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imports.models import ImportBatch
from imports.spreadsheet.bulk_create import record_history
from practices import search
from practices.models import Hurdle, Practice, ProjectAttribution, TaggedPractice
from practices.workflow import PUBLISH, may_set_state, set_state

UNDO = "imports.undo_importbatch"
DELETED_STATES = (Practice.PublicationState.ENTWURF, Practice.PublicationState.IN_PRUEFUNG)
DELETE_CHUNK = 500  # practices per history write and cascade: bounded memory and queries
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
    # One reindex at the end for every practice touched, not one per practice and hurdle.
    with transaction.atomic(), search.reindex_after():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.undone_at is not None:
            raise AlreadyUndone(batch)
        comment = _("Import #%(batch)s rückgängig gemacht") % {"batch": batch.pk}
        practices = list(batch.practices.without_search_vector().select_for_update().order_by("pk"))
        drafts = [p for p in practices if p.publication_state in DELETED_STATES]
        others = [p for p in practices if p.publication_state not in DELETED_STATES]
        deleted = _("%(comment)s: gelöscht") % {"comment": comment}
        for start in range(0, len(drafts), DELETE_CHUNK):
            if progress is not None:
                progress(start, len(practices))
            _delete_with_history(drafts[start : start + DELETE_CHUNK], user, deleted)
        result.deleted = [_label(practice) for practice in drafts]
        for done, practice in enumerate(others, start=len(drafts)):
            if progress is not None:
                progress(done, len(practices))
            if practice.publication_state == Practice.PublicationState.ARCHIVIERT:
                result.archived.append(_label(practice))
            elif may_set_state(user, practice, Practice.PublicationState.ARCHIVIERT):
                archived = _("%(comment)s: archiviert") % {"comment": comment}
                set_state(practice, Practice.PublicationState.ARCHIVIERT, user, comment=archived)
                result.archived.append(_label(practice))
            else:
                result.kept.append(_label(practice))
        batch.undone_at = timezone.now()
        batch.undone_by = user
        batch.report = {**batch.report, "undo": result.as_dict()}
        batch.save(update_fields=["undone_at", "undone_by", "report"])
    return result


def _label(practice):
    return {"id": practice.pk, "title": practice.title}


def _delete_with_history(practices, user, comment):
    # The last version before deleting, so "recover deleted" in the history restores each
    # practice as it was, edits since the import included; then one cascade for them all.
    ids = [practice.pk for practice in practices]
    parts = (
        list(Hurdle.objects.filter(practice_id__in=ids).order_by("pk")),
        list(
            ProjectAttribution.objects.filter(practice_id__in=ids)
            .select_related("practice", "project")
            .order_by("pk")
        ),
        list(
            TaggedPractice.objects.filter(content_object_id__in=ids)
            .select_related("content_object", "tag")
            .order_by("pk")
        ),
    )
    record_history(practices, parts, [comment] * len(practices), user)
    Practice.objects.filter(pk__in=ids).delete()
