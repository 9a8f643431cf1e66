"""Refresh the documents of forums, Thementische and projects when they change.

Practices and their hurdles follow practices.search.reindex (signals and `reindex_after`);
a hurdle standing alone refreshes its forum's standalone hurdles.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from forums.models import Forum, Thementisch
from practices.models import Hurdle, Project
from rehapro_kb.backups import json_restored
from sitesearch import index


@receiver(post_save, sender=Forum)
def refresh_forum(sender, instance, raw=False, **kwargs):
    if raw:
        return
    index.refresh("forums", [instance.pk])
    # Their documents show the forum's name.
    index.refresh("thementische", list(instance.thementische.values_list("pk", flat=True)))
    ids = list(instance.practices.values_list("pk", flat=True))
    index.refresh("practices", ids)
    index.refresh("hurdles", ids)
    index.refresh("standalone_hurdles", [instance.pk])


@receiver(post_save, sender=Hurdle)
@receiver(post_delete, sender=Hurdle)
def refresh_standalone_hurdle(sender, instance, raw=False, **kwargs):
    # Hurdles of an entry follow their practice's reindex; one standing alone, its forum.
    if not raw and instance.practice_id is None and instance.forum_id is not None:
        index.refresh("standalone_hurdles", [instance.forum_id])


@receiver(post_save, sender=Thementisch)
def refresh_thementisch(sender, instance, raw=False, **kwargs):
    if not raw:
        index.refresh("thementische", [instance.pk])


@receiver(post_save, sender=Project)
def refresh_project(sender, instance, raw=False, **kwargs):
    if not raw:
        index.refresh("projects", [instance.pk])


@receiver(json_restored)
def rebuild_after_json_restore(sender, **kwargs):
    index.rebuild()
