"""Search text shared by both databases: cleaning the query and rendering snippets."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
# Sentinels mark highlighted words; the snippet is escaped before they become <mark>.
HIGHLIGHT_START = "\u27e6"
HIGHLIGHT_STOP = "\u27e7"
WORDS = re.compile(r"\w+", re.UNICODE)


def clean_query(raw):
    """Return the search text a person meant: no control characters, collapsed spaces."""
    text = "".join(ch if ch.isprintable() else " " for ch in raw or "")
    return " ".join(text.split())


def render_snippet(raw):
    """Escape a snippet and turn the sentinels into <mark> elements."""
    if not raw:
        return ""
    html = escape(raw).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above, only our own tags added
