"""Filters and facets of the public hurdle list, named as they appear in the URL."""

import django_filters
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy

from forums.labels import forum_label
from forums.models import Forum
from practices.facets import ChoiceFacet, Option, _selected, _shown_count
from practices.filters import SearchFilter
from practices.lenient import LenientFilterSet, SlugListFilter
from practices.models import Hurdle, Practice


def base_queryset():
    """Published hurdles with the forum they belong to, directly or through their entry."""
    return (
        Hurdle.objects.published()
        .for_list()
        .annotate(
            owner_forum_slug=Coalesce(F("practice__forum__slug"), F("forum__slug")),
            owner_forum_date=Coalesce(F("practice__forum__date"), F("forum__date")),
        )
        .order_by("-owner_forum_date", "practice__category", "practice_id", "position", "id")
    )


class HurdleForumFacet:
    """The forums that have matching hurdles, newest first."""

    name = "forum"

    def counts(self, filterset):
        rows = (
            filterset.filtered_without(self.name)
            .order_by()
            .values_list("owner_forum_slug")
            .annotate(n=Count("pk"))
        )
        return dict(rows)

    def options(self, filterset, counts, total, multiple):
        # A hurdle has one forum: ticking another forum adds exactly its own matches.
        chosen = _selected(filterset, self.name)
        forums = Forum.objects.filter(slug__in=counts).order_by("-date")
        return [
            Option(
                f.slug,
                forum_label(f.title, f.date),
                _shown_count(
                    counts[f.slug], counts[f.slug], f.slug in chosen, chosen, total, multiple
                ),
                f.slug in chosen,
            )
            for f in forums
        ]


class HurdleFilter(LenientFilterSet):
    """Filters of the hurdle list; repeated values of one filter are OR-combined."""

    q = SearchFilter(method="filter_text", label=gettext_lazy("Suchbegriff"))
    typ = django_filters.MultipleChoiceFilter(
        field_name="kind", choices=Hurdle.Kind.choices, label=gettext_lazy("Art der Hürde")
    )
    forum = SlugListFilter(
        field_name="owner_forum_slug", references=Forum.objects, label=gettext_lazy("Fachforum")
    )
    kategorie = django_filters.MultipleChoiceFilter(
        field_name="practice__category",
        choices=Practice.Category.choices,
        label=gettext_lazy("Kategorie des Eintrags"),
    )

    facets = (
        ChoiceFacet("typ", "kind", Hurdle.Kind.choices),
        HurdleForumFacet(),
        ChoiceFacet("kategorie", "practice__category", Practice.Category.choices),
    )
    toggles = ()

    class Meta:
        model = Hurdle
        fields = []

    def filter_text(self, queryset, name, value):
        # Every word must occur in the hurdle, its entry's title or its source. Until the
        # site-wide search indexes hurdles, a plain containment test (both databases).
        for word in value.split():
            variants = {word, word.lower(), word.capitalize()}
            matches = Q()
            for variant in variants:
                matches |= (
                    Q(text__contains=variant)
                    | Q(practice__title__contains=variant)
                    | Q(source__contains=variant)
                )
            queryset = queryset.filter(matches)
        return queryset

    def filtered_without(self, *names):
        """Return the queryset with every filter applied except the named ones (for facets)."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset
