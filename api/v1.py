"""Version 1 of the read API: public content only, JSON, described by OpenAPI 3."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from api import catalogue, errors, hurdles, lines, practices
from api.query import QueryError

api = NinjaAPI(
    title="rehapro Wissensbasis – Lese-API / read API",
    version="1",
    description=(
        "Öffentliche Inhalte der Wissensbasis (nur veröffentlichte Einträge), nur lesend. "
        'Fehler: {"detail": {"de": …, "en": …}}. Jede Antwort trägt ETag und '
        "Last-Modified; If-None-Match ergibt 304. / Public content of the knowledge base "
        "(published entries only), read-only. Every response carries ETag and Last-Modified; "
        "If-None-Match gives 304."
    ),
    urls_namespace="api-v1",
    docs_url=None,  # the documentation page is our own, served without a CDN (api/docs.py)
    openapi_url="/openapi.json",
)
api.add_router("", practices.router)
api.add_router("", hurdles.router)
api.add_router("", catalogue.router)
api.add_router("", lines.router)


@api.exception_handler(QueryError)
def _query_error(request, exc):
    return errors.error(400, exc.de, exc.en)


@api.exception_handler(ValidationError)
def _validation_error(request, exc):
    return errors.error(400)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return errors.error(404)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return errors.error(exc.status_code)
