"""/suche/: one search over every kind of public knowledge."""

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from practices import search as practice_search
from practices.models import Practice
from sitesearch.models import SearchDocument
from sitesearch.search import counts_by_kind, ranked_hits

PER_PAGE = 20


class CountedPaginator(Paginator):
    """A paginator told the total (known from the counts per kind): no COUNT query of its own."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count


MAX_PAGE = 10_000


def _page_number(raw):
    try:
        return min(max(int(raw), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def site_search(request):
    notices = []
    q = practice_search.clean_query(request.GET.get("q", ""))
    if len(q) > practice_search.MAX_QUERY_LENGTH:
        q = q[: practice_search.MAX_QUERY_LENGTH].strip()
        notices.append(
            _("Der Suchbegriff war zu lang und wurde auf %(max)s Zeichen gekürzt.")
            % {"max": practice_search.MAX_QUERY_LENGTH}
        )
    kind = request.GET.get("art", "")
    if kind and kind not in SearchDocument.Kind.values:
        notices.append(_("Diese Art gibt es nicht; angezeigt werden alle Arten."))
        kind = ""
    parsed = practice_search.parse_query(q) if q else None
    counts = counts_by_kind(parsed) if parsed else {}
    total = sum(counts.values())
    kinds = [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in SearchDocument.Kind.choices
        if counts.get(value)
    ]
    page = hits = None
    suggestions = []
    if parsed:
        shown = counts.get(kind, 0) if kind else total
        paginator = CountedPaginator(ranked_hits(parsed, kind), PER_PAGE, shown)
        page = paginator.get_page(_page_number(request.GET.get("page")))
        hits = list(page.object_list)
        for hit in hits:
            raw = practice_search.snippet(hit.text, parsed)
            hit.snippet = practice_search.render_snippet(raw) or hit.text[:300]
        if not total:
            suggestions = practice_search.suggest(Practice.objects.published(), q, kinds=None)
    params = QueryDict(mutable=True)
    params["q"] = q
    if kind:
        params["art"] = kind
    return render(
        request,
        "sitesearch/search.html",
        {
            "q": q,
            "kind": kind,
            "kinds": kinds,
            "total": total,
            "page_obj": page,
            "hits": hits,
            "notices": notices,
            "suggestions": suggestions,
            "params": params,
        },
    )
