"""Propose likely entries of other forums for a practice's line, each with its reasons.

Everything is scored in Python over one candidate set, so SQLite and PostgreSQL rank alike.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from lines.models import Membership, RejectedPair
from lines.similarity import overlap, tokens
from practices.models import Practice, ProjectAttribution

TITLE_WEIGHT = 2.0
MIN_TITLE = 0.1  # below this a shared word is chance, not a similar title
TAG_WEIGHT = 0.15
THEME_WEIGHT = 0.2
MIN_THEME = 0.2
PROJECT_WEIGHT = 0.3
LIMIT = 10


@dataclass
class Candidate:
    practice: Practice
    score: float
    reasons: list = field(default_factory=list)


def _shaped(queryset):
    return (
        queryset.without_search_vector()
        .select_related("forum", "thementisch", "line_membership__line")
        .prefetch_related(
            "tags",
            Prefetch(
                "attributions",
                queryset=ProjectAttribution.objects.select_related("project"),
                to_attr="all_attributions",
            ),
        )
    )


def _rejected_ids(practice):
    pairs = RejectedPair.objects.filter(first=practice).values_list("second_id", flat=True)
    other = RejectedPair.objects.filter(second=practice).values_list("first_id", flat=True)
    return {*pairs, *other}


def _same_line_ids(practice):
    line_id = Membership.objects.filter(practice=practice).values_list("line_id", flat=True)
    return set(Membership.objects.filter(line_id__in=line_id).values_list("practice_id", flat=True))


def _theme(practice):
    return tokens(practice.thementisch.title) if practice.thementisch_id else frozenset()


def score(practice, other):
    """Return the Candidate for other, with the reasons its score has."""
    found = Candidate(other, 0.0)
    similar = overlap(tokens(practice.title), tokens(other.title))
    if similar >= MIN_TITLE:
        found.score += TITLE_WEIGHT * similar
        found.reasons.append(_("ähnlicher Titel (%(share)d %%)") % {"share": round(similar * 100)})
    own_tags = {tag.slug: tag.name for tag in practice.tags.all()}
    for tag in sorted(other.tags.all(), key=lambda t: t.name):
        if tag.slug in own_tags:
            found.score += TAG_WEIGHT
            found.reasons.append(_("gleiches Schlagwort „%(tag)s“") % {"tag": tag.name})
    if overlap(_theme(practice), _theme(other)) >= MIN_THEME:
        found.score += THEME_WEIGHT
        found.reasons.append(
            _("gleicher Thementisch-Themenbereich („%(a)s“ / „%(b)s“)")
            % {"a": practice.thementisch.title, "b": other.thementisch.title}
        )
    own_projects = {a.project_id for a in practice.all_attributions}
    for attribution in other.all_attributions:
        if attribution.project_id in own_projects:
            found.score += PROJECT_WEIGHT
            found.reasons.append(
                _("gleiches Projekt „%(project)s“") % {"project": attribution.project.short_name}
            )
    return found


def candidates_for(practice, limit=LIMIT):
    """Return the best-scoring entries of other forums, best first; rejected pairs never."""
    practice = _shaped(Practice.objects.filter(pk=practice.pk)).get()
    excluded = _rejected_ids(practice) | _same_line_ids(practice) | {practice.pk}
    pool = _shaped(Practice.objects.exclude(forum_id=practice.forum_id).exclude(pk__in=excluded))
    found = [
        score(practice, other)
        for other in pool.exclude(publication_state=Practice.PublicationState.ARCHIVIERT)
    ]
    found = [c for c in found if c.score > 0]
    # Ties broken by date and title, never by database order: both databases rank alike.
    found.sort(
        key=lambda c: (-round(c.score, 6), c.practice.forum.date, c.practice.title, c.practice.pk)
    )
    return found[:limit]
