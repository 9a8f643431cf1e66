"""SQLite search: FTS5 over our German tokens; a trigram table over the text for suggestions."""

from django.db import connection
from django.db.models import FloatField, Value
from django.db.models.expressions import RawSQL

from practices.search import documents
from practices.search.query import render

# The same aggregates as on PostgreSQL, as JSON text (SQLite has no arrays).
EXPORT_AGGREGATES = {
    "hurdle_texts": "SELECT json_group_array(text) FROM (SELECT h.text FROM practices_hurdle h "
    "WHERE h.practice_id = practices_practice.id ORDER BY h.position, h.id)",
    "tag_ids": "SELECT json_group_array(tp.tag_id) FROM practices_taggedpractice tp "
    "WHERE tp.content_object_id = practices_practice.id",
    "project_ids": "SELECT json_group_array(project_id) FROM (SELECT pa.project_id "
    "FROM practices_projectattribution pa WHERE pa.practice_id = practices_practice.id "
    "ORDER BY pa.id)",
    "project_public": "SELECT json_group_array(is_public) FROM (SELECT pa.is_public "
    "FROM practices_projectattribution pa WHERE pa.practice_id = practices_practice.id "
    "ORDER BY pa.id)",
}


def _marks(ids):
    return ", ".join(["%s"] * len(ids))


def reindex(ids):
    """Rebuild the FTS5 rows of the given practices (all when None)."""
    subset = "" if ids is None else f" WHERE rowid IN ({_marks(ids)})"
    params = [] if ids is None else ids
    with connection.cursor() as cursor:
        for table in ("practice_fts", "practice_trigram"):
            cursor.execute(f"DELETE FROM {table}{subset}", params)
        cursor.executemany(
            "INSERT INTO practice_fts(rowid, title, description, extra) VALUES (%s, %s, %s, %s)",
            [
                (pk, title, body, labels)
                for pk, title, labels, body in documents.practice_token_rows(ids)
            ],
        )
        where = "" if ids is None else f" WHERE id IN ({_marks(ids)})"
        cursor.execute(
            "INSERT INTO practice_trigram(rowid, body) "
            "SELECT id, title || ' ' || description FROM practices_practice" + where,
            params,
        )


def match_expression(groups):
    """Render groups of clauses as an FTS5 query; every token is quoted (no FTS5 syntax)."""
    return render(
        groups,
        phrase=lambda tokens: '"' + " ".join(tokens) + '"',
        both=lambda items: "(" + " AND ".join(items) + ")",
        either=lambda items: "(" + " OR ".join(items) + ")",
    )


def filter_matches(queryset, parsed, table, weights, *, ranked=False):
    """Keep rows matching the parsed query in the FTS5 `table`; annotate `rank` when asked.

    `table` and `weights` come from our code, never from a request; the match is a parameter.
    """
    model_table = queryset.model._meta.db_table
    if parsed.groups:
        match = match_expression(parsed.groups)
        queryset = queryset.filter(
            pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [match]),  # noqa: S611
        )
        if ranked:
            queryset = queryset.annotate(
                rank=RawSQL(  # noqa: S611
                    f"(SELECT -bm25({table}, {weights}) FROM {table} "
                    f"WHERE {table} MATCH %s AND rowid = {model_table}.id)",
                    [match],
                )
            )
    elif ranked:
        queryset = queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if parsed.negatives:
        match = match_expression([parsed.negatives])
        queryset = queryset.exclude(
            pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [match]),  # noqa: S611
        )
    return queryset


def apply_search(queryset, parsed, *, ranked=False):
    """Filter practices to the parsed query (title 10, description 1, labels 4 in the rank)."""
    return filter_matches(queryset, parsed, "practice_fts", "10.0, 1.0, 4.0", ranked=ranked)
