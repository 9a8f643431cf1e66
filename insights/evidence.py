"""The evidence map's figures: published entries and hurdles counted in two queries.

Every count comes from the practice list's own FilterSet (PracticeList), so a cell and the
list it links to always agree.
"""

import math
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from forums.models import Forum
from practices.listing import PracticeList
from practices.models import Hurdle, Practice

BANDS = 4  # shades of the heat map besides "none"
CHART_BAR_UNITS = 480
CHART_ROW_UNITS = 44


@dataclass
class Cell:
    """One count, its shade and the list that shows exactly these entries ("" = no link)."""

    count: int
    label: str  # what the count is, for screen readers and the link's name
    url: str = ""
    band: int = 0


@dataclass
class Row:
    label: str
    cells: list
    total: Cell
    url: str = ""


@dataclass
class Table:
    """A heat-map table: rows × columns with row and column totals, shaded in bands."""

    caption: str
    row_heading: str
    columns: list  # column labels
    rows: list
    totals: list  # column totals, then the grand total
    legend: list = field(default_factory=list)

    def shade(self):
        """Give every inner cell its band, relative to this table's largest inner count."""
        inner = [cell for row in self.rows for cell in row.cells]
        largest = max((cell.count for cell in inner), default=0)
        limits = [math.ceil(largest * k / BANDS) for k in range(1, BANDS + 1)]
        for cell in inner:
            cell.band = next((k for k, limit in enumerate(limits, 1) if cell.count <= limit), 0)
            if cell.count == 0:
                cell.band = 0
        self.legend = [(0, "0")]
        low = 1
        for band, limit in enumerate(limits, start=1):
            if limit >= low:
                self.legend.append((band, f"{low}–{limit}" if limit > low else str(low)))
                low = limit + 1
        return self


def _link(base, query, **values):
    """Return `base` with `query`, the given parameters replacing any of the same name."""
    changed = query.copy()
    for key, value in values.items():
        changed.setlist(key, [value])
    encoded = changed.urlencode()
    return f"{base}?{encoded}" if encoded else base


