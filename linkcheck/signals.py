"""Keep the links of edited content in step, once the edit commits; no HTTP request here.

Changes are gathered per thread and handled in one pass at the commit (an import saving
thousands of rows costs a few queries per content type, not a few per row). The pass reads
the committed rows again, so a change rolled back meanwhile leaves nothing behind.
"""

import threading
from collections import defaultdict

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from linkcheck.sources import source_for, sync_objects

_local = threading.local()


class _Pending:
    """The objects changed in this thread's transaction, handled once at its commit."""

    def __init__(self):
        self.done = False
        self.keys = defaultdict(set)  # model -> primary keys

    def __call__(self):
        if not self.done:
            self.done = True
            for model, pks in self.keys.items():
                sync_objects(model, pks)


def _changed(model, pk):
    pending = getattr(_local, "pending", None)
    if pending is None or pending.done:
        pending = _local.pending = _Pending()
    pending.keys[model].add(pk)
    transaction.on_commit(pending)


@receiver(post_save)
def _content_saved(sender, instance, raw=False, **kwargs):
    # raw: loaddata and history reverts; `check_links` collects those on its next run.
    if not raw and source_for(sender) is not None:
        _changed(sender, instance.pk)


@receiver(post_delete)
def _content_deleted(sender, instance, **kwargs):
    if source_for(sender) is not None:
        _changed(sender, instance.pk)
