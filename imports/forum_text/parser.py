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

_HEADING = re.compile(r"^(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
_BULLET = re.compile(r"^(?:[-*+•–—▪◦·]|\d{1,3}[.)])\s+(.*)$")
_EMPTY_BULLET = re.compile(r"^(?:[-*+•–—▪◦·]|\d{1,3}[.)])$")
_RULE = re.compile(r"^([-*_=])(\s*\1){2,}$")
_EMPHASIS = re.compile(r"^(\*\*|__)(.+)\1$")
_ABER_LINE = re.compile(r"^aber\b\s*:?\s*(.*)$", re.IGNORECASE)
# "(aber: …)" anywhere, and ": aber: …" to the end of the line; a colon after "aber" is
# required, so an ordinary ", aber nicht immer" stays part of the sentence.
_INLINE_ABER_PAREN = re.compile(r"\s*\(\s*aber\s*:\s*([^()]*?)\s*\)", re.IGNORECASE)
_INLINE_ABER_TAIL = re.compile(r"\s*[:;,–—]\s*aber\s*:\s*(.+)$", re.IGNORECASE)
# A parenthesis standing on its own (" (…)" followed by a space, punctuation or the end):
# dropped from titles; "(Gruppen-)Begegnung" is part of a word and stays.
_ASIDE = re.compile(r"\s+\([^()]*\)(?=[\s.,;:!?]|$)")
_ARROW = re.compile(r"\s*:?\s*=>\s*")
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
    key = re.sub(r"^kategorie\s*:?\s*", "", key)
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
    text = _INLINE_ABER_PAREN.sub("", text)
    tail = _INLINE_ABER_TAIL.search(text)
    if tail:
        hurdles.append(_hurdle(tail.group(1)))
        text = text[: tail.start()]
    return text.strip(), [h for h in hurdles if h]


def derive_title(description):
    """Make a short, scannable title from a bullet's text."""
    title = _ARROW.sub(" – ", _ASIDE.sub("", description))
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

    @property
    def is_heading(self):
        return self.level > 0


def _read_line(number, raw):
    stripped = raw.strip()
    if not stripped or _RULE.match(stripped) or _EMPTY_BULLET.match(stripped):
        return None
    heading = _HEADING.match(stripped)
    if heading:
        text = (heading.group(2) or "").strip()
        level = len(heading.group(1))
        return _Line(number, _strip_emphasis(text), level, False) if text else None
    bullet = _BULLET.match(stripped)
    if bullet:
        return _Line(number, bullet.group(1).strip(), 0, True)
    return _Line(number, _strip_emphasis(stripped), 0, False)


def _strip_emphasis(text):
    match = _EMPHASIS.match(text)
    return match.group(2).strip() if match else text


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
        aber = _ABER_LINE.match(line.text)
        if aber:
            return self.add_hurdle(line, aber.group(1))
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
            origin=_origin(self.category, self.status, self.aspect),
        )
        self.proposal.practices.append(self.last)

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
