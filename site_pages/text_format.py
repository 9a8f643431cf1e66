"""Turn the plain text of a legal page into safe HTML: paragraphs, headings, lists, links."""

import re
from itertools import groupby

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines

# Site-internal paths such as "/kontakt/" written in the text become links.
_PATH = re.compile(r"(?<![\w/.:])(/[a-z0-9-]+/)(?![\w/])")
_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _inline(line):
    """Escape one line and link its URLs, e-mail addresses and site paths."""
    pieces, position = [], 0
    pattern = re.compile(f"{_URL.pattern}|{_EMAIL.pattern}|{_PATH.pattern}")
    for match in pattern.finditer(line):
        pieces.append(escape(line[position : match.start()]))
        target = match.group(0)
        href = f"mailto:{target}" if "@" in target and "://" not in target else target
        pieces.append(format_html('<a href="{}">{}</a>', href, target))
        position = match.end()
    pieces.append(escape(line[position:]))
    return "".join(pieces)


def render_text(text, replacements=None):
    """Return the text as HTML blocks; h2 for "## ", ul for "- ", <br> within a paragraph."""
    for key, value in (replacements or {}).items():
        text = text.replace("{" + key + "}", str(value))
    blocks = []
    for block in re.split(r"\n\s*\n", normalize_newlines(text).strip()):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("## "):
            blocks.append(f"<h2>{_inline(lines[0][3:])}</h2>")
            lines = lines[1:]
            if not lines:
                continue
        for is_list, run in groupby(lines, key=lambda line: line.startswith("- ")):
            run = list(run)
            if is_list:
                items = "".join(f"<li>{_inline(line[2:])}</li>" for line in run)
                blocks.append(f"<ul>{items}</ul>")
            else:
                blocks.append("<p>" + "<br>".join(_inline(line) for line in run) + "</p>")
    # Every piece of text went through escape() or format_html() above.
    return mark_safe("\n".join(blocks))  # noqa: S308
