"""The admin start page's work lists for researchers."""

from django import template
from django.urls import reverse

from practices.admin_filters import WORKLISTS
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
                worklist.label,
                worklist.select(practices, user).count(),
                f"{changelist}?{worklist.parameter}={worklist.value}",
            )
            for worklist in WORKLISTS
        ]
    }
