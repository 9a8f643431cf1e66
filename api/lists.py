"""One page of a list endpoint: the rows at the cursor, the next link, extras on request."""

from api import cursor
from api.query import facet_data


def next_link(request, paging, has_more):
    """Return the absolute URL of the next page (same parameters, new cursor), or None."""
    if not has_more:
        return None
    query = request.GET.copy()
    query["cursor"] = cursor.encode(paging.offset + paging.limit)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def window(queryset, paging):
    """Return (items, has_more) of one page, fetching one extra row instead of counting."""
    items = list(queryset[paging.offset : paging.offset + paging.limit + 1])
    return items[: paging.limit], len(items) > paging.limit


def extras(paging, count, facets):
    """Return the requested extras; `count` and `facets` are functions run only when asked."""
    result = {}
    if "facets" in paging.extras:
        facet_list, total = facets()
        result["facets"] = facet_data(facet_list)
        result["count"] = total if "count" in paging.extras else None
    elif "count" in paging.extras:
        result["count"] = count()
    return result
