"""Load the curated forum content (content/*.toml) into the database, idempotently.

Each entry is matched by its identity (a slug). A fingerprint of what was loaded is kept,
so a later load can tell an entry that researchers edited in the admin (left alone,
reported) from one that only the file changed (updated). Every practice that matches its
file gets a history entry of that text, so it can always be restored to it.
"""

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from reversion.models import Version
from taggit.models import Tag

from forums.models import Document, Forum, LoadedContent, Study, Thementisch
from glossary.content import load_terms
from practices import search
from practices.models import Hurdle, Practice, Project, ProjectAttribution
from practices.signals import parts_saved_with_practice
from practices.workflow import assign_state

CONTENT_DIR = Path(settings.BASE_DIR) / "content"

PROJECT_FIELDS = (
    "short_name",
    "full_name",
    "lead_agency_type",
    "lead_agency_name",
    "bundesland",
    "place",
    "status",
    "website",
    "summary",
)
FORUM_FIELDS = (
    "number",
    "title",
    "subtitle",
    "venue",
    "city",
    "host_organisation",
    "summary",
    "documentation_url",
    "status_meaning_geplant",
    "status_meaning_umgesetzt",
)
THEMENTISCH_FIELDS = ("kind", "title", "position", "summary", "editorial_note")
STUDY_FIELDS = ("title", "authors", "journal", "year", "doi", "url")
DOCUMENT_FIELDS = ("kind", "url", "is_public")
PRACTICE_FIELDS = (
    "title",
    "description",
    "category",
    "status",
    "entry_type",
    "aspect",
    "source_section",
    "status_reason",
    "editorial_note",
)


class ContentError(Exception):
    """The content files are inconsistent; nothing was written."""


@dataclass
class Report:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)
    kept: list = field(default_factory=list)  # edited in the admin since the last load
    archived: list = field(default_factory=list)  # left the files, archived

    def count(self, bucket, kind):
        target = getattr(self, bucket)
        target[kind] = target.get(kind, 0) + 1


# Fields the files gained after content was first loaded. A record written before a field
# existed fingerprinted the entry without it: such an entry still counts as unedited.
ADDED_FIELDS = (
    "entry_type",
    "status_reason",
    "editorial_note",
    "documentation_url",
    "status_meaning_geplant",
    "status_meaning_umgesetzt",
    "hurdle_details",
)


def fingerprint(data):
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def loaded_unchanged(record, current):
    """Tell whether the entry is as the loader last wrote it (under any earlier schema)."""
    if record is None:
        return False
    legacy = {key: value for key, value in current.items() if key not in ADDED_FIELDS}
    return record.fingerprint in (fingerprint(current), fingerprint(legacy))


def read_content(directory=CONTENT_DIR):
    """Read and cross-check the TOML files; raise ContentError on any inconsistency."""
    with open(directory / "tags.toml", "rb") as handle:
        tags = {t["slug"]: t["name"] for t in tomllib.load(handle)["tags"]}
    with open(directory / "projects.toml", "rb") as handle:
        projects = tomllib.load(handle).get("projects", [])
    forums = []
    for path in sorted((directory / "forums").glob("*.toml")):
        with open(path, "rb") as handle:
            forums.append(tomllib.load(handle))
    project_slugs = {p["slug"] for p in projects}
    seen = set()
    for forum in forums:
        tables = {t["slug"] for t in forum.get("thementische", [])}
        for practice in forum.get("practices", []):
            where = f"{forum['forum']['slug']}: {practice.get('slug')}"
            if practice["slug"] in seen:
                raise ContentError(f"duplicate practice slug {where}")
            seen.add(practice["slug"])
            if practice.get("entry_type") not in Practice.EntryType.values:
                raise ContentError(f"missing or unknown entry_type in {where}")
            if practice.get("thementisch") and practice["thementisch"] not in tables:
                raise ContentError(f"unknown thementisch {practice['thementisch']!r} in {where}")
            for tag in practice.get("tags", []):
                if tag not in tags:
                    raise ContentError(f"unknown tag {tag!r} in {where}")
            for hurdle in practice.get("hurdles", []):
                if _hurdle(hurdle)["kind"] not in ("", *Hurdle.Kind.values):
                    raise ContentError(f"unknown hurdle kind in {where}")
            for attribution in practice.get("projects", []):
                if attribution["slug"] not in project_slugs:
                    raise ContentError(f"unknown project {attribution['slug']!r} in {where}")
        for hurdle in forum.get("hurdles", []):
            if hurdle.get("thementisch") not in tables:
                raise ContentError(f"unknown thementisch of a hurdle in {forum['forum']['slug']}")
            if hurdle.get("kind", "") not in ("", *Hurdle.Kind.values):
                raise ContentError(f"unknown hurdle kind in {forum['forum']['slug']}")
    return tags, projects, forums


