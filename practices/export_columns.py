"""The column contract of the tabular exports, which the spreadsheet import reads back."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# Column headers of the tabular formats (CSV, XLSX), in order. They are a data contract
# that scripts and the spreadsheet import read, so they stay German by default; an English
# export (/en/ or ?sprache=en) translates them when the header row is written.
COLUMNS = (
    ("id", "ID"),
    ("title", gettext_noop("Titel")),
    ("description", gettext_noop("Beschreibung")),
    ("category", gettext_noop("Kategorie")),
    ("status", gettext_noop("Status")),
    ("entry_type", gettext_noop("Eintragsart")),
    ("status_meaning", gettext_noop("Bedeutung des Status")),
    ("aspect", gettext_noop("Aspekt")),
    ("hurdles", gettext_noop("Hürden")),
    ("forum", gettext_noop("Forum")),
    ("forum_date", gettext_noop("Forum-Datum")),
    ("city", gettext_noop("Ort")),
    ("thementisch", gettext_noop("Thementisch")),
    ("projects", gettext_noop("Projekte")),
    ("tags", gettext_noop("Schlagworte")),
    ("url", "URL"),
    # Dates: the documentation's is "Forum-Datum"; the load date is not a change of content.
    ("created_at", gettext_noop("In die Wissensbasis aufgenommen")),
    ("content_changed_at", gettext_noop("Zuletzt inhaltlich geändert")),
    ("last_reviewed_at", gettext_noop("Zuletzt geprüft")),
    # The entry's public line of development across forums (see the lines app).
    ("line_id", gettext_noop("Entwicklungslinie-ID")),
    ("line_title", gettext_noop("Entwicklungslinie")),
)
INTERNAL_COLUMNS = (("publication_state", gettext_noop("Veröffentlichungsstatus")),)
MULTI_SEPARATOR = " | "
# A cell starting with one of these is read as a formula by spreadsheet programs; exports
# prefix it with "'" (OWASP CSV injection) and the spreadsheet import removes that again.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")


def header_label(label):
    """Return a column header in the active language; the German contract stays as written."""
    # Not even Django's own German catalogue may touch it (it would turn "URL" into "Adresse").
    if translation.get_language() == settings.LANGUAGE_CODE:
        return label
    return _(label)


def headers(*, internal=False):
    """Return the header row of a tabular export."""
    columns = COLUMNS + (INTERNAL_COLUMNS if internal else ())
    return [header_label(label) for _key, label in columns]
