"""Write a checked spreadsheet plan: one transaction, one recorded ImportBatch, full history."""

import reversion
from django.db import transaction
from django.utils.translation import gettext as _
from taggit.models import Tag

from imports.models import ImportBatch
from imports.spreadsheet.bulk_create import create_practices
from imports.spreadsheet.plan import NEW, UNCHANGED, UPDATE, split_multi
from practices import search
from practices.models import Hurdle, Practice, ProjectAttribution
from practices.signals import parts_saved_with_practice
from practices.workflow import assign_state
from rehapro_kb import page_cache

SCALAR_FIELDS = (
    "title",
    "description",
    "aspect",
    "category",
    "status",
    "entry_type",
    "forum",
    "thementisch",
)


class PlanHasErrors(Exception):
    """A plan with errors must not be written."""


def apply_plan(plan, user=None, progress=None):
    """Create and update the plan's practices and record the import; all or nothing.

    progress, if given, is called with the number of rows written so far.
    """
    if plan.has_errors:
        raise PlanHasErrors
    # Each practice is its own history entry (see _Writer): reverting one never touches another.
    with transaction.atomic(), search.reindex_after() as touched, parts_saved_with_practice():
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.SPREADSHEET,
            source_name=plan.source_name[:255],
            forum=plan.forum,
            created_by=user,
        )
        writer = _Writer(batch, user, plan.source_name)
        created, updated = [], []
        new_rows = []
        for done, row in enumerate(plan.rows):
            if progress is not None:
                progress(done)
            if row.action == NEW:
                new_rows.append(row)
            elif row.action == UPDATE:
                updated.append(writer.update(row).pk)
        # New practices in bulk, in the file's order (their own history entries included).
        created = [practice.pk for practice in writer.create_all(new_rows)]
        if progress is not None:
            progress(len(plan.rows))
        # Hurdles are bulk-created (no signals): the block indexes every touched practice.
        touched.update(created + updated)
        batch.created_count = len(created)
        batch.updated_count = len(updated)
        batch.unchanged_count = plan.count(UNCHANGED)
        batch.report = {
            "format": plan.kind,
            "encoding": plan.encoding,
            "rows": len(plan.rows),
            "created_ids": created,
            "updated_ids": updated,
            "new_tags": sorted(writer.new_tags),
            "notes": [note for row in plan.rows for note in row.notes],
            "warnings": plan.warnings,
        }
        batch.save()
    return batch


class _Writer:
    def __init__(self, batch, user, source_name):
        self.batch = batch
        self.user = user
        self.source_name = source_name
        self.tags = {}
        self.new_tags = set()

    def _comment(self, what):
        return _("Tabellenimport #%(batch)s („%(source)s“): %(what)s") % {
            "batch": self.batch.pk,
            "source": self.source_name,
            "what": what,
        }

    def create_all(self, rows):
        """Create the new practices of these rows in a few bulk inserts."""
        if not rows:
            return []
        practices, comments, parts = [], [], {}
        for row in rows:
            wanted = row.wanted
            practice = self._new_practice(row)
            practices.append(practice)
            comments.append(self._comment(_("angelegt")))
            parts[id(practice)] = (
                split_multi(wanted.get("hurdles", "")),
                wanted.get("projects") or {},
                [self._tag(name) for name in wanted.get("tags", [])],
            )
        created = create_practices(practices, lambda p: parts[id(p)], comments, self.user)
        # Bulk inserts send no signals: tell the page cache once.
        page_cache.content_changed()
        return created

    def _new_practice(self, row):
        wanted = row.wanted
        practice = Practice(
            slug=row.slug,
            source_section=_("Tabellenimport „%(source)s“, Zeile %(row)s")
            % {"source": self.source_name, "row": row.number},
            created_by=self.user,
            import_batch=self.batch,
        )
        for name in SCALAR_FIELDS:
            if name in wanted:
                setattr(practice, name, wanted[name])
        self._assign_state(practice, wanted["publication_state"])
        return practice

    def create(self, row):
        wanted = row.wanted
        with reversion.create_revision():
            practice = Practice(
                slug=row.slug,
                source_section=_("Tabellenimport „%(source)s“, Zeile %(row)s")
                % {"source": self.source_name, "row": row.number},
                created_by=self.user,
                import_batch=self.batch,
            )
            for name in SCALAR_FIELDS:
                if name in wanted:
                    setattr(practice, name, wanted[name])
            self._assign_state(practice, wanted["publication_state"])
            practice.save()
            self._write_relations(practice, row, set(wanted) & {"hurdles", "projects", "tags"})
            self._record(practice, _("angelegt"))
        return practice

    def update(self, row):
        practice, wanted = row.practice, row.wanted
        for name in SCALAR_FIELDS:
            if name in row.changes:
                setattr(practice, name, wanted[name])
        if "publication_state" in row.changes:
            self._assign_state(practice, wanted["publication_state"])
        with reversion.create_revision():
            # Refuse (StaleEditError) if someone saved the practice after the plan was made.
            practice.save(expected_token=practice.edit_token)
            self._write_relations(practice, row, set(row.changes))
            self._record(
                practice, _("geändert: %(fields)s") % {"fields": ", ".join(row.change_labels)}
            )
        return practice

    def _assign_state(self, practice, state):
        # The plan checked the same rule (workflow.may_set_state); the command line has
        # no user and every right.
        assign_state(practice, state, self.user, system=self.user is None)

    def _record(self, practice, what):
        # Record the practice again now that its relations are written, so this version
        # shows its hurdles, projects and tags as imported.
        reversion.add_to_revision(practice)
        if self.user is not None:
            reversion.set_user(self.user)
        reversion.set_comment(self._comment(what))

    def _write_relations(self, practice, row, names):
        wanted = row.wanted
        if "hurdles" in names:
            practice.hurdles.all().delete()
            Hurdle.objects.bulk_create(
                Hurdle(practice=practice, text=text, position=position)
                for position, text in enumerate(split_multi(wanted["hurdles"]), start=1)
            )
        if "projects" in names:
            projects = wanted["projects"]
            practice.attributions.exclude(project_id__in=list(projects)).delete()
            current = {a.project_id: a for a in practice.attributions.all()}
            for project_id, is_public in projects.items():
                attribution = current.get(project_id)
                if attribution is None:
                    ProjectAttribution.objects.create(
                        practice=practice, project_id=project_id, is_public=is_public
                    )
                elif attribution.is_public != is_public:
                    attribution.is_public = is_public
                    attribution.save(update_fields=["is_public"])
        if "tags" in names:
            practice.tags.set([self._tag(name) for name in wanted["tags"]])

    def _tag(self, name):
        key = name.casefold()
        if key not in self.tags:
            tag = Tag.objects.filter(name=name).first()
            if tag is None:
                tag = Tag.objects.create(name=name)
                self.new_tags.add(tag.name)
            self.tags[key] = tag
        return self.tags[key]
