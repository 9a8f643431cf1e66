"""The hurdle list's exports: one row source, three formats (the practice exporter's design)."""

import json
import tempfile

import xlsxwriter
from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from practices.export_columns import header_label
from practices.exporter import german_csv
from practices.models import Hurdle, Practice

# German headers by default (a data contract, like practices.export_columns); English
# ones in an English export.
COLUMNS = (
    ("id", "ID"),
    ("text", gettext_noop("Hürde")),
    ("kind", gettext_noop("Art der Hürde")),
    ("forum", gettext_noop("Fachforum")),
    ("forum_date", gettext_noop("Forum-Datum")),
    ("thementisch", gettext_noop("Thementisch")),
    ("entry", gettext_noop("Eintrag")),
    ("category", gettext_noop("Kategorie des Eintrags")),
    ("status", gettext_noop("Status des Eintrags")),
    ("source", gettext_noop("Quelle")),
    ("url", "URL"),
)
WIDTHS = (8, 80, 28, 30, 12, 30, 50, 28, 14, 50, 50)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def hurdle_rows(queryset, absolute):
    """Yield one dict per hurdle, in the queryset's order: the one row source."""
    kinds = dict(Hurdle.Kind.choices)
    categories = dict(Practice.Category.choices)
    statuses = dict(Practice.Status.choices)
    for hurdle in queryset:
        practice = hurdle.practice
        forum = hurdle.owner_forum
        table = hurdle.owner_thementisch
        yield {
            "id": hurdle.pk,
            "text": hurdle.text,
            "kind": str(kinds.get(hurdle.kind, "")),
            "forum": forum.title,
            "forum_date": forum.date.isoformat(),
            "thementisch": table.title if table else "",
            "entry": practice.title if practice else "",
            "category": str(categories.get(practice.category, "")) if practice else "",
            "status": str(statuses.get(practice.status, "")) if practice else "",
            "source": hurdle.source,
            "url": absolute(hurdle.get_absolute_url()),
        }


def _cells(row):
    return [row[key] for key, _label in COLUMNS]


def render_csv(rows):
    return german_csv(
        [header_label(label) for _key, label in COLUMNS], (_cells(row) for row in rows)
    )


def render_json(rows, meta):
    results = list(rows)
    return json.dumps(
        {"meta": {**meta, "count": len(results)}, "results": results}, ensure_ascii=False
    ).encode("utf-8")


def render_xlsx(rows, meta):
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    workbook = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet(_("Hürden"))
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    for column, width in enumerate(WIDTHS):
        sheet.set_column(column, column, width, wrap)
    sheet.freeze_panes(1, 0)
    for column, (_key, label) in enumerate(COLUMNS):
        sheet.write_string(0, column, header_label(label), bold)
    count = 0
    for count, row in enumerate(rows, start=1):
        for column, value in enumerate(_cells(row)):
            if isinstance(value, int):
                sheet.write_number(count, column, value)
            else:
                sheet.write_string(count, column, value)
    sheet.autofilter(0, 0, count, len(COLUMNS) - 1)
    info = workbook.add_worksheet(_("Info"))
    lines = [
        (_("Exportiert am"), meta["exported_at"]),
        (_("Anzahl Zeilen"), str(count)),
        (_("Filter"), meta["filters_text"] or _("keine")),
        (_("Quelle"), meta["source_url"]),
    ]
    for index, (key, value) in enumerate(lines):
        info.write_string(index, 0, str(key), bold)
        info.write_string(index, 1, str(value))
    workbook.close()
    target.seek(0)
    return target


def export_response(filterset, request, extension):
    """Return the filtered hurdle list as a download in the given format."""
    meta = {
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "filters": {k: v for k, v in filterset.form.cleaned_data.items() if v},
        "filters_text": ", ".join(
            f"{filterset.filters[k].label}: {v}"
            for k, v in filterset.form.cleaned_data.items()
            if v
        ),
        "source_url": request.build_absolute_uri(reverse("practices:hurdle_list")),
    }
    rows = hurdle_rows(filterset.qs, request.build_absolute_uri)
    filename = f"rehapro-huerden-{timezone.localdate():%Y-%m-%d}.{extension}"
    if extension == "xlsx":
        return FileResponse(
            render_xlsx(rows, meta),
            as_attachment=True,
            filename=filename,
            content_type=CONTENT_TYPES["xlsx"],
        )
    if extension == "csv":
        body = render_csv(rows)
    else:
        body = render_json(rows, {k: v for k, v in meta.items() if k != "filters_text"})
    response = HttpResponse(body, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
