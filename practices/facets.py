"""Facet counts: for each facet, the count per value with all *other* filters applied."""

from dataclasses import dataclass

from django.db.models import Count

from practices.filters import FUNDING_WAVE_CHOICES
from practices.models import Practice, ProjectAttribution, TaggedPractice

TAG_FACET_SIZE = 20


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

    @property
    def any_selected(self):
        return any(option.selected for option in self.options)


def _grouped(queryset, field):
    return dict(
        queryset.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n")
    )


def compute(filterset):
    """Return (facets, total): total is read off the status facet, saving a COUNT query."""
    data = filterset.form.cleaned_data
    facets = []

    selected = set(data.get("kategorie") or [])
    counts = _grouped(filterset.filtered_without("kategorie"), "category")
    options = [
        Option(value, label, counts.get(value, 0), value in selected)
        for value, label in Practice.Category.choices
    ]
    facets.append(Facet("kategorie", filterset.filters["kategorie"].label, options, True))

    chosen_status = data.get("status") or ""
    counts = _grouped(filterset.filtered_without("status"), "status")
    options = [
        Option(value, label, counts.get(value, 0), value == chosen_status)
        for value, label in Practice.Status.choices
    ]
    facets.append(Facet("status", filterset.filters["status"].label, options, False))
    # Every practice has exactly one status, so the status counts add up to the total.
    total = counts.get(chosen_status, 0) if chosen_status else sum(counts.values())

    selected = set(data.get("forum") or [])
    rows = (
        filterset.filtered_without("forum")
        .order_by()
        .values_list("forum__slug", "forum__title", "forum__date")
        .annotate(n=Count("pk"))
        .order_by("-forum__date")
    )
    options = [
        Option(slug, f"{title} ({date:%Y})", n, slug in selected) for slug, title, date, n in rows
    ]
    facets.append(Facet("forum", filterset.filters["forum"].label, options, True))

    selected = list(data.get("tag") or [])
    rows = (
        TaggedPractice.objects.filter(
            content_object__in=filterset.filtered_without("tag").order_by().values("pk")
        )
        .values_list("tag__slug", "tag__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "tag__name")
    )
    options = [Option(slug, name, n, slug in selected) for slug, name, n in rows]
    shown = options[:TAG_FACET_SIZE] + [o for o in options[TAG_FACET_SIZE:] if o.selected]
    facets.append(Facet("tag", filterset.filters["tag"].label, shown, True))

    chosen_wave = data.get("foerderwelle") or ""
    rows = (
        ProjectAttribution.objects.filter(
            is_public=True,
            practice__in=filterset.filtered_without("foerderwelle").order_by().values("pk"),
        )
        .values_list("project__funding_wave")
        .annotate(n=Count("practice", distinct=True))
        .order_by()
    )
    counts = {str(wave): n for wave, n in rows if wave}
    options = [
        Option(value, label, counts.get(value, 0), value == chosen_wave)
        for value, label in FUNDING_WAVE_CHOICES
    ]
    facets.append(Facet("foerderwelle", filterset.filters["foerderwelle"].label, options, False))
    return facets, total