class EvidenceMap:
    """The published entries matching the list's parameters, counted every way the page shows."""

    def __init__(self, query):
        self.listing = PracticeList.from_query(query)
        self.query = self.listing.export_query()
        self.query.pop("sort", None)
        self.list_url = reverse("practices:list")
        self.hurdle_url = reverse("practices:hurdle_list")

        self.categories = self.chosen("kategorie", Practice.Category.choices)
        self.statuses = self.chosen("status", Practice.Status.choices)
        self.entry_types = self.chosen("art", Practice.EntryType.choices)

    def active_filters(self):
        """Return (filter label, value label) for each filter value the counts are limited by."""
        filters = self.listing.filterset.filters
        active = []
        for name, values in self.query.lists():
            labels = dict(filters[name].extra.get("choices") or ()) if name in filters else {}
            label = filters[name].label if name in filters else name
            active += [(str(label), str(labels.get(value, value))) for value in values]
        return active

    @property
    def notices(self):
        return self.listing.notices

    @cached_property
    def cube(self):
        """Return {(forum_id, category, status, entry_type): count} (one query)."""
        rows = (
            self.listing.filterset.qs.order_by()
            .values_list("forum_id", "category", "status", "entry_type")
            .annotate(n=Count("pk"))
        )
        return {tuple(row[:4]): row[4] for row in rows}

    @cached_property
    def all_forums(self):
        return list(Forum.objects.order_by("date", "pk").only("pk", "slug", "title", "date"))

    @cached_property
    def forums(self):
        """The forums with matching entries, oldest first."""
        present = {key[0] for key in self.cube}
        return [forum for forum in self.all_forums if forum.pk in present]

    @cached_property
    def total(self):
        return sum(self.cube.values())

    def chosen(self, name, choices):
        """Return the choices the list's filter `name` keeps (all when it is not set)."""
        value = self.listing.filterset.form.cleaned_data.get(name)
        if not value:
            return list(choices)
        values = set(value) if isinstance(value, list) else {value}
        return [(v, label) for v, label in choices if v in values]

    def count(self, forum=None, **match):
        """Sum the cube over the entries of `forum` (a Forum or None) with the given values."""
        positions = {"category": 1, "status": 2, "entry_type": 3}
        return sum(
            n
            for key, n in self.cube.items()
            if (forum is None or key[0] == forum.pk)
            and all(key[positions[name]] == value for name, value in match.items())
        )

    def _cell(self, label, forum, filters, **match):
        url = _link(self.list_url, self.query, **filters)
        return Cell(self.count(forum, **match), label, url)

    def category_status(self, forum=None):
        """Category × status for one forum or all of them."""
        return self._by_status(
            forum,
            field="category",
            parameter="kategorie",
            values=self.categories,
            heading=_("Kategorie"),
            all_values=_("alle Kategorien"),
            caption=_("Einträge je Kategorie und Status: %(scope)s"),
        )

    def entry_type_status(self, forum=None):
        """Entry type × status for one forum or all of them."""
        return self._by_status(
            forum,
            field="entry_type",
            parameter="art",
            values=self.entry_types,
            heading=_("Eintragsart"),
            all_values=_("alle Eintragsarten"),
            caption=_("Einträge je Eintragsart und Status: %(scope)s"),
        )

    def _by_status(self, forum, *, field, parameter, values, heading, all_values, caption):
        """One dimension (rows) × status (columns), each cell linking to its filtered list."""
        scope = {"forum": forum.slug} if forum else {}
        rows = []
        for value, value_label in values:
            cells = [
                self._cell(
                    f"{value_label}, {status_label}",
                    forum,
                    {**scope, parameter: value, "status": status},
                    **{field: value, "status": status},
                )
                for status, status_label in self.statuses
            ]
            total = self._cell(
                f"{value_label}, {_('gesamt')}",
                forum,
                {**scope, parameter: value},
                **{field: value},
            )
            rows.append(Row(value_label, cells, total, total.url))
        totals = [
            self._cell(
                f"{status_label}, {all_values}",
                forum,
                {**scope, "status": status},
                status=status,
            )
            for status, status_label in self.statuses
        ]
        totals.append(self._cell(_("alle Einträge"), forum, scope))
        caption = caption % {"scope": forum.title if forum else _("alle Fachforen")}
        return Table(caption, heading, [label for _v, label in self.statuses], rows, totals).shade()

    def scopes(self):
        """All forums together first, then each forum with matching entries, newest first."""
        scopes = [(None, _("Alle Fachforen"))]
        scopes += [(f, f"{f.title} ({f.date:%d.%m.%Y})") for f in reversed(self.forums)]
        return [
            {
                "forum": forum,
                "heading": heading,
                "anchor": f"forum-{forum.slug}" if forum else "gesamt",
                "categories": self.category_status(forum),
                "entry_types": self.entry_type_status(forum),
            }
            for forum, heading in scopes
        ]

    def over_time(self):
        """Entries per forum in the order the forums took place, by entry type."""
        types = self.entry_types
        rows = []
        for forum in self.forums:
            label = f"{forum.title} ({forum.date:%d.%m.%Y})"
            cells = [
                self._cell(
                    f"{label}, {type_label}",
                    forum,
                    {"forum": forum.slug, "art": entry_type},
                    entry_type=entry_type,
                )
                for entry_type, type_label in types
            ]
            total = self._cell(f"{label}, {_('gesamt')}", forum, {"forum": forum.slug})
            rows.append(Row(label, cells, total, total.url))
        totals = [
            self._cell(
                f"{type_label}, {_('alle Fachforen')}",
                None,
                {"art": entry_type},
                entry_type=entry_type,
            )
            for entry_type, type_label in types
        ]
        totals.append(self._cell(_("alle Einträge"), None, {}))
        table = Table(
            _("Einträge je Fachforum und Eintragsart, in zeitlicher Reihenfolge"),
            _("Fachforum"),
            [label for _v, label in types],
            rows,
            totals,
        )
        return table.shade()

    def chart(self):
        """Bars of the entries per forum for the SVG chart, in its 600-unit-wide drawing."""
        rows = self.over_time().rows
        largest = max((row.total.count for row in rows), default=0) or 1
        return [
            {
                "label": row.label,
                "count": row.total.count,
                "width": max(1, round(row.total.count * CHART_BAR_UNITS / largest)),
                "y": index * CHART_ROW_UNITS,
            }
            for index, row in enumerate(rows)
        ]

    @cached_property
    def hurdle_cube(self):
        """Return {(kind, category or None): count} of the published hurdles (one query)."""
        rows = (
            Hurdle.objects.published()
            .order_by()
            .values_list("kind", "practice__category")
            .annotate(n=Count("pk"))
        )
        return {(kind, category): n for kind, category, n in rows}

    def hurdles(self):
        """Published hurdles by kind × the category of their entry (or none: standalone)."""
        cube = self.hurdle_cube
        categories = [*Practice.Category.choices, (None, _("ohne Eintrag"))]
        kinds = [*Hurdle.Kind.choices]
        if any(kind == "" for kind, _c in cube):
            kinds.append(("", _("ohne Art")))

        def cell(label, url, kind=..., category=...):
            count = sum(
                n
                for (k, c), n in cube.items()
                if (kind is ... or k == kind) and (category is ... or c == category)
            )
            return Cell(count, label, url)

        def url(**params):
            # The catalogue has no filter for "no kind" or "standalone": such cells get no link.
            if any(value in ("", None) for value in params.values()):
                return ""
            return _link(self.hurdle_url, QueryDict(mutable=True), **params)

        rows = []
        for kind, kind_label in kinds:
            cells = [
                cell(f"{kind_label}, {c_label}", url(typ=kind, kategorie=c), kind, c)
                for c, c_label in categories
            ]
            total = cell(f"{kind_label}, {_('gesamt')}", url(typ=kind), kind)
            rows.append(Row(kind_label, cells, total, total.url))
        totals = [
            cell(f"{c_label}, {_('alle Arten')}", url(kategorie=c), category=c)
            for c, c_label in categories
        ]
        totals.append(cell(_("alle Hürden"), self.hurdle_url))
        return Table(
            _("Veröffentlichte Hürden je Art und Kategorie des Eintrags"),
            _("Art der Hürde"),
            [label for _v, label in categories],
            rows,
            totals,
        ).shade()

    @cached_property
    def hurdle_total(self):
        return sum(self.hurdle_cube.values())
