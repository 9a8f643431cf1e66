"""German full-text search over practices: one interface, one module per database.

Both indexes cover title (weight A), aspect, Thementisch title and tags (B), and
description and hurdles (C). Signals keep them current after single writes; bulk writes
(which send no signals) run inside `reindex_after()` and name what they touched.
"""

import contextlib
import difflib
import functools
import threading

from django.db import connection

from practices.search import postgres, sqlite
from practices.search.text import MAX_QUERY_LENGTH, WORDS, clean_query, render_snippet

__all__ = [
    "MAX_QUERY_LENGTH",
    "apply_search",
    "clean_query",
    "export_aggregates",
    "reindex",
    "reindex_after",
    "render_snippet",
    "suggest",
    "with_snippets",
]

_BACKENDS = {"postgresql": postgres, "sqlite": sqlite}
_deferred = threading.local()


@functools.cache
def backend():
    """Return the module for the configured database, chosen once per process."""
    return _BACKENDS[connection.vendor]


def apply_search(queryset, q, *, ranked=False):
    """Filter to practices matching q; annotate `rank` when asked."""
    return backend().apply_search(queryset, q, ranked=ranked)


def with_snippets(queryset, q):
    """Annotate `raw_snippet`: the description with matches between sentinels."""
    return backend().with_snippets(queryset, q)


def export_aggregates():
    """Return the SQL of the per-row aggregates the export reads (hurdles, tag and project ids)."""
    return backend().EXPORT_AGGREGATES


def reindex(practice_ids=None):
    """Rebuild the index for the given practices (all when None), or note them for later."""
    pending = getattr(_deferred, "ids", None)
    if pending is not None and practice_ids is not None:
        pending.update(int(pk) for pk in practice_ids)
        return
    ids = None if practice_ids is None else sorted({int(pk) for pk in practice_ids})
    if ids != []:
        backend().reindex(ids)


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


def suggest(published, q, limit=3):
    """Suggest close words (typos, compound parts) found in published practices."""
    terms = [t for t in WORDS.findall(q.lower()) if len(t) >= 4][:3]
    suggestions = []
    for term in terms:
        words = set()
        for title, description in backend().candidate_texts(published, term):
            words.update(w for w in WORDS.findall(f"{title} {description}") if len(w) >= 4)
        by_lower = {w.lower(): w for w in words}
        compounds = sorted((w for w in by_lower if term in w and w != term), key=len)[:2]
        close = difflib.get_close_matches(term, list(by_lower), n=limit, cutoff=0.7)
        for word in [*close, *compounds]:
            if word != term and by_lower[word] not in suggestions:
                suggestions.append(by_lower[word])
    return suggestions[:limit]
