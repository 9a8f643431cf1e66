"""The record of every import: who brought which file in, when, and whether it was undone."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One confirmed import; the practices it created point back to it."""

    class Kind(models.TextChoices):
        FORUM_TEXT = "forum_text", _("Forumsdokumentation")
        SPREADSHEET = "spreadsheet", _("Tabelle (CSV/XLSX)")

    kind = models.CharField(_("Art"), max_length=20, choices=Kind)
    source_name = models.CharField(_("Datei"), max_length=255, blank=True)
    forum = models.ForeignKey(
        "forums.Forum",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Fachforum"),
    )
    created_at = models.DateTimeField(_("importiert am"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("importiert von"),
    )
    created_count = models.PositiveIntegerField(_("neu angelegt"), default=0)
    updated_count = models.PositiveIntegerField(_("geändert"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unverändert"), default=0)
    # What the import could not place (unclassified lines, notes), kept for the record.
    report = models.JSONField(_("Bericht"), default=dict, blank=True)
    undone_at = models.DateTimeField(_("rückgängig gemacht am"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rückgängig gemacht von"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Import")
        verbose_name_plural = _("Importe")
        permissions = [("undo_importbatch", _("Darf Importe rückgängig machen"))]

    def __str__(self):
        when = f"{self.created_at:%d.%m.%Y %H:%M}" if self.created_at else "–"
        return f"{self.get_kind_display()}: {self.source_name or '–'} ({when})"

    def get_absolute_url(self):
        return reverse("admin:imports_importbatch_change", args=[self.pk])


class PendingUpload(models.Model):
    """An uploaded file between preview and confirm, in the database every app server shares."""

    token = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=255)
    data = models.BinaryField()
    stored_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("stored_at",)
        verbose_name = _("wartender Upload")
        verbose_name_plural = _("wartende Uploads")

    def __str__(self):
        return self.name
