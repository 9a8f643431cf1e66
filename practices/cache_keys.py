"""Canonical query strings of the public lists, so the page cache keys them by meaning."""

from urllib.parse import urlencode

from practices.filters import PracticeFilter, ProjectFilter
from practices.hurdles.filters import HurdleFilter
from practices.lenient import last_value
from practices.listing import MAX_PAGE, PER_PAGE_CHOICES, SORTS


def _number(query, name, low, high):
    """Return the parameter as a canonical number string, "" when absent, None when unusable."""
    notices = []
    raw = last_value(query, name, notices)
    if notices:
        return None
    if not raw:
        return ""
    try:
        number = int(raw)
    except ValueError:
        return None
    return str(number) if low <= number <= high else None


def _encode(pairs):
    return None if pairs is None else urlencode(pairs)


def practice_filters(query):
    """Pages of the practice list's filters alone (statistics, feed); None on a notice."""
    return _encode(PracticeFilter.canonical_query(query))


def practice_list(query):
    """The practice list: filters, sort, page size and page; None when a notice would show."""
    if "vergleich" in query:
        # The comparison tray's ids shape every card's link: such a page is not stored.
        return None
    pairs = PracticeFilter.canonical_query(query)
    notices = []
    sort = last_value(query, "sort", notices)
    per_page = _number(query, "pro_seite", PER_PAGE_CHOICES[0], PER_PAGE_CHOICES[-1])
    page = _number(query, "page", 1, MAX_PAGE)
    if pairs is None or notices or (sort and sort not in SORTS) or None in (per_page, page):
        return None
    extras = [("page", page), ("pro_seite", per_page), ("sort", sort)]
    return _encode(pairs + [(name, value) for name, value in extras if value])


def hurdle_list(query):
    """The hurdle list: filters and page (an odd page number is left to the paginator, uncached)."""
    pairs = HurdleFilter.canonical_query(query)
    page = _number(query, "page", 1, MAX_PAGE)
    if pairs is None or page is None:
        return None
    return _encode(pairs + ([("page", page)] if page else []))


def project_list(query):
    """The project list: its filters only."""
    return _encode(ProjectFilter.canonical_query(query))
