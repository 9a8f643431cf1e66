"""The site-wide search: matching documents, ranked, with counts per kind."""

from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import Count, F, FloatField, Value

from practices import search as practice_search
from practices.search import postgres, sqlite
from sitesearch.models import SearchDocument


def matching(parsed, *, ranked=False):
    """Return the documents matching a parsed query (annotated `rank` when asked).

    PostgreSQL ranks by the title's vector (title hits first), SQLite by bm25: the same
    hits on both, the order may differ a little among them.
    """
    documents = SearchDocument.objects.defer(
        "search_vector", "title_vector", "title_tokens", "body_tokens"
    )
    if connection.vendor == "postgresql":
        documents = postgres.filter_matches(documents, parsed)
        if ranked:
            rank = SearchRank(F("title_vector"), postgres.search_query(parsed.groups))
            documents = documents.annotate(
                rank=rank if parsed.groups else Value(0.0, output_field=FloatField())
            )
        return documents
    return sqlite.filter_matches(documents, parsed, "sitesearch_fts", "10.0, 1.0", ranked=ranked)


def is_empty(parsed):
    return not parsed.groups and not parsed.negatives


def counts_by_kind(parsed):
    """Return {kind: number of hits} for the query."""
    if is_empty(parsed):
        return {}
    rows = matching(parsed).order_by().values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}


def ranked_hits(parsed, kind=None):
    """Return the matching documents, best first (then by kind and id, for a stable order)."""
    if is_empty(parsed):
        return SearchDocument.objects.none()
    hits = matching(parsed, ranked=True)
    if kind:
        hits = hits.filter(kind=kind)
    return hits.order_by("-rank", "kind", "id")


def hit_ids(q):
    """Return the keys of every hit for q (for the relevance set)."""
    parsed = practice_search.parse_query(practice_search.clean_query(q))
    if is_empty(parsed):
        return []
    return list(matching(parsed).values_list("key", flat=True))