class Loader:
    def __init__(self, force=False):
        self.force = force
        self.report = Report()
        self.records = {(r.kind, r.key): r for r in LoadedContent.objects.all()}
        # (kind, instance, written) of every entry that now matches its file.
        self.matching = []

    def sync(self, kind, key, instance, wanted, snapshot, write):
        """Create or update one entry unless researchers changed it since the last load."""
        record = self.records.get((kind, key))
        written = True
        if instance is None:
            instance = write(None)
            self.report.count("created", kind)
        elif snapshot(instance) == wanted:
            self.report.count("unchanged", kind)
            written = False
        elif loaded_unchanged(record, snapshot(instance)) or self.force:
            instance = write(instance)
            self.report.count("updated", kind)
        else:
            self.report.kept.append(f"{kind} {key}")
            return instance
        self.matching.append((kind, instance, written))
        LoadedContent.objects.update_or_create(
            kind=kind, key=key, defaults={"fingerprint": fingerprint(wanted)}
        )
        return instance


def _assign(instance, model, values):
    instance = instance or model()
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def load_content(directory=CONTENT_DIR, force=False):
    """Load every content file; return a Report. All or nothing."""
    tags, projects, forums = read_content(directory)
    loader = Loader(force=force)
    with search.reindex_after(), parts_saved_with_practice():
        _load(tags, projects, forums, loader)
        _record_history(loader)
        load_terms(loader, directory / "glossary.toml")
    return loader.report


def _record_history(loader):
    """Record each practice written now, and any loaded practice still without a history."""
    # The second half gives a database loaded before the loader recorded history its
    # baseline the next time the loader runs (`make run` does).
    matching = {
        instance.pk: written for kind, instance, written in loader.matching if kind == "practice"
    }
    with_history = set(
        Version.objects.get_for_model(Practice)
        .filter(object_id__in=[str(pk) for pk in matching])
        .values_list("object_id", flat=True)
    )
    wanted = [pk for pk, written in matching.items() if written or str(pk) not in with_history]
    # Fresh rows: the loaded ones carry prefetched relations from before the write.
    for practice in Practice.objects.filter(pk__in=wanted).order_by("pk"):
        with reversion.create_revision():
            reversion.add_to_revision(practice)
            reversion.set_comment(_("Aus Forumsdokumentation geladen"))


def _load(tags, projects, forums, loader):
    tag_objects = {}
    for slug, name in tags.items():
        tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        tag_objects[slug] = tag

    project_objects = {}
    for data in projects:
        wanted = {f: data.get(f, "") for f in PROJECT_FIELDS}
        wanted["funding_wave"] = data.get("funding_wave") or None
        existing = Project.objects.filter(slug=data["slug"]).first()
        project_objects[data["slug"]] = loader.sync(
            "project",
            data["slug"],
            existing,
            wanted,
            lambda p: {f: getattr(p, f) for f in (*PROJECT_FIELDS, "funding_wave")},
            lambda p, w=wanted, s=data["slug"]: _assign(p, Project, {**w, "slug": s}),
        )

    for content in forums:
        _load_forum(loader, content, tag_objects, project_objects)
    _archive_removed_practices(loader, {p["slug"] for f in forums for p in f.get("practices", [])})


