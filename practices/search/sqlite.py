"""SQLite search: FTS5 tables (words with diacritics folded; trigrams for suggestions).

German stemming is approximated by stripping common endings and matching prefixes.
"""

import re

from django.db import connection
from django.db.models import Value
from django.db.models.expressions import RawSQL

from practices.search.text import HIGHLIGHT_START, HIGHLIGHT_STOP, WORDS

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')

_DOCUMENTS = """
SELECT p.id, p.title,
    p.description || ' ' || coalesce(
        (SELECT group_concat(h.text, ' ') FROM practices_hurdle h WHERE h.practice_id = p.id), ''),
    p.aspect || ' ' || coalesce(
        (SELECT t.title FROM forums_thementisch t WHERE t.id = p.thementisch_id), '')
    || ' ' || coalesce((SELECT group_concat(tag.name, ' ') FROM practices_taggedpractice tp
            JOIN taggit_tag tag ON tag.id = tp.tag_id WHERE tp.content_object_id = p.id), '')
FROM practices_practice p
"""

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
        where = "" if ids is None else f" WHERE p.id IN ({_marks(ids)})"
        cursor.execute(
            "INSERT INTO practice_fts(rowid, title, description, extra) " + _DOCUMENTS + where,
            params,
        )
        cursor.execute(
            "INSERT INTO practice_trigram(rowid, body) "
            "SELECT rowid, title || ' ' || description FROM practice_fts" + subset,
            params,
        )


def apply_search(queryset, q, *, ranked=False):
    """Filter to practices matching q; annotate `rank` when asked."""
    match = fts5_expression(q)
    if match is None:
        # Nothing searchable (only punctuation): no match, but the same shape.
        return queryset.none().annotate(rank=Value(0.0)) if ranked else queryset.none()
    queryset = queryset.filter(
        pk__in=RawSQL("SELECT rowid FROM practice_fts WHERE practice_fts MATCH %s", [match])
    )
    if ranked:
        queryset = queryset.annotate(
            rank=RawSQL(
                "(SELECT -bm25(practice_fts, 10.0, 1.0, 4.0) FROM practice_fts "
                "WHERE practice_fts MATCH %s AND rowid = practices_practice.id)",
                [match],
            )
        )
    return queryset


def with_snippets(queryset, q):
    """Annotate `raw_snippet`: the description with matches between sentinels."""
    match = fts5_expression(q)
    if match is None:
        return queryset
    return queryset.annotate(
        raw_snippet=RawSQL(
            "(SELECT snippet(practice_fts, 1, %s, %s, '…', 30) FROM practice_fts "
            "WHERE practice_fts MATCH %s AND rowid = practices_practice.id)",
            [HIGHLIGHT_START, HIGHLIGHT_STOP, match],
        )
    )


def candidate_texts(published, term):
    """Return (title, description) of published practices sharing trigrams with term."""
    trigrams = {term[i : i + 3] for i in range(len(term) - 2)}
    match = " OR ".join(f'"{t}"' for t in sorted(trigrams))
    ids = RawSQL(
        "SELECT rowid FROM practice_trigram WHERE practice_trigram MATCH %s "
        "ORDER BY bm25(practice_trigram) LIMIT 200",
        [match],
    )
    return published.filter(pk__in=ids).values_list("title", "description")[:60]


def _light_stem(term):
    """Strip common German endings so a prefix query finds the other inflections."""
    for suffix, replacement in (("ungen", "ung"), ("innen", "in")):
        if term.endswith(suffix):
            return term[: -len(suffix)] + replacement
    for suffix in ("en", "er", "es", "e", "n", "s"):
        if term.endswith(suffix) and len(term) - len(suffix) >= 4:
            return term[: -len(suffix)]
    return term


def fts5_expression(q):
    """Translate websearch syntax ("phrase", -exclusion, OR) into a safe FTS5 query."""
    groups, current, negatives = [], [], []
    for negate, phrase, bare in _TOKEN.findall(q):
        if bare and bare.lower() == "or":
            if current:
                groups.append(current)
                current = []
            continue
        if bare.startswith("-") and len(bare) > 1:
            negate, bare = "-", bare[1:]
        words = WORDS.findall((phrase or bare).lower())
        if not words:
            continue
        if phrase or len(words) > 1:
            term = '"' + " ".join(words) + '"'
        else:
            term = '"' + _light_stem(words[0]) + '"*'
        (negatives if negate else current).append(term)
    if current:
        groups.append(current)
    if not groups:
        return None
    expression = " OR ".join("(" + " AND ".join(group) + ")" for group in groups)
    for term in negatives:
        expression = f"({expression}) NOT {term}"
    return expression
