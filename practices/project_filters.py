"""Filters of the public project list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from practices.filters import FUNDING_WAVE_CHOICES
from practices.models import Bundesland, Project


class ProjectFilter(django_filters.FilterSet):
    foerderwelle = django_filters.ChoiceFilter(
        field_name="funding_wave", choices=FUNDING_WAVE_CHOICES, label=_("Förderwelle")
    )
    status = django_filters.ChoiceFilter(
        field_name="status", choices=Project.Status.choices, label=_("Status")
    )
    bundesland = django_filters.ChoiceFilter(
        field_name="bundesland", choices=Bundesland.choices, label=_("Bundesland")
    )

    class Meta:
        model = Project
        fields = []
