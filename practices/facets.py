"""Facet kinds: for each facet, the count per value with all *other* filters applied.

A FilterSet declares its facets as data (`PracticeFilter.facets`); each kind knows how to
count its values in one GROUP BY and how to label them. Toggles are yes-only filters shown
as one checkbox, without a count.
"""

from dataclasses import dataclass

from django.db.models import Count

from forums.labels import forum_label
from practices.lenient import is_multiple
from practices.models import ProjectAttribution, TaggedPractice


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


def _choice_options(filterset, name, choices, counts):
    """List every choice, with 0 where nothing matches."""
    selected = _selected(filterset, name)
    return [Option(v, label, counts.get(v, 0), v in selected) for v, label in choices]


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

    def options(self, filterset, counts):
        return _choice_options(filterset, self.name, self.choices, counts)


@dataclass(frozen=True)
class ForumFacet:
    """The forums that have matching practices, newest first."""

    name: str

    def counts(self, filterset):
        rows = (
            filterset.filtered_without(self.name)
            .order_by()
            .values_list("forum__slug", "forum__title", "forum__date")
            .annotate(n=Count("pk"))
            .order_by("-forum__date")
        )
        return {slug: (forum_label(title, date), n) for slug, title, date, n in rows}

    def options(self, filterset, counts):
        selected = _selected(filterset, self.name)
        return [Option(slug, label, n, slug in selected) for slug, (label, n) in counts.items()]


@dataclass(frozen=True)
class TagFacet:
    """The most frequent tags among the matches, plus any chosen one beyond them."""

    name: str
    size: int

    def counts(self, filterset):
        rows = (
            TaggedPractice.objects.filter(
                content_object__in=filterset.filtered_without(self.name).order_by().values("pk")
            )
            .values_list("tag__slug", "tag__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "tag__name")
        )
        return {slug: (name, n) for slug, name, n in rows}

    def options(self, filterset, counts):
        selected = _selected(filterset, self.name)
        options = [Option(slug, name, n, slug in selected) for slug, (name, n) in counts.items()]
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

    def options(self, filterset, counts):
        return _choice_options(filterset, self.name, self.choices, counts)


@dataclass(frozen=True)
class Toggle:
    """A yes-only filter shown as one checkbox, without a count (it would cost a query)."""

    name: str
    value: str
    label: str


def compute(filterset):
    """Return (facets, total): total is read off a partitioning facet, saving a COUNT query."""
    facets, total = [], None
    for spec in filterset.facets:
        counts = spec.counts(filterset)
        options = spec.options(filterset, counts)
        filter_ = filterset.filters[spec.name]
        facets.append(Facet(spec.name, filter_.label, options, is_multiple(filter_)))
        if getattr(spec, "partitions", False):
            chosen = _selected(filterset, spec.name)
            total = sum(n for value, n in counts.items() if not chosen or value in chosen)
    if total is None:
        total = filterset.qs.count()
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
