"""PostgreSQL search: a stored tsvector ('german' stems, 'simple' keeps every word), pg_trgm."""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q

from practices.search.text import HIGHLIGHT_START, HIGHLIGHT_STOP

# The 'german' parts stem; the 'simple' part (weight D) keeps every word as written, so
# German stop words such as "über" can still be found, and exclusions still hold.
_REINDEX = """
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
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(_REINDEX)
        else:
            cursor.execute(_REINDEX + " AND p.id = ANY(%s)", [ids])


def _query(q):
    return SearchQuery(q, config="german", search_type="websearch") | SearchQuery(
        q, config="simple", search_type="websearch"
    )


def apply_search(queryset, q, *, ranked=False):
    """Filter to practices matching q; annotate `rank` when asked."""
    query = _query(q)
    queryset = queryset.filter(search_vector=query)
    if ranked:
        queryset = queryset.annotate(rank=SearchRank(F("search_vector"), query))
    return queryset


def with_snippets(queryset, q):
    """Annotate `raw_snippet`: the description with matches between sentinels."""
    return queryset.annotate(
        raw_snippet=SearchHeadline(
            "description",
            _query(q),
            config="german",
            start_sel=HIGHLIGHT_START,
            stop_sel=HIGHLIGHT_STOP,
            max_words=40,
            min_words=20,
        )
    )


def candidate_texts(published, term):
    """Return (title, description) of published practices with words close to term."""
    matches = published.filter(
        Q(title__trigram_word_similar=term) | Q(description__trigram_word_similar=term)
    )
    return matches.values_list("title", "description")[:30]
