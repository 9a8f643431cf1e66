"""Changelist filters for the researchers' everyday work lists."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Worklist:
    """A work list: its changelist filter parameter and value, and which practices it holds."""

    parameter: str
    value: str
    label: str
    select: Callable  # (practices, user) -> practices


MY_DRAFTS = Worklist(
    "liste",
    "meine-entwuerfe",
    _("meine Entwürfe"),
    lambda practices, user: practices.drafts().created_by_user(user),
)
IN_REVIEW = Worklist(
    "liste", "zur-pruefung", _("zur Prüfung"), lambda practices, user: practices.in_review()
)
REVIEW_DUE = Worklist(
    "pruefung",
    "faellig",
    _("Prüfung fällig (über 12 Monate)"),
    lambda practices, user: practices.review_due(),
)
# The admin start page lists these, in this order.
WORKLISTS = (MY_DRAFTS, IN_REVIEW, REVIEW_DUE)


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("Aktualität")
    parameter_name = REVIEW_DUE.parameter

    def lookups(self, request, model_admin):
        return [(REVIEW_DUE.value, REVIEW_DUE.label), ("aktuell", _("geprüft"))]

    def queryset(self, request, queryset):
        if self.value() == REVIEW_DUE.value:
            return REVIEW_DUE.select(queryset, request.user)
        if self.value() == "aktuell":
            return queryset.review_not_due()
        return queryset


class WorklistFilter(admin.SimpleListFilter):
    title = _("Arbeitslisten")
    parameter_name = MY_DRAFTS.parameter
    worklists = (MY_DRAFTS, IN_REVIEW)

    def lookups(self, request, model_admin):
        return [(worklist.value, worklist.label) for worklist in self.worklists]

    def queryset(self, request, queryset):
        for worklist in self.worklists:
            if self.value() == worklist.value:
                return worklist.select(queryset, request.user)
        return queryset
