"""Field-by-field differences between two snapshots, with word diffs marked by <ins> and <del>."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forums.models import Forum, Thementisch
from practices.models import Hurdle, Practice
from practices.snapshots import KEYS

# Texts people write: shown as word diffs. The other fields are shown as old → new.
TEXT_FIELDS = (
    "title",
    "description",
    "aspect",
    "source_section",
    "status_reason",
    "editorial_note",
)
RELATED_LABELS = {
    "hurdles": gettext_lazy("Hürden"),
    "hurdle_details": gettext_lazy("Art und Quelle der Hürden"),
    "tags": gettext_lazy("Schlagworte"),
    "projects": gettext_lazy("Projektzuordnungen"),
}
# Words, runs of white space (line breaks kept), and single other characters.
TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    before: str
    after: str
    html: str  # safe markup: the change, with <del> and <ins>


def label(name):
    if name in RELATED_LABELS:
        return str(RELATED_LABELS[name])
    return str(Practice._meta.get_field(name).verbose_name)


def diff(before, after):
    """Return what changed from one snapshot to the other, field by field, in form order."""
    names = [name for name in KEYS if before.get(name) != after.get(name)]
    if before.get("hurdle_details") is None or after.get("hurdle_details") is None:
        # A proposal stored before hurdles had details says nothing about them.
        names = [name for name in names if name != "hurdle_details"]
    lookups = _Lookups(before, after, names)
    changes = []
    for name in names:
        old, new = before.get(name), after.get(name)
        if name != "hurdle_details":
            shown = (lookups.text(name, old), lookups.text(name, new))
        if name in TEXT_FIELDS:
            html = word_diff(old or "", new or "")
        elif name == "hurdles":
            html = _list_diff(old or [], new or [])
        elif name == "hurdle_details":
            lines = (_details(old, before.get("hurdles")), _details(new, after.get("hurdles")))
            html = _list_diff(*lines)
            shown = tuple("\n".join(part) for part in lines)
        elif name in ("tags", "projects"):
            html = _set_diff(_items(name, old), _items(name, new))
        else:
            html = _replacement(lookups.show(name, old), lookups.show(name, new))
        changes.append(FieldChange(name, label(name), *shown, html))
    return changes


def word_diff(old, new):
    """Mark the words deleted from `old` and inserted into `new` (all text escaped)."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    pieces = []
    for op, i1, i2, j1, j2 in _merged_opcodes(a, b):
        if op == "equal":
            pieces.append(conditional_escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(format_html("<del>{}</del>", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(format_html("<ins>{}</ins>", "".join(b[j1:j2])))
    return format_html('<div class="diff-text">{}</div>', _join(pieces))


def _merged_opcodes(a, b):
    """Return difflib's opcodes, with a lone space between two changes taken into the change."""
    merged = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if merged and op != "equal" and merged[-1][0] != "equal":
            merged[-1] = ("replace", merged[-1][1], i2, merged[-1][3], j2)
        elif (
            len(merged) >= 2
            and op != "equal"
            and merged[-1][0] == "equal"
            and "".join(a[merged[-1][1] : merged[-1][2]]).isspace()
        ):
            previous = merged[-2]
            merged[-2:] = [("replace", previous[1], i2, previous[3], j2)]
        else:
            merged.append((op, i1, i2, j1, j2))
    return merged


def _list_diff(old, new):
    """Mark hurdles removed, added or reworded, keeping their order."""
    items = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            items += [conditional_escape(text) for text in old[i1:i2]]
        elif op == "replace" and i2 - i1 == j2 - j1:
            items += [word_diff(a, b) for a, b in zip(old[i1:i2], new[j1:j2], strict=True)]
        else:
            items += [format_html("<del>{}</del>", text) for text in old[i1:i2]]
            items += [format_html("<ins>{}</ins>", text) for text in new[j1:j2]]
    return format_html(
        '<ol class="diff-list">{}</ol>', _join(format_html("<li>{}</li>", i) for i in items)
    )


def _set_diff(old, new):
    kept = [conditional_escape(item) for item in old if item in new]
    removed = [format_html("<del>{}</del>", item) for item in old if item not in new]
    added = [format_html("<ins>{}</ins>", item) for item in new if item not in old]
    return _join(kept + removed + added, ", ") or "–"


def _replacement(old, new):
    return format_html("<del>{}</del> → <ins>{}</ins>", old, new)


def _items(name, value):
    if name == "tags":
        return list(value or [])
    return [_project_text(slug, is_public) for slug, is_public in value or []]


def _details(value, texts):
    """Show each hurdle's kind and source as one line, named by the start of its text."""
    kinds = dict(Hurdle.Kind.choices)
    texts = list(texts or []) + [""] * len(value or [])
    return [
        _("„%(hurdle)s“: %(kind)s · Quelle: %(source)s")
        % {
            "hurdle": Truncator(text).chars(40),
            "kind": kinds.get(kind, kind) or _("ohne Art"),
            "source": source or "–",
        }
        for text, (kind, source) in zip(texts, value or [], strict=False)
    ]


def _project_text(slug, is_public):
    shown = _("öffentlich") if is_public else _("nicht öffentlich")
    return f"{slug} ({shown})"


def _join(pieces, separator=""):
    # Every piece is escaped or built by format_html already.
    return mark_safe(separator.join(conditional_escape(piece) for piece in pieces))  # noqa: S308


class _Lookups:
    """Show choices, forums and theme tables by their names (one query per kind)."""

    def __init__(self, before, after, names):
        self.names = {}
        for name, model in (("forum", Forum), ("thementisch", Thementisch)):
            if name in names:
                ids = {before.get(name), after.get(name)} - {None}
                self.names[name] = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=ids)}

    def show(self, name, value):
        if value in (None, ""):
            return "–"
        if name in self.names:
            return self.names[name].get(value, _("(gelöscht, Nr. %(pk)s)") % {"pk": value})
        field = Practice._meta.get_field(name)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        return str(value)

    def text(self, name, value):
        if name == "hurdles":
            return "\n".join(value or [])
        if name in ("tags", "projects"):
            return ", ".join(_items(name, value))
        if name in TEXT_FIELDS:
            return value or ""
        return self.show(name, value)
