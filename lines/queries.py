"""The public reads of lines: each page shape one query, published entries only."""

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When

from lines.models import Line, Membership
from practices.models import Practice

PUBLISHED = Practice.PublicationState.VEROEFFENTLICHT
RELATED_LIMIT = 5


def timeline(practice):
    """Return the published entries of practice's line in forum order ([] if no public path)."""
    members = list(
        Membership.objects.published().filter(line__memberships__practice=practice).in_path_order()
    )
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


def related_practices(practice, limit=RELATED_LIMIT):
    """Return up to `limit` published entries sharing tags or Thementisch; other forums first."""
    tag_ids = [tag.pk for tag in practice.tags.all()]  # prefetched by for_detail()
    shares = Q(tagged_items__tag_id__in=tag_ids)
    if practice.thementisch_id:
        shares |= Q(thementisch_id=practice.thementisch_id)
    if not tag_ids and not practice.thementisch_id:
        return []
    return list(
        Practice.objects.published()
        .without_search_vector()
        .filter(shares)
        .exclude(pk=practice.pk)
        .annotate(
            shared_tags=Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids)),
            same_forum=Case(
                When(forum_id=practice.forum_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .select_related("forum")
        .order_by("same_forum", "-shared_tags", "-forum__date", "title", "pk")[:limit]
    )
