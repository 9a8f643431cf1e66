"""Addresses by slug: one reverse() per route and language, then plain string filling.

A list page links each entry, its forum, projects and tags; reverse() costs about 50 µs a
call (URL resolver, language prefix, quoting), over 100 calls a page. A slug needs no
quoting, so the address with a placeholder is reversed once and the slug put in its place.
"""

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_MARK = "zzslug{}zz"  # itself a slug, so every <slug:…> route accepts it


def slug_url(viewname, **slugs):
    """Return reverse(viewname, kwargs=slugs) for slug-valued kwargs, at string speed."""
    if not all(_SLUG.fullmatch(str(value)) for value in slugs.values()):
        return reverse(viewname, kwargs=slugs)
    template = _template(
        viewname,
        tuple(sorted(slugs)),
        get_language(),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
    )
    for name, value in slugs.items():
        template = template.replace(_MARK.format(name), str(value))
    return template


@functools.lru_cache(maxsize=512)
def _template(viewname, names, _language, _prefix, _urlconf):
    # The language, script prefix and URLconf are part of the key: reverse() depends on them.
    return reverse(viewname, kwargs={name: _MARK.format(name) for name in names})
