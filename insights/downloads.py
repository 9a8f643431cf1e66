"""The evidence map's aggregates as CSV and JSON, in the conventions of the list exports."""

import json

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practices.exporter import german_csv
from practices.models import Hurdle, Practice

# Fixed German headers: a data contract, like practices.export_columns.
CSV_HEADER = (
    "Auswertung",
    "Fachforum",
    "Forum-Datum",
    "Kategorie",
    "Status",
    "Eintragsart",
    "Art der Hürde",
    "Anzahl",
)
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


def entry_records(evidence):
    """Yield one record per forum × category × status × entry type that has entries."""
    forums = {forum.pk: forum for forum in evidence.all_forums}
    categories = dict(Practice.Category.choices)
    statuses = dict(Practice.Status.choices)
    types = dict(Practice.EntryType.choices)
    for (forum_id, category, status, entry_type), n in sorted(
        evidence.cube.items(), key=lambda item: (forums[item[0][0]].date, *item[0][1:])
    ):
        forum = forums[forum_id]
        yield {
            "forum": forum.slug,
            "forum_title": forum.title,
            "forum_date": forum.date.isoformat(),
            "category": category,
            "category_label": str(categories.get(category, category)),
            "status": status,
            "status_label": str(statuses.get(status, status)),
            "entry_type": entry_type,
            "entry_type_label": str(types.get(entry_type, entry_type)),
            "count": n,
        }


def hurdle_records(evidence):
    """Yield one record per hurdle kind × entry category (None: standing alone)."""
    kinds = dict(Hurdle.Kind.choices)
    categories = dict(Practice.Category.choices)
    for (kind, category), n in sorted(
        evidence.hurdle_cube.items(), key=lambda item: (item[0][0], item[0][1] or "")
    ):
        yield {
            "kind": kind,
            "kind_label": str(kinds.get(kind, _("ohne Art"))),
            "category": category,
            "category_label": str(categories[category]) if category else str(_("ohne Eintrag")),
            "count": n,
        }


def _meta(evidence, request):
    page = request.build_absolute_uri(reverse("insights:statistics"))
    query = evidence.query.urlencode()
    return {
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "filters": {
            name: values if len(values) > 1 else values[0]
            for name, values in evidence.query.lists()
            if values
        },
        "source_url": f"{page}?{query}" if query else page,
        "notices": [str(notice) for notice in evidence.notices],
        "entries_total": evidence.total,
        "hurdles_total": evidence.hurdle_total,
        "note": str(
            _("Gezählt sind veröffentlichte Einträge; die Hürden gelten unabhängig vom Filter.")
        ),
    }


def render_csv(evidence):
    entries = (
        (
            _("Einträge"),
            r["forum_title"],
            r["forum_date"],
            r["category_label"],
            r["status_label"],
            r["entry_type_label"],
            "",
            r["count"],
        )
        for r in entry_records(evidence)
    )
    hurdles = (
        (_("Hürden"), "", "", r["category_label"], "", "", r["kind_label"], r["count"])
        for r in hurdle_records(evidence)
    )
    return german_csv(CSV_HEADER, [*entries, *hurdles])


def render_json(evidence, request):
    document = {
        "meta": _meta(evidence, request),
        "entries": list(entry_records(evidence)),
        "hurdles": list(hurdle_records(evidence)),
    }
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def download(evidence, request, extension):
    """Return the aggregates as an attachment ("csv" or "json")."""
    body = render_csv(evidence) if extension == "csv" else render_json(evidence, request)
    response = HttpResponse(body, content_type=CONTENT_TYPES[extension])
    filename = f"rehapro-statistik-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
