"""The "zum Vergleich hinzufügen" link: the ids of the page's `vergleich` parameter plus one."""

from django import template

from compare.selection import with_added
from rehapro_kb.slug_urls import slug_url

register = template.Library()


@register.simple_tag(takes_context=True)
def compare_url(context, practice):
    """Return the comparison address with `practice` added to the ids already chosen."""
    request = context.get("request")
    current = request.GET.get("vergleich", "") if request is not None else ""
    return f"{slug_url('compare:compare')}?ids={with_added(current, practice.pk)}"
