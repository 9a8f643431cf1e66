"""Keep each practice's export lists (hurdles, tags, projects) as the exports write them.

Called by search.reindex for the practices it reindexes, so every write that keeps the search
index current (signals, `reindex_after` blocks) keeps these rows current too.
"""

import json
from collections import defaultdict

from practices import models
from practices.export_columns import MULTI_SEPARATOR
from practices.export_rows import german_sort_key, tag_sort_key

_LIST_FIELDS = [
    field.name
    for field in models.PracticeExportLists._meta.concrete_fields
    if not field.primary_key
]
BATCH_SIZE = 2000


def _json(values):
    return json.dumps(values, ensure_ascii=False)


def _lists(hurdles, tags, projects):
    """Return the row's fields; projects: [(slug, name, public)] in attribution order."""
    tags = sorted(tags, key=tag_sort_key)
    projects = sorted(projects, key=lambda project: german_sort_key(project[1]))
    public = [(slug, name) for slug, name, is_public in projects if is_public]
    return {
        "hurdles": MULTI_SEPARATOR.join(hurdles),
        "hurdles_json": _json(hurdles),
        "tags": MULTI_SEPARATOR.join(tags),
        "tags_json": _json(tags),
        "public_projects": MULTI_SEPARATOR.join(name for _slug, name in public),
        "public_projects_json": _json([{"slug": slug, "name": name} for slug, name in public]),
        # The same marking as export_rows.tabular_values (German: a data contract).
        "all_projects": MULTI_SEPARATOR.join(
            name if public else f"{name} (nicht öffentlich)" for _slug, name, public in projects
        ),
        "all_projects_json": _json(
            [
                {"slug": slug, "name": name, "public": is_public}
                for slug, name, is_public in projects
            ]
        ),
    }


def refresh(practice_ids, apps=None):
    """Rewrite the export lists of the given practices (those that still exist).

    apps: a migration's historical models, when it fills the rows.
    """
    get = models.__dict__.get if apps is None else lambda name: apps.get_model("practices", name)
    Practice, Hurdle = get("Practice"), get("Hurdle")
    TaggedPractice, ProjectAttribution = get("TaggedPractice"), get("ProjectAttribution")
    PracticeExportLists = get("PracticeExportLists")
    ids = sorted(set(Practice.objects.filter(pk__in=practice_ids).values_list("pk", flat=True)))
    hurdles, tags, projects = defaultdict(list), defaultdict(list), defaultdict(list)
    for practice_id, text in (
        Hurdle.objects.filter(practice_id__in=ids)
        .order_by("position", "id")
        .values_list("practice_id", "text")
    ):
        hurdles[practice_id].append(text)
    for practice_id, name in TaggedPractice.objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", "tag__name"
    ):
        tags[practice_id].append(name)
    for practice_id, slug, name, is_public in (
        ProjectAttribution.objects.filter(practice_id__in=ids)
        .order_by("id")
        .values_list("practice_id", "project__slug", "project__short_name", "is_public")
    ):
        projects[practice_id].append((slug, name, is_public))
    rows = [
        PracticeExportLists(practice_id=pk, **_lists(hurdles[pk], tags[pk], projects[pk]))
        for pk in ids
    ]
    PracticeExportLists.objects.bulk_create(
        rows,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["practice"],
        update_fields=_LIST_FIELDS,
    )
