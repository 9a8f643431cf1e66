"""The site-wide search: matching documents, counts per kind, hits in a fixed order.

The order is the same on both databases and costs the same however common a word is:
documents whose title matches the query come first, then those found only in their
text; within each group in index order (id). Counts stop at LISTED + 1 per kind (shown as
"über 1.000") and at most LISTED hits are listed, so no page reads every match.
"""

from django.db import connection, transaction
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


def _fetch_one(sql, params):
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    # Under a LIMIT the planner expects matches spread evenly and walks the table (or the
    # primary key) from its start, but a kind's rows lie together: 870 ms to reach the
    # hurdles'. Bitmap scans of the per-kind and title GIN indexes read only matches and
    # stop after LISTED + 1 of them, whatever the word. The settings end with the
    # transaction: this statement's own (no request runs in one: ATOMIC_REQUESTS is off).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'off', true), "
            "set_config('enable_indexscan', 'off', true)"
        )
        cursor.execute(sql, params)
        return cursor.fetchone()


def counts(parsed, kind=None):
    """Return ({kind: hits, at most LISTED + 1}, title hits of the shown kind(s)) in one query."""
    if is_empty(parsed):
        return {}, 0
    kinds = SearchDocument.Kind.values
    querysets = [matching(parsed).filter(kind=k) for k in kinds]
    if parsed.groups:  # only words can match a title; "-word" alone has no title hits
        titles = title_matching(parsed)
        querysets.append(titles.filter(kind=kind) if kind else titles)
    parts, params = [], []
    for queryset in querysets:
        sql, part_params = _capped_count_sql(queryset)
        parts.append(sql)
        params.extend(part_params)
    row = _fetch_one("SELECT " + ", ".join(parts), params)
    title_hits = row[len(kinds)] if parsed.groups else 0
    return {k: n for k, n in zip(kinds, row[: len(kinds)], strict=True) if n}, title_hits


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
        order = ["id"]
        if self.kind:
            # A range, not "=": with kind a constant PostgreSQL drops it from the order and
            # walks the primary key through every other kind's rows (1.3 s for the
            # hurdles); so it walks the (kind, id) index over this kind's rows only.
            queryset = queryset.filter(kind__gte=self.kind, kind__lte=self.kind)
            order = ["kind", "id"]
        return list(queryset.only(*SHOWN_FIELDS).order_by(*order)[start:stop])

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
