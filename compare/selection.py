"""Read the entries to compare from the address: 2 to 4 ids, no server-side state."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_ENTRIES = 4
MIN_ENTRIES = 2
ID_PATTERN = re.compile(r"[1-9][0-9]{0,9}")


@dataclass
class Selection:
    ids: list = field(default_factory=list)
    error: str = ""


def parse_ids(values):
    """Return the distinct ids in `values` (comma-separated or repeated), or a German error."""
    parts = [part.strip() for value in values for part in value.split(",") if part.strip()]
    bad = [part for part in parts if not ID_PATTERN.fullmatch(part)]
    if bad:
        shown = ", ".join(f"„{part[:20]}“" for part in bad[:3])
        return Selection(error=_("Keine gültige Eintragsnummer: %(ids)s.") % {"ids": shown})
    ids = list(dict.fromkeys(int(part) for part in parts))
    if len(ids) > MAX_ENTRIES:
        message = ngettext(
            "Es lassen sich höchstens %(max)d Eintrag vergleichen, gewählt sind %(count)d.",
            "Es lassen sich höchstens %(max)d Einträge vergleichen, gewählt sind %(count)d.",
            MAX_ENTRIES,
        )
        return Selection(error=message % {"max": MAX_ENTRIES, "count": len(ids)})
    return Selection(ids=ids)


def joined(ids):
    """Return ids as the address writes them: 3,7,12."""
    return ",".join(str(pk) for pk in ids)


def with_added(current, pk):
    """Return the ids of a valid `vergleich` parameter plus `pk`, at most MAX_ENTRIES."""
    selection = parse_ids([current or ""])
    ids = [other for other in selection.ids if other != pk][: MAX_ENTRIES - 1]
    return joined([*ids, pk])
