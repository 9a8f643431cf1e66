"""Keep the links of edited content in step, after the edit commits; no HTTP request here."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from linkcheck.sources import check_links_of, forget_links_of, source_for


@receiver(post_save)
def _content_saved(sender, instance, raw=False, **kwargs):
    # raw: loaddata and history reverts; `check_links` collects those on its next run.
    if raw or source_for(sender) is None:
        return
    transaction.on_commit(partial(check_links_of, instance))


@receiver(post_delete)
def _content_deleted(sender, instance, **kwargs):
    if source_for(sender) is None:
        return
    transaction.on_commit(partial(forget_links_of, sender, instance.pk))
