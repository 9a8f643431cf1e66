"""Plan a spreadsheet import: match each row to a practice, validate it, say what would change.

The plan is the dry run: nothing is written here. The same plan, built again inside the
import's transaction, is what imports.spreadsheet.apply writes.
"""

import hashlib
import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.spreadsheet.lookups import Lookups, Unresolved
from practices.export_columns import COLUMNS, INTERNAL_COLUMNS, MULTI_SEPARATOR
from practices.models import Practice
from practices.slugs import unique_practice_slug
from practices.workflow import INITIAL_STATE, PUBLISH, may_create_in_state, may_set_state

LABELS = dict(COLUMNS + INTERNAL_COLUMNS)
HEADER_KEYS = {label.casefold(): key for key, label in COLUMNS + INTERNAL_COLUMNS}
REQUIRED = ("title", "description", "category", "status", "forum")
TEXT_FIELDS = ("title", "description", "aspect")
CHOICE_FIELDS = ("category", "status", "entry_type", "publication_state")

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"
ACTION_LABELS = {
    NEW: gettext_lazy("neu"),
    UPDATE: gettext_lazy("ändern"),
    UNCHANGED: gettext_lazy("unverändert"),
    ERROR: gettext_lazy("Fehler"),
}


def normalise(text):
    """Compare and store text without outer blanks and with one kind of line break."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def split_multi(text):
    return [part for part in (normalise(p) for p in text.split("|")) if part]


def same_list(current, cell):
    """Tell whether a multi-valued cell lists exactly these values, in this order."""
    current = [normalise(value) for value in current]
    # Joined as the export joins them, so a value that itself contains " | " still matches.
    joined = MULTI_SEPARATOR.join(normalise(part) for part in cell.split(MULTI_SEPARATOR))
    return MULTI_SEPARATOR.join(current) == normalise(joined) or current == split_multi(cell)


@dataclass
class RowPlan:
    number: int
    title: str = ""
    action: str = ""
    practice: Practice | None = None
    wanted: dict = field(default_factory=dict)
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    slug: str = ""
    new_tags: list = field(default_factory=list)

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]

    @property
    def change_labels(self):
        return [LABELS.get(name, name) for name in self.changes]


@dataclass
class Plan:
    source_name: str
    kind: str
    encoding: str = ""
    delimiter: str = ""
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def count(self, action):
        return sum(row.action == action for row in self.rows)

    @property
    def counts(self):
        return {action: self.count(action) for action in ACTION_LABELS}

    @property
    def errors(self):
        return [*self.file_errors, *(e for row in self.rows for e in row.errors)]

    @property
    def has_errors(self):
        return bool(self.file_errors) or any(row.action == ERROR for row in self.rows)

    @property
    def has_changes(self):
        return any(row.action in (NEW, UPDATE) for row in self.rows)

    @property
    def forum(self):
        """The one forum all rows belong to, if they do."""
        forums = {row.wanted["forum"] for row in self.rows if "forum" in row.wanted}
        return forums.pop() if len(forums) == 1 else None

    @property
    def fingerprint(self):
        """Identify what confirming would do, so a confirm never writes an unseen plan."""
        summary = [
            [
                row.number,
                row.action,
                row.practice.pk if row.practice else None,
                str(row.practice.edit_token) if row.practice else None,
                row.changes,
                row.slug,
                row.wanted.get("publication_state", ""),
                row.new_tags,
            ]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(summary, default=str).encode()).hexdigest()


def build_plan(sheet, user, source_name="", progress=None):
    """Return what importing the sheet would do for this user (None: the command line).

    progress, if given, is called with the number of rows planned so far.
    """
    return _Planner(sheet, user, source_name).plan(progress)


class _Planner:
    def __init__(self, sheet, user, source_name):
        self.sheet = sheet
        self.user = user
        self.result = Plan(source_name, sheet.kind, sheet.encoding, sheet.delimiter)
        self.columns = {}
        self.taken_slugs = set()
        self.existing_slugs = None

    def can(self, permission):
        return self.user is None or self.user.has_perm(permission)

    def plan(self, progress=None):
        self._map_headers()
        if self.result.file_errors:
            return self.result
        if not self.sheet.rows:
            self.result.file_errors.append(_("Die Tabelle enthält keine Datenzeilen."))
            return self.result
        self.lookups = Lookups()
        self.internal = "publication_state" in self.columns
        self._load_existing()
        matched_rows = {}
        for done, row in enumerate(self.sheet.rows):
            if progress is not None:
                progress(done)
            plan = self._plan_row(row)
            if plan.practice is not None:
                first = matched_rows.setdefault(plan.practice.pk, plan.number)
                if first != plan.number:
                    plan.errors.insert(
                        0,
                        _("Zeile %(row)s: dieselbe Praxis wie in Zeile %(first)s (ID %(id)s).")
                        % {"row": plan.number, "first": first, "id": plan.practice.pk},
                    )
                    plan.action = ERROR
            self.result.rows.append(plan)
        return self.result

    def _map_headers(self):
        seen = set()
        for index, header in enumerate(self.sheet.headers):
            if not header:
                continue
            key = HEADER_KEYS.get(header.casefold())
            if key is None:
                self.result.warnings.append(
                    _("Die Spalte „%(name)s“ ist unbekannt und wird nicht übernommen.")
                    % {"name": header}
                )
            elif key in seen:
                self.result.file_errors.append(
                    _("Die Spalte „%(name)s“ kommt mehrfach vor.") % {"name": LABELS[key]}
                )
            else:
                seen.add(key)
                self.columns[key] = index
        missing = [LABELS[key] for key in REQUIRED if key not in self.columns]
        if missing:
            self.result.file_errors.append(
                _(
                    "Es fehlen Pflichtspalten: %(names)s. "
                    "Die Spaltennamen müssen wie im Export lauten."
                )
                % {"names": ", ".join(f"„{name}“" for name in missing)}
            )

    def cell(self, row, key):
        """Return the stripped cell of this column, or None when the column is absent."""
        index = self.columns.get(key)
        if index is None:
            return None
        return row.cells[index].strip() if index < len(row.cells) else ""

    def _load_existing(self):
        ids, slugs = set(), set()
        for row in self.sheet.rows:
            try:
                number = _parse_id(self.cell(row, "id") or "")
            except ValueError:
                number = None
            if number:
                ids.add(number)
            slug = _slug_from_url(self.cell(row, "url") or "")
            if slug:
                slugs.add(slug)
        practices = (
            Practice.objects.without_search_vector()
            .select_related("thementisch")
            .prefetch_related("hurdles", "tags", "attributions")
        )
        self.by_id, self.by_slug = {}, {}
        for chunk in _chunks(sorted(ids)):
            self.by_id.update({p.pk: p for p in practices.filter(pk__in=chunk)})
        for chunk in _chunks(sorted(slugs)):
            self.by_slug.update({p.slug: p for p in practices.filter(slug__in=chunk)})

    def _error(self, plan, key, message):
        if key is None:
            text = _("Zeile %(row)s: %(message)s")
        else:
            text = _("Zeile %(row)s, Spalte „%(column)s“: %(message)s")
        plan.errors.append(
            text % {"row": plan.number, "column": LABELS.get(key, key), "message": message}
        )

    def _plan_row(self, row):
        plan = RowPlan(number=row.number)
        broken = set()
        index_keys = {index: key for key, index in self.columns.items()}
        for index, message in row.problems:
            key = index_keys.get(index)
            if key is not None:
                broken.add(key)
                self._error(plan, key, message)
        plan.practice = self._match(row, plan, broken)
        plan.title = self.cell(row, "title") or (plan.practice.title if plan.practice else "")
        self._read_values(row, plan, broken)
        if plan.errors:
            plan.action = ERROR
        elif plan.practice is None:
            self._plan_new(plan)
        else:
            self._plan_update(plan)
        if plan.errors:
            plan.action = ERROR
        return plan

    def _match(self, row, plan, broken):
        id_text = "" if "id" in broken else self.cell(row, "id") or ""
        url_text = "" if "url" in broken else self.cell(row, "url") or ""
        slug = _slug_from_url(url_text)
        if url_text and not slug:
            self._error(plan, "url", _("Das ist keine Adresse einer Praxis auf dieser Website."))
            return None
        if id_text:
            try:
                number = _parse_id(id_text)
            except ValueError:
                self._error(
                    plan, "id", _("„%(text)s“ ist keine ID (ganze Zahl).") % {"text": id_text}
                )
                return None
            practice = self.by_id.get(number)
            if practice is None:
                self._error(
                    plan,
                    "id",
                    _(
                        "Es gibt keine Praxis mit der ID %(id)s. Für einen neuen Eintrag "
                        "bleiben ID und URL leer."
                    )
                    % {"id": number},
                )
            elif slug and slug != practice.slug:
                # A file from another installation: its IDs would hit the wrong practices here.
                self._error(
                    plan,
                    "url",
                    _("Die URL gehört nicht zur Praxis mit der ID %(id)s („%(title)s“).")
                    % {"id": number, "title": practice.title},
                )
            return practice
        if slug:
            practice = self.by_slug.get(slug)
            if practice is None:
                self._error(
                    plan,
                    "url",
                    _(
                        "Es gibt keine Praxis mit dieser URL. Für einen neuen Eintrag "
                        "bleiben ID und URL leer."
                    ),
                )
            return practice
        return None

    def _read_values(self, row, plan, broken):
        wanted = plan.wanted
        for key in TEXT_FIELDS:
            value = self.cell(row, key)
            if value is None or key in broken:
                continue
            value = normalise(value)
            limit = Practice._meta.get_field(key).max_length
            if key in REQUIRED and not value:
                self._error(plan, key, _("Das Feld darf nicht leer sein."))
            elif limit and len(value) > limit:
                self._error(
                    plan,
                    key,
                    _("Der Text hat %(length)s Zeichen; erlaubt sind höchstens %(limit)s.")
                    % {"length": len(value), "limit": limit},
                )
            else:
                wanted[key] = value
        resolvers = {
            "category": self.lookups.category,
            "status": self.lookups.status,
            "entry_type": self.lookups.entry_type,
            "publication_state": self.lookups.state,
        }
        for key, resolve_choice in resolvers.items():
            value = self.cell(row, key)
            if value is None or key in broken:
                continue
            if not value:
                if key in REQUIRED:
                    self._error(plan, key, _("Das Feld darf nicht leer sein."))
                continue
            self._resolve(plan, key, resolve_choice, value)
        self._read_forum(row, plan, broken)
        self._read_lists(row, plan, broken)

    def _resolve(self, plan, key, function, *args):
        try:
            plan.wanted[key] = function(*args)
        except Unresolved as error:
            self._error(plan, key, str(error))

    def _read_forum(self, row, plan, broken):
        value = self.cell(row, "forum")
        if "forum" in broken:
            return
        if not value:
            self._error(plan, "forum", _("Das Feld darf nicht leer sein."))
            return
        self._resolve(plan, "forum", self.lookups.forum, value, self.cell(row, "forum_date") or "")
        table = self.cell(row, "thementisch")
        if table is None or "thementisch" in broken or "forum" not in plan.wanted:
            return
        if not table:
            plan.wanted["thementisch"] = None
            return
        self._resolve(plan, "thementisch", self.lookups.thementisch, plan.wanted["forum"], table)

    def _read_lists(self, row, plan, broken):
        hurdles = self.cell(row, "hurdles")
        if hurdles is not None and "hurdles" not in broken:
            plan.wanted["hurdles"] = hurdles
        projects = self.cell(row, "projects")
        if projects is not None and "projects" not in broken:
            wanted = {}
            for name in split_multi(projects):
                try:
                    project, is_public = self.lookups.project(name)
                except Unresolved as error:
                    self._error(plan, "projects", str(error))
                    continue
                wanted[project.pk] = is_public
            plan.wanted["projects"] = wanted
        tags = self.cell(row, "tags")
        if tags is not None and "tags" not in broken:
            self._read_tags(plan, tags)

    def _read_tags(self, plan, cell):
        names = []
        for name in dict.fromkeys(split_multi(cell)):
            tag = self.lookups.tag(name)
            if tag is not None:
                names.append(tag.name)
                continue
            if len(name) > 100:
                self._error(plan, "tags", _("Ein Schlagwort darf höchstens 100 Zeichen haben."))
            elif not self.can("taggit.add_tag"):
                self._error(
                    plan,
                    "tags",
                    _(
                        "Unbekanntes Schlagwort „%(name)s“; neue Schlagworte darf nur anlegen, "
                        "wer das Recht dazu hat."
                    )
                    % {"name": name},
                )
            else:
                names.append(name)
                plan.new_tags.append(name)
                plan.notes.append(_("Neues Schlagwort „%(name)s“ wird angelegt.") % {"name": name})
        plan.wanted["tags"] = names

    def _plan_new(self, plan):
        if not self.can("practices.add_practice"):
            self._error(plan, None, _("Sie dürfen keine Praxisbeispiele anlegen."))
            return
        state = plan.wanted.get("publication_state") or INITIAL_STATE
        if not self._may_set_state(None, state):
            plan.notes.append(
                _("Wird als Entwurf angelegt: veröffentlichen darf nur die Freigabe.")
            )
            state = INITIAL_STATE
        elif state != INITIAL_STATE:
            plan.notes.append(
                _("Wird mit dem Status „%(state)s“ angelegt.")
                % {"state": Practice.PublicationState(state).label}
            )
        plan.wanted["publication_state"] = state
        plan.slug = self._unique_slug(plan.wanted.get("title", ""))
        plan.action = NEW

    def _plan_update(self, plan):
        practice = plan.practice
        plan.changes = self._diff(practice, plan.wanted)
        if not plan.changes:
            plan.action = UNCHANGED
            return
        plan.action = UPDATE
        if not self.can("practices.change_practice"):
            self._error(plan, None, _("Sie dürfen Praxisbeispiele nicht ändern."))
        elif practice.publication_state in (
            Practice.PublicationState.VEROEFFENTLICHT,
            Practice.PublicationState.ARCHIVIERT,
        ) and not self.can(PUBLISH):
            self._error(
                plan,
                None,
                _(
                    "„%(title)s“ ist %(state)s. Änderungen daran per Import darf nur übernehmen, "
                    "wer veröffentlichen darf (Freigabe). Bitte entfernen Sie die Zeile oder "
                    "bearbeiten Sie den Eintrag einzeln."
                )
                % {"title": practice.title, "state": practice.get_publication_state_display()},
            )
        elif self._table_left_behind(practice, plan.wanted):
            self._error(
                plan,
                "forum",
                _(
                    "Der Thementisch „%(table)s“ gehört nicht zum neuen Forum. Bitte geben "
                    "Sie in der Spalte „Thementisch“ einen des neuen Forums an oder lassen "
                    "Sie sie leer."
                )
                % {"table": practice.thementisch.title},
            )
        elif "publication_state" in plan.changes and not self._may_set_state(
            practice, plan.wanted["publication_state"]
        ):
            self._error(
                plan,
                "publication_state",
                _("Diesen Statuswechsel darf nur vornehmen, wer veröffentlichen darf (Freigabe)."),
            )

    def _table_left_behind(self, practice, wanted):
        """A new forum without a Thementisch column would keep a table of the old forum."""
        return (
            "thementisch" not in wanted
            and practice.thementisch_id is not None
            and practice.thementisch.forum_id != wanted["forum"].pk
        )

    def _may_set_state(self, practice, state):
        """Apply the workflow's one rule to an existing practice or (None) a new one."""
        if self.user is None:
            return True  # the command line: every right, as in can()
        if practice is None:
            return may_create_in_state(self.user, state)
        return may_set_state(self.user, practice, state)

    def _diff(self, practice, wanted):
        changes = [
            name
            for name in TEXT_FIELDS
            if name in wanted and normalise(getattr(practice, name)) != wanted[name]
        ]
        changes += [
            name
            for name in CHOICE_FIELDS
            if name in wanted and getattr(practice, name) != wanted[name]
        ]
        if "forum" in wanted and wanted["forum"].pk != practice.forum_id:
            changes.append("forum")
        if "thementisch" in wanted:
            table = wanted["thementisch"]
            if (table.pk if table else None) != practice.thementisch_id:
                changes.append("thementisch")
        if "hurdles" in wanted:
            current = [h.text for h in practice.hurdles.all()]
            if not same_list(current, wanted["hurdles"]):
                changes.append("hurdles")
        if "projects" in wanted:
            current = {a.project_id: a.is_public for a in practice.attributions.all()}
            if not self.internal:
                # A public export leaves out non-public links: a file like it keeps them.
                kept = {pk: public for pk, public in current.items() if not public}
                wanted["projects"] = {**kept, **wanted["projects"]}
            if current != wanted["projects"]:
                changes.append("projects")
        if "tags" in wanted:
            current = {tag.name.casefold() for tag in practice.tags.all()}
            if current != {name.casefold() for name in wanted["tags"]}:
                changes.append("tags")
        return changes

    def _unique_slug(self, title):
        if self.existing_slugs is None:
            # One query for the whole file instead of one per new row (5,000 rows: 4 s).
            self.existing_slugs = set(Practice.objects.values_list("slug", flat=True))
        return unique_practice_slug(title, self.taken_slugs, self.existing_slugs)


def _parse_id(text):
    """Read an ID as people and spreadsheet programs write it: "12", "12.0", " 12 "."""
    text = text.strip()
    if not text:
        return None
    try:
        number = float(text.replace(",", ".")) if "." in text or "," in text else int(text)
        if number != int(number) or not 1 <= number < 2**53:
            raise ValueError(text)
    except OverflowError as error:
        raise ValueError(text) from error
    return int(number)


def _slug_from_url(url):
    """Return the practice slug of a practice URL (any host), or "" when it is not one."""
    if not url:
        return ""
    try:
        match = resolve(urlsplit(url.strip()).path or "/")
    except (Resolver404, ValueError):
        return ""
    if match.view_name != "practices:detail":
        return ""
    return match.kwargs.get("slug", "")


def _chunks(values, size=500):
    for start in range(0, len(values), size):
        yield values[start : start + size]
