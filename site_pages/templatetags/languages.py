"""The same page in the other languages: the header's language switch and hreflang links."""

from django import template
from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from site_pages.templatetags.site_meta import absolute

register = template.Library()


def _unprefixed(path):
    """Return the path without a language prefix (German lives at the root)."""
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if code != settings.LANGUAGE_CODE and path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


def page_path(request, language):
    """Return this page's path (with its query string) in `language`."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
    if match is not None and match.url_name:
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        with translation.override(language):
            path = reverse(name, args=match.args, kwargs=match.kwargs)
    else:
        # An unknown page (404): swap the prefix, so the switch still leads somewhere sensible.
        path = _unprefixed(request.path)
        if language != settings.LANGUAGE_CODE:
            path = f"/{language}{path}"
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


@register.simple_tag(takes_context=True)
def language_versions(context):
    """Return [{code, name, path, url, current}] of the current page, one per language."""
    request = context["request"]
    current = translation.get_language()
    # Asked twice a page (header and head links): worked out once per request and language.
    known = request.__dict__.setdefault("_language_versions", {})
    if current not in known:
        paths = {code: page_path(request, code) for code, _name in settings.LANGUAGES}
        known[current] = [
            {
                "code": code,
                "name": name,
                "path": paths[code],
                "url": absolute(request, paths[code].split("?", 1)[0]),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ]
    return known[current]
