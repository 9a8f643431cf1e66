"""Absolute URLs for the social-preview and schema.org metadata of the public pages."""

from django import template
from django.conf import settings

register = template.Library()


def absolute(request, path):
    """Return the public absolute URL of a path (SITE_URL, else the request's host)."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    """Return the absolute URL of `path`, or of the current page without its query."""
    request = context["request"]
    return absolute(request, path if path is not None else request.path)
