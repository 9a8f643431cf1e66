"""The one row source behind every export format (CSV, XLSX, JSON; public and internal).

Hurdles are aggregated by the database into a JSON array in the same query; tags and
projects come as arrays of ids, named from two small lookups made once per export. So
an export of any size is one streamed query plus two tiny ones.
"""

import functools
import json
import unicodedata
from dataclasses import dataclass

from django.db.models import Case, Exists, F, OuterRef, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from taggit.models import Tag

from practices import search
from practices.export_columns import MULTI_SEPARATOR
from practices.models import Practice, Project

CHUNK_SIZE = 2000

_FIELDS = (
    "id",
    "slug",
    "title",
    "description",
    "category",
    "status",
    "entry_type",
    "aspect",
    "forum__slug",
    "forum__number",
    "forum__title",
    "forum__date",
    "forum__city",
    "forum__status_meaning_geplant",
    "forum__status_meaning_umgesetzt",
    "thementisch__slug",
    "thementisch__title",
    "created_at",
    "content_changed_at",
    "last_reviewed_at",
    "publication_state",
    "hurdle_texts",
    "tag_ids",
    "project_ids",
    "project_public",
    "line_id",
    "line_title",
)


@dataclass(slots=True)
class ExportRow:
    id: int
    slug: str
    title: str
    description: str
    category: str
    category_label: str
    status: str
    status_label: str
    entry_type: str
    entry_type_label: str
    status_meaning: str  # what the status means in this row's forum
    aspect: str
    forum_slug: str
    forum_number: int
    forum_title: str
    forum_date: object
    forum_city: str
    thementisch_slug: str | None
    thementisch_title: str | None
    created_on: object  # dates in the site's time zone
    content_changed_on: object
    last_reviewed_on: object
    publication_state: str
    publication_state_label: str
    hurdles: list
    tags: list
    projects: list  # [(slug, name, is_public)]
    url: str
    line_id: int | None = None
    line_title: str | None = None


