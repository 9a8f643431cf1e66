"""The admin start page's work lists for researchers."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from practices.admin_filters import review_due_q
from practices.models import Practice

register = template.Library()


@register.inclusion_tag("admin/includes/curation_overview.html", takes_context=True)
def curation_overview(context):
    """Count and link what needs a researcher's attention."""
    user = context["request"].user
    if not user.has_perm("practices.view_practice"):
        return {"lists": []}
    changelist = reverse("admin:practices_practice_changelist")
    practices = Practice.objects.all()
    return {
        "lists": [
            (
                _("meine Entwürfe"),
                practices.filter(created_by=user, publication_state="entwurf").count(),
                f"{changelist}?liste=meine-entwuerfe",
            ),
            (
                _("zur Prüfung"),
                practices.filter(publication_state="in_pruefung").count(),
                f"{changelist}?liste=zur-pruefung",
            ),
            (
                _("Prüfung fällig (über 12 Monate)"),
                practices.filter(review_due_q()).count(),
                f"{changelist}?pruefung=faellig",
            ),
        ]
    }
