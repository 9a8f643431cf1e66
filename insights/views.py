"""The evidence map (/statistik/) and its downloads."""

from django.shortcuts import render

from insights import summary
from insights.downloads import download
from insights.evidence import CHART_ROW_UNITS, EvidenceMap
from practices.models import Practice


def statistics(request):
    evidence = EvidenceMap(request.GET)
    bars = evidence.chart()
    context = {
        "evidence": evidence,
        "notices": evidence.notices,
        "query": evidence.query.urlencode(),
        "active_filters": evidence.active_filters(),
        "type_choices": Practice.EntryType.choices,
        "selected_types": evidence.query.getlist("art"),
        "summary": summary.summarise(evidence),
        "hurdle_summary": summary.summarise_hurdles(evidence),
        "scopes": evidence.scopes(),
        "over_time": evidence.over_time(),
        "hurdles": evidence.hurdles(),
        "bars": bars,
        "chart_height": len(bars) * CHART_ROW_UNITS,
        "chart_text": summary.describe_chart(bars),
    }
    return render(request, "insights/statistics.html", context)


def statistics_download(request, extension):
    return download(EvidenceMap(request.GET), request, extension)
