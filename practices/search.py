"""German full-text search: a tsvector column on PostgreSQL, FTS5 tables on SQLite.

Both indexes cover title (weight A), aspect, Thementisch title and tags (B), and
description and hurdles (C). They are refreshed by `reindex()`, which signals call
whenever one of those parts changes.
"""

import difflib
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, Value
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
# Sentinels mark highlighted words; the snippet is escaped before they become <mark>.
HIGHLIGHT_START = "\u27e6"
HIGHLIGHT_STOP = "\u27e7"

_WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def is_postgres():
    return connection.vendor == "postgresql"


# --- keeping the index current -------------------------------------------------

# The 'german' parts stem; the 'simple' part (weight D) keeps every word as written, so
# German stop words such as "über" can still be found, and exclusions still hold.
_PG_REINDEX = """
UPDATE practices_practice AS p SET search_vector =
    setweight(to_tsvector('german', coalesce(p.title, '')), 'A')
    || setweight(to_tsvector('german', d.labels), 'B')
    || setweight(to_tsvector('german', d.body), 'C')
    || setweight(to_tsvector('simple', concat_ws(' ', p.title, d.labels, d.body)), 'D')
FROM (
    SELECT q.id,
        concat_ws(' ', q.aspect,
            (SELECT t.title FROM forums_thementisch t WHERE t.id = q.thementisch_id),
            (SELECT string_agg(tag.name, ' ') FROM practices_taggedpractice tp
                JOIN taggit_tag tag ON tag.id = tp.tag_id WHERE tp.content_object_id = q.id)
        ) AS labels,
        concat_ws(' ', q.description,
            (SELECT string_agg(h.text, ' ') FROM practices_hurdle h WHERE h.practice_id = q.id)
        ) AS body
    FROM practices_practice q
) AS d
WHERE d.id = p.id
"""

_SQLITE_DOCUMENTS = """
SELECT p.id, p.title,
    p.description || ' ' || coalesce(
        (SELECT group_concat(h.text, ' ') FROM practices_hurdle h WHERE h.practice_id = p.id), ''),
    p.aspect || ' ' || coalesce(
        (SELECT t.title FROM forums_thementisch t WHERE t.id = p.thementisch_id), '')
    || ' ' || coalesce((SELECT group_concat(tag.name, ' ') FROM practices_taggedpractice tp
            JOIN taggit_tag tag ON tag.id = tp.tag_id WHERE tp.content_object_id = p.id), '')
FROM practices_practice p
"""


def reindex(practice_ids=None):
    """Rebuild the search index for the given practices, or for all when None."""
    ids = None if practice_ids is None else sorted({int(pk) for pk in practice_ids})
    if ids == []:
        return
    with connection.cursor() as cursor:
        if is_postgres():
            if ids is None:
                cursor.execute(_PG_REINDEX)
            else:
                cursor.execute(_PG_REINDEX + " AND p.id = ANY(%s)", [ids])
            return
        where, params = ("", []) if ids is None else (_sqlite_in("p.id", ids))
        for table in ("practice_fts", "practice_trigram"):
            if ids is None:
                cursor.execute(f"DELETE FROM {table}")
            else:
                cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({_marks(ids)})", ids)
        cursor.execute(
            "INSERT INTO practice_fts(rowid, title, description, extra) "
            + _SQLITE_DOCUMENTS
            + where,
            params,
        )
        cursor.execute(
            "INSERT INTO practice_trigram(rowid, body) "
            "SELECT rowid, title || ' ' || description FROM practice_fts"
            + ("" if ids is None else f" WHERE rowid IN ({_marks(ids)})"),
            [] if ids is None else ids,
        )


def _marks(ids):
    return ", ".join(["%s"] * len(ids))


def _sqlite_in(column, ids):
    return f" WHERE {column} IN ({_marks(ids)})", list(ids)


# --- querying ------------------------------------------------------------------


def clean_query(raw):
    """Return the search text a person meant: no control characters, collapsed spaces."""
    text = "".join(ch if ch.isprintable() else " " for ch in raw or "")
    return " ".join(text.split())


def apply_search(queryset, q, *, ranked=False):
    """Filter to practices matching q; annotate `rank` when asked."""
    if is_postgres():
        query = _pg_query(q)
        queryset = queryset.filter(search_vector=query)
        if ranked:
            queryset = queryset.annotate(rank=SearchRank(F("search_vector"), query))
        return queryset
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
    if is_postgres():
        return queryset.annotate(
            raw_snippet=SearchHeadline(
                "description",
                _pg_query(q),
                config="german",
                start_sel=HIGHLIGHT_START,
                stop_sel=HIGHLIGHT_STOP,
                max_words=40,
                min_words=20,
            )
        )
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


def render_snippet(raw):
    """Escape a snippet and turn the sentinels into <mark> elements."""
    if not raw:
        return ""
    html = escape(raw).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above, only our own tags added


def _pg_query(q):
    return SearchQuery(q, config="german", search_type="websearch") | SearchQuery(
        q, config="simple", search_type="websearch"
    )


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
        words = _WORD.findall((phrase or bare).lower())
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


# --- suggestions when nothing was found ------------------------------------------


def suggest(published, q, limit=3):
    """Suggest close words (typos, compound parts) found in published practices."""
    terms = [t for t in _WORD.findall(q.lower()) if len(t) >= 4][:3]
    suggestions = []
    for term in terms:
        words = set()
        for title, description in _candidate_texts(published, term):
            words.update(w for w in _WORD.findall(f"{title} {description}") if len(w) >= 4)
        by_lower = {w.lower(): w for w in words}
        compounds = sorted((w for w in by_lower if term in w and w != term), key=len)[:2]
        close = difflib.get_close_matches(term, list(by_lower), n=limit, cutoff=0.7)
        for word in [*close, *compounds]:
            if word != term and by_lower[word] not in suggestions:
                suggestions.append(by_lower[word])
    return suggestions[:limit]


def _candidate_texts(published, term):
    if is_postgres():
        matches = published.filter(
            Q(title__trigram_word_similar=term) | Q(description__trigram_word_similar=term)
        )
        return matches.values_list("title", "description")[:30]
    trigrams = {term[i : i + 3] for i in range(len(term) - 2)}
    match = " OR ".join(f'"{t}"' for t in sorted(trigrams))
    ids = RawSQL(
        "SELECT rowid FROM practice_trigram WHERE practice_trigram MATCH %s "
        "ORDER BY bm25(practice_trigram) LIMIT 200",
        [match],
    )
    return published.filter(pk__in=ids).values_list("title", "description")[:60]
