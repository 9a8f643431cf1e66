"""The list endpoints' query string: the list pages' own parser, strict, plus paging and extras.

The public list pages drop what they cannot use and say so; a program should not get other
rows than it asked for, so here every such notice is a 400 with the same messages.
The API's own messages are fixed German/English pairs, not gettext: both go out at once.
"""

from dataclasses import dataclass

from django.utils import translation

from api import cursor

PAGING_PARAMS = ("cursor", "limit", "extra")
LIMIT_DEFAULT = 20
LIMIT_MAX = 100
EXTRAS = ("facets", "count")


class QueryError(Exception):
    """A query string the API will not guess about; carries the German and English message."""

    def __init__(self, de, en):
        super().__init__(de)
        self.de = de
        self.en = en


@dataclass(frozen=True)
class Paging:
    offset: int
    limit: int
    extras: frozenset


def filter_query(query):
    """Return the query without the API's own parameters: what the list page's parser reads."""
    filters = query.copy()
    for name in PAGING_PARAMS:
        filters.pop(name, None)
    return filters


def check_names(query, allowed):
    """Refuse parameters the endpoint does not know (a typo must not widen the result)."""
    for name in query:
        if name not in allowed and name not in PAGING_PARAMS:
            if name in ("page", "pro_seite"):
                raise QueryError(
                    f"„{name[:40]}“ gibt es in der API nicht; geblättert wird mit „cursor“ "
                    "und „limit“.",
                    f"'{name[:40]}' is not an API parameter; page with 'cursor' and 'limit'.",
                )
            raise QueryError(
                f"Der Parameter „{name[:40]}“ ist unbekannt.",
                f"Unknown parameter '{name[:40]}'.",
            )


def strict(parse, query):
    """Run a lenient parser; return its result, or raise its notices in German and English."""
    with translation.override("de"):
        result, notices = parse(query)
    if not notices:
        return result
    with translation.override("en"):
        _result, notices_en = parse(query)
    raise QueryError(" ".join(map(str, notices)), " ".join(map(str, notices_en)))


def paging(query):
    """Read cursor, limit and extra; raise QueryError for values that cannot be used."""
    for name in PAGING_PARAMS:
        if len(query.getlist(name)) > 1 and name != "extra":
            raise QueryError(
                f"„{name}“ darf nur einmal angegeben werden.",
                f"'{name}' may be given only once.",
            )
    try:
        offset = cursor.decode(query.get("cursor", ""))
    except cursor.BadCursor:
        raise QueryError(
            "Der Wert für „cursor“ ist ungültig; bitte den „next“-Link der vorigen Antwort "
            "verwenden.",
            "The value of 'cursor' is invalid; use the 'next' link of the previous response.",
        ) from None
    raw_limit = query.get("limit", "")
    limit = LIMIT_DEFAULT
    if raw_limit != "":
        try:
            limit = int(raw_limit)
        except ValueError:
            limit = 0
        if not 1 <= limit <= LIMIT_MAX or not raw_limit.strip().isdigit():
            raise QueryError(
                f"„limit“ muss eine ganze Zahl zwischen 1 und {LIMIT_MAX} sein.",
                f"'limit' must be a whole number from 1 to {LIMIT_MAX}.",
            )
    extras = set()
    for raw in query.getlist("extra"):
        for item in raw.split(","):
            item = item.strip()
            if item and item not in EXTRAS:
                raise QueryError(
                    f"„extra“ kennt nur {', '.join(EXTRAS)}; „{item[:40]}“ ist unbekannt.",
                    f"'extra' takes only {', '.join(EXTRAS)}; '{item[:40]}' is unknown.",
                )
            if item:
                extras.add(item)
    return Paging(offset, limit, frozenset(extras))


def facet_data(facet_list):
    """Return facets as JSON-ready dicts, labels in the active language."""
    return [
        {
            "name": facet.name,
            "label": str(facet.label),
            "multiple": facet.multiple,
            "options": [
                {
                    "value": str(option.value),
                    "label": str(option.label),
                    "count": option.count,
                    "selected": option.selected,
                }
                for option in facet.options
            ],
        }
        for facet in facet_list
    ]
