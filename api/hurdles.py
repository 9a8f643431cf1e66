"""Hurdle endpoint: the hurdle list's filters, rows of the hurdle export."""

from ninja import Router

from api import lists, schemas
from api.params import filter_parameters
from api.query import check_names, filter_query, paging, strict
from practices import facets
from practices.hurdles.export import hurdle_rows
from practices.hurdles.filters import HurdleFilter, base_queryset

router = Router(tags=["Hürden / hurdles"])


def _parse(query):
    return HurdleFilter.from_query(query, base_queryset())


@router.get(
    "/hurdles",
    response={200: schemas.HurdlePage, 400: schemas.Error},
    summary="Hürden / hurdles",
    description=(
        "Dieselben Parameter wie die Liste /huerden/, dazu cursor, limit und extra. Zeilen wie "
        "im Hürden-Export. / The hurdle list's parameters, plus cursor, limit and extra. Rows "
        "as in the hurdle export."
    ),
    openapi_extra={"parameters": filter_parameters(HurdleFilter)},
)
def hurdle_list(request):
    check_names(request.GET, set(HurdleFilter.base_filters))
    page = paging(request.GET)
    filterset = strict(_parse, filter_query(request.GET))
    hurdles, has_more = lists.window(filterset.qs, page)
    return {
        "results": list(hurdle_rows(hurdles, request.build_absolute_uri)),
        "next": lists.next_link(request, page, has_more),
        **lists.extras(
            page,
            count=lambda: filterset.qs.count(),
            facets=lambda: facets.compute(filterset),
        ),
    }
