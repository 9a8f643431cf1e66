"""Refresh the documents of forums, Thementische and projects when they change.

Practices and hurdles follow practices.search.reindex (signals and `reindex_after`).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from forums.models import Forum, Thementisch
from practices.models import Project
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
