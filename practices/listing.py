"""The practice list request: from the query string to the page, facets, chips and exports."""

from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Subquery
from django.db.models.functions import Lower
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forums.models import Forum
from practices import facet_pass, facets, search
from practices.filters import PracticeFilter
from practices.lenient import last_value, unknown_value_notice
from practices.models import Practice

# The sort whitelist: name → (label, ordering); "relevanz" orders by search rank.
SORTS = {
    "relevanz": (gettext_lazy("Relevanz"), None),
    "neueste": (gettext_lazy("Neueste zuerst"), ("-created_at", "-id")),
    "titel": (gettext_lazy("Titel A–Z"), (Lower("title"), "id")),
    "forum": (
        gettext_lazy("Fachforum (neueste zuerst)"),
        ("-forum__date", "category", "status", "id"),
    ),
}
PER_PAGE_CHOICES = (10, 20, 50, 100)
PER_PAGE_DEFAULT = 20
MAX_PAGE = 10**6


@dataclass
class PracticeList:
    """One request for the practice list, validated once; shared by the page and the exports."""

    filterset: PracticeFilter
    params: QueryDict  # the usable parameters, for links that keep them
    notices: list = field(default_factory=list)
    sort: str = ""
    per_page: int = PER_PAGE_DEFAULT
    page_number: int = 1

    @classmethod
    def from_query(cls, query, queryset=None):
        """Validate a query string; drop what cannot be used and say so."""
        queryset = Practice.objects.published() if queryset is None else queryset
        filterset, notices = PracticeFilter.from_query(query, queryset)
        params = filterset.data.copy()
        sort = last_value(query, "sort", notices)
        if sort and sort not in SORTS:
            notices.append(unknown_value_notice(sort, _("Sortierung")))
            sort = ""
        if sort:
            params["sort"] = sort
        per_page = _parse_int(
            query.get("pro_seite"), "pro_seite", notices, PER_PAGE_DEFAULT, PER_PAGE_CHOICES
        )
        page_number = _parse_int(query.get("page"), "page", notices, 1, (1, MAX_PAGE))
        if per_page != PER_PAGE_DEFAULT:
            params["pro_seite"] = str(per_page)
        return cls(filterset, params, notices, sort, per_page, page_number)

    @property
    def search_text(self):
        return self.filterset.form.cleaned_data.get("q") or ""

    @property
    def sort_key(self):
        if self.sort and (self.sort != "relevanz" or self.search_text):
            return self.sort
        return "relevanz" if self.search_text else "forum"

    def sort_choices(self):
        """Return (value, label) of the sorts that apply: relevance only when searching."""
        searching = bool(self.search_text)
        return [(k, label) for k, (label, _order) in SORTS.items() if k != "relevanz" or searching]

    @cached_property
    def queryset(self):
        """Return the matching practices in the chosen order (ranked when by relevance)."""
        if self.sort_key == "relevanz":
            queryset = self.filterset.filtered_without("q")
            queryset = search.apply_search(queryset, self.search_text, ranked=True)
            return queryset.order_by("-rank", "id")
        return self.filterset.qs.order_by(*SORTS[self.sort_key][1])

    @cached_property
    def facet_counts(self):
        return facets.count_all(self.filterset, self._ranked_page)

    @cached_property
    def _ranked_page(self):
        """The requested page by relevance, for the facet pass to fill (None by other sorts)."""
        if self.sort_key != "relevanz":
            return None
        others = self.filterset.filtered_without(
            "q", *(spec.name for spec in self.filterset.facets)
        )
        matches = search.apply_search(others, self.search_text, ranked=True)
        offset = (self.page_number - 1) * self.per_page
        return facet_pass.RankedPage(matches, offset, self.per_page)

    @cached_property
    def facets_and_total(self):
        return facets.compute(self.filterset, self.facet_counts)

    @property
    def facets(self):
        return self.facets_and_total[0]

    @property
    def total(self):
        return self.facets_and_total[1]

    def toggles(self):
        return facets.toggles(self.filterset)

    @cached_property
    def page(self):
        """Return the requested page, clamped to the pages that exist, with its rows."""
        paginator = _CountedPaginator(self.queryset, self.per_page, self.total)
        number = self.page_number
        if number > paginator.num_pages:
            self.notices.append(
                _("Seite %(page)s gibt es nicht; angezeigt wird die letzte Seite %(last)s.")
                % {"page": number, "last": paginator.num_pages}
            )
            number = paginator.num_pages
        page = paginator.page(number)
        page.object_list = self._rows(page)
        return page

    def status_meanings(self):
        """Return the page's forums with their status meanings when the page mixes forums."""
        forums = {p.forum_id: p.forum for p in self.page.object_list}
        if len(forums) < 2:
            return []
        return sorted(
            (f for f in forums.values() if f.status_meaning_geplant or f.status_meaning_umgesetzt),
            key=lambda forum: forum.date,
            reverse=True,
        )

    def _rows(self, page):
        # Two steps: the ordered ids (narrow, index-friendly), then the rows of those ids.
        ranked = self._ranked_page
        if ranked is not None and ranked.ids is not None and page.number == self.page_number:
            ids = ranked.ids  # read with the facets
        else:
            start = (page.number - 1) * self.per_page
            queryset, start = self._narrowed(start)
            ids = list(queryset.values_list("pk", flat=True)[start : start + self.per_page])
        rows = Practice.objects.published().filter(pk__in=ids).for_list()
        by_id = {practice.pk: practice for practice in rows}
        practices = [by_id[pk] for pk in ids if pk in by_id]
        parsed = search.parse_query(self.search_text) if self.search_text else None
        for practice in practices:
            raw = search.snippet(practice.description, parsed) if parsed else ""
            practice.snippet = search.render_snippet(raw)
        return practices

    def _narrowed(self, start):
        """Return (queryset, offset) for a page ordered by forum: only its forum days are sorted.

        The forum facet's counts are the matches per forum, so the forum days before the
        page are skipped by counting, and the database sorts a few thousand rows, not all.
        """
        counts = dict((spec.name, found) for spec, found in self.facet_counts).get("forum")
        if self.sort_key != "forum" or counts is None:
            return self.queryset, start
        chosen = set(self.filterset.form.cleaned_data.get("forum") or [])
        days = {}
        for slug, (_label, n, date) in counts.items():
            if n and (not chosen or slug in chosen):
                days.setdefault(date, []).append((slug, n))
        before = end = 0  # rows on the days skipped; rows up to the last day taken
        slugs, days_taken = [], 0
        for _date, forums in sorted(days.items(), reverse=True):
            end += sum(n for _slug, n in forums)
            if end <= start:
                before = end
                continue
            slugs.extend(slug for slug, _n in forums)
            days_taken += 1
            if end >= start + self.per_page:
                break
        if days_taken > 1:
            return self.queryset.filter(forum__slug__in=slugs), start - before
        # One day: its date orders nothing. For one forum the rest of the order is an
        # index's (forum, state, category, status, id), read in order up to the page's end;
        # the forum's id as a subquery (run once, first) keeps that index usable.
        if len(slugs) == 1:
            forum_id = Subquery(Forum.objects.filter(slug=slugs[0]).values("id")[:1])
            same_day = self.queryset.filter(forum_id=forum_id)
        else:
            same_day = self.queryset.filter(forum__slug__in=slugs)
        return same_day.order_by(*SORTS["forum"][1][1:]), start - before

    def suggestions(self):
        """Suggest close words when a search found nothing."""
        if self.total or not self.search_text:
            return []
        return search.suggest(Practice.objects.published(), self.search_text)

    def chips(self):
        """Describe each active filter value with a query string that removes it."""
        labels = {(f.name, o.value): o.label for f in self.facets for o in f.options}
        filters = self.filterset.filters
        chips = []
        for name in self.filterset.data:
            for value in self.params.getlist(name):
                remaining = self.params.copy()
                remaining.setlist(name, [v for v in remaining.getlist(name) if v != value])
                text = f"„{value}“" if name == "q" else labels.get((name, value), value)
                chips.append(
                    {
                        "name": name,
                        "filter": str(filters[name].label),
                        "value": text,
                        "remove_query": remaining.urlencode(),
                    }
                )
        return chips

    def hidden_params(self):
        """Return the (name, value) pairs the filter form keeps without showing a control."""
        # A chosen value without matches is not an option of its facet: keep it all the same.
        shown = {(f.name, o.value) for f in [*self.facets, *self.toggles()] for o in f.options}
        own_controls = {"q", "sort", "pro_seite"}
        return [
            (n, v)
            for n in self.params
            if n not in own_controls
            for v in self.params.getlist(n)
            if (n, v) not in shown
        ]

    def export_query(self):
        """Return the parameters an export of this list takes (no paging)."""
        query = self.params.copy()
        for name in ("page", "pro_seite"):
            query.pop(name, None)
        return query

    def export_meta(self, list_url):
        """Describe this list for an export file: when, which filters, where it came from."""
        query = self.export_query().urlencode()
        filters = {name: self.params.getlist(name) for name in self.params}
        return {
            "exported_at": timezone.localtime().isoformat(timespec="seconds"),
            "filters": {k: v if len(v) > 1 else v[0] for k, v in filters.items() if v},
            "filters_text": ", ".join(
                f"{name}={value}" for name in self.params for value in self.params.getlist(name)
            ),
            "source_url": f"{list_url}?{query}" if query else list_url,
            "notices": self.notices,
        }


class _CountedPaginator(Paginator):
    """A paginator told the total, so it does not run its own COUNT query."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count


def _parse_int(raw, name, notices, default, bounds):
    low, high = bounds[0], bounds[-1]
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
