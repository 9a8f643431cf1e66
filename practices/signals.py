"""Keep the search index current when a practice or one of its indexed parts changes."""

import uuid

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from forums.models import Thementisch
from practices import search
from practices.models import Hurdle, Practice, TaggedPractice
from rehapro_kb.backups import json_restored


@receiver(post_save, sender=Practice)
def reindex_practice(sender, instance, raw=False, **kwargs):
    # Raw saves (a revert in the history, loaddata) bypass Practice.save(): give the row
    # a new edit token there too, so an edit begun before the revert is refused.
    if raw:
        Practice.objects.filter(pk=instance.pk).update(edit_token=uuid.uuid4())
    search.reindex([instance.pk])


@receiver(post_save, sender=Hurdle)
@receiver(post_delete, sender=Hurdle)
def reindex_after_hurdle_change(sender, instance, **kwargs):
    if Practice.objects.filter(pk=instance.practice_id).exists():
        search.reindex([instance.practice_id])


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
