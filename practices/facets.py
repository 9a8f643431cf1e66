"""Facet kinds: for each facet option, the number of results that clicking it gives.

A FilterSet declares its facets as data (`PracticeFilter.facets`); each kind counts its values
in one GROUP BY over the matches of all *other* filters and labels them. What the shown number
means ("after clicking"):

- an option not chosen: the total the list shows after ticking it. In a single-valued facet
  that replaces the choice; in a multi-valued facet (OR within the facet) the value is added,
  so with other values already chosen the number is the current total plus what it adds;
- a chosen option: how many of the current results carry it (the total with it alone chosen).

A facet none of whose values matches anything, and with nothing chosen, is not shown.
Toggles are yes-only filters shown as one checkbox, without a count.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from taggit.models import Tag

from forums.labels import forum_label
from forums.models import Forum
from practices import facet_pass
from practices.lenient import is_multiple
from practices.models import Practice, Project, ProjectAttribution, TaggedPractice

# The methods *_sql and read_rows serve practices.facet_pass (all facets in one query over the
# matches `m`); counts() is the same count, one query per facet.


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list
    multiple: bool
    toggle: bool = False  # one checkbox without counts
    hint: str = ""  # one sentence under the facet's heading

    @property
    def any_selected(self):
        return any(option.selected for option in self.options)

    @property
    def has_choices(self):
        """Tell whether any value matches or is chosen (an all-zero facet is not shown)."""
        return any(option.count or option.selected for option in self.options)


def _selected(filterset, name):
    value = filterset.form.cleaned_data.get(name) or []
    return set(value) if isinstance(value, list) else {value}


def _shown_count(own, added, selected, chosen, total, multiple):
    """Return the number of results after clicking an option (see the module docstring)."""
    if selected or not chosen or not multiple:
        return own
    return total + added


def _marks(values):
    return ", ".join(["%s"] * len(values))


def _grouped(queryset, field):
    return dict(
        queryset.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n")
    )


@dataclass(frozen=True)
class ChoiceFacet:
    """A field with fixed choices; every choice is listed, with 0 where nothing matches."""

    name: str
    field: str
    choices: list
    partitions: bool = False  # every row has exactly one value: the counts add up to the total

    def counts(self, filterset):
        return _grouped(filterset.filtered_without(self.name), self.field)

    def flag_sql(self, filterset, alias):
        chosen = sorted(_selected(filterset, self.name))
        if not chosen:
            return None
        return f"{alias}.{self._column()} IN ({_marks(chosen)})", chosen

    def branch_sql(self, index, where, own):
        column = self._column()
        return (
            f"SELECT {index}, CAST(m.{column} AS TEXT), '', '', COUNT(*), COUNT(*) "
            f"FROM m WHERE {where} GROUP BY m.{column}",
            [],
        )

    def read_rows(self, rows):
        return {key: n for key, _label, _sort, n, _added in rows}

    def _column(self):
        return Practice._meta.get_field(self.field).column

    def options(self, filterset, counts, total, multiple):
        # One value per row: ticking another value adds exactly its own matches.
        chosen = _selected(filterset, self.name)
        options = []
        for value, label in self.choices:
            n = counts.get(value, 0)
            count = _shown_count(n, n, value in chosen, chosen, total, multiple)
            options.append(Option(value, label, count, value in chosen))
        return options


@dataclass(frozen=True)
class ForumFacet:
    """The forums that have matching practices, newest first: slug → (label, count, date)."""

    name: str

    def counts(self, filterset):
        rows = (
            filterset.filtered_without(self.name)
            .order_by()
            .values_list("forum__slug", "forum__title", "forum__date")
            .annotate(n=Count("pk"))
            .order_by("-forum__date")
        )
        return {slug: (forum_label(title, date), n, date) for slug, title, date, n in rows}

    def flag_sql(self, filterset, alias):
        chosen = sorted(_selected(filterset, self.name))
        if not chosen:
            return None
        forums = Forum._meta.db_table
        sql = f"{alias}.forum_id IN (SELECT id FROM {forums} WHERE slug IN ({_marks(chosen)}))"
        return sql, chosen

    def branch_sql(self, index, where, own):
        # Counted by id first, then named: joining the forums row by row was 20× slower.
        return (
            f"SELECT {index}, f.slug, f.title, CAST(f.date AS TEXT), g.n, g.n "
            f"FROM (SELECT m.forum_id, COUNT(*) AS n FROM m WHERE {where} GROUP BY m.forum_id) g "
            f"JOIN {Forum._meta.db_table} f ON f.id = g.forum_id",
            [],
        )

    def read_rows(self, rows):
        # Newest first; the slug only makes the order of forums of the same day stable.
        rows = sorted(rows, key=lambda row: row[0])
        rows.sort(key=lambda row: row[2], reverse=True)
        days = {slug: datetime.date.fromisoformat(day[:10]) for slug, _t, day, _n, _a in rows}
        return {
            slug: (forum_label(title, days[slug]), n, days[slug])
            for slug, title, _day, n, _added in rows
        }

    def options(self, filterset, counts, total, multiple):
        # A practice has one forum: ticking another forum adds exactly its own matches.
        chosen = _selected(filterset, self.name)
        return [
            Option(
                slug,
                label,
                _shown_count(n, n, slug in chosen, chosen, total, multiple),
                slug in chosen,
            )
            for slug, (label, n, _date) in counts.items()
        ]


@dataclass(frozen=True)
class TagFacet:
    """The most frequent tags among the matches, plus any chosen one beyond them.

    Tags are OR-combined like the other multi-valued filters. A practice carries several
    tags, so what ticking one more adds is counted apart: its practices without any chosen tag.
    """

    name: str
    size: int
    hint: str = ""

    def counts(self, filterset):
        rows = TaggedPractice.objects.filter(
            content_object__in=filterset.filtered_without(self.name).order_by().values("pk")
        ).values_list("tag__slug", "tag__name")
        chosen = _selected(filterset, self.name)
        if chosen:
            with_chosen = TaggedPractice.objects.filter(tag__slug__in=chosen)
            added = Count("pk", filter=~Q(content_object__in=with_chosen.values("content_object")))
            rows = rows.annotate(n=Count("pk"), added=added)
        else:
            rows = rows.annotate(n=Count("pk"), added=Count("pk"))
        rows = rows.order_by("-n", "tag__name")
        return {slug: (name, n, added) for slug, name, n, added in rows}

    def flag_sql(self, filterset, alias):
        chosen = sorted(_selected(filterset, self.name))
        if not chosen:
            return None
        return (
            f"EXISTS (SELECT 1 FROM {TaggedPractice._meta.db_table} ct "
            f"JOIN {Tag._meta.db_table} cg ON cg.id = ct.tag_id "
            f"WHERE ct.content_object_id = {alias}.id AND cg.slug IN ({_marks(chosen)}))",
            chosen,
        )

    def branch_sql(self, index, where, own):
        # What ticking a tag adds: its practices that carry none of the chosen tags.
        added = f"SUM(CASE WHEN {own} THEN 0 ELSE 1 END)" if own else "COUNT(*)"
        return (
            f"SELECT {index}, t.slug, t.name, '', g.n, g.added "
            f"FROM (SELECT tp.tag_id, COUNT(*) AS n, {added} AS added "
            f"FROM m JOIN {TaggedPractice._meta.db_table} tp ON tp.content_object_id = m.id "
            f"WHERE {where} GROUP BY tp.tag_id) g JOIN {Tag._meta.db_table} t ON t.id = g.tag_id",
            [],
        )

    def read_rows(self, rows):
        # Already ordered by count, then name (facet_pass's ORDER BY).
        return {slug: (name, n, added) for slug, name, _sort, n, added in rows}

    def options(self, filterset, counts, total, multiple):
        chosen = _selected(filterset, self.name)
        options = [
            Option(
                slug,
                name,
                _shown_count(n, added, slug in chosen, chosen, total, multiple),
                slug in chosen,
            )
            for slug, (name, n, added) in counts.items()
        ]
        return options[: self.size] + [o for o in options[self.size :] if o.selected]


@dataclass(frozen=True)
class WaveFacet:
    """Funding waves of the publicly attributed projects; a practice counts once per wave."""

    name: str
    choices: list

    def counts(self, filterset):
        rows = (
            ProjectAttribution.objects.filter(
                is_public=True,
                practice__in=filterset.filtered_without(self.name).order_by().values("pk"),
            )
            .values_list("project__funding_wave")
            .annotate(n=Count("practice", distinct=True))
            .order_by()
        )
        return {str(wave): n for wave, n in rows if wave}

    def flag_sql(self, filterset, alias):
        chosen = sorted(_selected(filterset, self.name))
        if not chosen:
            return None
        return (
            f"EXISTS (SELECT 1 FROM {ProjectAttribution._meta.db_table} ca "
            f"JOIN {Project._meta.db_table} cp ON cp.id = ca.project_id "
            f"WHERE ca.practice_id = {alias}.id AND ca.is_public = %s "
            f"AND cp.funding_wave IN ({_marks(chosen)}))",
            [True, *(int(value) for value in chosen)],
        )

    def branch_sql(self, index, where, own):
        return (
            f"SELECT {index}, CAST(p.funding_wave AS TEXT), '', '', COUNT(DISTINCT m.id), 0 "
            f"FROM m JOIN {ProjectAttribution._meta.db_table} pa ON pa.practice_id = m.id "
            f"JOIN {Project._meta.db_table} p ON p.id = pa.project_id "
            f"WHERE pa.is_public = %s AND p.funding_wave IS NOT NULL AND {where} "
            "GROUP BY p.funding_wave",
            [True],
        )

    def read_rows(self, rows):
        return {key: n for key, _label, _sort, n, _added in rows}

    def options(self, filterset, counts, total, multiple):
        # Single-valued: a click replaces the choice, so the count is the wave's own.
        chosen = _selected(filterset, self.name)
        return [Option(v, label, counts.get(v, 0), v in chosen) for v, label in self.choices]


@dataclass(frozen=True)
class Toggle:
    """A yes-only filter shown as one checkbox, without a count (it would cost a query)."""

    name: str
    value: str
    label: str


def _own(count):
    """Return a value's own number of matches from a facet's counts entry."""
    return count[1] if isinstance(count, tuple) else count


def count_all(filterset, page=None):
    """Return [(spec, counts)]: in one query where every facet supports it, else one each.

    A facet_pass.RankedPage `page` gets its ids from that query when there is one.
    """
    if facet_pass.supported(filterset):
        return facet_pass.counts(filterset, page)
    return [(spec, spec.counts(filterset)) for spec in filterset.facets]


def compute(filterset, counted=None):
    """Return (facets, total): total is read off a partitioning facet, saving a COUNT query."""
    counted = count_all(filterset) if counted is None else counted
    total = None
    for spec, counts in counted:
        if getattr(spec, "partitions", False):
            chosen = _selected(filterset, spec.name)
            total = sum(n for value, n in counts.items() if not chosen or value in chosen)
    if total is None:
        total = filterset.qs.count()
    facets = []
    for spec, counts in counted:
        filter_ = filterset.filters[spec.name]
        multiple = is_multiple(filter_)
        options = spec.options(filterset, counts, total, multiple)
        has_data = any(_own(count) for count in counts.values())
        if has_data or any(option.selected for option in options):
            hint = getattr(spec, "hint", "")
            facets.append(Facet(spec.name, filter_.label, options, multiple, hint=hint))
    return facets, total


def toggles(filterset):
    """Return the filterset's toggles as facets of one uncounted option."""
    return [
        Facet(
            spec.name,
            filterset.filters[spec.name].label,
            [Option(spec.value, spec.label, None, spec.value in _selected(filterset, spec.name))],
            multiple=False,
            toggle=True,
        )
        for spec in filterset.toggles
    ]