def _archive_removed_practices(loader, slugs_in_files):
    """Archive, through the workflow gateway, loaded practices that left the files.

    A practice merged into another or withdrawn from the documentation must leave the
    public site of every existing database too. One that researchers edited since the last
    load stays as it is and is reported, as any edited entry is.
    """
    gone = [
        record
        for (kind, key), record in loader.records.items()
        if kind == "practice" and key not in slugs_in_files
    ]
    practices = {
        p.slug: p
        for p in Practice.objects.filter(slug__in=[r.key for r in gone]).prefetch_related(
            "tags", "hurdles", "attributions__project"
        )
    }
    for record in gone:
        practice = practices.get(record.key)
        if practice is None:
            record.delete()
            continue
        if not loaded_unchanged(record, practice_snapshot(practice)) and not loader.force:
            loader.report.kept.append(f"practice {record.key}")
            continue
        if practice.publication_state == Practice.PublicationState.VEROEFFENTLICHT:
            with reversion.create_revision():
                assign_state(practice, Practice.PublicationState.ARCHIVIERT, None, system=True)
                practice.save()
                reversion.set_comment(_("Nicht mehr in der Forumsdokumentation: archiviert"))
            search.reindex([practice.pk])
            loader.report.archived.append(record.key)
        # The entry is no longer the files' to manage: later loads leave it alone.
        record.delete()


def _load_forum(loader, content, tag_objects, project_objects):
    data = content["forum"]
    wanted = {f: data.get(f, "") for f in FORUM_FIELDS}
    wanted["date"] = data["date"]
    forum = loader.sync(
        "forum",
        data["slug"],
        Forum.objects.filter(slug=data["slug"]).first(),
        wanted,
        lambda f: {name: getattr(f, name) for name in (*FORUM_FIELDS, "date")},
        lambda f: _assign(f, Forum, {**wanted, "slug": data["slug"]}),
    )

    tables = {}
    for item in content.get("thementische", []):
        key = f"{forum.slug}/{item['slug']}"
        wanted_table = {f: item.get(f, "") for f in THEMENTISCH_FIELDS}
        wanted_table["key_results"] = "\n".join(item.get("key_results", []))
        wanted_table["projects"] = sorted(item.get("projects", []))

        def write_table(t, w=wanted_table, slug=item["slug"]):
            values = {k: v for k, v in w.items() if k != "projects"}
            t = _assign(t, Thementisch, {**values, "forum": forum, "slug": slug})
            t.projects.set([project_objects[s] for s in w["projects"]])
            return t

        tables[item["slug"]] = loader.sync(
            "thementisch",
            key,
            Thementisch.objects.filter(forum=forum, slug=item["slug"]).first(),
            wanted_table,
            lambda t: {
                **{f: getattr(t, f) for f in (*THEMENTISCH_FIELDS, "key_results")},
                "projects": sorted(p.slug for p in t.projects.all()),
            },
            write_table,
        )

    for item in content.get("studies", []):
        key = f"{forum.slug}/{item.get('doi') or item['title']}"
        wanted_study = {f: item.get(f, "") for f in STUDY_FIELDS}
        wanted_study["year"] = item.get("year") or None
        wanted_study["thementisch"] = item.get("thementisch", "")
        lookup = {"doi": item["doi"]} if item.get("doi") else {"title": item["title"]}
        loader.sync(
            "study",
            key,
            Study.objects.filter(forum=forum, **lookup).first(),
            wanted_study,
            lambda s: {
                **{f: getattr(s, f) for f in STUDY_FIELDS},
                "thementisch": s.thementisch.slug if s.thementisch else "",
            },
            lambda s, w=wanted_study: _assign(
                s,
                Study,
                {
                    **{k: v for k, v in w.items() if k != "thementisch"},
                    "forum": forum,
                    "thementisch": tables.get(w["thementisch"]),
                },
            ),
        )

    for item in content.get("documents", []):
        wanted_doc = {f: item.get(f, "") for f in DOCUMENT_FIELDS}
        wanted_doc["is_public"] = bool(item.get("is_public", False))
        loader.sync(
            "document",
            f"{forum.slug}/{item['title']}",
            Document.objects.filter(forum=forum, title=item["title"]).first(),
            wanted_doc,
            lambda d: {f: getattr(d, f) for f in DOCUMENT_FIELDS},
            lambda d, w=wanted_doc, title=item["title"]: _assign(
                d, Document, {**w, "forum": forum, "title": title}
            ),
        )

    if content.get("hurdles"):
        _load_standalone_hurdles(loader, forum, content["hurdles"], tables)

    existing = {
        p.slug: p
        for p in Practice.objects.filter(forum=forum).prefetch_related(
            "tags", "hurdles", "attributions__project"
        )
    }
    for item in content.get("practices", []):
        wanted_practice = {f: item.get(f, "") for f in PRACTICE_FIELDS}
        hurdles = [_hurdle(h) for h in item.get("hurdles", [])]
        wanted_practice.update(
            thementisch=item.get("thementisch", ""),
            tags=sorted(item.get("tags", [])),
            hurdles=[h["text"] for h in hurdles],
            hurdle_details=[[h["kind"], h["source"]] for h in hurdles],
            projects=sorted(
                [a["slug"], bool(a.get("public", False))] for a in item.get("projects", [])
            ),
            publication_state=Practice.PublicationState.VEROEFFENTLICHT,
        )
        loader.sync(
            "practice",
            item["slug"],
            existing.get(item["slug"]) or Practice.objects.filter(slug=item["slug"]).first(),
            wanted_practice,
            practice_snapshot,
            lambda p, w=wanted_practice, slug=item["slug"]: _write_practice(
                p, w, slug, forum, tables, tag_objects, project_objects
            ),
        )


