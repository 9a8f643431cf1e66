"""Read a forum documentation (plain text or Markdown) and propose draft practices.

The parser writes nothing: it returns a Proposal that a person reviews before anything is
created. Every non-empty line either becomes part of a proposed practice, sets the context
(category, status, aspect), or is listed as unplaced with a reason.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from practices.choices import Category, Status

# Categories in the order the forums document them; used when the headings are missing.
CATEGORY_ORDER = [
    Category.ANGEBOTE_TRAEGER,
    Category.FINANZIERUNG,
    Category.STRUKTUREN,
    Category.SONSTIGES,
]

MAX_TITLE_LENGTH = 120

_CATEGORY_NAMES = {
    "angebote und traeger": Category.ANGEBOTE_TRAEGER,
    "finanzierung": Category.FINANZIERUNG,
    "strukturen und organisationsentwicklung": Category.STRUKTUREN,
    "sonstiges": Category.SONSTIGES,
}
_MARKERS = {
    "geplant": Status.GEPLANT,
    "geplante": Status.GEPLANT,
    "geplantes": Status.GEPLANT,
    "umgesetzt": Status.UMGESETZT,
    "umgesetzte": Status.UMGESETZT,
    "umgesetztes": Status.UMGESETZT,
    "bereits umgesetzt": Status.UMGESETZT,
    "bereits umgesetztes": Status.UMGESETZT,
}
MARKER_LABELS = {Status.GEPLANT: "GEPLANTES", Status.UMGESETZT: "UMGESETZTES"}

# Every pattern below runs in linear time on any line: no two quantifiers may compete for the
# same characters (Python's re backtracks; "\s*:?\s*" on 4,000 blanks took over a minute).
# Leading and trailing blanks are cut with str methods instead.
_BULLET = re.compile(r"(?:[-*+•–—▪◦·]|\d{1,3}[.)])(?:\s(.*))?")
_ABER_LINE = re.compile(r"aber\b(.*)", re.IGNORECASE)
# "(aber: …)" anywhere, and ": aber: …" to the end of the line; a colon after "aber" is
# required, so an ordinary ", aber nicht immer" stays part of the sentence.
_INLINE_ABER_PAREN = re.compile(r"\(\s*aber\s*:([^()]*)\)", re.IGNORECASE)
_INLINE_ABER_TAIL = re.compile(r"[:;,–—]\s*aber\s*:(.+)", re.IGNORECASE)
# A parenthesis standing on its own (after a blank, followed by a blank, punctuation or the
# end): dropped from titles; "(Gruppen-)Begegnung" is part of a word and stays.
_ASIDE = re.compile(r"(?<=\s)\([^()]*\)(?=[\s.,;:!?]|$)")
# Longer lines are no practice (the longest seed bullet has 600 characters); reading stays
# linear anyway, the limit keeps the preview of a hostile paste small.
MAX_LINE_LENGTH = 5_000
_EMPTY_BULLET = re.compile(r"[-*+•–—▪◦·]|\d{1,3}[.)]")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# Plain lines at most this long (and not ending like a sentence) are read as sub-headings.
MAX_ASPECT_LENGTH = 120


@dataclass
class ProposedPractice:
    """One bullet line read as a practice, with the hurdles that qualified it."""

    title: str
    description: str
    category: str
    status: str
    aspect: str
    hurdles: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    # Where it stood as read (category › marker › sub-heading); kept when a row is corrected.
    origin: str = ""

    @property
    def line_label(self):
        first, last = self.lines[0], self.lines[-1]
        return str(first) if first == last else f"{first}–{last}"


@dataclass
class UnplacedLine:
    """A line the parser could not classify; shown to the researcher, never dropped."""

    number: int
    text: str
    reason: str

    def as_dict(self):
        return {"line": self.number, "text": self.text, "reason": self.reason}


@dataclass
class Proposal:
    """What a documentation would become: practices, unplaced lines and notes."""

    practices: list[ProposedPractice] = field(default_factory=list)
    unplaced: list[UnplacedLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def normalize_newlines(text):
    """Return the text with a leading BOM removed and every line ending as "\\n"."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _key(text):
    """Fold case, umlauts, "&"/"und", spacing and a trailing colon for keyword matching."""
    text = text.strip().rstrip(":").strip().lower().translate(_UMLAUTS)
    text = text.replace("&", " und ")
    return " ".join(text.split())


def _category_of(text):
    key = _key(text)
    if key.startswith("kategorie"):
        key = key.removeprefix("kategorie").lstrip().removeprefix(":").lstrip()
    return _CATEGORY_NAMES.get(key)


