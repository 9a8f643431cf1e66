"""PostgreSQL search: a stored tsvector of our German tokens ('simple' config), GIN, pg_trgm."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, FloatField, Q, Value

from practices.search import documents
from practices.search.query import render

# Title weight A, aspect/Thementisch/tags B, description and hurdles C: the tokens come from
# practices.search.german, so 'simple' only splits on spaces and keeps each token as is.
VECTOR_SQL = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') "
    "|| setweight(to_tsvector('simple', %s), 'C')"
)

# Correlated subqueries over the foreign-key indexes, giving ids rather than names:
# joining the tag and project tables here made PostgreSQL scan them once per row.
# Arrays, which psycopg decodes in C.
EXPORT_AGGREGATES = {
    "hurdle_texts": "SELECT array_agg(h.text ORDER BY h.position, h.id) "
    "FROM practices_hurdle h WHERE h.practice_id = practices_practice.id",
    "tag_ids": "SELECT array_agg(tp.tag_id) FROM practices_taggedpractice tp "
    "WHERE tp.content_object_id = practices_practice.id",
    "project_ids": "SELECT array_agg(pa.project_id ORDER BY pa.id) "
    "FROM practices_projectattribution pa WHERE pa.practice_id = practices_practice.id",
    "project_public": "SELECT array_agg(pa.is_public ORDER BY pa.id) "
    "FROM practices_projectattribution pa WHERE pa.practice_id = practices_practice.id",
}


def reindex(ids):
    """Rebuild the tsvector of the given practices (all when None)."""
    rows = documents.practice_token_rows(ids)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE practices_practice SET search_vector = {VECTOR_SQL} WHERE id = %s",
            [(title, labels, body, pk) for pk, title, labels, body in rows],
        )


def tsquery(groups):
    """Render groups of clauses as to_tsquery syntax; tokens are word characters only."""
    return render(
        groups,
        phrase=lambda tokens: "(" + " <-> ".join(f"'{t}'" for t in tokens) + ")",
        both=lambda items: "(" + " & ".join(items) + ")",
        either=lambda items: "(" + " | ".join(items) + ")",
    )


def search_query(groups):
    return SearchQuery(tsquery(groups), config="simple", search_type="raw")


def filter_matches(queryset, parsed, field="search_vector", *, ranked=False):
    """Keep rows whose vector matches the parsed query; annotate `rank` when asked."""
    if parsed.groups:
        query = search_query(parsed.groups)
        queryset = queryset.filter(**{field: query})
        if ranked:
            queryset = queryset.annotate(rank=SearchRank(F(field), query))
    elif ranked:
        queryset = queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if parsed.negatives:
        queryset = queryset.exclude(Q(**{field: search_query([parsed.negatives])}))
    return queryset


def apply_search(queryset, parsed, *, ranked=False):
    """Filter practices to the parsed query."""
    return filter_matches(queryset, parsed, ranked=ranked)