def _hurdle(item):
    """Read a hurdle of the files: a plain string, or a table with text, kind and source."""
    if isinstance(item, str):
        return {"text": item, "kind": "", "source": ""}
    return {"text": item["text"], "kind": item.get("kind", ""), "source": item.get("source", "")}


def _load_standalone_hurdles(loader, forum, items, tables):
    """Load the forum's hurdles that belong to no entry, as one group per forum."""
    wanted = [[h["thementisch"], h["text"], h.get("kind", ""), h.get("source", "")] for h in items]

    def snapshot(f):
        return [
            [h.thementisch.slug if h.thementisch_id else "", h.text, h.kind, h.source]
            for h in f.standalone_hurdles.filter(practice__isnull=True).order_by("position", "id")
        ]

    def write(_unused):
        f = forum
        f.standalone_hurdles.filter(practice__isnull=True).delete()
        for position, (table, text, kind, source) in enumerate(wanted, start=1):
            hurdle = Hurdle(
                forum=f,
                thementisch=tables.get(table),
                text=text,
                kind=kind,
                source=source,
                position=position,
            )
            hurdle.full_clean()
            hurdle.save()
        return f

    # None while the forum has none yet: the first load creates them, as for any new entry.
    loader.sync("hurdles", forum.slug, forum if snapshot(forum) else None, wanted, snapshot, write)


def practice_snapshot(practice):
    hurdles = list(practice.hurdles.all())
    return {
        **{f: getattr(practice, f) for f in PRACTICE_FIELDS},
        "thementisch": practice.thementisch.slug if practice.thementisch_id else "",
        "tags": sorted(t.slug for t in practice.tags.all()),
        "hurdles": [h.text for h in hurdles],
        "hurdle_details": [[h.kind, h.source] for h in hurdles],
        "projects": sorted([a.project.slug, a.is_public] for a in practice.attributions.all()),
        "publication_state": practice.publication_state,
    }


def _write_practice(practice, wanted, slug, forum, tables, tag_objects, project_objects):
    values = {f: wanted[f] for f in PRACTICE_FIELDS}
    values.update(
        slug=slug,
        forum=forum,
        thementisch=tables.get(wanted["thementisch"]),
    )
    # Curated content is published by the loader itself: a system path, no person.
    practice = assign_state(practice or Practice(), wanted["publication_state"], None, system=True)
    practice = _assign(practice, Practice, values)
    practice.hurdles.all().delete()
    Hurdle.objects.bulk_create(
        Hurdle(practice=practice, text=text, kind=kind, source=source, position=index)
        for index, (text, (kind, source)) in enumerate(
            zip(wanted["hurdles"], wanted["hurdle_details"], strict=True), start=1
        )
    )
    practice.tags.set([tag_objects[s] for s in wanted["tags"]])
    practice.attributions.all().delete()
    ProjectAttribution.objects.bulk_create(
        ProjectAttribution(practice=practice, project=project_objects[s], is_public=public)
        for s, public in wanted["projects"]
    )
    # bulk_create sends no signals: name the practice for the index rebuild at the end.
    search.reindex([practice.pk])
    return practice
