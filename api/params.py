"""OpenAPI descriptions of a list page's query parameters, read off its FilterSet."""

import django_filters

from api.query import EXTRAS, LIMIT_DEFAULT, LIMIT_MAX
from practices.lenient import SLUG, SlugFilter, SlugListFilter, is_multiple
from practices.search import MAX_QUERY_LENGTH


def _schema(filter_):
    if isinstance(filter_, django_filters.ChoiceFilter | django_filters.MultipleChoiceFilter):
        item = {
            "type": "string",
            "enum": [str(value) for value, _label in filter_.extra["choices"]],
        }
    elif isinstance(filter_, SlugFilter | SlugListFilter):
        item = {"type": "string", "pattern": SLUG.pattern}
    else:
        item = {"type": "string", "maxLength": MAX_QUERY_LENGTH}
    if is_multiple(filter_):
        return {"type": "array", "items": item, "maxItems": 20}
    return item


def filter_parameters(filterset_class, *, sorts=None):
    """Return the OpenAPI parameters of a FilterSet's filters (+ sort), in declaration order."""
    parameters = []
    for name, filter_ in filterset_class.base_filters.items():
        parameter = {
            "name": name,
            "in": "query",
            "required": False,
            "description": str(filter_.label),
            "schema": _schema(filter_),
        }
        if is_multiple(filter_):
            parameter.update(style="form", explode=True)
            parameter["description"] += " (wiederholbar: ODER / repeatable: OR)"
        parameters.append(parameter)
    if sorts:
        parameters.append(
            {
                "name": "sort",
                "in": "query",
                "required": False,
                "description": "Sortierung / order",
                "schema": {"type": "string", "enum": list(sorts)},
            }
        )
    return parameters + PAGING_PARAMETERS


PAGING_PARAMETERS = [
    {
        "name": "cursor",
        "in": "query",
        "required": False,
        "description": "Aus dem „next“-Link / from the 'next' link",
        "schema": {"type": "string"},
    },
    {
        "name": "limit",
        "in": "query",
        "required": False,
        "description": f"Zeilen je Seite / rows per page (Standard/default {LIMIT_DEFAULT})",
        "schema": {"type": "integer", "minimum": 1, "maximum": LIMIT_MAX},
    },
    {
        "name": "extra",
        "in": "query",
        "required": False,
        "description": "Zusätzlich / also: " + ", ".join(EXTRAS),
        "schema": {"type": "array", "items": {"type": "string", "enum": list(EXTRAS)}},
        "style": "form",
        "explode": False,
    },
]
