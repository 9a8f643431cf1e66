"""FilterSets that take a public query string leniently: keep what is usable, report the rest."""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Value
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices.search import clean_query

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")
MAX_VALUES_PER_PARAM = 20


class SlugListField(forms.Field):
    """A repeatable query parameter holding slugs."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": gettext_lazy("„%(value)s“ ist kein gültiger Wert.")}

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
    default_error_messages = {"invalid": gettext_lazy("„%(value)s“ ist kein gültiger Wert.")}

    def validate(self, value):
        super().validate(value)
        if value and not SLUG.match(value):
            raise ValidationError(self.error_messages["invalid"], "invalid", {"value": value})


class SlugFilter(django_filters.CharFilter):
    """One slug; `references` names the rows it must exist among (checked by from_query)."""

    field_class = SlugField

    def __init__(self, *args, references=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.references = references


class SlugListFilter(django_filters.Filter):
    """Repeatable slugs, OR-combined unless a method says otherwise."""

    field_class = SlugListField

    def __init__(self, *args, references=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.references = references

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


def is_multiple(filter_):
    """Tell whether a filter takes a parameter repeatedly."""
    return isinstance(filter_.field, forms.MultipleChoiceField | SlugListField)


def unknown_value_notice(value, label):
    return _("Der Wert „%(value)s“ für „%(filter)s“ ist unbekannt und wurde ignoriert.") % {
        "value": str(value)[:80],
        "filter": label,
    }


def last_value(query, name, notices):
    """Return a single-valued parameter's cleaned value; the last one wins when repeated."""
    values = [v for v in (clean_query(raw) for raw in query.getlist(name)) if v]
    if len(values) > 1:
        notices.append(
            _("„%(name)s“ wurde mehrfach angegeben; verwendet wird „%(value)s“.")
            % {"name": name, "value": values[-1][:80]}
        )
    return values[-1] if values else ""


class LenientFilterSet(django_filters.FilterSet):
    """A FilterSet built from a query string by `from_query`, which never fails.

    Single- and multi-valued parameters follow from the filter declarations. Unknown
    values are dropped one by one, each with a notice naming it; the rest still filters.
    """

    @classmethod
    def from_query(cls, query, queryset):
        """Return (filterset, notices) for the usable part of a query string."""
        notices = []
        filters = cls.base_filters
        data = QueryDict(mutable=True)
        # Single-valued parameters first: a stable order keeps links and cache keys stable.
        names = sorted(filters, key=lambda name: is_multiple(filters[name]))
        for name in names:
            filter_ = filters[name]
            if is_multiple(filter_):
                values = _many_values(query, name, notices)
            else:
                values = [last_value(query, name, notices)] if query.getlist(name) else []
                values = [v for v in values if v]
            prepare = getattr(filter_, "prepare", None)
            if prepare:
                values = [prepare(value, notices) for value in values]
            values = [v for v in values if _usable(filter_, v, notices)]
            if values:
                data.setlist(name, values)
        for name, value in _unknown_references(filters, data):
            data.setlist(name, [v for v in data.getlist(name) if v != value])
            notices.append(unknown_value_notice(value, filters[name].label))
        filterset = cls(data, queryset=queryset)
        if not filterset.is_valid():
            # Every value was checked above; this only guards against a filter we missed.
            notices.append(_("Die Filter konnten nicht verwendet werden und wurden zurückgesetzt."))
            filterset = cls(QueryDict(), queryset=queryset)
            filterset.is_valid()
        return filterset, notices

    @classmethod
    def canonical_query(cls, query):
        """Return the sorted (name, value) pairs `from_query` would use, or None if it would warn.

        Needs no database query: slugs naming rows are checked for their form only, so a page
        cache keyed by this form maps an ignored parameter or another order to the same entry.
        """
        notices = []
        pairs = []
        for name, filter_ in cls.base_filters.items():
            if is_multiple(filter_):
                values = sorted(_many_values(query, name, notices))
            else:
                values = [last_value(query, name, notices)] if query.getlist(name) else []
                values = [v for v in values if v]
            prepare = getattr(filter_, "prepare", None)
            if prepare:
                values = [prepare(value, notices) for value in values]
            if not all(_usable(filter_, v, notices) for v in values):
                return None
            pairs.extend((name, value) for value in values)
        return None if notices else sorted(pairs)


def _many_values(query, name, notices):
    values = list(dict.fromkeys(v for v in (clean_query(r) for r in query.getlist(name)) if v))
    if len(values) > MAX_VALUES_PER_PARAM:
        notices.append(
            _("Zu viele Werte für „%(name)s“; berücksichtigt werden die ersten %(max)s.")
            % {"name": name, "max": MAX_VALUES_PER_PARAM}
        )
        values = values[:MAX_VALUES_PER_PARAM]
    return values


def _usable(filter_, value, notices):
    try:
        filter_.field.clean([value] if is_multiple(filter_) else value)
    except ValidationError:
        notices.append(unknown_value_notice(value, filter_.label))
        return False
    return True


def _unknown_references(filters, data):
    """Return (name, value) pairs naming rows that do not exist, found in one query."""
    wanted = {
        name: data.getlist(name)
        for name, filter_ in filters.items()
        if getattr(filter_, "references", None) is not None and data.getlist(name)
    }
    if not wanted:
        return []
    queries = [
        filters[name]
        .references.filter(slug__in=values)
        .annotate(param=Value(name))
        .values_list("param", "slug")
        .order_by()
        for name, values in wanted.items()
    ]
    found = set(queries[0].union(*queries[1:], all=True))
    return [(n, v) for n, values in wanted.items() for v in values if (n, v) not in found]