@functools.lru_cache(maxsize=4096)
def german_sort_key(text):
    """Sort as a German reader expects, whatever the database collation: Ä with A."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _loads(value):
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else value


def _labels(choices):
    """Return the choice labels as plain strings in the active language."""
    return {value: str(label) for value, label in choices}


def practice_labels():
    """Return the labels of the choice fields the exports name, by field, active language."""
    return {
        "category": _labels(Practice.Category.choices),
        "status": _labels(Practice.Status.choices),
        "entry_type": _labels(Practice.EntryType.choices),
        "publication_state": _labels(Practice.PublicationState.choices),
    }


def tag_sort_key(name):
    """German order; tag names are unique, so the name itself breaks ties (Netz, netz)."""
    return german_sort_key(name), name


def export_rows(queryset, url_for, *, internal=False):
    """Yield ExportRow objects for the queryset, in its order, in one streamed query.

    Public exports list only public project attributions; internal ones list all.
    """
    zone = timezone.get_current_timezone()
    labels = practice_labels()
    categories = labels["category"]
    statuses = labels["status"]
    entry_types = labels["entry_type"]
    states = labels["publication_state"]
    tag_names = dict(Tag.objects.values_list("id", "name"))
    projects = {
        pk: (slug, name)
        for pk, slug, name in Project.objects.values_list("id", "slug", "short_name")
    }
    aggregates = search.export_aggregates()
    queryset = (
        queryset.annotate(
            # Constant SQL from this module; no user input reaches it.
            **{name: RawSQL(f"({sql})", []) for name, sql in aggregates.items()}  # noqa: S611
        )
        .annotate(**line_annotations(internal))
        .values_list(*_FIELDS)
    )
    for (
        pk,
        slug,
        title,
        description,
        category,
        status,
        entry_type,
        aspect,
        forum_slug,
        forum_number,
        forum_title,
        forum_date,
        forum_city,
        meaning_geplant,
        meaning_umgesetzt,
        thementisch_slug,
        thementisch_title,
        created_at,
        content_changed_at,
        last_reviewed_at,
        publication_state,
        hurdle_texts,
        tag_ids,
        project_ids,
        project_public,
        line_id,
        line_title,
    ) in queryset.iterator(chunk_size=CHUNK_SIZE):
        linked = [
            (*projects[project_id], bool(public))
            for project_id, public in zip(_loads(project_ids), _loads(project_public), strict=True)
            if internal or public
        ]
        yield ExportRow(
            id=pk,
            slug=slug,
            title=title,
            description=description,
            category=category,
            category_label=categories.get(category, category),
            status=status,
            status_label=statuses.get(status, status),
            entry_type=entry_type,
            entry_type_label=entry_types.get(entry_type, entry_type),
            status_meaning=meaning_umgesetzt if status == "umgesetzt" else meaning_geplant,
            aspect=aspect,
            forum_slug=forum_slug,
            forum_number=forum_number,
            forum_title=forum_title,
            forum_date=forum_date,
            forum_city=forum_city,
            thementisch_slug=thementisch_slug,
            thementisch_title=thementisch_title,
            created_on=local_date(created_at, zone),
            content_changed_on=local_date(content_changed_at, zone),
            last_reviewed_on=last_reviewed_at,
            publication_state=publication_state,
            publication_state_label=states.get(publication_state, publication_state),
            hurdles=_loads(hurdle_texts),
            tags=sorted((tag_names[i] for i in _loads(tag_ids)), key=tag_sort_key),
            projects=sorted(linked, key=lambda project: german_sort_key(project[1])),
            url=url_for(slug),
            line_id=line_id,
            line_title=line_title,
        )


def line_annotations(internal):
    """Return the line id and title; publicly only for a line with another published entry."""
    if internal:
        return {
            "line_id": F("line_membership__line_id"),
            "line_title": F("line_membership__line__title"),
        }
    partner = (
        Practice.objects.published()
        .filter(line_membership__line=OuterRef("line_membership__line"))
        .exclude(pk=OuterRef("pk"))
    )
    public = Exists(partner)
    return {
        "line_id": Case(When(public, then=F("line_membership__line_id"))),
        "line_title": Case(When(public, then=F("line_membership__line__title"))),
    }


def tabular_values(row, *, internal=False):
    """Return the row's cells for CSV and XLSX, in COLUMNS order."""
    projects = [
        name if public or not internal else f"{name} (nicht öffentlich)"
        for _slug, name, public in row.projects
    ]
    cells = [
        row.id,
        row.title,
        row.description,
        row.category_label,
        row.status_label,
        row.entry_type_label,
        row.status_meaning,
        row.aspect,
        MULTI_SEPARATOR.join(row.hurdles),
        row.forum_title,
        row.forum_date,
        row.forum_city,
        row.thementisch_title or "",
        MULTI_SEPARATOR.join(projects),
        MULTI_SEPARATOR.join(row.tags),
        row.url,
        row.created_on,
        row.content_changed_on,
        row.last_reviewed_on,
        row.line_id,
        row.line_title or "",
    ]
    if internal:
        cells.append(row.publication_state_label)
    return cells


def local_date(value, zone):
    """Return the calendar date of an aware timestamp in the given zone (None for none)."""
    return value.astimezone(zone).date() if value else None


def _iso(value):
    return value.isoformat() if value else None


def json_record(row, *, internal=False):
    """Return the row as the JSON export's result object."""
    record = {
        "id": row.id,
        "title": row.title,
        "description": row.description,
        "category": row.category,
        "category_label": row.category_label,
        "status": row.status,
        "status_label": row.status_label,
        "entry_type": row.entry_type,
        "entry_type_label": row.entry_type_label,
        "status_meaning": row.status_meaning,
        "aspect": row.aspect,
        "hurdles": row.hurdles,
        "forum": {
            "slug": row.forum_slug,
            "number": row.forum_number,
            "title": row.forum_title,
            "date": row.forum_date.isoformat() if row.forum_date else None,
            "city": row.forum_city,
        },
        "thementisch": (
            {"slug": row.thementisch_slug, "title": row.thementisch_title}
            if row.thementisch_slug
            else None
        ),
        "projects": [{"slug": slug, "name": name} for slug, name, _public in row.projects],
        "tags": row.tags,
        "url": row.url,
        "documentation_date": _iso(row.forum_date),
        "added_on": _iso(row.created_on),
        "content_changed_on": _iso(row.content_changed_on),
        "last_reviewed_on": _iso(row.last_reviewed_on),
        "line": {"id": row.line_id, "title": row.line_title} if row.line_id else None,
    }
    if internal:
        record["publication_state"] = row.publication_state
        record["projects"] = [
            {"slug": slug, "name": name, "public": public} for slug, name, public in row.projects
        ]
    return record