def _origin(category, status, aspect):
    parts = [str(Category(category).label), MARKER_LABELS[status]]
    return " › ".join([*parts, aspect] if aspect else parts)


def _capitalize(text):
    return text[:1].upper() + text[1:]


def _hurdle(text):
    return _capitalize(text.strip().lstrip(":").strip())


def split_inline_hurdles(text):
    """Return the bullet text without its "(aber: …)" / ": aber: …" parts, and those parts."""
    hurdles = [_hurdle(m.group(1)) for m in _INLINE_ABER_PAREN.finditer(text)]
    text = _cut(_INLINE_ABER_PAREN, text)
    tail = _INLINE_ABER_TAIL.search(text)
    if tail:
        hurdles.append(_hurdle(tail.group(1)))
        text = text[: tail.start()]
    return text.strip(), [h for h in hurdles if h]


def _cut(pattern, text):
    """Remove the pattern's matches together with the blanks right before each."""
    kept, start = [], 0
    for match in pattern.finditer(text):
        kept.append(text[start : match.start()].rstrip())
        start = match.end()
    kept.append(text[start:])
    return "".join(kept)


def _arrows_to_dashes(text):
    """Turn "a => b" and "a: => b" into "a – b"."""
    parts = text.split("=>")
    for index in range(len(parts) - 1):
        before = parts[index].rstrip()
        parts[index] = before.removesuffix(":").rstrip()
        parts[index + 1] = parts[index + 1].lstrip()
    return " – ".join(parts)


def derive_title(description):
    """Make a short, scannable title from a bullet's text."""
    title = _arrows_to_dashes(_cut(_ASIDE, description))
    title = " ".join(title.split()).strip(" .,;:") or description.strip()
    if len(title) > MAX_TITLE_LENGTH:
        title = title[: MAX_TITLE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" .,;:–-") + "…"
    return _capitalize(title)


@dataclass
class _Line:
    number: int
    text: str  # without heading marks, bullet or emphasis
    level: int  # Markdown heading level; 0 for any other line
    is_bullet: bool
    too_long: int = 0  # the length of a line too long to be read; 0 for every other line

    @property
    def is_heading(self):
        return self.level > 0


def _read_line(number, raw):
    stripped = raw.strip()
    if len(stripped) > MAX_LINE_LENGTH:
        return _Line(number, stripped[:200] + "…", 0, False, too_long=len(stripped))
    if not stripped or _is_rule(stripped) or _EMPTY_BULLET.fullmatch(stripped):
        return None
    if stripped.startswith("#"):
        hashes = len(stripped) - len(stripped.lstrip("#"))
        rest = stripped[hashes:]
        # "## Titel ##": closing hashes and blanks are no part of the heading's text.
        text = rest.rstrip().rstrip("#").rstrip()
        if not rest.strip().strip("#"):
            return None
        if hashes <= 6 and rest[0].isspace():
            return _Line(number, _strip_emphasis(text.strip()), hashes, False)
    bullet = _BULLET.fullmatch(stripped)
    if bullet:
        return _Line(number, (bullet.group(1) or "").strip(), 0, True)
    return _Line(number, _strip_emphasis(stripped), 0, False)


def _is_rule(text):
    """Tell whether a line is a Markdown rule: three or more of one of - * _ = (blanks between)."""
    marks = "".join(text.split())
    return len(marks) >= 3 and marks[0] in "-*_=" and marks == marks[0] * len(marks)


def _strip_emphasis(text):
    for mark in ("**", "__"):
        if len(text) > 2 * len(mark) and text.startswith(mark) and text.endswith(mark):
            return text[len(mark) : -len(mark)].strip()
    return text


