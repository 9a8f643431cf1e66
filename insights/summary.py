"""The evidence map in sentences: what a table says, for people who cannot scan it."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _entries(n):
    return ngettext("%(n)s Eintrag", "%(n)s Einträge", n) % {"n": n}


def _with_entries(n):
    return ngettext("mit %(n)s Eintrag", "mit %(n)s Einträgen", n) % {"n": n}


def summarise(evidence):
    """Return a few German sentences on the published entries and hurdles the map counts."""
    if not evidence.total:
        return [_("Für diese Auswahl gibt es keine veröffentlichten Einträge.")]
    forums = evidence.forums
    sentences = [
        ngettext(
            "Gezählt sind %(entries)s aus %(n)s Fachforum.",
            "Gezählt sind %(entries)s aus %(n)s Fachforen.",
            len(forums),
        )
        % {"entries": _entries(evidence.total), "n": len(forums)}
    ]
    by_status = [(label, evidence.count(status=value)) for value, label in evidence.statuses]
    sentences.append(
        _("Nach Status: %(parts)s.")
        % {"parts": ", ".join(f"{label} {n}" for label, n in by_status)}
    )
    by_category = sorted(
        ((evidence.count(category=value), label) for value, label in evidence.categories),
        key=lambda pair: -pair[0],
    )
    most, most_label = by_category[0]
    least, least_label = by_category[-1]
    sentences.append(
        _("Am häufigsten ist die Kategorie „%(label)s“ %(entries)s.")
        % {"label": most_label, "entries": _with_entries(most)}
    )
    if len(by_category) > 1 and least < most:
        sentences.append(
            _("Am wenigsten belegt ist „%(label)s“ %(entries)s.")
            % {"label": least_label, "entries": _with_entries(least)}
        )
    gaps = [
        f"{c_label} ({s_label})"
        for c_value, c_label in evidence.categories
        for s_value, s_label in evidence.statuses
        if not evidence.count(category=c_value, status=s_value)
    ]
    if gaps:
        sentences.append(_("Keine Einträge gibt es für: %(gaps)s.") % {"gaps": ", ".join(gaps)})
    if len(forums) > 1:
        sentences.append(
            _("Einträge je Fachforum, in zeitlicher Reihenfolge: %(parts)s.")
            % {
                "parts": "; ".join(
                    f"{forum.title} ({forum.date:%Y}): {evidence.count(forum)}" for forum in forums
                )
            }
        )
    return sentences


def summarise_hurdles(evidence):
    """Return a sentence on the published hurdles by kind."""
    table = evidence.hurdles()
    if not evidence.hurdle_total:
        return _("Es sind keine Hürden veröffentlicht.")
    top = max(table.rows, key=lambda row: row.total.count)
    return ngettext(
        "Veröffentlicht ist %(n)s Hürde; die häufigste Art ist „%(kind)s“ (%(top)s).",
        "Veröffentlicht sind %(n)s Hürden; die häufigste Art ist „%(kind)s“ (%(top)s).",
        evidence.hurdle_total,
    ) % {"n": evidence.hurdle_total, "kind": top.label, "top": top.total.count}


def describe_chart(bars):
    """Return the chart's text alternative: each forum with its number of entries."""
    if not bars:
        return _("Keine Einträge.")
    return _("Einträge je Fachforum, in zeitlicher Reihenfolge: %(parts)s.") % {
        "parts": "; ".join(f"{bar['label']}: {bar['count']}" for bar in bars)
    }
