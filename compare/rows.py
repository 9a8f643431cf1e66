"""The fields compared, one row each: label and how to read the value from an entry."""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from citations.records import version_date


def _projects(practice):
    return ", ".join(a.project.short_name for a in practice.public_attributions)


def _tags(practice):
    return ", ".join(tag.name for tag in practice.tag_list)


def _forum(practice):
    return f"{practice.forum.title}, {date_format(practice.forum.date, 'j. F Y')}"


# (key, label, reader); the hurdles row is a list, shown side by side.
FIELDS = [
    ("kategorie", _("Kategorie"), lambda p: p.get_category_display()),
    ("status", _("Status"), lambda p: p.get_status_display()),
    ("art", _("Eintragsart"), lambda p: p.get_entry_type_display()),
    ("aspekt", _("Aspekt"), lambda p: p.aspect),
    ("beschreibung", _("Beschreibung"), lambda p: p.description),
    ("huerden", _("Hürden"), lambda p: [hurdle.text for hurdle in p.hurdle_list]),
    ("forum", _("Fachforum"), _forum),
    ("thementisch", _("Thementisch"), lambda p: p.thementisch.title if p.thementisch else ""),
    ("projekte", _("Projekte"), _projects),
    ("schlagworte", _("Schlagworte"), _tags),
    ("quelle", _("Quelle (Abschnitt)"), lambda p: p.source_section),
    ("stand", _("Stand"), lambda p: date_format(version_date(p), "j. F Y")),
]

# Rows whose values are German text from the database (marked lang="de" on English pages).
CONTENT_KEYS = {
    "aspekt",
    "beschreibung",
    "huerden",
    "forum",
    "thementisch",
    "schlagworte",
    "quelle",
}


def comparison_rows(practices, only_differences=False):
    """Return one row per field: key, label, the values per entry, and whether they differ."""
    rows = []
    for key, label, read in FIELDS:
        values = [read(practice) for practice in practices]
        differs = any(value != values[0] for value in values[1:])
        if only_differences and not differs:
            continue
        rows.append(
            {
                "key": key,
                "label": label,
                "values": values,
                "differs": differs,
                "content": key in CONTENT_KEYS,
            }
        )
    return rows
