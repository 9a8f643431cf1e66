"""Social-preview and schema.org metadata for the public pages."""

import json

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The same escapes as json_script: the JSON cannot close the script element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


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


@register.simple_tag(takes_context=True)
def schema_org(context):
    """Return a JSON-LD block naming the site and its operator (data, not a script to run)."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "description": settings.SITE_DESCRIPTION,
        "url": absolute(request, reverse("home")),
        "inLanguage": "de",
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_OPERATOR,
            "logo": absolute(request, static("img/logo-512.png")),
        },
        "potentialAction": {
            "@type": "SearchAction",
            "target": absolute(request, reverse("practices:list")) + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
