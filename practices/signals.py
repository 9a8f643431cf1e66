"""Keep the search index and the edit tokens current when a practice or one of its parts changes."""

import contextlib
import uuid
from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from forums.models import Thementisch
from practices import search
from practices.models import Hurdle, Practice, Project, ProjectAttribution, TaggedPractice
from rehapro_kb.backups import json_restored

# True while a practice's hurdles, tags and project links are written as part of the
# practice's own save: that save gave it a new edit token already, after its check.
_parts_of_own_save = ContextVar("practices_parts_of_own_save", default=False)


@contextlib.contextmanager
def parts_saved_with_practice():
    """Let the relation writes in this block ride on the token their practice's save set."""
    reset = _parts_of_own_save.set(True)
    try:
        yield
    finally:
        _parts_of_own_save.reset(reset)


def renew_edit_token(practice_id):
    """Give the practice a new edit token, so an edit begun before this change is refused."""
    if not _parts_of_own_save.get():
        Practice.objects.filter(pk=practice_id).update(edit_token=uuid.uuid4())


# The field naming the practice a hurdle, project link or tag link belongs to.
PART_OF = {
    Hurdle: "practice_id",
    ProjectAttribution: "practice_id",
    TaggedPractice: "content_object_id",
}


def _deleted_with_its_practice(origin):
    # A cascade from deleting the practice itself: no edit of it can follow.
    return isinstance(origin, Practice) or getattr(origin, "model", None) is Practice


@receiver(post_save, sender=Practice)
def reindex_practice(sender, instance, raw=False, **kwargs):
    # Raw saves (a revert in the history, loaddata) bypass Practice.save(): give the row
    # a new edit token there too, so an edit begun before the revert is refused.
    if raw:
        Practice.objects.filter(pk=instance.pk).update(edit_token=uuid.uuid4())
    search.reindex([instance.pk])


@receiver(post_delete, sender=Practice)
def unindex_deleted_practice(sender, instance, **kwargs):
    # Reindexing a missing practice drops its full-text rows and site-search documents.
    search.reindex([instance.pk])


@receiver(post_save, sender=Hurdle)
@receiver(post_delete, sender=Hurdle)
def reindex_after_hurdle_change(sender, instance, origin=None, **kwargs):
    if _deleted_with_its_practice(origin):
        return  # the practice's own deletion takes it out of the index
    if Practice.objects.filter(pk=instance.practice_id).exists():
        search.reindex([instance.practice_id])


@receiver(post_save, sender=Hurdle)
@receiver(post_save, sender=ProjectAttribution)
@receiver(post_save, sender=TaggedPractice)
def renew_token_after_part_saved(sender, instance, **kwargs):
    renew_edit_token(getattr(instance, PART_OF[sender]))


@receiver(post_delete, sender=Hurdle)
@receiver(post_delete, sender=ProjectAttribution)
@receiver(post_delete, sender=TaggedPractice)
def renew_token_after_part_deleted(sender, instance, origin=None, **kwargs):
    if not _deleted_with_its_practice(origin):
        renew_edit_token(getattr(instance, PART_OF[sender]))


@receiver(post_save, sender=ProjectAttribution)
@receiver(post_delete, sender=ProjectAttribution)
@receiver(post_save, sender=TaggedPractice)
@receiver(post_delete, sender=TaggedPractice)
def reindex_after_link_change(sender, instance, origin=None, raw=False, **kwargs):
    # The exports' project and tag lists follow search.reindex (practices.export_lists).
    if raw or _deleted_with_its_practice(origin):
        return
    practice_id = getattr(instance, PART_OF[sender])
    if Practice.objects.filter(pk=practice_id).exists():
        search.reindex([practice_id])


@receiver(post_save, sender=Project)
def reindex_after_project_rename(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        search.reindex(instance.attributions.values_list("practice_id", flat=True))


@receiver(post_save, sender=Tag)
def reindex_after_tag_rename(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        search.reindex(
            TaggedPractice.objects.filter(tag=instance).values_list("content_object_id", flat=True)
        )


@receiver(m2m_changed, sender=TaggedPractice)
def reindex_after_tag_change(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Practice):
        search.reindex([instance.pk])


@receiver(post_save, sender=Thementisch)
def reindex_after_thementisch_change(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        search.reindex(instance.practices.values_list("pk", flat=True))


@receiver(json_restored)
def reindex_after_json_restore(sender, **kwargs):
    # Rebuild it whole: flush leaves the SQLite full-text rows of practices the dump lacks.
    search.reindex()
