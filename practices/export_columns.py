"""The column contract of the tabular exports, which the spreadsheet import reads back."""

# Column headers of the tabular formats (CSV, XLSX), in order. They are a data contract
# that scripts read, so they are fixed German strings, not translated ones.
COLUMNS = (
    ("id", "ID"),
    ("title", "Titel"),
    ("description", "Beschreibung"),
    ("category", "Kategorie"),
    ("status", "Status"),
    ("entry_type", "Eintragsart"),
    ("status_meaning", "Bedeutung des Status"),
    ("aspect", "Aspekt"),
    ("hurdles", "Hürden"),
    ("forum", "Forum"),
    ("forum_date", "Forum-Datum"),
    ("city", "Ort"),
    ("thementisch", "Thementisch"),
    ("projects", "Projekte"),
    ("tags", "Schlagworte"),
    ("url", "URL"),
    # Dates: the documentation's is "Forum-Datum"; the load date is not a change of content.
    ("created_at", "In die Wissensbasis aufgenommen"),
    ("content_changed_at", "Zuletzt inhaltlich geändert"),
    ("last_reviewed_at", "Zuletzt geprüft"),
    # The entry's public line of development across forums (see the lines app).
    ("line_id", "Entwicklungslinie-ID"),
    ("line_title", "Entwicklungslinie"),
)
INTERNAL_COLUMNS = (("publication_state", "Veröffentlichungsstatus"),)
MULTI_SEPARATOR = " | "
# A cell starting with one of these is read as a formula by spreadsheet programs; exports
# prefix it with "'" (OWASP CSV injection) and the spreadsheet import removes that again.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")


def headers(*, internal=False):
    """Return the header row of a tabular export."""
    return [label for _key, label in COLUMNS + (INTERNAL_COLUMNS if internal else ())]
