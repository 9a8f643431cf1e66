"""Lines of development: one practice's entries across the yearly forums, linked by people."""

import reversion
from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from practices.models import Practice
from rehapro_kb.models import TimeStampedModel
from rehapro_kb.slug_urls import slug_url

PUBLISHED = Q(memberships__practice__publication_state=Practice.PublicationState.VEROEFFENTLICHT)


class LineQuerySet(models.QuerySet):
    def public(self):
        """Return lines the public may see: at least two published entries make a path."""
        return self.alias(published_count=Count("memberships", filter=PUBLISHED)).filter(
            published_count__gte=2
        )


class Line(TimeStampedModel):
    """A line of development ("Entwicklungslinie"): entries of several forums on one practice."""

    slug = models.SlugField(_("Kurzname (URL)"), max_length=80, unique=True)
    title = models.CharField(_("Kurztitel"), max_length=120)
    summary = models.TextField(_("Zusammenfassung"), blank=True)

    objects = LineQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("Entwicklungslinie")
        verbose_name_plural = _("Entwicklungslinien")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("lines:detail", slug=self.slug)


class MembershipQuerySet(models.QuerySet):
    def published(self):
        """Return memberships of published entries (the public part of every line)."""
        return self.filter(practice__publication_state=Practice.PublicationState.VEROEFFENTLICHT)

    def in_path_order(self):
        return self.select_related("practice__forum", "line").order_by(
            "practice__forum__date", "practice__title", "practice_id"
        )


class Membership(models.Model):
    """One entry's place in a line: how it relates to the earlier entries, and who said so."""

    class Kind(models.TextChoices):
        AUSGANGSPUNKT = "ausgangspunkt", _("Ausgangspunkt")
        WEITERGEFUEHRT = "weitergefuehrt", _("weitergeführt")
        UMGESETZT = "umgesetzt", _("umgesetzt")
        AUFGEGEBEN = "aufgegeben", _("aufgegeben")
        VERWANDT = "verwandt", _("verwandt")

    line = models.ForeignKey(
        Line,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Entwicklungslinie"),
    )
    # One line per entry: the entry's path is then unambiguous on its page and in exports.
    practice = models.OneToOneField(
        Practice,
        on_delete=models.CASCADE,
        related_name="line_membership",
        verbose_name=_("Praxisbeispiel"),
    )
    kind = models.CharField(_("Art der Verbindung"), max_length=20, choices=Kind)
    reason = models.CharField(
        _("Begründung"),
        max_length=300,
        help_text=_("Ein Satz: warum dieser Eintrag zur Linie gehört (mit Fundstelle)."),
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verknüpft von"),
    )
    linked_at = models.DateTimeField(_("verknüpft am"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["line", "practice__forum__date", "practice_id"]
        verbose_name = _("Eintrag der Linie")
        verbose_name_plural = _("Einträge der Linie")

    def __str__(self):
        return f"{self.line} – {self.practice}"


class RejectedPair(models.Model):
    """A candidate pair a researcher rejected: never proposed again."""

    # Stored with first_id < second_id, so a pair has one row whichever side rejected it.
    first = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="+", verbose_name=_("Eintrag A")
    )
    second = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="+", verbose_name=_("Eintrag B")
    )
    reason = models.CharField(_("Begründung"), max_length=300, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("abgelehnt von"),
    )
    rejected_at = models.DateTimeField(_("abgelehnt am"), auto_now_add=True)

    class Meta:
        ordering = ["-rejected_at", "id"]
        verbose_name = _("abgelehnter Vorschlag")
        verbose_name_plural = _("abgelehnte Vorschläge")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="unique_rejected_pair"),
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="pair_ordered"),
        ]

    def __str__(self):
        return f"{self.first} ≠ {self.second}"


reversion.register(Membership)
reversion.register(Line, follow=("memberships",))
reversion.register(RejectedPair)
