"""Every facet's counts in one query: the matches of the other filters once, each facet from them.

Counting each facet on its own re-ran the search and every filter once per facet. Here the
rows matching the filters that are not facets (search, toggles, Thementisch, project) are
found once (a CTE), with one yes/no column per chosen facet value set; each facet then
counts the rows whose *other* facet columns are all yes, in one UNION ALL. Both databases
run the same SQL. The results equal those of `spec.counts(filterset)` for each facet.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from practices.models import Practice
from rehapro_kb import page_cache

logger = logging.getLogger(__name__)

# The columns of the matches every facet may group by.
COLUMNS = ("id", "category", "status", "entry_type", "forum_id")


def supported(filterset):
    """Tell whether every facet of the filterset can be counted in the shared pass."""
    return filterset.queryset.model is Practice and all(
        hasattr(spec, "branch_sql") for spec in filterset.facets
    )


@dataclass
class RankedPage:
    """A page of the list by relevance, read in the same pass as the facets.

    `matches` are the rows the other filters leave, annotated with `rank`; the pass fills
    `ids` with the page's ids in rank order. Asking the search index a second time for the
    page cost as much as the facets' own reading of the matches.
    """

    matches: object  # a queryset with a `rank` annotation, facet filters not applied
    offset: int
    limit: int
    ids: list | None = None


def counts(filterset, page=None):
    """Return [(spec, counts)] like the per-facet path; the unfiltered list's kept per version.

    Without any filter every published practice is counted (the costliest case, and the
    list's start page): those counts are kept until the content version changes. With a
    `page`, its ids are read in the same query.
    """
    seconds = settings.FACET_CACHE_SECONDS
    if page is not None or not seconds or any(filterset.form.cleaned_data.values()):
        return _query(filterset, page)
    key = f"facets:{type(filterset).__name__}:{page_cache.current_version()}"
    stored = _cached(key)
    if stored is None or len(stored) != len(filterset.facets):
        stored = [found for _spec, found in _query(filterset)]
        _store(key, stored, seconds)
    return list(zip(filterset.facets, stored, strict=True))


def _cached(key):
    try:
        return cache.get(key)
    except Exception:  # any backend's connection error: Redis down means counting afresh
        logger.warning("Facet cache unreachable on read", exc_info=True)
        return None


def _store(key, value, seconds):
    try:
        cache.set(key, value, seconds)
    except Exception:  # any backend's connection error: the next request counts again
        logger.warning("Facet cache unreachable on write", exc_info=True)


def _query(filterset, page=None):
    specs = filterset.facets
    if page is None:
        base = filterset.filtered_without(*(spec.name for spec in specs)).order_by()
        base_sql, base_params = base.values(*COLUMNS).query.sql_with_params()
    else:
        base_sql, base_params = (
            page.matches.order_by().values(*COLUMNS, "rank").query.sql_with_params()
        )
    flags, flag_params = [], []
    chosen, every_flag, every_params = {}, [], []
    for index, spec in enumerate(specs):
        flag = spec.flag_sql(filterset, "b")
        if flag is not None:
            sql, params = flag
            flags.append(f", ({sql}) AS f{index}")
            flag_params.extend(params)
            chosen[index] = f"m.f{index}"
            every_flag.append(f"({sql})")
            every_params.extend(params)
    columns = ", ".join(f"b.{name}" for name in COLUMNS)
    if page is not None:
        # Ranked only where every facet filter holds: the rank costs a read of the vector.
        flags.append(f", CASE WHEN {' AND '.join(every_flag) or '1 = 1'} THEN b.rank END AS rank")
        flag_params.extend(every_params)
    branches, branch_params = [], []
    for index, spec in enumerate(specs):
        others = [cond for i, cond in chosen.items() if i != index] or ["1 = 1"]
        sql, params = spec.branch_sql(index, " AND ".join(others), chosen.get(index))
        branches.append(sql)
        branch_params.extend(params)
    if page is not None:
        branches.append(
            "SELECT -1, CAST(r.id AS TEXT), '', '', r.position, 0 FROM (SELECT m.id, "
            "ROW_NUMBER() OVER (ORDER BY m.rank DESC, m.id) AS position "
            "FROM m WHERE m.rank IS NOT NULL) r WHERE r.position > %s AND r.position <= %s"
        )
        branch_params.extend([page.offset, page.offset + page.limit])
    matches = f"SELECT {columns}{''.join(flags)} FROM ({base_sql}) b"
    sql = (
        f"WITH m AS {_materialized(filterset)}({matches}) "
        + " UNION ALL ".join(branches)
        # Tags are ranked by count, then name, in the database's collation as before.
        + " ORDER BY 1, 5 DESC, 3"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*flag_params, *base_params, *branch_params])
        rows = cursor.fetchall()
    by_facet = {index: [] for index in range(-1, len(specs))}
    for index, key, label, sort, n, added in rows:
        by_facet[index].append((key, label, sort, int(n), int(added)))
    if page is not None:
        page.ids = [int(key) for key, *_rest in sorted(by_facet[-1], key=lambda row: row[3])]
    return [(spec, spec.read_rows(by_facet[index])) for index, spec in enumerate(specs)]


def _materialized(filterset):
    """Read the matches once when other filters (search above all) make them costly to find.

    With facet filters alone, PostgreSQL does better inlining the matches into each count:
    each facet's conditions then narrow its own index scan (reading all published rows into
    the shared set once cost more than the counts themselves).
    """
    if connection.vendor != "postgresql":
        return ""
    facet_names = {spec.name for spec in filterset.facets}
    others = [v for name, v in filterset.form.cleaned_data.items() if name not in facet_names]
    return "MATERIALIZED " if any(others) else "NOT MATERIALIZED "
