"""Resolve what a spreadsheet cell names (a forum, a project, a tag, a choice) to its object."""

import datetime
from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag

from forums.models import Forum, Thementisch
from practices.models import Practice, Project

NOT_PUBLIC_SUFFIX = " (nicht öffentlich)"
UNKNOWN_CATEGORY = gettext_lazy("Unbekannte Kategorie „%(text)s“. Erlaubt: %(allowed)s.")
UNKNOWN_STATUS = gettext_lazy("Unbekannter Status „%(text)s“. Erlaubt: %(allowed)s.")
UNKNOWN_ENTRY_TYPE = gettext_lazy("Unbekannte Eintragsart „%(text)s“. Erlaubt: %(allowed)s.")
UNKNOWN_STATE = gettext_lazy(
    "Unbekannter Veröffentlichungsstatus „%(text)s“. Erlaubt: %(allowed)s."
)


class Unresolved(Exception):
    """A cell names nothing known, or more than one thing; the message says which."""


def _key(text):
    return " ".join(text.split()).casefold()


def _choices(choices):
    """Map labels and values (any case) of a TextChoices to the value."""
    mapping = {}
    for value, label in choices:
        mapping[_key(str(label))] = value
        mapping[_key(value)] = value
    return mapping


def _allowed(choices):
    return ", ".join(f"„{label}“" for _value, label in choices)


def _date(text):
    """Read a date as the export writes it (2025-06-26) or German Excel shows it (26.06.2025)."""
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text.strip()[:10], pattern).date()
        except ValueError:
            continue
    return None


class Lookups:
    """Everything a row may name, loaded once per import (these tables are small)."""

    def __init__(self):
        self.categories = _choices(Practice.Category.choices)
        self.statuses = _choices(Practice.Status.choices)
        self.entry_types = _choices(Practice.EntryType.choices)
        self.states = _choices(Practice.PublicationState.choices)
        self.forums = list(Forum.objects.order_by("number"))
        # Computed once: str(forum) formats a date, which costs more than the row's other work.
        self.forum_names = [(f, (_key(f.title), _key(str(f)), f.slug)) for f in self.forums]
        self.tables = defaultdict(list)
        for table in Thementisch.objects.order_by("position", "pk"):
            self.tables[table.forum_id].append(table)
        self.projects_by_slug = {}
        self.projects_by_name = defaultdict(list)
        for project in Project.objects.all():
            self.projects_by_slug[project.slug.casefold()] = project
            self.projects_by_name[_key(project.short_name)].append(project)
        self.tags = {_key(tag.name): tag for tag in Tag.objects.all()}

    # The message and the allowed labels are built only for a value that is not known.
    def category(self, text):
        return self._choice(text, self.categories, Practice.Category, UNKNOWN_CATEGORY)

    def status(self, text):
        return self._choice(text, self.statuses, Practice.Status, UNKNOWN_STATUS)

    def entry_type(self, text):
        return self._choice(text, self.entry_types, Practice.EntryType, UNKNOWN_ENTRY_TYPE)

    def state(self, text):
        return self._choice(text, self.states, Practice.PublicationState, UNKNOWN_STATE)

    def _choice(self, text, mapping, choices, unknown):
        try:
            return mapping[_key(text)]
        except KeyError:
            message = unknown % {"text": text, "allowed": _allowed(choices.choices)}
            raise Unresolved(message) from None

    def forum(self, text, date_text=""):
        """Find a forum by title, "title (dd.mm.yyyy)", slug or number."""
        wanted = _key(text)
        found = [forum for forum, names in self.forum_names if wanted in names]
        if not found and wanted.isdecimal() and wanted.isascii():
            found = [f for f in self.forums if f.number == int(wanted)]
        if len(found) > 1 and date_text:
            # Two forums with one title: the export's Forum-Datum column tells them apart.
            found = [f for f in found if f.date == _date(date_text)]
        if len(found) == 1:
            return found[0]
        if found:
            raise Unresolved(
                _("Der Forumsname „%(text)s“ ist nicht eindeutig; bitte den Kurznamen angeben.")
                % {"text": text}
            )
        known = ", ".join(f"„{f.title}“" for f in self.forums)
        raise Unresolved(
            _("Unbekanntes Forum „%(text)s“. Bekannt: %(known)s.") % {"text": text, "known": known}
        )

    def thementisch(self, forum, text):
        """Find a theme table of this forum by title or slug."""
        wanted = _key(text)
        found = [t for t in self.tables[forum.pk] if wanted in (_key(t.title), t.slug)]
        if len(found) == 1:
            return found[0]
        if found:
            raise Unresolved(
                _("Der Thementisch „%(text)s“ ist in diesem Forum nicht eindeutig.")
                % {"text": text}
            )
        raise Unresolved(
            _("Das Forum „%(forum)s“ hat keinen Thementisch „%(text)s“.")
            % {"forum": forum.title, "text": text}
        )

    def project(self, text):
        """Return (project, is_public) for "Name", "slug" or "Name (nicht öffentlich)"."""
        is_public = not text.endswith(NOT_PUBLIC_SUFFIX)
        name = text.removesuffix(NOT_PUBLIC_SUFFIX).strip()
        project = self.projects_by_slug.get(name.casefold())
        if project is None:
            found = self.projects_by_name.get(_key(name), [])
            if len(found) > 1:
                raise Unresolved(
                    _(
                        "Der Projektname „%(text)s“ ist nicht eindeutig; bitte den Kurznamen (URL) "
                        "angeben: %(slugs)s."
                    )
                    % {"text": name, "slugs": ", ".join(p.slug for p in found)}
                )
            project = found[0] if found else None
        if project is None:
            raise Unresolved(
                _("Unbekanntes Projekt „%(text)s“ (weder Kurzname noch Kurzname (URL)).")
                % {"text": name}
            )
        return project, is_public

    def tag(self, name):
        """Return the existing tag of this name (any case), or None."""
        return self.tags.get(_key(name))
