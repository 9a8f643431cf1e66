"""Find German UI strings of the catalogue in a page's visible text, outside lang="de" blocks."""

import re
from html.parser import HTMLParser

from rehapro_kb.translations import PO_FILE
from tests.i18n.po import read_po

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
SKIPPED = {"head", "script", "style"}
ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
_PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


def _pattern(msgid):
    # A counter is a number; any other placeholder is some text.
    parts = re.split(r"(%\(\w+\)s|\{\w+\})", msgid)
    return re.compile(
        "".join(
            (r"\d[\d.,]*" if part == "%(counter)s" else ".+?")
            if _PLACEHOLDER.fullmatch(part)
            else re.escape(" ".join(part.split()))
            for part in parts
        )
    )


def german_ui_strings():
    """Return {msgid: pattern} of the catalogue's strings whose English differs from the German.

    A German string that is also some entry's English (e.g. "Filter") cannot be told apart
    and is left out.
    """
    entries = read_po(PO_FILE)
    english = {" ".join(s.split()) for e in entries for s in e.msgstrs}
    strings = {}
    for entry in entries:
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            normalised = " ".join(msgid.split())
            if normalised not in english and re.search(r"[A-Za-zÄÖÜäöüß]", normalised):
                strings[normalised] = _pattern(msgid)
    return strings


class _VisibleText(HTMLParser):
    """Collect text chunks and labelling attributes outside <head> and lang="de" subtrees."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, hidden) of the open elements
        self.chunks = []

    @property
    def hidden(self):
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # <html lang> is the page's language; any other lang="de" marks a content block.
        marked = tag != "html" and attrs.get("lang", "").startswith("de")
        hidden = self.hidden or tag in SKIPPED or marked
        if not hidden:
            self.chunks += [attrs[name] for name in ATTRIBUTES if attrs.get(name)]
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.chunks.append(data)


def visible_text_chunks(html):
    parser = _VisibleText()
    parser.feed(html)
    return [" ".join(chunk.split()) for chunk in parser.chunks]


def german_strings_in(html, strings):
    """Return the German UI strings found in the page.

    A chunk counts when it is a German string as a whole (a label, a heading) or contains
    one of several words; single words inside longer English text are names, not UI.
    """
    found = set()
    for chunk in visible_text_chunks(html):
        for msgid, pattern in strings.items():
            words = _PLACEHOLDER.sub("", msgid).strip()
            if pattern.fullmatch(chunk) or (
                " " in words and len(words) > 12 and pattern.search(chunk)
            ):
                found.add(msgid)
    return sorted(found)
