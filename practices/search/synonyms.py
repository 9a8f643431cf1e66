"""The glossary's synonym groups, kept in the process so a search costs no extra query.

A list page parses the search for the results and again for every facet. The groups are
read once, then kept until a glossary term changes in this process (after its commit) or,
for changes made by other processes, until SEARCH_SYNONYMS_SECONDS have passed.
"""

import threading
import time

from django.apps import apps
from django.conf import settings
from django.db import transaction

_lock = threading.Lock()
_state = {"groups": None, "loaded_at": 0.0}


def synonym_groups():
    """Return the glossary's groups of equivalent forms (none without the glossary app)."""
    groups, loaded_at = _state["groups"], _state["loaded_at"]
    ttl = getattr(settings, "SEARCH_SYNONYMS_SECONDS", 60)
    if groups is None or (ttl is not None and time.monotonic() - loaded_at > ttl):
        groups = _load()
        with _lock:
            _state["groups"], _state["loaded_at"] = groups, time.monotonic()
    return groups


def _load():
    if not apps.is_installed("glossary"):
        return []
    from glossary.lookup import synonym_groups as groups

    return groups()


def forget():
    """Read the groups again at the next search."""
    with _lock:
        _state["groups"] = None


def _term_changed(**kwargs):
    # After the commit: a rolled-back edit must not stay in the kept groups.
    transaction.on_commit(forget)


def connect_term_signals():
    """Forget the groups when a glossary term is saved or deleted (called once at start-up)."""
    if not apps.is_installed("glossary"):
        return
    from django.db.models.signals import post_delete, post_save

    from glossary.models import Term

    post_save.connect(_term_changed, sender=Term, dispatch_uid="search_synonyms_saved")
    post_delete.connect(_term_changed, sender=Term, dispatch_uid="search_synonyms_deleted")
