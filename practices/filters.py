"""The public list filters, named as they appear in the URL, and the practice list's facets."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag

from forums.models import Forum, Thementisch
from practices import search
from practices.facets import ChoiceFacet, ForumFacet, TagFacet, Toggle, WaveFacet
from practices.lenient import LenientFilterSet, SlugFilter, SlugListFilter
from practices.models import (
    Bundesland,
    Hurdle,
    Practice,
    Project,
    ProjectAttribution,
    TaggedPractice,
)

FUNDING_WAVE_CHOICES = [
    ("1", gettext_lazy("1. Förderwelle")),
    ("2", gettext_lazy("2. Förderwelle")),
    ("3", gettext_lazy("3. Förderwelle")),
]


class SearchFilter(django_filters.CharFilter):
    """Full-text search; too long a text is cut, with a notice."""

    def prepare(self, value, notices):
        if len(value) <= search.MAX_QUERY_LENGTH:
            return value
        notices.append(
            _("Der Suchbegriff war zu lang und wurde auf %(max)s Zeichen gekürzt.")
            % {"max": search.MAX_QUERY_LENGTH}
        )
        return value[: search.MAX_QUERY_LENGTH].strip()

    def filter(self, qs, value):
        return search.apply_search(qs, value) if value else qs


class PracticeFilter(LenientFilterSet):
    """Filters for published practices; repeated values of one filter are OR-combined.

    Slug references are checked against what the public can see: forums, Thementische and
    projects have public pages of their own, tags only show on published practices.
    """

    q = SearchFilter(label=gettext_lazy("Suchbegriff"))
    kategorie = django_filters.MultipleChoiceFilter(
        field_name="category",
        choices=Practice.Category.choices,
        label=gettext_lazy("Kategorie"),
        distinct=False,  # no join, so no duplicates to remove
    )
    status = django_filters.ChoiceFilter(
        field_name="status", choices=Practice.Status.choices, label=gettext_lazy("Status")
    )
    art = django_filters.MultipleChoiceFilter(
        field_name="entry_type",
        choices=Practice.EntryType.choices,
        label=gettext_lazy("Eintragsart"),
        distinct=False,
    )
    forum = SlugListFilter(
        field_name="forum__slug", references=Forum.objects, label=gettext_lazy("Fachforum")
    )
    thementisch = SlugFilter(
        field_name="thementisch__slug",
        references=Thementisch.objects,
        label=gettext_lazy("Thementisch"),
    )
    projekt = SlugFilter(
        method="filter_project", references=Project.objects, label=gettext_lazy("Projekt")
    )
    # Only tags a published practice carries are known: a draft's tag is as unknown as a typo.
    tag = SlugListFilter(
        method="filter_tags",
        references=Tag.objects.filter(
            Exists(
                TaggedPractice.objects.filter(
                    tag=OuterRef("pk"), content_object__in=Practice.objects.published()
                )
            )
        ),
        label=gettext_lazy("Schlagwort"),
    )
    foerderwelle = django_filters.ChoiceFilter(
        method="filter_funding_wave",
        choices=FUNDING_WAVE_CHOICES,
        label=gettext_lazy("Förderwelle"),
    )
    mit_verlauf = django_filters.ChoiceFilter(
        method="filter_with_line",
        choices=[("ja", gettext_lazy("nur mit Verlauf"))],
        label=gettext_lazy("Verlauf"),
    )
    mit_huerden = django_filters.ChoiceFilter(
        method="filter_with_hurdles",
        choices=[("ja", gettext_lazy("nur mit Hürden"))],
        label=gettext_lazy("Hürden"),
    )

    # The facets shown beside the list, in order; each counts with the other filters applied.
    facets = (
        ChoiceFacet("kategorie", "category", Practice.Category.choices),
        # Every practice has exactly one status, so its counts add up to the total.
        ChoiceFacet("status", "status", Practice.Status.choices, partitions=True),
        ChoiceFacet("art", "entry_type", Practice.EntryType.choices),
        ForumFacet("forum"),
        TagFacet(
            "tag",
            size=20,
            hint=gettext_lazy("Mehrere Schlagworte: Treffer mit mindestens einem davon."),
        ),
        WaveFacet("foerderwelle", FUNDING_WAVE_CHOICES),
    )
    toggles = (
        Toggle("mit_huerden", "ja", gettext_lazy("nur Praxisbeispiele mit Hürden")),
        Toggle("mit_verlauf", "ja", gettext_lazy("mit Verlauf über mehrere Foren")),
    )

    class Meta:
        model = Practice
        fields = []

    def filter_project(self, queryset, name, value):
        attributed = ProjectAttribution.objects.filter(is_public=True, project__slug=value)
        return queryset.filter(pk__in=attributed.values("practice_id"))

    def filter_tags(self, queryset, name, value):
        # OR like every multi-valued filter: a practice carrying any chosen tag matches.
        tagged = TaggedPractice.objects.filter(tag__slug__in=value)
        return queryset.filter(pk__in=tagged.values("content_object_id"))

    def filter_funding_wave(self, queryset, name, value):
        attributed = ProjectAttribution.objects.filter(
            is_public=True, project__funding_wave=int(value)
        )
        return queryset.filter(pk__in=attributed.values("practice_id"))

    def filter_with_hurdles(self, queryset, name, value):
        return queryset.filter(Exists(Hurdle.objects.filter(practice=OuterRef("pk"))))

    def filter_with_line(self, queryset, name, value):
        # A line is a path only with another published entry: a draft partner makes none.
        partner = (
            Practice.objects.published()
            .filter(line_membership__line=OuterRef("line_membership__line"))
            .exclude(pk=OuterRef("pk"))
        )
        return queryset.filter(Exists(partner))

    def filtered_without(self, *names):
        """Return the queryset with every filter applied except the named ones (for facets)."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset


class ProjectFilter(LenientFilterSet):
    """Filters of the public project list."""

    foerderwelle = django_filters.ChoiceFilter(
        field_name="funding_wave", choices=FUNDING_WAVE_CHOICES, label=gettext_lazy("Förderwelle")
    )
    status = django_filters.ChoiceFilter(
        field_name="status", choices=Project.Status.choices, label=gettext_lazy("Status")
    )
    bundesland = django_filters.ChoiceFilter(
        field_name="bundesland", choices=Bundesland.choices, label=gettext_lazy("Bundesland")
    )

    class Meta:
        model = Project
        fields = []
