from django import template

from forums.labels import forum_label as _forum_label

register = template.Library()


@register.filter
def forum_label(forum):
    """Name a forum with its year once: "Jobcenter der Zukunft 2025", not "… 2025 (2025)"."""
    return _forum_label(forum.title, forum.date)
