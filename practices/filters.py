"""The public practice list's filters: one FilterSet for the list page and every export."""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from forums.models import Forum, Thementisch
from practices import search
from practices.models import Hurdle, Practice, Project, ProjectAttribution, TaggedPractice

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")

SORT_CHOICES = [
    ("relevanz", _("Relevanz")),
    ("neueste", _("Neueste zuerst")),
    ("titel", _("Titel A–Z")),
    ("forum", _("Fachforum (neueste zuerst)")),
]
SORT_ORDER = {
    "neueste": ("-created_at", "-id"),
    "titel": (Lower("title"), "id"),
    "forum": ("-forum__date", "category", "status", "id"),
}
FUNDING_WAVE_CHOICES = [
    ("1", _("1. Förderwelle")),
    ("2", _("2. Förderwelle")),
    ("3", _("3. Förderwelle")),
]


class SlugListField(forms.Field):
    """A repeatable query parameter holding slugs."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("„%(value)s“ ist kein gültiger Wert.")}

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return list(dict.fromkeys(v for v in values if v))

    def validate(self, value):
        super().validate(value)
        for item in value:
            if not SLUG.match(item):
                raise ValidationError(self.error_messages["invalid"], "invalid", {"value": item})


class SlugField(forms.CharField):
    default_error_messages = {"invalid": _("„%(value)s“ ist kein gültiger Wert.")}

    def validate(self, value):
        super().validate(value)
        if value and not SLUG.match(value):
            raise ValidationError(self.error_messages["invalid"], "invalid", {"value": value})


class SlugFilter(django_filters.CharFilter):
    field_class = SlugField


class SlugListFilter(django_filters.Filter):
    field_class = SlugListField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


class PracticeFilterForm(forms.Form):
    """Checks in one query that every named forum, tag, Thementisch and project exists."""

    LOOKUPS = {
        "forum": Forum.objects,
        "tag": Tag.objects,
        "thementisch": Thementisch.objects,
        "projekt": Project.objects,
    }

    def clean(self):
        cleaned = super().clean()
        wanted = {}
        for name in self.LOOKUPS:
            value = cleaned.get(name)
            if value:
                wanted[name] = value if isinstance(value, list) else [value]
        if not wanted:
            return cleaned
        queries = [
            self.LOOKUPS[name]
            .filter(slug__in=values)
            .annotate(param=Value(name))
            .values_list("param", "slug")
            .order_by()
            for name, values in wanted.items()
        ]
        found = set(queries[0].union(*queries[1:], all=True))
        for name, values in wanted.items():
            for value in values:
                if (name, value) not in found:
                    self.add_error(
                        name,
                        ValidationError(
                            _("„%(value)s“ ist unbekannt."), "unknown", {"value": value}
                        ),
                    )
        return cleaned


class PracticeFilter(django_filters.FilterSet):
    """Filters for published practices, named as they appear in the URL."""

    q = django_filters.CharFilter(method="filter_search", label=_("Suchbegriff"))
    kategorie = django_filters.MultipleChoiceFilter(
        field_name="category",
        choices=Practice.Category.choices,
        label=_("Kategorie"),
        distinct=False,  # no join, so no duplicates to remove
    )
    status = django_filters.ChoiceFilter(
        field_name="status", choices=Practice.Status.choices, label=_("Status")
    )
    forum = SlugListFilter(field_name="forum__slug", label=_("Fachforum"))
    thementisch = SlugFilter(field_name="thementisch__slug", label=_("Thementisch"))
    projekt = SlugFilter(method="filter_project", label=_("Projekt"))
    tag = SlugListFilter(method="filter_tags", label=_("Schlagwort"))
    foerderwelle = django_filters.ChoiceFilter(
        method="filter_funding_wave", choices=FUNDING_WAVE_CHOICES, label=_("Förderwelle")
    )
    mit_huerden = django_filters.ChoiceFilter(
        method="filter_with_hurdles", choices=[("ja", _("nur mit Hürden"))], label=_("Hürden")
    )
    sort = django_filters.ChoiceFilter(
        method="filter_nothing", choices=SORT_CHOICES, label=_("Sortierung")
    )

    class Meta:
        model = Practice
        fields = []
        form = PracticeFilterForm

    def filter_search(self, queryset, name, value):
        value = search.clean_query(value)
        return search.apply_search(queryset, value) if value else queryset

    def filter_project(self, queryset, name, value):
        attributed = ProjectAttribution.objects.filter(is_public=True, project__slug=value)
        return queryset.filter(pk__in=attributed.values("practice_id"))

    def filter_tags(self, queryset, name, value):
        for slug in value:
            tagged = TaggedPractice.objects.filter(tag__slug=slug)
            queryset = queryset.filter(pk__in=tagged.values("content_object_id"))
        return queryset

    def filter_funding_wave(self, queryset, name, value):
        attributed = ProjectAttribution.objects.filter(
            is_public=True, project__funding_wave=int(value)
        )
        return queryset.filter(pk__in=attributed.values("practice_id"))

    def filter_with_hurdles(self, queryset, name, value):
        return queryset.filter(Exists(Hurdle.objects.filter(practice=OuterRef("pk"))))

    def filter_nothing(self, queryset, name, value):
        # Sorting is applied last, in filter_queryset, because it also has a default.
        return queryset

    @property
    def search_text(self):
        return search.clean_query(self.form.cleaned_data.get("q") or "")

    @property
    def sort_key(self):
        chosen = self.form.cleaned_data.get("sort")
        if chosen == "relevanz" and not self.search_text:
            chosen = None
        return chosen or ("relevanz" if self.search_text else "forum")

    def filtered_without(self, *names):
        """Return the queryset with every filter applied except the named ones (for facets)."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name not in names and name != "sort":
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_queryset(self, queryset):
        if self.sort_key == "relevanz":
            queryset = self.filtered_without("q")
            queryset = search.apply_search(queryset, self.search_text, ranked=True)
            return queryset.order_by("-rank", "id")
        return self.filtered_without().order_by(*SORT_ORDER[self.sort_key])
