"""External links found in the content, where each one is, and what its last checks said."""

from urllib.parse import urlsplit

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def host_of(url):
    """Return "host:port" in lower case, the unit of the per-host rate limit."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port else host


class LinkQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(due_at__lte=now or timezone.now())

    def broken(self):
        return self.filter(state=Link.State.DEFEKT)


class Link(models.Model):
    """One external address, however often the content cites it."""

    class State(models.TextChoices):
        UNGEPRUEFT = "ungeprueft", _("noch nicht geprüft")
        OK = "ok", _("erreichbar")
        UNBEKANNT = "unbekannt", _("unbekannt")
        VERDAECHTIG = "verdaechtig", _("einmal fehlgeschlagen")
        DEFEKT = "defekt", _("defekt")

    url = models.URLField(_("Adresse (URL)"), max_length=2000, unique=True)
    host = models.CharField(_("Host"), max_length=260, db_index=True)
    state = models.CharField(
        _("Zustand"), max_length=20, choices=State, default=State.UNGEPRUEFT, db_index=True
    )
    due_at = models.DateTimeField(_("nächste Prüfung"), default=timezone.now, db_index=True)
    last_checked_at = models.DateTimeField(_("zuletzt geprüft"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("HTTP-Status"), null=True, blank=True)
    last_answer = models.CharField(_("letzte Antwort"), max_length=300, blank=True)
    # The first failure of the current run of failures: broken only a day after it.
    failing_since = models.DateTimeField(_("fehlerhaft seit"), null=True, blank=True)
    redirect_url = models.URLField(_("leitet weiter auf"), max_length=2000, blank=True)
    redirect_permanent = models.BooleanField(_("dauerhafte Weiterleitung"), default=False)
    created_at = models.DateTimeField(_("gefunden am"), auto_now_add=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        ordering = ["url"]
        verbose_name = _("Link")
        verbose_name_plural = _("Links")

    def __str__(self):
        return self.url

    def save(self, *args, **kwargs):
        self.host = host_of(self.url)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:linkcheck_link_change", args=[self.pk])


class BrokenLink(Link):
    """The admin's work list of broken links (same rows, own list)."""

    class Meta:
        proxy = True
        verbose_name = _("Defekter Link")
        verbose_name_plural = _("Defekte Links")


class LinkUse(models.Model):
    """Where a link stands: one field of one content object."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="uses")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("Feld"), max_length=60)

    class Meta:
        ordering = ["content_type", "object_id", "field"]
        verbose_name = _("Fundstelle")
        verbose_name_plural = _("Fundstellen")
        constraints = [
            models.UniqueConstraint(
                fields=["link", "content_type", "object_id", "field"], name="unique_link_use"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.content_type.model}:{self.object_id}.{self.field}"

    def get_absolute_url(self):
        return reverse(
            f"admin:{self.content_type.app_label}_{self.content_type.model}_change",
            args=[self.object_id],
        )
