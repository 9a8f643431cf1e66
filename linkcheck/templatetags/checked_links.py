"""External links on public pages: a broken one is shown as text with when it was checked.

`{% external_link url label %}` for a URL field; `{{ text|linkify }}` (or `linkify:"abbr"`
to also explain the glossary's abbreviations) for running text, before `linebreaks`.
"""

from django import template
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from glossary.templatetags.glossary_abbr import glossary_abbr
from linkcheck.broken import broken_links
from linkcheck.text_urls import find_urls

register = template.Library()


def _web_url(value):
    url = str(value or "").strip()
    return url if url.lower().startswith(("https://", "http://")) else ""


def render_link(url, label):
    """Return the link, or the label marked as unreachable if the checker found it broken."""
    checked = broken_links().get(url)
    if checked is None:
        return format_html('<a href="{}">{}</a>', url, label)
    note = _("derzeit nicht erreichbar (geprüft am %(date)s)") % {
        "date": date_format(localtime(checked), "j. F Y")
    }
    return format_html(
        '<span class="link-broken">{} <span class="hint">({})</span></span>', label, note
    )


@register.simple_tag
def external_link(url, label=None):
    """Render a link to an external URL (http/https only), or its label if it is broken."""
    url = _web_url(url)
    label = url if label in (None, "") else label
    if not url:
        return escape(label)
    return render_link(url, label)


@register.filter(is_safe=True)
def linkify(text, mode=""):
    """Escape plain text and turn its web addresses into links (broken ones into notes)."""
    if isinstance(text, SafeData):
        return text
    # NUL marks where a link goes; a stored NUL is dropped (it is no text anyway).
    text = "" if text is None else str(text).replace("\x00", "")
    urls, pieces, position = [], [], 0
    for start, end, url in find_urls(text):
        pieces.append(text[position:start])
        pieces.append(f"\x00{len(urls)}\x00")
        urls.append(url)
        position = end
    pieces.append(text[position:])
    html = str(glossary_abbr("".join(pieces)) if mode == "abbr" else escape("".join(pieces)))
    for index, url in enumerate(urls):
        html = html.replace(f"\x00{index}\x00", str(render_link(url, url)), 1)
    # Every piece is escaped text, glossary markup or format_html output.
    return mark_safe(html)  # noqa: S308
