"""The public reads of lines: each page shape one query, published entries only."""

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When

from lines.models import Line, Membership
from practices.models import Practice, TaggedPractice

PUBLISHED = Practice.PublicationState.VEROEFFENTLICHT
RELATED_LIMIT = 5
# Entries sharing a tag that are ranked, newest first. At 100k practices a common tag is
# shared by thousands, and each ranked row is one more heap read (1,000 cost 20-30 ms of a
# 45 ms page, 200 still 3 ms); the curated content (under 200 entries) stays below it.
RELATED_CANDIDATES = 100


def timeline(practice):
    """Return the published entries of practice's line in forum order ([] if no public path)."""
    try:
        # Read with the practice on its page (for_detail), so an entry without a line
        # costs no query.
        line_id = practice.line_membership.line_id
    except Membership.DoesNotExist:
        return []
    members = list(Membership.objects.published().filter(line_id=line_id).in_path_order())
    return members if len(members) >= 2 else []


def public_lines():
    """Return the public lines with their published entries, in path order (two queries)."""
    return Line.objects.public().prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.published().in_path_order(),
            to_attr="public_members",
        )
    )


def follow_up_ids(forum):
    """Return ids of forum's entries whose line has a published entry of a later forum."""
    return set(
        Membership.objects.published()
        .filter(
            practice__forum=forum,
            line__memberships__practice__publication_state=PUBLISHED,
            line__memberships__practice__forum__date__gt=forum.date,
        )
        .values_list("practice_id", flat=True)
    )


def followed_up(forum):
    """Return a condition on practices of `forum`: a later forum's published entry shares a line.

    The same rule as follow_up_ids, for a query that reads the practices anyway.
    """
    return Exists(
        Membership.objects.filter(
            practice=OuterRef("pk"),
            line__memberships__practice__publication_state=PUBLISHED,
            line__memberships__practice__forum__date__gt=forum.date,
        )
    )


def related_practices(practice, limit=RELATED_LIMIT):
    """Return up to `limit` published entries sharing tags or Thementisch; other forums first."""
    tag_ids = [tag.pk for tag in practice.tag_list]  # prefetched by for_detail()
    if not tag_ids and not practice.thementisch_id:
        return []
    others = Practice.objects.published().exclude(pk=practice.pk)
    # The candidates' ids from the tag index alone, so the ranking reads only those rows.
    sharing = TaggedPractice.objects.filter(tag_id__in=tag_ids).order_by("-content_object_id")
    candidates = sharing.values("content_object_id")[:RELATED_CANDIDATES]
    found = (
        list(_ranked(others.filter(pk__in=candidates), practice, tag_ids)[:limit])
        if tag_ids
        else []
    )
    if len(found) < limit and practice.thementisch_id:
        # Every tag-sharing entry is ranked above; the rest of the Thementisch shares no tag
        # and is of the same forum, so it comes last: needed only to fill the list.
        table = others.filter(thementisch_id=practice.thementisch_id).exclude(
            pk__in=[p.pk for p in found]
        )
        found += _ranked(table, practice, tag_ids)[: limit - len(found)]
    return found


def _ranked(practices, practice, tag_ids):
    return (
        practices.annotate(
            shared_tags=Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids)),
            same_forum=Case(
                When(forum_id=practice.forum_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .select_related("forum")
        # What the list shows: the rows sorted for the ranking stay narrow.
        .only("slug", "title", "forum__title", "forum__date", "forum__slug")
        .order_by("same_forum", "-shared_tags", "-forum__date", "title", "pk")
    )
