"""Turn the list page's query string into a valid FilterSet, with notices for what was ignored."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.translation import gettext as _

from practices import search
from practices.filters import PracticeFilter
from practices.models import Practice

SINGLE_VALUED = ("q", "status", "thementisch", "projekt", "foerderwelle", "mit_huerden", "sort")
MULTI_VALUED = ("kategorie", "forum", "tag")
MAX_VALUES_PER_PARAM = 20
PER_PAGE_DEFAULT = 20
PER_PAGE_MIN, PER_PAGE_MAX = 10, 100


@dataclass
class Listing:
    """The validated filters of one request, shared by the list page and the exports."""

    filterset: PracticeFilter
    params: QueryDict
    notices: list = field(default_factory=list)
    per_page: int = PER_PAGE_DEFAULT
    page_number: int = 1

    @property
    def queryset(self):
        return self.filterset.qs

    @property
    def search_text(self):
        return self.filterset.search_text

    def labelled_filters(self):
        """Return the active filters as (name, label) pairs, for notes and export metadata."""
        return [(name, value) for name in self.params for value in self.params.getlist(name)]


def _clean_value(value):
    return search.clean_query(value)


def _parse_int(raw, name, notices, default, low, high):
    if raw in (None, ""):
        return default
    try:
        number = int(raw)
    except (TypeError, ValueError):
        notices.append(
            _("„%(value)s“ ist keine gültige Zahl für „%(name)s“ und wurde ignoriert.")
            % {"value": raw[:40], "name": name}
        )
        return default
    if not low <= number <= high:
        clamped = min(max(number, low), high)
        notices.append(
            _("„%(name)s“ muss zwischen %(low)s und %(high)s liegen; verwendet wird %(value)s.")
            % {"name": name, "low": low, "high": high, "value": clamped}
        )
        return clamped
    return number


def build_listing(query, queryset=None):
    """Validate a query string; drop what cannot be used and say so."""
    queryset = Practice.objects.published() if queryset is None else queryset
    notices = []
    data = QueryDict(mutable=True)
    for name in SINGLE_VALUED + MULTI_VALUED:
        values = [v for v in (_clean_value(raw) for raw in query.getlist(name)) if v]
        if not values:
            continue
        if name in SINGLE_VALUED and len(values) > 1:
            notices.append(
                _("„%(name)s“ wurde mehrfach angegeben; verwendet wird „%(value)s“.")
                % {"name": name, "value": values[-1][:80]}
            )
            values = values[-1:]
        if name == "q" and len(values[0]) > search.MAX_QUERY_LENGTH:
            values = [values[0][: search.MAX_QUERY_LENGTH].strip()]
            notices.append(
                _("Der Suchbegriff war zu lang und wurde auf %(max)s Zeichen gekürzt.")
                % {"max": search.MAX_QUERY_LENGTH}
            )
        if name == "kategorie":
            # A multiple-choice field reports one bad value at a time; sort them out at once.
            for bad in [v for v in values if v not in Practice.Category.values]:
                notices.append(_unknown_notice(bad, _("Kategorie")))
            values = [v for v in values if v in Practice.Category.values]
            if not values:
                continue
        if name in MULTI_VALUED:
            values = list(dict.fromkeys(values))
            if len(values) > MAX_VALUES_PER_PARAM:
                values = values[:MAX_VALUES_PER_PARAM]
                notices.append(
                    _("Zu viele Werte für „%(name)s“; berücksichtigt werden die ersten %(max)s.")
                    % {"name": name, "max": MAX_VALUES_PER_PARAM}
                )
        data.setlist(name, values)

    filterset = _valid_filterset(data, queryset, notices)
    per_page = _parse_int(
        query.get("pro_seite"), "pro_seite", notices, PER_PAGE_DEFAULT, PER_PAGE_MIN, PER_PAGE_MAX
    )
    page_number = _parse_int(query.get("page"), "page", notices, 1, 1, 10**6)
    if per_page != PER_PAGE_DEFAULT:
        data["pro_seite"] = str(per_page)
    return Listing(filterset, data, notices, per_page, page_number)


def _valid_filterset(data, queryset, notices):
    for _attempt in range(4):
        filterset = PracticeFilter(data, queryset=queryset)
        if filterset.is_valid():
            return filterset
        for name, errors in filterset.form.errors.as_data().items():
            label = str(filterset.filters[name].label) if name in filterset.filters else name
            for error in errors:
                bad = (error.params or {}).get("value")
                remaining = [v for v in data.getlist(name) if v != bad]
                if bad is not None and name in MULTI_VALUED and remaining:
                    data.setlist(name, remaining)
                else:
                    data.pop(name, None)
                notices.append(_unknown_notice(bad, label))
    data.clear()
    notices.append(_("Die Filter konnten nicht verwendet werden und wurden zurückgesetzt."))
    filterset = PracticeFilter(data, queryset=queryset)
    filterset.is_valid()
    return filterset


def _unknown_notice(value, label):
    return _("Der Wert „%(value)s“ für „%(filter)s“ ist unbekannt und wurde ignoriert.") % {
        "value": str(value if value is not None else "")[:80],
        "filter": label,
    }


class CountedPaginator(Paginator):
    """A paginator told the total, so it does not run its own COUNT query."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count


def paginate(listing, total):
    """Return the requested page, clamped to the pages that exist (with a notice)."""
    paginator = CountedPaginator(listing.queryset, listing.per_page, total)
    number = listing.page_number
    if number > paginator.num_pages:
        listing.notices.append(
            _("Seite %(page)s gibt es nicht; angezeigt wird die letzte Seite %(last)s.")
            % {"page": number, "last": paginator.num_pages}
        )
        number = paginator.num_pages
    return paginator.page(number)
