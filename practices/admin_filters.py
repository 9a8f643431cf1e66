"""Changelist filters for the researchers' everyday work lists."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import admin
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Worklist:
    """A work list: its changelist filter parameter and value, and which practices it holds."""

    parameter: str
    value: str
    label: str
    select: Callable  # (practices, user) -> practices


def _overdue_label():
    # Read at display time: the interval is a setting (DJANGO_REVIEW_INTERVAL_DAYS).
    return gettext("Prüfung überfällig (älter als %(days)s Tage)") % {
        "days": settings.REVIEW_INTERVAL_DAYS
    }


MY_DRAFTS = Worklist(
    "liste",
    "meine-entwuerfe",
    _("meine Entwürfe"),
    lambda practices, user: practices.drafts().created_by_user(user),
)
IN_REVIEW = Worklist(
    "liste", "zur-pruefung", _("zur Prüfung"), lambda practices, user: practices.in_review()
)
NEVER_REVIEWED = Worklist(
    "pruefung",
    "nie",
    _("noch nie geprüft"),
    lambda practices, user: practices.never_reviewed(),
)
REVIEW_OVERDUE = Worklist(
    "pruefung",
    "faellig",
    lazy(_overdue_label, str)(),
    lambda practices, user: practices.review_overdue(),
)
REVIEWED_RECENTLY = Worklist(
    "pruefung",
    "aktuell",
    _("innerhalb der Frist geprüft"),
    lambda practices, user: practices.reviewed_recently(),
)
# The admin start page lists these, in this order.
WORKLISTS = (MY_DRAFTS, IN_REVIEW, NEVER_REVIEWED, REVIEW_OVERDUE)


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


class ReviewDueFilter(WorklistFilter):
    title = _("Aktualität")
    parameter_name = REVIEW_OVERDUE.parameter
    worklists = (NEVER_REVIEWED, REVIEW_OVERDUE, REVIEWED_RECENTLY)
