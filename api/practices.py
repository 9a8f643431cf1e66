"""Practice endpoints: the list with the list page's filters, and one practice."""

from django.http import Http404
from ninja import Router

from api import lists, schemas
from api.params import filter_parameters
from api.query import check_names, filter_query, paging, strict
from practices.export_rows import export_rows, json_record
from practices.exporter import practice_url_builder
from practices.filters import PracticeFilter
from practices.listing import SORTS, PracticeList
from practices.models import Practice

router = Router(tags=["Praxisbeispiele / practices"])
ERRORS = {400: schemas.Error, 404: schemas.Error}


def _parse(query):
    listing = PracticeList.from_query(query)
    return listing, listing.notices


def records(request, queryset):
    """Return the JSON export's records of published practices (the export's row source)."""
    rows = export_rows(queryset & Practice.objects.published(), practice_url_builder(request))
    return [json_record(row) for row in rows]


def records_in_order(request, ids):
    by_id = {
        record["id"]: record for record in records(request, Practice.objects.filter(pk__in=ids))
    }
    return [by_id[pk] for pk in ids if pk in by_id]


@router.get(
    "/practices",
    response={200: schemas.PracticePage, 400: schemas.Error},
    summary="Praxisbeispiele (Liste) / practices (list)",
    description=(
        "Dieselben Parameter wie die Liste /praxis/ (wiederholte Werte eines Filters: ODER), "
        "dazu cursor, limit und extra=facets,count. Zeilen wie im JSON-Export. / The list "
        "page's parameters (repeated values of one filter: OR), plus cursor, limit and "
        "extra=facets,count. Rows as in the JSON export."
    ),
    openapi_extra={"parameters": filter_parameters(PracticeFilter, sorts=SORTS)},
)
def practice_list(request):
    check_names(request.GET, {*PracticeFilter.base_filters, "sort"})
    page = paging(request.GET)
    listing = strict(_parse, filter_query(request.GET))
    ids, has_more = lists.window(listing.queryset.values_list("pk", flat=True), page)
    return {
        "results": records_in_order(request, ids),
        "next": lists.next_link(request, page, has_more),
        **lists.extras(
            page,
            count=lambda: listing.filterset.qs.count(),
            facets=lambda: listing.facets_and_total,
        ),
    }


@router.get(
    "/practices/{slug}",
    response={200: schemas.Practice, 404: schemas.Error},
    summary="Ein Praxisbeispiel / one practice",
)
def practice_detail(request, slug: str):
    found = records(request, Practice.objects.filter(slug=slug))
    if not found:
        raise Http404
    return found[0]
