"""The admin start page's count of open proposals, for those who decide them."""

from django import template
from django.urls import reverse

from practices.models import PendingChange
from practices.workflow import PUBLISH

register = template.Library()


@register.inclusion_tag("admin/includes/proposals_overview.html", takes_context=True)
def proposals_overview(context):
    """Count and link the open proposals awaiting a decision."""
    if not context["request"].user.has_perm(PUBLISH):
        return {"count": None}
    return {
        "count": PendingChange.objects.open().count(),
        "url": reverse("admin:practices_pendingchange_changelist"),
    }
