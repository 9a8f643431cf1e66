"""/suche/: one search over every kind of public knowledge."""

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from practices import search as practice_search
from practices.models import Practice
from sitesearch.models import SearchDocument
from sitesearch.search import LISTED, RankedHits, counts

PER_PAGE = 20
MAX_PAGE = 10_000


def _page_number(raw):
    try:
        return min(max(int(raw), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def _count_label(n, more=False):
    """A count as shown; "über n" when counting stopped (search.LISTED per kind)."""
    if more:
        return _("über %(n)s") % {"n": number_format(n, force_grouping=True)}
    return number_format(n, force_grouping=True)


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
    per_kind, title_hits = counts(parsed, kind) if parsed else ({}, 0)
    total = sum(min(n, LISTED) for n in per_kind.values())
    more = any(n > LISTED for n in per_kind.values())
    kinds = [
        {
            "value": value,
            "label": label,
            "count": min(per_kind[value], LISTED),
            "count_label": _count_label(min(per_kind[value], LISTED), per_kind[value] > LISTED),
        }
        for value, label in SearchDocument.Kind.choices
        if per_kind.get(value)
    ]
    page = hits = None
    suggestions = []
    if parsed:
        shown = per_kind.get(kind, 0) if kind else total + more
        if shown > LISTED:  # counting stopped, or more hits than are listed
            notices.append(
                _(
                    "Gelistet werden die ersten %(max)s Treffer: "
                    "Weitere Wörter grenzen die Suche ein."
                )
                % {"max": number_format(LISTED, force_grouping=True)}
            )
        paginator = Paginator(RankedHits(parsed, kind, shown, title_hits), PER_PAGE)
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
            "total_label": _count_label(total, more),
            "page_obj": page,
            "hits": hits,
            "notices": notices,
            "suggestions": suggestions,
            "params": params,
        },
    )
