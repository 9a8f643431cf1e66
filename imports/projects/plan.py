"""Check a project table against the database: per row what would be created or changed."""

import hashlib
import json
from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.projects import values
from practices.models import Project

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"
ACTION_LABELS = {
    NEW: gettext_lazy("neu"),
    UPDATE: gettext_lazy("ändern"),
    UNCHANGED: gettext_lazy("unverändert"),
    ERROR: gettext_lazy("Fehler"),
}

# (column, parser returning {field: value}); the column names of the official descriptions.
COLUMNS = [
    ("Kurzname", lambda v: {"short_name": values.text(v, 80)}),
    ("Name", lambda v: {"full_name": values.text(v, 300)}),
    ("Förderwelle", lambda v: {"funding_wave": values.funding_wave(v)}),
    ("Antragsteller", lambda v: {"lead_agency_name": values.text(v, 200)}),
    ("Verbundpartner", lambda v: {"partners": values.partners(v)}),
    ("Rechtskreis", lambda v: {"legal_sphere": values.legal_sphere(v)}),
    ("Bundesländer", lambda v: dict(zip(("states", "bundesland"), values.states(v), strict=True))),
    ("Laufzeit", lambda v: {"duration": values.text(v, 100)}),
    ("Website", lambda v: {"website": values.website(v)}),
    ("Kurzbeschreibung", lambda v: {"summary": values.text(v, 10000)}),
]
PARSERS = dict(COLUMNS)
# The model fields each column writes ("Bundesländer" also sets the single-state facet).
FIELDS = {
    "Kurzname": ["short_name"],
    "Name": ["full_name"],
    "Förderwelle": ["funding_wave"],
    "Antragsteller": ["lead_agency_name"],
    "Verbundpartner": ["partners"],
    "Rechtskreis": ["legal_sphere"],
    "Bundesländer": ["states", "bundesland"],
    "Laufzeit": ["duration"],
    "Website": ["website"],
    "Kurzbeschreibung": ["summary"],
}
ALIASES = {
    "förderaufruf": "Förderwelle",
    "förderaufruf/förderwelle": "Förderwelle",
    "vollständiger name": "Name",
    "bundesland": "Bundesländer",
    "laufzeit des projekts": "Laufzeit",
    "zusammenfassung": "Kurzbeschreibung",
}
KNOWN_HEADERS = {name.casefold() for name, _parser in COLUMNS} | set(ALIASES)
HINT = gettext_lazy("„Kurzname“, „Förderwelle“, „Antragsteller“, „Website“")


@dataclass
class Row:
    number: int
    short_name: str = ""
    slug: str = ""
    project: Project | None = None
    wanted: dict = field(default_factory=dict)
    changes: list = field(default_factory=list)
    change_labels: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def action(self):
        if self.errors:
            return ERROR
        if self.project is None:
            return NEW
        return UPDATE if self.changes else UNCHANGED

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]


@dataclass
class Plan:
    source_name: str
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def count(self, action):
        return sum(row.action == action for row in self.rows)

    @property
    def errors(self):
        return [
            _("Zeile %(row)s: %(error)s") % {"row": row.number, "error": error}
            for row in self.rows
            for error in row.errors
        ]

    @property
    def has_errors(self):
        return bool(self.file_errors) or any(row.errors for row in self.rows)

    @property
    def has_changes(self):
        return any(row.action in (NEW, UPDATE) for row in self.rows)

    @property
    def fingerprint(self):
        """Identify what confirming would do, so a confirm never writes an unseen plan."""
        summary = [
            [
                row.number,
                row.action,
                row.project.pk if row.project else None,
                row.project.updated_at.isoformat() if row.project else None,
                row.slug,
                {name: row.wanted[name] for name in row.changes or row.wanted},
            ]
            for row in self.rows
        ]
        encoded = json.dumps(summary, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()


def build_plan(sheet, source_name):
    """Plan the import of a read sheet (imports.spreadsheet.read.Sheet); writes nothing."""
    plan = Plan(source_name=source_name)
    columns = _columns(sheet.headers, plan)
    if plan.file_errors:
        return plan
    existing = {p.slug: p for p in Project.objects.all()}
    seen = {}
    for sheet_row in sheet.rows:
        row = Row(number=sheet_row.number)
        plan.rows.append(row)
        _parse(row, sheet_row, columns)
        if not row.short_name:
            if not row.errors:
                row.errors.append(_("Der Kurzname fehlt."))
            continue
        row.slug = slugify(row.short_name)[:80]
        if not row.slug:
            row.errors.append(_("Aus dem Kurznamen lässt sich keine Adresse bilden."))
            continue
        if row.slug in seen:
            row.errors.append(
                _("Das Projekt „%(name)s“ steht schon in Zeile %(row)s.")
                % {"name": row.short_name, "row": seen[row.slug]}
            )
            continue
        seen[row.slug] = row.number
        row.project = existing.get(row.slug)
        if row.project is not None:
            _compare(row)
    return plan


def _columns(headers, plan):
    """Return {column index: column name}; missing or doubled columns are file errors."""
    columns, taken = {}, set()
    for index, header in enumerate(headers):
        if not header:
            continue
        key = header.casefold()
        name = ALIASES.get(key) or next((n for n, _p in COLUMNS if n.casefold() == key), None)
        if name is None:
            plan.warnings.append(
                _("Die Spalte „%(column)s“ ist unbekannt und wird nicht übernommen.")
                % {"column": header[:80]}
            )
        elif name in taken:
            plan.file_errors.append(
                _("Die Spalte „%(column)s“ kommt mehrfach vor.") % {"column": name}
            )
        else:
            taken.add(name)
            columns[index] = name
    if "Kurzname" not in taken:
        plan.file_errors.append(
            _(
                "Die Spalte „Kurzname“ fehlt. Über den Kurznamen wird jedes Projekt gefunden "
                "oder neu angelegt; bitte ergänzen Sie die Spalte."
            )
        )
    return columns


def _parse(row, sheet_row, columns):
    problems = dict(sheet_row.problems)
    for index, name in columns.items():
        cell = sheet_row.cells[index] if index < len(sheet_row.cells) else ""
        if index in problems:
            row.errors.append(f"{name}: {problems[index]}")
            continue
        try:
            row.wanted.update(PARSERS[name](cell))
        except values.CellError as error:
            row.errors.append(f"{name}: {error}")
    row.short_name = row.wanted.get("short_name", "")


def _compare(row):
    project = row.project
    for column, fields in FIELDS.items():
        fields = [name for name in fields if name in row.wanted]
        if any(getattr(project, name) != row.wanted[name] for name in fields):
            row.changes.extend(fields)
            row.change_labels.append(column)
