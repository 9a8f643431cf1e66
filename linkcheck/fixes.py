"""Offer a permanent redirect's target as the fix: replace the address where the link stands."""

import reversion
from django.db import transaction

from linkcheck.sources import check_links_of

# A DOI is kept as the DOI: doi.org always redirects, the DOI itself stays right.
NOT_FIXABLE = {"doi"}


@transaction.atomic
def apply_redirect(link, user):
    """Write the permanent redirect's target into every field the user may change; return count."""
    if not (link.redirect_permanent and link.redirect_url):
        return 0
    changed = 0
    for use in link.uses.select_related("content_type"):
        content_type = use.content_type
        allowed = user.has_perm(f"{content_type.app_label}.change_{content_type.model}")
        if use.field in NOT_FIXABLE or not allowed:
            continue
        obj = use.content_object
        if obj is None:
            continue
        value = getattr(obj, use.field) or ""
        if value.strip() == link.url:
            new = link.redirect_url
        else:
            new = value.replace(link.url, link.redirect_url)
        if new != value:
            setattr(obj, use.field, new)
            # In the object's history like an edit in the admin, where the model keeps one.
            with reversion.create_revision():
                reversion.set_user(user)
                reversion.set_comment(f"Link-Weiterleitung übernommen: {link.url}")
                obj.save(update_fields=[use.field])
            check_links_of(obj)
            changed += 1
    return changed