class _Parser:
    def __init__(self, lines):
        self.lines = lines
        self.proposal = Proposal()
        # Without a single category heading, the blocks' order decides the category.
        self.by_order = not any(not line.is_bullet and _category_of(line.text) for line in lines)
        self.category = None
        self.status = None
        self.aspect = ""
        self.last = None
        self.block = -1
        self.category_level = 0
        self.origins = {}

    def unplaced(self, line, reason):
        self.proposal.unplaced.append(UnplacedLine(line.number, line.text, reason))

    def run(self):
        if self.by_order:
            self.proposal.notes.append(
                _(
                    "Keine Kategorie-Überschriften gefunden: Die Kategorien wurden nach der "
                    "Reihenfolge der Blöcke zugeordnet (Angebote & Träger, Finanzierung, "
                    "Strukturen & Organisationsentwicklung, Sonstiges). Bitte prüfen."
                )
            )
        for line in self.lines:
            self.read(line)
        return self.proposal

    def read(self, line):
        if line.too_long:
            return self.unplaced(
                line,
                _("Zeile zu lang (%(length)s Zeichen, höchstens %(limit)s); nicht gelesen")
                % {"length": line.too_long, "limit": MAX_LINE_LENGTH},
            )
        aber = _ABER_LINE.match(line.text)
        if aber:
            return self.add_hurdle(line, aber.group(1).lstrip().removeprefix(":"))
        if line.is_bullet:
            return self.add_practice(line)
        category = _category_of(line.text)
        if category:
            return self.start_category(line, category)
        status = _MARKERS.get(_key(line.text))
        if status:
            return self.start_marker(line, status)
        if line.is_heading and self.category_level and line.level <= self.category_level:
            return self.end_categories(line)
        return self.read_heading(line)

    def start_category(self, line, category):
        self.category, self.status, self.aspect, self.last = category, None, "", None
        self.category_level = line.level

    def end_categories(self, line):
        # A Markdown heading as high as the category headings closes the practices' part
        # (e.g. "## Thementische" after "## Sonstiges"): what follows belongs to no category.
        self.category, self.status, self.aspect, self.last = None, None, "", None
        self.unplaced(line, _("Überschrift außerhalb der Kategorien; beendet den Abschnitt"))

    def start_marker(self, line, status):
        if self.status == Status.UMGESETZT and status == Status.GEPLANT:
            if self.by_order:
                self.next_block(line)
            else:
                self.proposal.notes.append(
                    _(
                        "Zeile %(line)s: erneut GEPLANTES nach UMGESETZTES ohne neue "
                        "Kategorie-Überschrift; die Kategorie wurde beibehalten. Bitte prüfen."
                    )
                    % {"line": line.number}
                )
        elif self.by_order and self.block < 0:
            self.next_block(line)
        self.status, self.aspect, self.last = status, "", None

    def next_block(self, line):
        self.block += 1
        if self.block < len(CATEGORY_ORDER):
            self.category = CATEGORY_ORDER[self.block]
            return
        self.category = Category.SONSTIGES
        if self.block == len(CATEGORY_ORDER):
            self.proposal.notes.append(
                _(
                    "Zeile %(line)s: mehr als vier Blöcke; ab hier als „Sonstiges“ eingeordnet. "
                    "Bitte prüfen."
                )
                % {"line": line.number}
            )

    def add_hurdle(self, line, text):
        if self.last is None:
            return self.unplaced(line, _("„Aber“-Zeile ohne Aufzählungspunkt davor"))
        if not text.strip():
            return self.unplaced(line, _("„Aber“-Zeile ohne Text"))
        self.last.hurdles.append(_hurdle(text))
        self.last.lines.append(line.number)

    def add_practice(self, line):
        if self.category is None and not self.by_order:
            return self.unplaced(line, _("Aufzählungspunkt ohne Kategorie-Überschrift davor"))
        if self.status is None:
            return self.unplaced(line, _("Aufzählungspunkt vor GEPLANTES/UMGESETZTES"))
        description, hurdles = split_inline_hurdles(line.text)
        if not description:
            return self.unplaced(line, _("Aufzählungspunkt ohne Inhalt"))
        self.last = ProposedPractice(
            title=derive_title(description),
            description=description,
            category=self.category,
            status=self.status,
            aspect=self.aspect,
            hurdles=hurdles,
            lines=[line.number],
            origin=self.origin(),
        )
        self.proposal.practices.append(self.last)

    def origin(self):
        # Translating the category's label for each of thousands of bullets took a second.
        key = (self.category, self.status, self.aspect)
        if key not in self.origins:
            self.origins[key] = _origin(*key)
        return self.origins[key]

    def read_heading(self, line):
        if self.status is None:
            return self.unplaced(line, _("Text vor GEPLANTES/UMGESETZTES"))
        if not line.is_heading and (
            len(line.text) > MAX_ASPECT_LENGTH or line.text.endswith((".", "!", "?"))
        ):
            return self.unplaced(line, _("Fließtext, keiner Praxis zugeordnet"))
        self.aspect = line.text.rstrip(":").strip()
        self.last = None


def parse(text):
    """Propose practices for a forum documentation's text."""
    raw_lines = normalize_newlines(text).split("\n")
    lines = [
        line
        for number, raw in enumerate(raw_lines, start=1)
        if (line := _read_line(number, raw)) is not None
    ]
    return _Parser(lines).run()
