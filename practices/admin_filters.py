"""Changelist filters for the researchers' everyday work lists."""

import datetime

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.models import Practice

REVIEW_INTERVAL = datetime.timedelta(days=365)


def review_due_q(today=None):
    """Published practices not checked for twelve months (or never)."""
    cutoff = (today or timezone.localdate()) - REVIEW_INTERVAL
    return Q(publication_state=Practice.PublicationState.VEROEFFENTLICHT) & (
        Q(last_reviewed_at__isnull=True) | Q(last_reviewed_at__lt=cutoff)
    )


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("Aktualität")
    parameter_name = "pruefung"

    def lookups(self, request, model_admin):
        return [("faellig", _("Prüfung fällig (über 12 Monate)")), ("aktuell", _("geprüft"))]

    def queryset(self, request, queryset):
        if self.value() == "faellig":
            return queryset.filter(review_due_q())
        if self.value() == "aktuell":
            return queryset.exclude(review_due_q())
        return queryset


class WorklistFilter(admin.SimpleListFilter):
    title = _("Arbeitslisten")
    parameter_name = "liste"

    def lookups(self, request, model_admin):
        return [
            ("meine-entwuerfe", _("meine Entwürfe")),
            ("zur-pruefung", _("zur Prüfung")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "meine-entwuerfe":
            return queryset.filter(
                created_by=request.user, publication_state=Practice.PublicationState.ENTWURF
            )
        if self.value() == "zur-pruefung":
            return queryset.filter(publication_state=Practice.PublicationState.IN_PRUEFUNG)
        return queryset
