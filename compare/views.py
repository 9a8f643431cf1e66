"""Compare 2 to 4 published entries side by side, from the address alone."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from compare.rows import comparison_rows
from compare.selection import MIN_ENTRIES, joined, parse_ids
from practices.models import Practice


def compare(request):
    selection = parse_ids(request.GET.getlist("ids"))
    only_differences = request.GET.get("nur_unterschiede") == "1"
    context = {"error": selection.error, "notices": [], "practices": [], "rows": []}
    if selection.error:
        return render(request, "compare/compare.html", context, status=400)
    found = {
        practice.pk: practice
        for practice in Practice.objects.published().for_detail().filter(pk__in=selection.ids)
    }
    practices = [found[pk] for pk in selection.ids if pk in found]
    missing = [str(pk) for pk in selection.ids if pk not in found]
    if missing:
        context["notices"].append(
            ngettext(
                "Eintrag %(ids)s gibt es nicht oder er ist nicht veröffentlicht.",
                "Die Einträge %(ids)s gibt es nicht oder sie sind nicht veröffentlicht.",
                len(missing),
            )
            % {"ids": ", ".join(missing)}
        )
    if len(practices) < MIN_ENTRIES:
        context["notices"].append(
            _("Für einen Vergleich wählen Sie mindestens zwei Einträge (höchstens vier).")
        )
    ids = [practice.pk for practice in practices]
    context.update(
        practices=practices,
        columns=[
            {"practice": p, "without": joined([pk for pk in ids if pk != p.pk])} for p in practices
        ],
        rows=comparison_rows(practices, only_differences) if practices else [],
        ids=joined(ids),
        only_differences=only_differences,
    )
    status = 404 if selection.ids and not practices else 200
    return render(request, "compare/compare.html", context, status=status)
