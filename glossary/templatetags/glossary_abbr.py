"""`{{ text|glossary_abbr }}`: explain the glossary's abbreviations in plain text with <abbr>."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, mark_safe

from glossary.lookup import snapshot

register = template.Library()


@register.filter(is_safe=True)
def glossary_abbr(text):
    """Escape plain text and wrap each known abbreviation's first occurrence in <abbr>.

    Markup that is already safe (e.g. highlighted search snippets) is returned unchanged:
    wrapping inside it could split a tag or an attribute.
    """
    if isinstance(text, SafeData):
        return text
    text = "" if text is None else str(text)
    glossary = snapshot()
    if glossary.pattern is None or not text or glossary.pattern.search(text) is None:
        return escape(text)  # most texts name no abbreviation
    parts, seen, position = [], set(), 0
    for match in glossary.pattern.finditer(text):
        short = match.group()
        if short in seen:
            continue
        seen.add(short)
        parts.append(escape(text[position : match.start()]))
        term = glossary.abbreviations[short]
        parts.append(format_html('<abbr title="{}">{}</abbr>', term.long, short))
        position = match.end()
        if len(seen) == len(glossary.abbreviations):
            break
    parts.append(escape(text[position:]))
    # Every piece is already safe (escaped text or format_html output): joined as is.
    return mark_safe("".join(parts))  # noqa: S308
