"""The glossary's synonym groups, read at most once per request (one query, not one per search).

A list page runs the search for the results and again for every facet; each parse needs the
groups. They are kept until the next request starts, or a glossary term changes.
"""

import threading

from django.apps import apps
from django.core.signals import request_started
from django.dispatch import receiver

_memo = threading.local()


def synonym_groups():
    """Return the glossary's groups of equivalent forms (none without the glossary app)."""
    groups = getattr(_memo, "groups", None)
    if groups is None:
        groups = _load()
        _memo.groups = groups
    return groups


def _load():
    if not apps.is_installed("glossary"):
        return []
    from glossary.lookup import synonym_groups as groups

    return groups()


def forget(**kwargs):
    _memo.groups = None


@receiver(request_started)
def _new_request(sender, **kwargs):
    forget()


def connect_term_signals():
    """Forget the groups when a glossary term is saved or deleted (called once at start-up)."""
    if not apps.is_installed("glossary"):
        return
    from django.db.models.signals import post_delete, post_save

    from glossary.models import Term

    post_save.connect(forget, sender=Term, dispatch_uid="search_synonyms_saved")
    post_delete.connect(forget, sender=Term, dispatch_uid="search_synonyms_deleted")
