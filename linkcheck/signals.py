"""Keep the links of edited content in step, once the edit commits; no HTTP request here.

Changes are gathered per thread and handled in one pass at the commit (an import saving
thousands of rows costs a few queries per content type, not a few per row). The pass reads
the committed rows again, so a change rolled back meanwhile leaves nothing behind.
"""

import threading
from collections import defaultdict

from django.apps import apps
from django.db import connection, transaction
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


def _still_waiting(pending):
    # A rolled-back transaction drops its hooks but not our thread-local set; its keys
    # must not ride along with the next transaction.
    return (
        pending is not None
        and not pending.done
        and any(hook is pending for _, hook, _ in connection.run_on_commit)
    )


def _changed(model, pk):
    pending = getattr(_local, "pending", None)
    if not _still_waiting(pending):
        pending = _local.pending = _Pending()
    pending.keys[model].add(pk)
    transaction.on_commit(pending)


@receiver(post_save)
def _content_saved(sender, instance, raw=False, **kwargs):
    # raw: loaddata and history reverts; `check_links` collects those on its next run.
    if not raw and _is_source(sender):
        _changed(sender, instance.pk)


@receiver(post_delete)
def _content_deleted(sender, instance, **kwargs):
    if _is_source(sender):
        _changed(sender, instance.pk)


def _is_source(model):
    # A migration's historical model shares the label but not the current columns.
    return source_for(model) is not None and apps.get_model(model._meta.label) is model
