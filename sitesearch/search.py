"""The site-wide search: matching documents, counts per kind, hits in a fixed order.

The order is the same on both databases and costs the same however common a word is:
documents whose title matches the query come first, then those found only in their
text; within each group in index order (id). Counts stop at LISTED + 1 per kind (shown as
"über 1.000") and at most LISTED hits are listed, so no page reads every match.
"""

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from practices import search as practice_search
from practices.search import postgres, sqlite
from sitesearch.models import SearchDocument

LISTED = 1000  # hits a search lists at most (50 pages of 20); also where counts stop

SHOWN_FIELDS = ("key", "kind", "title", "text", "url", "forum_label", "thementisch_label")


def is_empty(parsed):
    return not parsed.groups and not parsed.negatives


def _fts(expression):
    # The FTS5 table's name is ours; the match expression is a parameter.
    return RawSQL("SELECT rowid FROM sitesearch_fts WHERE sitesearch_fts MATCH %s", [expression])


def matching(parsed):
    """Return the documents matching a parsed query (title or text)."""
    documents = SearchDocument.objects.all()
    if connection.vendor == "postgresql":
        return postgres.filter_matches(documents, parsed)
    return sqlite.filter_matches(documents, parsed, "sitesearch_fts", "10.0, 1.0")


def _title_condition(parsed):
    """Q: the document's title alone matches the query's words (not its negatives)."""
    if connection.vendor == "postgresql":
        return Q(title_vector=postgres.search_query(parsed.groups))
    return Q(pk__in=_fts("title : " + sqlite.match_expression(parsed.groups)))


def title_matching(parsed):
    """Matching documents whose title matches: the first group of hits (none without words)."""
    if not parsed.groups:
        return SearchDocument.objects.none()
    documents = SearchDocument.objects.filter(_title_condition(parsed))
    if not parsed.negatives:
        return documents
    if connection.vendor == "postgresql":
        return documents.exclude(search_vector=postgres.search_query([parsed.negatives]))
    return documents.exclude(pk__in=_fts(sqlite.match_expression([parsed.negatives])))


def text_matching(parsed):
    """Matching documents whose title does not match: the second group of hits."""
    documents = matching(parsed)
    if parsed.groups:
        documents = documents.exclude(_title_condition(parsed))
    return documents


def _capped_count_sql(queryset):
    sql, params = queryset.order_by().values("pk")[: LISTED + 1].query.sql_with_params()
    return f"(SELECT COUNT(*) FROM ({sql}) AS capped)", params


def counts(parsed, kind=None):
    """Return ({kind: hits, at most LISTED + 1}, title hits of the shown kind(s)) in one query."""
    if is_empty(parsed):
        return {}, 0
    kinds = SearchDocument.Kind.values
    parts, params = [], []
    titles = title_matching(parsed)
    if kind:
        titles = titles.filter(kind=kind)
    for queryset in [*(matching(parsed).filter(kind=k) for k in kinds), titles]:
        sql, part_params = _capped_count_sql(queryset)
        parts.append(sql)
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        *per_kind, title_hits = cursor.fetchone()
    return {k: n for k, n in zip(kinds, per_kind, strict=True) if n}, title_hits


class RankedHits:
    """The listed hits of one search as a sliceable sequence: title hits, then text hits.

    Knows its length (from the counts) and reads only the rows of the slice asked for:
    one query per group the slice touches.
    """

    def __init__(self, parsed, kind, listed, title_hits):
        self.parsed, self.kind = parsed, kind
        self.listed = min(listed, LISTED)
        self.title_hits = min(title_hits, self.listed)

    def __len__(self):
        return self.listed

    def count(self):
        return self.listed

    def _rows(self, queryset, start, stop):
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        return list(queryset.only(*SHOWN_FIELDS).order_by("id")[start:stop])

    def __getitem__(self, index):
        start, stop, _step = index.indices(self.listed)
        rows = []
        if start < self.title_hits:
            rows += self._rows(title_matching(self.parsed), start, min(stop, self.title_hits))
        if stop > self.title_hits:
            offset = max(start - self.title_hits, 0)
            rows += self._rows(text_matching(self.parsed), offset, stop - self.title_hits)
        return rows


def hit_ids(q):
    """Return the keys of every hit for q (for the relevance set)."""
    parsed = practice_search.parse_query(practice_search.clean_query(q))
    if is_empty(parsed):
        return []
    return list(matching(parsed).values_list("key", flat=True))
