"""The researchers' changes to lines: confirm, link by hand, reject, unlink; each a revision."""

import reversion
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lines.models import Line, Membership, RejectedPair


class LinkRefused(Exception):
    """The link cannot be made as asked (a German message for the researcher)."""


def _unique_slug(title):
    base = slugify(title)[:70].strip("-") or "linie"
    slug, n = base, 2
    while Line.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _revision(user, comment):
    reversion.set_user(user)
    reversion.set_comment(comment)


def link(practice, other, kind, reason, user):
    """Put other into practice's line (a new line if neither has one) and return the line."""
    reason = (reason or "").strip()
    if not reason:
        raise LinkRefused(_("Bitte begründen Sie die Verknüpfung in einem Satz."))
    if practice.pk == other.pk:
        raise LinkRefused(_("Ein Eintrag kann nicht mit sich selbst verknüpft werden."))
    if practice.forum_id == other.forum_id:
        raise LinkRefused(_("Eine Linie verbindet Einträge verschiedener Foren."))
    if kind not in Membership.Kind.values:
        raise LinkRefused(_("Unbekannte Art der Verbindung."))
    with transaction.atomic(), reversion.create_revision():
        own = Membership.objects.select_related("line").filter(practice=practice).first()
        theirs = Membership.objects.select_related("line").filter(practice=other).first()
        if own and theirs:
            if own.line_id == theirs.line_id:
                raise LinkRefused(_("Die beiden Einträge sind schon in derselben Linie."))
            raise LinkRefused(
                _("Die Einträge gehören schon zu zwei verschiedenen Linien („%(a)s“, „%(b)s“).")
                % {"a": own.line, "b": theirs.line}
            )
        if own or theirs:
            line = (own or theirs).line
            joining = other if own else practice
        else:
            earlier, joining = sorted((practice, other), key=lambda p: (p.forum.date, p.pk))
            line = Line.objects.create(slug=_unique_slug(earlier.title), title=earlier.title[:120])
            Membership.objects.create(
                line=line,
                practice=earlier,
                kind=Membership.Kind.AUSGANGSPUNKT,
                reason=reason,
                linked_by=user,
            )
        Membership.objects.create(
            line=line, practice=joining, kind=kind, reason=reason, linked_by=user
        )
        reversion.add_to_revision(line)
        _revision(user, _("Verknüpft: %(a)s ↔ %(b)s") % {"a": practice, "b": other})
    return line


def reject(practice, other, reason, user):
    """Remember that other is not practice's line partner; it is never proposed again."""
    first, second = sorted((practice, other), key=lambda p: p.pk)
    with transaction.atomic(), reversion.create_revision():
        pair, _created = RejectedPair.objects.get_or_create(
            first=first,
            second=second,
            defaults={"reason": (reason or "").strip()[:300], "rejected_by": user},
        )
        _revision(user, _("Vorschlag abgelehnt: %(a)s ≠ %(b)s") % {"a": practice, "b": other})
    return pair


def unlink(membership, user):
    """Take an entry out of its line; the line's new state goes into the history."""
    with transaction.atomic(), reversion.create_revision():
        line = membership.line
        practice = membership.practice
        membership.delete()
        reversion.add_to_revision(line)
        _revision(user, _("Aus der Linie gelöst: %(practice)s") % {"practice": practice})
    return line
