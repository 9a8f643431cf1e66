"""Write a checked project plan: one transaction, one history entry per project."""

import reversion
from django.db import transaction
from django.utils.translation import gettext as _

from imports.projects.plan import NEW, UPDATE
from practices.models import Project


class PlanHasErrors(Exception):
    """A plan with errors must not be written."""


def apply_plan(plan, user):
    """Create and update the plan's projects; all or nothing. Return (created, updated)."""
    if plan.has_errors:
        raise PlanHasErrors
    created = updated = 0
    with transaction.atomic():
        for row in plan.rows:
            if row.action == NEW:
                project = Project(slug=row.slug, **row.wanted)
                what = _("angelegt")
                created += 1
            elif row.action == UPDATE:
                project = row.project
                for name in row.changes:
                    setattr(project, name, row.wanted[name])
                what = _("geändert: %(fields)s") % {"fields": ", ".join(row.change_labels)}
                updated += 1
            else:
                continue
            with reversion.create_revision():
                project.save()
                reversion.set_user(user)
                reversion.set_comment(
                    _("Projektimport („%(source)s“, Zeile %(row)s): %(what)s")
                    % {"source": plan.source_name, "row": row.number, "what": what}
                )
    return created, updated
