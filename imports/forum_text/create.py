"""Create the drafts of a reviewed forum-documentation proposal as one recorded import."""

import reversion
from django.db import transaction
from django.utils.translation import gettext as _

from imports.models import ImportBatch
from practices import search
from practices.models import Hurdle, Practice
from practices.signals import parts_saved_with_practice
from practices.slugs import unique_practice_slug
from practices.workflow import INITIAL_STATE


def source_section(row, source_name):
    lines = _("Zeile") if len(set(row.lines)) == 1 else _("Zeilen")
    return f"{source_name}, {lines} {row.line_label} › {row.origin}"


def revision_comment(source_name, forum):
    return _("Import aus Forumsdokumentation „%(source)s“ (%(forum)s)") % {
        "source": source_name,
        "forum": forum.title,
    }


def create_drafts(rows, *, forum, source_name, user=None, unplaced=(), excluded=()):
    """Create one draft per row and the ImportBatch recording them: all or nothing."""
    # Each draft is its own history entry, tied to the others by the shared comment:
    # reverting one never touches another.
    comment = revision_comment(source_name, forum)
    with transaction.atomic(), search.reindex_after(), parts_saved_with_practice():
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.FORUM_TEXT,
            source_name=source_name[:255],
            forum=forum,
            created_by=user,
            report={
                "unplaced": [line.as_dict() for line in unplaced],
                "excluded": [{"lines": row.line_label, "title": row.title} for row in excluded],
            },
        )
        taken = set()
        # Slugs lead with the forum's year, as the curated content's do ("2025-…").
        year = f"{forum.date.year}-" if forum.date else ""
        for row in rows:
            with reversion.create_revision():
                practice = Practice.objects.create(
                    title=row.title[:200],
                    slug=unique_practice_slug(year + row.title, taken),
                    description=row.description,
                    category=row.category,
                    status=row.status,
                    aspect=row.aspect[:200],
                    forum=forum,
                    source_section=source_section(row, source_name),
                    publication_state=INITIAL_STATE,  # Freigabe publishes them in the admin
                    created_by=user,
                    import_batch=batch,
                )
                for position, text in enumerate(row.hurdles, start=1):
                    Hurdle.objects.create(practice=practice, text=text, position=position)
                # Record the practice again now that its hurdles exist, so the first version
                # in its history shows them.
                reversion.add_to_revision(practice)
                if user is not None:
                    reversion.set_user(user)
                reversion.set_comment(comment)
        batch.created_count = len(rows)
        batch.save(update_fields=["created_count"])
    return batch
