"""The public hurdle list (/huerden/) and its exports."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import translation

from practices import facets
from practices.exporter import export_language
from practices.hurdles.export import export_response
from practices.hurdles.filters import HurdleFilter, base_queryset

PER_PAGE = 50


def hurdle_list(request):
    filterset, notices = HurdleFilter.from_query(request.GET, base_queryset())
    facet_list, total = facets.compute(filterset)
    paginator = Paginator(filterset.qs, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "notices": notices,
        "facets": facet_list,
        "total": total,
        "page_obj": page,
        "hurdles": page.object_list,
        "params": filterset.data,
        "search_text": filterset.form.cleaned_data.get("q") or "",
    }
    return render(request, "practices/hurdle_list.html", context)


def hurdle_export(request, extension):
    # Headers and labels in the export's language (?sprache=en or /en/); content stays German.
    with translation.override(export_language(request)):
        filterset, _notices = HurdleFilter.from_query(request.GET, base_queryset())
        return export_response(filterset, request, extension)
