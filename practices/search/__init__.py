"""German full-text search over practices: one interface, one module per database.

Both indexes hold the same tokens (practices.search.german) of the title (weight A), aspect,
Thementisch title and tags (B), and description and hurdles (C). Signals keep them current
after single writes; bulk writes (which send no signals) run inside `reindex_after()` and
name what they touched. The site-wide search (app `sitesearch`) is refreshed by the same rule.
"""

import contextlib
import functools
import threading

from django.apps import apps
from django.db import connection

from practices.search import postgres, sqlite
from practices.search.query import parse
from practices.search.snippets import snippet
from practices.search.suggestions import suggest_words
from practices.search.synonyms import synonym_groups
from practices.search.text import MAX_QUERY_LENGTH, clean_query, render_snippet

__all__ = [
    "MAX_QUERY_LENGTH",
    "apply_search",
    "clean_query",
    "export_aggregates",
    "parse_query",
    "reindex",
    "reindex_after",
    "render_snippet",
    "snippet",
    "suggest",
    "synonym_groups",
    "with_snippets",
]

_BACKENDS = {"postgresql": postgres, "sqlite": sqlite}
_deferred = threading.local()
REINDEX_CHUNK = 2000


@functools.cache
def backend():
    """Return the module for the configured database, chosen once per process."""
    return _BACKENDS[connection.vendor]


def parse_query(q):
    """Parse search text with the glossary's synonyms applied."""
    return parse(q, synonym_groups())


def apply_search(queryset, q, *, ranked=False):
    """Filter to practices matching q; annotate `rank` when asked."""
    return backend().apply_search(queryset, parse_query(q), ranked=ranked)


def with_snippets(queryset, q):
    """Kept for callers: snippets are now cut in Python (see `snippet`), the same on both."""
    return queryset


def export_aggregates():
    """Return the SQL of the per-row aggregates the export reads (hurdles, tag and project ids)."""
    return backend().EXPORT_AGGREGATES


def _site_refresh(ids):
    if apps.is_installed("sitesearch"):
        from sitesearch.index import refresh_practices

        refresh_practices(ids)


def reindex(practice_ids=None):
    """Rebuild the index for the given practices (all when None), or note them for later."""
    pending = getattr(_deferred, "ids", None)
    if pending is not None and practice_ids is not None:
        pending.update(int(pk) for pk in practice_ids)
        return
    ids = None if practice_ids is None else sorted({int(pk) for pk in practice_ids})
    if ids == []:
        return
    from practices import export_lists
    from practices.models import Practice

    every = ids if ids is not None else list(Practice.objects.values_list("pk", flat=True))
    if ids is None and connection.vendor == "sqlite":
        backend().reindex(None)  # also drops rows of practices that no longer exist
    for start in range(0, len(every), REINDEX_CHUNK):
        chunk = every[start : start + REINDEX_CHUNK]
        if ids is not None or connection.vendor != "sqlite":
            backend().reindex(chunk)
        # The exports' lists follow the same writes as the index (practices.export_lists).
        export_lists.refresh(chunk)
    _site_refresh(ids)


@contextlib.contextmanager
def reindex_after():
    """Collect every practice touched inside the block and reindex them once at its end.

    The one rule for bulk writes: wrap them in this block and add the ids of practices
    changed without signals (bulk_create, update()) to the yielded set.
    """
    if getattr(_deferred, "ids", None) is not None:
        yield _deferred.ids  # nested: the outermost block reindexes
        return
    _deferred.ids = touched = set()
    try:
        yield touched
    finally:
        _deferred.ids = None
    reindex(touched)


def suggest(published, q, limit=3, kinds=("praxis",)):
    """Suggest indexed words close to the query's words (typos), never word fragments.

    `published` is kept for callers: the published practices are exactly the documents of
    kind "praxis" in the site-wide search, which both databases read the same way.
    """
    from sitesearch.models import SearchDocument

    documents = SearchDocument.objects.all()
    if kinds:
        documents = documents.filter(kind__in=kinds)
    return suggest_words(documents, q, limit=limit)
