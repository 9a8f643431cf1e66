"""The "Zitieren" box and the Highwire meta tags of a citable page."""

from django import template

from citations.formats import DOWNLOADS, as_text
from citations.records import csl_record, download_path, is_citable, version_date

register = template.Library()


@register.simple_tag(takes_context=True)
def citation(context, obj):
    """Return what the box and the meta tags show, or None for what is not public."""
    if not is_citable(obj):
        return None
    record = csl_record(obj, context["request"])
    return {
        "record": record,
        "text": as_text(record),
        "stand": version_date(obj),
        "downloads": [(ext, download_path(obj, ext)) for ext in DOWNLOADS],
    }
