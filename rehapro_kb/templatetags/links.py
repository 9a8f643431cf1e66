"""Link helpers for templates."""

from django import template

register = template.Library()


@register.filter
def web_url(value):
    """Return the URL only if it is http(s); a stored javascript: or data: link renders as none."""
    url = str(value or "").strip()
    return url if url.lower().startswith(("https://", "http://")) else ""
