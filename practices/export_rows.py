"""The one row source behind every export format (CSV, XLSX, JSON; public and internal).

Hurdles, tags and projects are aggregated by the database into JSON arrays in the
same query, so an export of any size is one streamed query.
"""

import functools
import json
import unicodedata
from dataclasses import dataclass

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone, translation

from practices.models import Practice

CHUNK_SIZE = 2000

_AGGREGATES = {
    "postgresql": {
        "hurdles_json": "SELECT coalesce(json_agg(h.text ORDER BY h.position, h.id), '[]') "
        "FROM practices_hurdle h WHERE h.practice_id = practices_practice.id",
        # A scalar lookup per tag link: a join here made PostgreSQL scan all tags per row.
        "tags_json": "SELECT coalesce(json_agg((SELECT t.name FROM taggit_tag t "
        "WHERE t.id = tp.tag_id)), '[]') FROM practices_taggedpractice tp "
        "WHERE tp.content_object_id = practices_practice.id",
        "projects_json": "SELECT coalesce(json_agg(json_build_array(pr.slug, pr.short_name, "
        "pa.is_public) ORDER BY pr.short_name), '[]') FROM practices_projectattribution pa "
        "JOIN practices_project pr ON pr.id = pa.project_id "
        "WHERE pa.practice_id = practices_practice.id",
    },
    "sqlite": {
        "hurdles_json": "SELECT json_group_array(text) FROM (SELECT h.text FROM practices_hurdle h "
        "WHERE h.practice_id = practices_practice.id ORDER BY h.position, h.id)",
        "tags_json": "SELECT json_group_array(t.name) FROM "
        "practices_taggedpractice tp JOIN taggit_tag t ON t.id = tp.tag_id "
        "WHERE tp.content_object_id = practices_practice.id",
        "projects_json": "SELECT json_group_array(json_array(slug, short_name, is_public)) FROM "
        "(SELECT pr.slug, pr.short_name, pa.is_public FROM practices_projectattribution pa "
        "JOIN practices_project pr ON pr.id = pa.project_id "
        "WHERE pa.practice_id = practices_practice.id ORDER BY pr.short_name)",
    },
}

_FIELDS = (
    "id",
    "slug",
    "title",
    "description",
    "category",
    "status",
    "aspect",
    "forum__slug",
    "forum__number",
    "forum__title",
    "forum__date",
    "forum__city",
    "thementisch__slug",
    "thementisch__title",
    "updated_at",
    "publication_state",
    "hurdles_json",
    "tags_json",
    "projects_json",
)

CATEGORY_LABELS = Practice.Category.choices
STATUS_LABELS = Practice.Status.choices
STATE_LABELS = Practice.PublicationState.choices


@dataclass(slots=True)
class ExportRow:
    id: int
    slug: str
    title: str
    description: str
    category: str
    status: str
    aspect: str
    forum_slug: str
    forum_number: int
    forum_title: str
    forum_date: object
    forum_city: str
    thementisch_slug: str | None
    thementisch_title: str | None
    updated_at: object
    publication_state: str
    hurdles: list
    tags: list
    projects: list  # [(slug, name, is_public)]
    url: str

    @property
    def category_label(self):
        return _labels(CATEGORY_LABELS).get(self.category, self.category)

    @property
    def status_label(self):
        return _labels(STATUS_LABELS).get(self.status, self.status)

    @property
    def publication_state_label(self):
        return _labels(STATE_LABELS).get(self.publication_state, self.publication_state)


def _labels(choices):
    """Return choice labels as plain strings in the active language, resolved once."""
    return _resolved_labels(tuple(choices), translation.get_language())


@functools.lru_cache(maxsize=32)
def _resolved_labels(choices, language):
    return {value: str(label) for value, label in choices}


@functools.lru_cache(maxsize=4096)
def german_sort_key(text):
    """Sort as a German reader expects, whatever the database collation: Ä with A."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _loads(value):
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else value


def export_rows(queryset, url_for, *, internal=False):
    """Yield ExportRow objects for the queryset, in its order, in one streamed query.

    Public exports list only public project attributions; internal ones list all.
    """
    aggregates = _AGGREGATES[connection.vendor]
    queryset = queryset.annotate(
        # Constant SQL from this module; no user input reaches it.
        **{name: RawSQL(f"({sql})", []) for name, sql in aggregates.items()}  # noqa: S611
    ).values_list(*_FIELDS)
    for values in queryset.iterator(chunk_size=CHUNK_SIZE):
        row = dict(zip(_FIELDS, values, strict=True))
        projects = [tuple(p) for p in _loads(row["projects_json"])]
        if not internal:
            projects = [p for p in projects if p[2]]
        yield ExportRow(
            id=row["id"],
            slug=row["slug"],
            title=row["title"],
            description=row["description"],
            category=row["category"],
            status=row["status"],
            aspect=row["aspect"],
            forum_slug=row["forum__slug"],
            forum_number=row["forum__number"],
            forum_title=row["forum__title"],
            forum_date=row["forum__date"],
            forum_city=row["forum__city"],
            thementisch_slug=row["thementisch__slug"],
            thementisch_title=row["thementisch__title"],
            updated_at=row["updated_at"],
            publication_state=row["publication_state"],
            hurdles=_loads(row["hurdles_json"]),
            tags=sorted(_loads(row["tags_json"]), key=german_sort_key),
            projects=[(slug, name, bool(public)) for slug, name, public in projects],
            url=url_for(row["slug"]),
        )


# Column headers of the tabular formats (CSV, XLSX), in order. They are a data contract
# that scripts read, so they are fixed German strings, not translated ones.
COLUMNS = (
    ("id", "ID"),
    ("title", "Titel"),
    ("description", "Beschreibung"),
    ("category", "Kategorie"),
    ("status", "Status"),
    ("aspect", "Aspekt"),
    ("hurdles", "Hürden"),
    ("forum", "Forum"),
    ("forum_date", "Forum-Datum"),
    ("city", "Ort"),
    ("thementisch", "Thementisch"),
    ("projects", "Projekte"),
    ("tags", "Schlagworte"),
    ("url", "URL"),
    ("updated_at", "Zuletzt geändert"),
)
INTERNAL_COLUMNS = (("publication_state", "Veröffentlichungsstatus"),)
MULTI_SEPARATOR = " | "


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
        row.aspect,
        MULTI_SEPARATOR.join(row.hurdles),
        row.forum_title,
        row.forum_date.isoformat() if row.forum_date else "",
        row.forum_city,
        row.thementisch_title or "",
        MULTI_SEPARATOR.join(projects),
        MULTI_SEPARATOR.join(row.tags),
        row.url,
        _local_timestamp(row.updated_at),
    ]
    if internal:
        cells.append(row.publication_state_label)
    return cells


def _local_timestamp(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


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
        "updated_at": row.updated_at.isoformat() if row.updated_at else None,
    }
    if internal:
        record["publication_state"] = row.publication_state
        record["projects"] = [
            {"slug": slug, "name": name, "public": public} for slug, name, public in row.projects
        ]
    return record
