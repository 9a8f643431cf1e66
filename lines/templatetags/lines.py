from django import template
from django.utils.html import format_html

from lines import queries

register = template.Library()


@register.inclusion_tag("lines/includes/timeline.html")
def line_timeline(practice):
    """Render the small timeline of practice's line (nothing without a public path)."""
    members = queries.timeline(practice)
    line = members[0].line if members else None
    # The German title inside the translated link text, marked for screen readers.
    title = format_html('<span lang="de">{}</span>', line.title) if line else ""
    return {"members": members, "current": practice, "line": line, "title": title}


@register.inclusion_tag("lines/includes/related.html")
def related_practices(practice):
    """Render up to five related published entries, other forums first."""
    return {"related": queries.related_practices(practice)}


@register.simple_tag
def follow_up_ids(forum):
    """Return the ids of forum's entries a later forum followed up (for the marker)."""
    return queries.follow_up_ids(forum)
